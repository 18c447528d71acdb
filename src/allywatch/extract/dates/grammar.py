"""Regular grammar of English temporal expressions, compiled once from the lexicon.

An expression is ``[PREP] [PART] CORE``: an optional preposition that turns a period into
an interval or a deadline ("since", "by", "until"...), an optional part ("early", "mid-",
"the end of") and one CORE construction (a kind below). :func:`compile_grammar` builds

- ``master``: one regex over all kinds (inner groups made non-capturing, each kind wrapped
  in a named group ``k_<kind>``) used by ``finditer`` to find candidates in a text, and
- ``kinds``: each kind's own regex with named groups, re-run on the matched core only to
  read its parts.

Month and weekday names are case-sensitive (capitalised); everything else is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from allywatch.extract.dates.lexicon import Lexicon

_NAMED = re.compile(r"\(\?P<\w+>")


def _alt(words: object, *, ci: bool = True) -> str:
    """An alternation of phrases, longest first, spaces matching any whitespace."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    body = "|".join(r"\s+".join(re.escape(p) for p in item.split()) for item in items)
    return f"(?i:{body})" if ci else f"(?:{body})"


@dataclass(frozen=True, slots=True)
class Grammar:
    master: re.Pattern[str]
    kinds: dict[str, re.Pattern[str]]
    order: tuple[str, ...]


PREPS = (
    "since", "by", "until", "till", "through", "throughout", "before", "after", "from",
    "as of", "no later than", "in", "on", "during", "within", "over", "at",
)  # fmt: skip
PARTS = (
    "early", "mid", "late", "the end of", "the very end of", "the beginning of", "the start of",
    "the middle of", "the first half of", "the second half of", "the latter half of",
    "the early part of", "the latter part of", "the close of", "end of", "beginning of",
    "start of", "the early", "the mid", "the late",
)  # fmt: skip


