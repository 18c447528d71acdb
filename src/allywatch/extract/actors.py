"""Mention resolution: spaCy Doc -> ``Mention`` records (placeholder until actors land)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allywatch.types import Document, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog


def resolve_mentions(sdoc: Doc, document: Document, catalog: Catalog) -> list[Mention]:
    """Every actor mention in ``sdoc`` with its actor id (or unresolved). Placeholder: none yet."""
    return []
