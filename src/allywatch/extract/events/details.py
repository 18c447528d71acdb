"""Event details: the object phrase, its mode, stated amounts and the event date."""

from __future__ import annotations

import re

from spacy.tokens import Token

from allywatch.extract.events.lexicon import Lexicon
from allywatch.types import Amount, DateValue

__all__ = ["amounts_in", "date_for", "detail_of", "mode_from_object"]

_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "dozens": 24,
    "hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000,
}  # fmt: skip
_MAX_DETAIL = 160


def detail_of(tokens: list[Token]) -> str:
    """The text of the object phrases (their subtrees, relative clauses cut off)."""
    parts: list[str] = []
    for tok in tokens:
        keep = [t for t in tok.subtree if not _inside_clause(t, tok)]
        if not keep:
            continue
        text = tok.doc[keep[0].i : keep[-1].i + 1].text
        if text and text not in parts:
            parts.append(text)
    detail = "; ".join(parts)
    return detail if len(detail) <= _MAX_DETAIL else detail[: _MAX_DETAIL - 1].rstrip() + "…"


def _inside_clause(tok: Token, root: Token) -> bool:
    node = tok
    while node.i != root.i and node.head.i != node.i:
        if (
            node.dep_ in {"relcl", "advcl", "acl", "punct"} and node.head.i != root.i
        ) or node.dep_ in {"relcl", "advcl"}:
            return True
        node = node.head
    return False


def mode_from_object(tokens: list[Token], lex: Lexicon) -> str | None:
    """The mode the object's words point to ("drones" -> military). When several apply, the
    order of ``object_modes`` in modes.yaml decides: "billions of dollars' worth of arms"
    is military, not economic."""
    found: set[str] = set()
    for tok in tokens:
        for t in tok.subtree:
            mode = lex.object_modes.get(t.lemma_.lower()) or lex.object_modes.get(t.lower_)
            if mode:
                found.add(mode)
    return min(found, key=lex.mode_rank.__getitem__) if found else None


def _number(tok: Token) -> float | None:
    text = tok.text.replace(",", "")
    if _NUMBER.match(tok.text):
        return float(text)
    return float(_WORD_NUMBERS[tok.lower_]) if tok.lower_ in _WORD_NUMBERS else None


def amounts_in(tokens: list[Token], lex: Lexicon) -> tuple[Amount, ...]:
    """Money with its currency and counts of weapon systems in the object phrases."""
    found: list[Amount] = []
    seen: set[int] = set()
    for root in tokens:
        for tok in root.subtree:
            if tok.i in seen:
                continue
            value = _number(tok)
            if value is None:
                continue
            seen.add(tok.i)
            doc = tok.doc
            window = [doc[j] for j in range(max(tok.i - 1, 0), min(tok.i + 4, len(doc)))]
            mult = 1.0
            currency = None
            for w in window:
                low = w.lower_
                if low in lex.multipliers and w.i > tok.i:
                    mult = lex.multipliers[low]
                if (w.text in lex.currencies or low in lex.currencies) and currency is None:
                    currency = lex.currencies.get(w.text) or lex.currencies[low]
            if currency:
                span_end = max(
                    w.i
                    for w in window
                    if w.lower_ in lex.currencies
                    or w.text in lex.currencies
                    or w.lower_ in lex.multipliers
                    or w.i == tok.i
                )
                start = min(tok.i, *(w.i for w in window if w.text in lex.currencies))
                found.append(Amount(value * mult, currency, doc[start : span_end + 1].text))
                continue
            head = tok.head if tok.dep_ == "nummod" else None
            if head is not None and head.lemma_.lower() in lex.countable_systems:
                found.append(Amount(value * mult, head.lemma_.lower(), f"{tok.text} {head.text}"))
        # "billions of dollars' worth of arms"
        for tok in root.subtree:
            low = tok.lower_
            if low in lex.multipliers and low.endswith("s") and tok.i not in seen:
                nxt = [t for t in tok.doc[tok.i + 1 : tok.i + 4] if t.lower_ in lex.currencies]
                if nxt:
                    seen.add(tok.i)
                    unit = lex.currencies[nxt[0].lower_]
                    found.append(
                        Amount(lex.multipliers[low], unit, tok.doc[tok.i : nxt[0].i + 1].text)
                    )
    return tuple(found)


def date_for(dates: list[DateValue], trigger: Token, clause: list[Token]) -> DateValue | None:
    """The temporal expression that dates the event: ``extract.dates.event_date`` (own
    clause, then a verb above in the same time frame, then the publication day for an
    undated present-perfect report; see docs/dates.md)."""
    from allywatch.extract.dates import event_date

    return event_date(dates, trigger, clause)
