"""A coarse date on a phrase that names an event again takes the finer date it had before.

"... the twelve-day war with Israel in June 2025. ... Moscow stood by during Iran's war
with Israel last year" — "last year" is 2025 by its words, but the phrase it dates ("war
with Israel") was dated to June 2025 earlier in the article: the reader knows it is that war,
so the expression dates it at month precision. Our own rule (no library resolves dates
through a repeated event phrase): the two phrases must share their head noun and a proper
noun inside them, and the earlier, finer date must lie inside the coarse one's interval.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from allywatch.extract.dates.calendar import PRECISION_RANK
from allywatch.types import DateValue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["refine_by_reference"]

_COARSE = frozenset({"season", "year", "decade"})


def _dated_noun(sdoc: Doc, d: DateValue) -> Token | None:
    """The noun an expression modifies: "war ... last year" (npadvmod), "war ... in June
    2025" (prepositional phrase on the noun)."""
    span = sdoc.char_span(d.start_char or 0, d.end_char or 0, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if root.dep_ in ("npadvmod", "prep", "pobj") and head.pos_ == "NOUN":
        return head
    # The parser often hangs the phrase on the verb ("decimated in the war with Israel in
    # June 2025"): take the noun phrase that ends right before it.
    first = max(span.sent.start, span.start - 8)
    for tok in reversed(span.doc[first : span.start]):
        if tok.pos_ == "NOUN" and tok.right_edge.i == span.start - 1:
            return tok
    return None


def _names(noun: Token, skip: range) -> frozenset[str]:
    return frozenset(
        t.lemma_.lower() for t in noun.subtree if t.pos_ == "PROPN" and t.i not in skip
    )


def _span_range(sdoc: Doc, d: DateValue) -> range:
    span = sdoc.char_span(d.start_char or 0, d.end_char or 0, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def refine_by_reference(sdoc: Doc, found: list[DateValue]) -> list[DateValue]:
    """``found`` (in text order) with coarse dates refined through repeated event phrases."""
    out = list(found)
    nouns = [_dated_noun(sdoc, d) if d.start_char is not None else None for d in found]
    for k, d in enumerate(found):
        noun = nouns[k]
        if noun is None or d.precision not in _COARSE or d.open_ended or d.start is None:
            continue
        names = _names(noun, _span_range(sdoc, d))
        if not names:
            continue
        for j in range(k - 1, -1, -1):
            earlier, other = found[j], nouns[j]
            if (
                other is None or other.i == noun.i or other.lemma_ != noun.lemma_
                or earlier.start is None or earlier.end is None or d.end is None
                or PRECISION_RANK[earlier.precision] >= PRECISION_RANK[d.precision]
                or not (d.start <= earlier.start and earlier.end <= d.end)
                or not names & _names(other, _span_range(sdoc, earlier))
            ):  # fmt: skip
                continue
            out[k] = replace(
                d, value=earlier.value, precision=earlier.precision,
                start=earlier.start, end=earlier.end,
            )  # fmt: skip
            break
    return out
