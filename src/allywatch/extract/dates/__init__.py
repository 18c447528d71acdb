"""Temporal expressions -> ``DateValue``, normalised relative to the publication date.

``find_dates(sdoc, published)`` finds every temporal expression in a parsed document with
one precompiled grammar (``grammar.py``, words from ``resources/dates.yaml``) over the text,
plus spaCy DATE entities the grammar does not cover (read by dateparser). Each expression
gets a value at its precision, an inclusive interval, its text and character offsets.
``normalize(expression, published)`` reads one expression; ``date_for_span`` and
``date_for_token`` pick the expression that dates a clause or a trigger word.

Conventions (see docs/dates.md): a bare "December" or "Feb. 28" is the most recent one not
after publication (the next one in a future-tense clause); "last January" is January of the
previous year; "last fall" the latest fall that had ended by publication; "two years earlier"
counts from the previous date in the text; "since X" runs from X to publication; "by X" from
publication to the end of X; "one day"/"eventually" are open-ended (no end). Without a
publication date, relative expressions get precision "unknown" (nothing is invented).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from allywatch.extract.dates.attach import (
    LEDE_KEY,
    PUBLISHED_KEY,
    date_for_span,
    date_for_token,
    event_date,
    lede_span,
)
from allywatch.extract.dates.calendar import PRECISION_RANK, UNKNOWN, Period, value_span
from allywatch.extract.dates.grammar import Grammar, compile_grammar
from allywatch.extract.dates.lexicon import Lexicon, load_lexicon
from allywatch.extract.dates.refine import refine_by_reference
from allywatch.extract.dates.resolve import Context, Tense, dateparser_fallback, interpret
from allywatch.nlp import doc_text
from allywatch.types import DateValue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["agrees", "date_for_span", "date_for_token", "event_date", "find_dates", "normalize"]

log = logging.getLogger(__name__)

_POSSESSIVE = re.compile(r"['’]s\Z")
_URL = re.compile(r"(?:https?://|www\.)\S+")
#: What text must contain before dateparser is asked about it: a numeric date ("12/08/2024")
#: or a digit beside a month or weekday name. dateparser reads almost anything as a date
#: ("Su-35" as 1935, "3.5" as 5 March), so it only sees shapes that are dates.
_DATEPARSER_WORTHY = re.compile(
    r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b|(?=.*\d)(?i:.*\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?"
    r"|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?"
    r"|dec(?:ember)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)",
    re.DOTALL,
)
#: Kinds that set the reference point for "two years earlier", "that year".
_ANCHOR_PRECISIONS = frozenset({"day", "month", "season", "year"})


@lru_cache(maxsize=1)
def _grammar() -> tuple[Lexicon, Grammar]:
    lex = load_lexicon()
    return lex, compile_grammar(lex)


def _read(m: re.Match[str], grammar: Grammar) -> tuple[str, dict[str, str | None]] | None:
    kind = next(k for k in grammar.order if m.group(f"k_{k}") is not None)
    inner = grammar.kinds[kind].match(m.group("core"))
    if inner is None:  # cannot happen: the master's alternative is this kind's pattern
        log.debug("kind %s did not re-match %r", kind, m.group("core"))
        return None
    return kind, inner.groupdict()


_DATELINE_DATE = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}),? ((?:19|20)\d\d)\b")


def dateline_date(text: str, lex: Lexicon) -> date | None:
    """The full date in a wire story's dateline ("MOSCOW, March 3, 2024 (Reuters) —"),
    which stands for the publication date when none is given; None without one (a
    dateline without a year places nothing)."""
    from allywatch.nlp import paragraph_spans
    from allywatch.nlp.components import dateline_end

    for para in paragraph_spans(text)[:3]:
        end = dateline_end(text, para)
        if end is None:
            continue
        match = _DATELINE_DATE.search(text, para.start, end)
        if match and match.group(1) in lex.months:
            try:
                return date(int(match.group(3)), lex.months[match.group(1)], int(match.group(2)))
            except ValueError:
                return None
    return None


def find_dates(sdoc: Doc, published: date | None) -> list[DateValue]:
    """Every temporal expression in ``sdoc``, in text order, normalised against ``published``.

    Offsets are character offsets into ``sdoc.text`` (= ``Document.text``). Without a
    publication date, a full date in the story's dateline stands for it. The parse keeps
    the reference date used and the lede's range (``event_date`` reads them).
    """
    text = doc_text(sdoc)
    lex, grammar = _grammar()
    if published is None:  # a wire story's dateline may carry the date it was filed
        published = dateline_date(text, lex)
    sdoc.user_data[PUBLISHED_KEY] = published  # for event_date's publication-day reading
    sdoc.user_data[LEDE_KEY] = lede_span(text)
    urls = [m.span() for m in _URL.finditer(text)]
    found: list[DateValue] = []
    anchor: Period | None = None
    for m in _candidates(text, grammar):
        if any(a <= m.start() < b for a, b in urls):
            continue
        read = _read(m, grammar)
        if read is None:
            continue
        kind, groups = read
        core_start, core_end = m.span("core")
        ctx = Context(
            lex=lex, published=published, text=text, start=core_start, end=core_end,
            tense=_lazy_tense(sdoc, m.start(), m.end(), lex), anchor=anchor,
        )  # fmt: skip
        period = interpret(kind, groups, m.group("prep"), m.group("part"), ctx)
        if period is None:
            continue
        found.append(period.at(m.group(0), m.start(), m.end()))
        if _is_anchor(period):
            anchor = period
    found.extend(_entity_dates(sdoc, published, found, urls))
    found.sort(key=lambda d: d.start_char or 0)
    return refine_by_reference(sdoc, found)


_BEFORE = 60  # characters an expression may start before its first anchor word
_ANCHOR_SCAN = re.compile(r"[A-Za-z]+|\d+(?:[,.]\d+)*")
_WORD = re.compile(r"(?<![\w'’])[\w'’]+")


def _candidates(text: str, grammar: Grammar) -> Iterator[re.Match[str]]:
    """Master-regex matches, leftmost first, tried only at word starts shortly before an
    anchor word (every expression has one): over a whole text the regex costs tens of
    milliseconds per article, this a few."""
    done = 0
    for hit in _ANCHOR_SCAN.finditer(text):
        token = hit.group()
        if not (
            token[0].isdigit() or token in grammar.anchor_names
            or token.lower() in grammar.anchor_words
        ):  # fmt: skip
            continue
        if hit.start() < done:
            continue
        low = max(done, hit.start() - _BEFORE)
        for word in _WORD.finditer(text, low, hit.end()):
            first = word.group()
            if not (first[0].isdigit() or first[0] in "'’" or first.lower() in grammar.first_words):
                continue
            m = grammar.master.match(text, word.start())
            if m is not None and m.end() > hit.start():
                done = m.end()
                yield m
                break


def _is_anchor(period: Period) -> bool:
    return (
        period is not UNKNOWN and not period.open_ended and "/" not in period.value
        and period.precision in _ANCHOR_PRECISIONS
    )  # fmt: skip


def _entity_dates(
    sdoc: Doc, published: date | None, found: list[DateValue], urls: list[tuple[int, int]]
) -> list[DateValue]:
    """spaCy DATE entities our grammar did not match, read by dateparser where it can."""
    taken = [(d.start_char or 0, d.end_char or 0) for d in found]
    extra: list[DateValue] = []
    for ent in sdoc.ents:
        if ent.label_ != "DATE" or not _DATEPARSER_WORTHY.search(ent.text):
            continue
        start, end = ent.start_char, ent.end_char
        if any(a < end and start < b for a, b in taken) or any(a <= start < b for a, b in urls):
            continue
        period = dateparser_fallback(" ".join(ent.text.split()), published)
        if period is not None:
            extra.append(period.at(ent.text, start, end))
    return extra


def normalize(expression: str, published: date | None, *, future: bool = False) -> DateValue | None:
    """One temporal expression (e.g. "last January") normalised against ``published``.

    ``future`` says the expression stands in a future-tense clause (a bare "December" is
    then the next one). Returns None when ``expression`` is not a temporal expression.
    Offsets in the result are into ``expression``.
    """
    if not isinstance(expression, str):
        raise TypeError(f"normalize: expected a string expression, got {type(expression).__name__}")
    text = _POSSESSIVE.sub("", expression.strip())  # "2026's elections", "last year's war"
    if not text:
        return None
    lex, grammar = _grammar()
    m = grammar.master.fullmatch(text)
    if m is not None:
        read = _read(m, grammar)
        if read is not None:
            kind, groups = read
            tense: Tense = "future" if future else None
            ctx = Context(lex, published, text, *m.span("core"), tense=lambda: tense)
            period = interpret(kind, groups, m.group("prep"), m.group("part"), ctx, framed=True)
            if period is not None:
                return period.at(text, 0, len(text))
    if _DATEPARSER_WORTHY.search(text):
        period = dateparser_fallback(" ".join(text.split()), published)
        if period is not None:
            return period.at(text, 0, len(text))
    return None


def agrees(found: DateValue, gold: str) -> bool:
    """True when ``found`` names the period ``gold`` at gold's precision: its value is at
    least as fine and falls inside gold's period ("2025-fall" agrees with "2025", "2025"
    does not agree with "2025-06"). Intervals and open horizons agree with nothing."""
    lex, _ = _grammar()
    mine = value_span(found.value, lex.season_first_month)
    theirs = value_span(gold, lex.season_first_month)
    if mine is None or theirs is None:
        return False
    if PRECISION_RANK[mine[2]] > PRECISION_RANK[theirs[2]]:
        return False
    return theirs[0] <= mine[0] and mine[1] <= theirs[1]


# --- tense of the clause an expression sits in ---------------------------------------------


def _lazy_tense(sdoc: Doc, start: int, end: int, lex: Lexicon) -> Callable[[], Tense]:
    cache: list[Tense] = []

    def tense() -> Tense:
        if not cache:
            cache.append(clause_tense(sdoc, start, end, lex))
        return cache[0]

    return tense


def clause_tense(sdoc: Doc, start: int, end: int, lex: Lexicon) -> Tense:
    """'future', 'past' or 'present' for the clause governing the characters [start, end)."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    node: Token = span.root
    for _ in range(4):
        while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i:
            node = node.head
        if node.pos_ not in {"VERB", "AUX"}:
            return None
        decided = _verb_tense(node, lex)
        if decided is not None:
            return decided
        if node.head.i == node.i:
            return "present"
        node = node.head
    return "present"


def _verb_tense(verb: Token, lex: Lexicon) -> Tense:
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    lowers = {a.lower_ for a in auxes}
    if lowers & lex.future_auxiliaries or lowers & lex.modal_auxiliaries:
        return "future"
    if verb.lemma_.lower() in lex.future_verbs and verb.tag_ != "VBD":
        return "future"
    if verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return "past"
    if verb.tag_ in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP"} for a in auxes):
        return "present"
    return None
