"""Which temporal expression dates a clause or a trigger word."""

from __future__ import annotations

from collections.abc import Sequence
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
    dates: Sequence[DateValue], start: int, end: int, *, anchor: int | None = None,
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
        span = doc.char_span(d.start_char, d.end_char, alignment_mode="expand")
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
