"""Which temporal expression dates a clause or a trigger word."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from allywatch.types import DateValue

if TYPE_CHECKING:
    from spacy.tokens import Token


def _located(dates: Sequence[DateValue], start: int, end: int, open_ok: bool) -> list[DateValue]:
    return [
        d for d in dates
        if d.start_char is not None and d.end_char is not None
        and start <= d.start_char and d.end_char <= end and (open_ok or not d.open_ended)
    ]  # fmt: skip


def date_for_span(
    dates: Sequence[DateValue],
    start: int,
    end: int,
    *,
    anchor: int | None = None,
    include_open_ended: bool = False,
) -> DateValue | None:
    """The expression dating the text ``[start, end)`` (a sentence or clause).

    Only expressions wholly inside the span count; open-ended horizons ("one day") are
    skipped unless ``include_open_ended``. With ``anchor`` (a character offset, e.g. the
    trigger's) the nearest expression wins, else the first in reading order.
    """
    inside = _located(dates, start, end, include_open_ended)
    if not inside:
        return None
    if anchor is None:
        return min(inside, key=lambda d: d.start_char or 0)
    return min(inside, key=lambda d: (_gap(d, anchor), d.start_char or 0))


def _gap(d: DateValue, offset: int) -> int:
    s, e = d.start_char or 0, d.end_char or 0
    return 0 if s <= offset < e else min(abs(s - offset), abs(e - offset))


def _governing_verb(token: Token) -> Token | None:
    node = token
    while node.pos_ not in {"VERB", "AUX"}:
        if node.head.i == node.i:
            return None
        node = node.head
    return node


def date_for_token(
    dates: Sequence[DateValue], token: Token, *, include_open_ended: bool = False
) -> DateValue | None:
    """The expression in ``token``'s sentence that dates it (``token`` is a trigger word).

    Ranked: (0) the expression's governing verb is ``token``; (1) it sits in ``token``'s
    subtree; (2) it hangs on a verb that dominates ``token`` ("In December, Iran signed a
    deal to purchase ..." dates "purchase"); (3) elsewhere in the sentence. Ties go to the
    nearest in tokens.
    """
    sent = token.sent
    candidates = _located(dates, sent.start_char, sent.end_char, include_open_ended)
    if not candidates:
        return None
    doc = token.doc
    ancestors = {a.i for a in token.ancestors}

    def rank(d: DateValue) -> tuple[int, int, int]:
        span = doc.char_span(d.start_char or 0, d.end_char or 0, alignment_mode="expand")
        if span is None or len(span) == 0:
            return (4, 10**9, d.start_char or 0)
        root = span.root
        verb = _governing_verb(root)
        if verb is not None and verb.i == token.i:
            level = 0
        elif any(a.i == token.i for a in root.ancestors):
            level = 1
        elif verb is not None and verb.i in ancestors:
            level = 2
        else:
            level = 3
        distance = min(abs(t.i - token.i) for t in span)
        return (level, distance, d.start_char or 0)

    return min(candidates, key=rank)


#: ``Doc.user_data`` key: the publication date ``find_dates`` normalised against.
PUBLISHED_KEY = "allywatch_published"
#: ``Doc.user_data`` key: character range of the article's lede (see :func:`lede_span`).
LEDE_KEY = "allywatch_lede"
#: A lede paragraph has at least this many words and ends a sentence (headlines,
#: standfirsts without a full stop, captions and bylines do not).
LEDE_MIN_WORDS = 12
#: How many such paragraphs make the lede (a standfirst may come first).
LEDE_PARAGRAPHS = 2
_PARAGRAPH = re.compile(r"[^\n]+")


def lede_span(text: str) -> tuple[int, int]:
    """[start, end) of the lede: the first ``LEDE_PARAGRAPHS`` paragraphs that read as
    prose (``LEDE_MIN_WORDS`` words or more, ending with a full stop, a question or
    exclamation mark, or a closing quote)."""
    found: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text):
        line = m.group(0).strip()
        if len(line.split()) >= LEDE_MIN_WORDS and line[-1:] in '.!?"”’':
            found.append(m.span())
            if len(found) == LEDE_PARAGRAPHS:
                break
    return (found[0][0], found[-1][1]) if found else (0, 0)


#: Links from a clause to the clause above it that keep the same time frame ("said on
#: April 17 that he supports ...", "reached out on Tuesday, asking him to ...").
_FRAME_LINKS = frozenset({"ccomp", "xcomp", "advcl", "conj", "pcomp"})
#: Slots in which an event noun takes its verb's time ("held a summit on Friday",
#: "signed an agreement in June").
_NOMINAL_SLOTS = frozenset({"dobj", "nsubj", "nsubjpass", "attr"})
#: Relative adverbs that continue the event of the clause above ("visited Pyongyang in
#: June, where he signed ...").
_CONTINUING_RELATIVES = frozenset({"where", "when"})


def _own_clause_dates(dates: Sequence[DateValue], verb: Token, trigger: Token) -> list[DateValue]:
    """Dates whose governing verb is ``verb`` (outside clauses below it)."""
    doc = verb.doc
    out = []
    for d in dates:
        span = doc.char_span(d.start_char or 0, d.end_char or 0, alignment_mode="expand")
        if span is None or not len(span):
            continue
        gov = _governing_verb(span.root)
        if gov is not None and gov.i == verb.i:
            out.append(d)
    return sorted(out, key=lambda d: abs((d.start_char or 0) - trigger.idx))


def _frame_verbs(trigger: Token) -> list[Token]:
    """The verbs above ``trigger`` that share its time frame, nearest first: the verb of an
    event noun ("held a summit"), then up through complement, adverbial and coordinated
    clauses (out of a relative clause only when "where"/"when" opens it: "visited Minsk in
    June, where she signed ..."). A speech verb above a reported clause gives the report's
    time, not the event's, unless the clause is in the present ("said on Tuesday that she
    supports ...")."""
    from allywatch.extract.speech_lexicon import lexicon

    out: list[Token] = []
    node = trigger
    tense = next((t.tag_ for t in (trigger, *trigger.children)
                  if t.tag_ in ("VBZ", "VBP", "VBD", "MD")), "")  # fmt: skip
    through_noun = False
    for _ in range(8):
        if node.head.i == node.i:
            break
        nominal = (
            node.pos_ in ("NOUN", "PROPN")
            and node.dep_ in _NOMINAL_SLOTS | {"pobj"}
            and (node is trigger or through_noun)
        )
        continuing = node.dep_ == "relcl" and any(
            c.lower_ in _CONTINUING_RELATIVES for c in node.children
        )
        if node.dep_ not in _FRAME_LINKS and not nominal and not continuing:
            break
        link = node.dep_
        node = node.head
        through_noun = continuing or (nominal and node.pos_ == "ADP")
        if node.pos_ in ("VERB", "AUX"):
            if (
                link == "ccomp"
                and node.lemma_.lower() in lexicon().cue_verbs
                and tense not in ("VBZ", "VBP")
            ):
                break  # "said in October that X was sending troops": the report's date
            out.append(node)
    return out


def _present_perfect(verb: Token) -> bool:
    """ "has requested", "have agreed": a recent act reported as such."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    perfect = any(a.lower_ in ("has", "have", "'ve") for a in auxes)
    modal = any(a.lower_ in ("will", "would", "could", "might", "may", "should") for a in auxes)
    return verb.tag_ == "VBN" and perfect and not modal


def event_date(
    dates: Sequence[DateValue], trigger: Token, clause: Sequence[Token]
) -> DateValue | None:
    """The date of the event ``trigger`` names, in order of certainty:

    1. an expression inside the trigger's own clause (``clause``: its subtree without the
       clauses below it), the nearest first;
    2. an expression on a verb above the trigger in the same time frame ("Biden said on
       April 17 that he supports ..."; "Earlier on Tuesday, Orban reached out, asking him
       to ...");
    3. a present-perfect report with no date at all in the article's lede ("Poland has
       requested ...") is dated to the publication day: a news lede reports the news of
       the day (the inverted pyramid), while a present perfect further down is background
       ("Tehran has supplied drones") and stays undated. The parse carries the publication
       date ``find_dates`` used and the lede's range; with no publication date known the
       event stays undated.

    Dates elsewhere in the sentence (a relative clause about an argument, another event)
    do not date it.
    """
    sent = trigger.sent
    in_sent = [
        d for d in dates
        if d.start_char is not None and sent.start_char <= d.start_char < sent.end_char
        and not d.open_ended
    ]  # fmt: skip
    clause_chars = {t.idx for t in clause}
    own = [d for d in in_sent if _covers_clause(d, trigger, clause_chars)]
    if own:
        return min(own, key=lambda d: abs((d.start_char or 0) - trigger.idx))
    for verb in _frame_verbs(trigger):
        found = _own_clause_dates(in_sent, verb, trigger)
        if found:
            return found[0]
    published = trigger.doc.user_data.get(PUBLISHED_KEY)
    lede = trigger.doc.user_data.get(LEDE_KEY) or (0, 0)
    in_lede = lede[0] <= trigger.idx < lede[1]
    verbs = [v for v in (trigger, *_frame_verbs(trigger)[:1]) if v.pos_ in ("VERB", "AUX")]
    if isinstance(published, date) and in_lede and any(_present_perfect(v) for v in verbs):
        day = published.isoformat()
        return DateValue(day, "day", published, published, text="")
    return None


def _covers_clause(d: DateValue, trigger: Token, clause_chars: set[int]) -> bool:
    start = d.start_char or 0
    end = d.end_char if d.end_char is not None else start + 1
    span = trigger.doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.idx in clause_chars for t in span)