def kind_patterns(lex: Lexicon) -> list[tuple[str, str]]:
    """The CORE constructions as (kind, regex with named groups), in matching order.

    Order matters: at one position the first kind that matches wins, so longer and more
    specific constructions come first ("June 8, 2025" before "June 2025" before "June 8").
    """
    mon = rf"(?P<month>{_alt(lex.months, ci=False)})(?![A-Za-z])\.?"
    mon_full = rf"(?P<month>{_alt(lex.full_months, ci=False)})(?![A-Za-z])"
    day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
    year = r"(?P<year>1[5-9]\d\d|20\d\d)(?!\d)"
    season = rf"(?P<season>{_alt(lex.seasons)})(?![A-Za-z])"
    weekday = rf"(?P<weekday>{_alt(lex.weekdays, ci=False)})(?![A-Za-z])"
    numeral = _alt([*lex.numerals, *lex.vague_numerals])
    num = rf"(?P<num>\d+(?:\.\d+)?|{numeral})"
    approx = rf"(?:(?P<approx>{_alt(lex.approximators)})\s+)?"
    unit = r"(?P<unit>(?i:days?|weeks?|months?|years?|decades?|century|centuries))(?![A-Za-z])"
    half = r"(?P<half>\s+(?i:and\s+a\s+half))?"
    duration = (
        rf"{approx}(?:(?P<halfa>(?i:half\s+an?))\s+|{num}(?P<half0>\s+(?i:and\s+a\s+half))?"
        rf"\s+)?{unit}{half}"
    )
    counted = (  # a duration that states its number (or "half a")
        rf"{approx}(?:(?P<halfa>(?i:half\s+an?))\s+|{num}(?P<half0>\s+(?i:and\s+a\s+half))?"
        rf"\s+){unit}{half}"
    )
    past = r"(?i:past|last|previous|preceding)"
    future = r"(?i:next|coming|following|upcoming)"
    single_unit = r"(?P<unit>(?i:week|weekend|month|year|decade|century))(?![A-Za-z])"
    return [
        ("iso", r"(?<![\w/.-])(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)(?![\w/-])"),
        ("mdy", rf"{mon}\s+{day},?\s+{year}"),
        ("dmy", rf"{day}\s+(?i:of\s+)?{mon},?\s+{year}"),
        ("my", rf"{mon},?\s+(?i:of\s+)?{year}"),
        ("md", rf"{mon}\s+{day}(?!\s*[:.]\d)"),
        ("dm", rf"(?<![\d,.])\b{day}\s+(?i:of\s+)?{mon}"),
        ("season_year", rf"(?i:the\s+)?{season}\s+(?i:of\s+)?{year}(?:\s*[/–-]\s*(?P<y2>\d{{2,4}}))?"),
        ("decade", r"(?i:the\s+)?(?:(?P<decade>(?:1[5-9]|20)\d0)s|['’](?P<short>\d0)s)(?![A-Za-z])"),
        ("year_range", rf"(?<![\w$€£#/.,:])(?<![A-Z0-9]-){year}\s*[–—-]\s*(?P<y2>1[5-9]\d\d|20\d\d|\d\d)(?![\w%/:-])"),
        ("the_year", rf"(?i:the\s+year\s+){year}"),
        ("year", rf"(?<![\w$€£#/.,:])(?<![A-Z0-9]-){year}(?![\w%/:-]|[.,]\d)"),
        ("rel_month", rf"(?P<rel>(?i:last|this|next|past|this\s+past|this\s+coming))\s+{mon_full}"),
        ("rel_season", rf"(?P<rel>(?i:last|this|next|past|this\s+past|this\s+coming))\s+{season}"),
        ("anaphor", rf"(?P<ana>(?i:that|the\s+same|the\s+following|the\s+previous|the\s+prior))"
                    rf"\s+{single_unit}"),
        ("span_past", rf"(?i:the)\s+(?P<rel>{past})\s+{duration}"),
        ("span_past_n", rf"(?P<rel>{past})\s+{counted}"),
        ("span_future", rf"(?i:the)\s+(?P<rel>{future})\s+{duration}"),
        ("span_future_n", rf"(?P<rel>{future})\s+{counted}"),
        ("edge_unit", rf"(?P<edge>(?i:earlier|later))\s+(?P<rel>(?i:this|last|next))\s+{single_unit}"),
        ("rel_unit", rf"(?P<rel>(?i:last|this|next))\s+{single_unit}"),
        ("ago", rf"{duration}\s+(?P<dir>(?i:ago|earlier|later|before|after|from\s+now|hence))"
                r"(?![A-Za-z])"),
        ("open", rf"(?P<phrase>{_alt(lex.open_ended)})(?![A-Za-z-])"),
        ("duration", counted),
        ("dayword", r"(?P<word>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
                    r"today|yesterday|tomorrow|tonight|last\s+night|this\s+morning|"
                    r"this\s+afternoon|this\s+evening))(?![A-Za-z])"),
        ("weekday", rf"(?:(?P<rel>(?i:last|this|next|this\s+past|this\s+coming))\s+)?{weekday}"),
        ("the_unit", r"(?i:the\s+)(?P<unit>(?i:year|month|decade|week))(?![A-Za-z])"),
        ("month", mon_full),
        ("season", rf"(?i:the\s+)?{season}"),
    ]  # fmt: skip


def compile_grammar(lex: Lexicon) -> Grammar:
    """Compile the master regex and each kind's regex."""
    patterns = kind_patterns(lex)
    kinds = {kind: re.compile(rf"(?:{pat})\Z") for kind, pat in patterns}
    cores = "|".join(f"(?P<k_{kind}>{_NAMED.sub('(?:', pat)})" for kind, pat in patterns)
    master = re.compile(
        rf"(?<!\w)(?:(?P<prep>{_alt(PREPS)})\s+)?(?:(?P<part>{_alt(PARTS)})(?:\s*-\s*|\s+))?"
        rf"(?P<core>{cores})"
    )
    return Grammar(master=master, kinds=kinds, order=tuple(k for k, _ in patterns))
