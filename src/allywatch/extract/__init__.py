"""Extract stage: spaCy ``Doc`` -> records (mentions, dates, events, quotes, predictions).

``extract_document`` composes the extractors in order; each module owns one record kind.
The events coder is not imported here: it is the backend the registry
(:mod:`allywatch.extract.registry`) names in the ``events_backend`` setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from allywatch.extract import actors, dates, predictions, quotes
from allywatch.extract.registry import EventBackend, get_backend
from allywatch.types import DateValue, Document, Extraction, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog

__all__ = ["extract_document", "find_mentions_and_dates"]


def find_mentions_and_dates(
    document: Document, sdoc: Doc, catalog: Catalog
) -> tuple[list[Mention], list[DateValue]]:
    """The first two stages: actor mentions, and dates relative to the publication date."""
    return actors.resolve_mentions(sdoc, document, catalog), dates.find_dates(
        sdoc, document.published
    )


def extract_document(
    document: Document,
    sdoc: Doc,
    catalog: Catalog,
    backend: EventBackend | None = None,
    *,
    mentions: Sequence[Mention] | None = None,
    found_dates: Sequence[DateValue] | None = None,
) -> Extraction:
    """Run every extractor over one parsed document, in the one order they depend on:
    actors -> dates -> events -> quotes -> predictions.

    ``backend`` is the events coder (default: the one the settings name). ``mentions`` and
    ``found_dates`` reuse the actors and dates stages' output computed before (a gold
    example parsed once and scored with several trained backends).
    """
    backend = backend or get_backend()
    if mentions is None or found_dates is None:
        mentions, found_dates = find_mentions_and_dates(document, sdoc, catalog)
    mentions, found_dates = list(mentions), list(found_dates)
    found_events = backend.extract(sdoc, document, mentions, found_dates, catalog)
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
