"""PLOVER event coder (placeholder until the events issue lands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allywatch.types import DateValue, Document, Event, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog


def extract_events(
    sdoc: Doc, document: Document, mentions: list[Mention], dates: list[DateValue], catalog: Catalog
) -> list[Event]:
    """Events stated in ``sdoc``. Placeholder: none yet."""
    return []
