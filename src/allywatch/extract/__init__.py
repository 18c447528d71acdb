"""Extract stage: spaCy ``Doc`` -> records (mentions, dates, events, quotes, predictions).

``extract_document`` composes the extractors in order; each module owns one record kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allywatch.extract import actors, dates, events, predictions, quotes
from allywatch.types import Document, Extraction, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog

__all__ = ["extract_document"]


def extract_document(document: Document, sdoc: Doc, catalog: Catalog) -> Extraction:
    """Run every extractor over one parsed document."""
    mentions = actors.resolve_mentions(sdoc, document, catalog)
    found_dates = dates.find_dates(sdoc, document.published)
    found_events = events.extract_events(sdoc, document, mentions, found_dates, catalog)
    found_quotes = quotes.extract_quotes(sdoc, document, mentions, catalog)
    found_predictions = predictions.extract_predictions(
        sdoc, document, mentions, found_quotes, found_dates, catalog
    )
    sentences = tuple(Span(s.start_char, s.end_char) for s in sdoc.sents)
    return Extraction(
        document=document,
        mentions=tuple(mentions),
        dates=tuple(found_dates),
        events=tuple(found_events),
        quotes=tuple(found_quotes),
        predictions=tuple(found_predictions),
        sentences=sentences,
    )
