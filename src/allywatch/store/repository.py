"""Reading and writing records: ``types.py`` dataclasses in, the same dataclasses out.

Every write is an idempotent upsert keyed by a content hash (documents: the clean text;
events: ``Event.key``; quotes and predictions: their ``key``), so re-running an ingest
changes nothing. Writes are bulk statements inside one transaction; reads fetch a page of
rows and then their related rows in one ``IN`` query per table (no per-row queries), so
they stay fast on a million events.

This module is the public face; the code lives in ``documents.py`` (documents and ingested
inputs), ``extraction.py`` (saving one document's extraction), ``batch.py`` (many documents
and extractions in one commit, for the Ray engine) and ``queries.py``.
"""

from __future__ import annotations

from allywatch.store.actors import ensure_actors, list_actors, save_actor
from allywatch.store.batch import save_batch
from allywatch.store.documents import (
    InputRecord,
    count_documents,
    document_listing,
    document_states,
    get_document,
    get_documents,
    ingested_inputs,
    iter_minhashes,
    list_documents,
    mark_extracted,
    record_input,
    save_document,
    search_documents,
    unextracted_documents,
)
from allywatch.store.extraction import save_extraction
from allywatch.store.queries import (
    count_events,
    event_listing,
    list_dates,
    list_mentions,
    query_events,
    query_predictions,
    query_quotes,
    set_prediction_status,
)
from allywatch.store.tables import MIN_PREFIX

__all__ = [
    "MIN_PREFIX",
    "InputRecord",
    "count_documents",
    "count_events",
    "document_listing",
    "document_states",
    "ensure_actors",
    "event_listing",
    "get_document",
    "get_documents",
    "ingested_inputs",
    "iter_minhashes",
    "list_actors",
    "list_dates",
    "list_documents",
    "list_mentions",
    "mark_extracted",
    "query_events",
    "query_predictions",
    "query_quotes",
    "record_input",
    "save_actor",
    "save_batch",
    "save_document",
    "save_extraction",
    "search_documents",
    "set_prediction_status",
    "unextracted_documents",
]
