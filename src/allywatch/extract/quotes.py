"""Quote extraction (placeholder until the quotes issue lands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allywatch.types import Document, Mention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog


def extract_quotes(
    sdoc: Doc, document: Document, mentions: list[Mention], catalog: Catalog
) -> list[Quote]:
    """Attributed quotes in ``sdoc``. Placeholder: none yet."""
    return []
