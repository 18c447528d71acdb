"""Prediction extraction (placeholder until the predictions issue lands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allywatch.types import DateValue, Document, Mention, Prediction, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog


def extract_predictions(
    sdoc: Doc,
    document: Document,
    mentions: list[Mention],
    quotes: list[Quote],
    dates: list[DateValue],
    catalog: Catalog,
) -> list[Prediction]:
    """Forward-looking claims in ``sdoc``. Placeholder: none yet."""
    return []
