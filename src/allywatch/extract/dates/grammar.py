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
    anchor_words: frozenset[str]  # lower-cased unit, season, day and horizon words
    anchor_names: frozenset[str]  # month and weekday names, as written
    first_words: frozenset[str]  # lower-cased words an expression can start with


#: Function words of open-ended phrases that cannot anchor a search on their own.
_FILLER = frozenset({"in", "the", "at", "of", "to", "a", "one", "some", "or", "down", "these"})


PREPS = (
    "since", "by", "until", "till", "through", "throughout", "before", "after",
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
    # not inside a number, an amount, a URL or a model name ("S-400", "$2025", "1,999")
    year_start = r"(?<![\w$€£#/.,:])(?<![A-Z0-9]-)"
    season = rf"(?P<season>{_alt(lex.seasons)})(?![A-Za-z])"
    weekday = rf"(?P<weekday>{_alt(lex.weekdays, ci=False)})(?![A-Za-z])"
    numeral = _alt([*lex.numerals, *lex.vague_numerals])
    num = rf"(?P<num>\d+(?:\.\d+)?|{numeral})"
    approx = rf"(?:(?P<approx>{_alt(lex.approximators)})\s+)?"
    unit = r"(?P<unit>(?i:days?|weeks?|months?|years?|decades?|century|centuries))(?![A-Za-z])"
    half = r"(?P<half>\s+(?i:and\s+a\s+half))?"
    dash = r"\s*[–—-]\s*"
    day2 = r"(?P<day2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
    quarter = r"(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))\s+(?i:quarter)"
    ordinal = rf"(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{_alt(lex.ordinals)})"
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
        ("day_range_mdy", rf"{mon}\s+{day}{dash}{day2}(?:,?\s+{year})?"),
        ("day_range_dmy", rf"(?<![\d,.])\b{day}{dash}{day2}\s+{mon}(?:,?\s+{year})?"),
        ("year_span", rf"(?P<from>(?i:from|between))\s+{year}\s+(?i:to|until|till|through|and)\s+"
                      r"(?P<y2>1[5-9]\d\d|20\d\d)(?!\d)"),
        ("year_through", rf"{year_start}{year}\s+(?i:through|thru|to|until|till)\s+"
                         r"(?P<y2>1[5-9]\d\d|20\d\d)(?![\w%/:-])"),
        ("quarter", rf"(?i:the\s+)?{quarter}\s+(?i:of\s+)?(?:{year}|(?P<rel>(?i:this|last|next))"
                    r"\s+(?i:year))"),
        ("q_year", rf"\bQ(?P<q>[1-4])\s*{year}"),
        ("century", rf"(?i:the\s+)?{ordinal}\s+(?i:century)(?![A-Za-z])"),
        ("season_rel_year", rf"(?i:the\s+)?{season}\s+(?i:of)\s+(?P<rel>(?i:last|this|next))"
                            r"\s+(?i:year)"),
        ("iso", r"(?<![\w/.-])(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)(?![\w/-])"),
        ("mdy", rf"{mon}\s+{day},?\s+{year}"),
        ("dmy", rf"{day}\s+(?i:of\s+)?{mon},?\s+{year}"),
        ("my", rf"{mon},?\s+(?i:of\s+)?{year}"),
        ("md", rf"{mon}\s+{day}(?!\s*[:.]\d)"),
        ("dm", rf"(?<![\d,.])\b{day}\s+(?i:of\s+)?{mon}"),
        ("season_year", rf"(?i:the\s+)?{season}\s+(?i:of\s+)?{year}"
                        r"(?:\s*[/–-]\s*(?P<y2>\d{2,4}))?"),
        ("decade", r"(?i:the\s+)?(?:(?P<decade>(?:1[5-9]|20)\d0)s|['’](?P<short>\d0)s)"
                   r"(?![A-Za-z])"),
        ("year_range", rf"{year_start}{year}\s*[–—/-]\s*(?P<y2>1[5-9]\d\d|20\d\d|\d\d)"
                       r"(?![\w%/:-])"),
        ("the_year", rf"(?i:the\s+year\s+){year}"),
        ("year", rf"{year_start}{year}(?![\w%/:-]|[.,]\d)"),
        ("rel_month", rf"(?P<rel>(?i:last|this|next|past|this\s+past|this\s+coming))\s+{mon_full}"),
        ("rel_season", rf"(?P<rel>(?i:last|this|next|past|this\s+past|this\s+coming))\s+{season}"),
        ("anaphor_day", r"(?P<ana>(?i:the\s+next|the\s+following|the\s+previous|the\s+prior|"
                        r"that|the\s+same))\s+(?P<unit>(?i:day|morning|evening|night))(?![A-Za-z])"),
        ("unit_before", r"(?i:the\s+)(?P<unit>(?i:day|week|month|year))\s+"
                        r"(?P<dir>(?i:before|after))(?![A-Za-z])"),
        ("recent", r"(?i:recent)\s+(?P<unit>(?i:days|weeks|months|years|decades))(?![A-Za-z])"),
        ("anaphor", rf"(?P<ana>(?i:that|the\s+same|the\s+following|the\s+previous|the\s+prior))"
                    rf"\s+{single_unit}"),
        ("span_past", rf"(?i:the)\s+(?P<rel>{past})\s+{duration}"),
        ("span_past_n", rf"(?P<rel>{past})\s+{counted}"),
        ("span_future", rf"(?i:the)\s+(?P<rel>{future})\s+{duration}"),
        ("span_future_n", rf"(?P<rel>{future})\s+{counted}"),
        ("edge_unit", rf"(?P<edge>(?i:earlier|later))\s+(?P<rel>(?i:this|last|next))\s+"
                      rf"{single_unit}"),
        ("rel_unit", rf"(?P<rel>(?i:last|this|next))\s+{single_unit}"),
        ("ago", rf"{duration}\s+(?P<dir>(?i:ago|earlier|later|before|after|from\s+now|hence))"
                r"(?![A-Za-z])"),
        ("open", rf"(?P<phrase>{_alt(lex.open_ended)})(?![A-Za-z-])"),
        ("duration", counted),
        ("dayword", r"(?P<word>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
                    r"today|yesterday|tomorrow|tonight|last\s+night|this\s+morning|"
                    r"this\s+afternoon|this\s+evening))(?![A-Za-z])"),
        ("weekday", rf"(?:(?P<rel>(?i:last|this|next|this\s+past|this\s+coming))\s+)?{weekday}"),
        ("unit_end", r"(?P<unit>(?i:year|month))(?:-|['’]s\s+)(?i:end)(?![A-Za-z])"),
        ("this_time", r"(?i:this\s+time\s+)(?P<rel>(?i:last|next))\s+(?P<unit>(?i:year|month|week))"
                      r"(?![A-Za-z])"),
        ("the_unit", r"(?i:the\s+)(?P<unit>(?i:year|month|decade|week|weekend))(?![A-Za-z])"),
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
    return Grammar(
        master=master, kinds=kinds, order=tuple(k for k, _ in patterns),
        anchor_words=_anchor_words(lex), anchor_names=frozenset([*lex.months, *lex.weekdays]),
        first_words=_first_words(lex),
    )  # fmt: skip


def _anchor_words(lex: Lexicon) -> frozenset[str]:
    """Words every expression contains at least one of, with digits and month or weekday
    names: the master regex is only tried near these. Run over a whole text it costs tens
    of milliseconds per article; the anchor scan well under one."""
    words = {
        *lex.seasons,
        "day",
        "days",
        "week",
        "weeks",
        "weekend",
        "weekends",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "night",
        "morning",
        "afternoon",
        "evening",
    }
    for phrase in lex.open_ended:
        words.update(w for w in re.findall(r"[a-z]+", phrase) if w not in _FILLER)
    return frozenset(words)


#: First words of the constructions in ``kind_patterns`` that no lexicon list supplies.
_KIND_FIRST_WORDS = (
    "the", "last", "this", "next", "past", "previous", "preceding", "coming", "following",
    "upcoming", "earlier", "later", "that", "today", "yesterday", "tomorrow", "tonight", "half",
    "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "decade",
    "decades", "century", "centuries", "between", "from", "recent", "q1", "q2", "q3", "q4",
    "first", "second", "third", "fourth", "final", "year", "month",
)  # fmt: skip


def _first_words(lex: Lexicon) -> frozenset[str]:
    """Every word a match can begin with (digits and apostrophes are checked apart): the
    master regex is only tried at such words."""
    phrases = [
        *PREPS,
        *PARTS,
        *_KIND_FIRST_WORDS,
        *lex.numerals,
        *lex.vague_numerals,
        *lex.approximators,
        *lex.open_ended,
        *lex.seasons,
        *lex.months,
        *lex.weekdays,
    ]
    return frozenset(re.split(r"[^\w]+", p.lower())[0] for p in phrases)
