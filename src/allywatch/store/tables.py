"""The tables as SQLAlchemy Core objects, and helpers shared by the store's modules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
)
from sqlalchemy.dialects import postgresql, sqlite

from allywatch.store.engine import Store
from allywatch.store.models import (
    DateRow,
    DocumentRow,
    EventActorRow,
    EventRow,
    EvidenceRow,
    IngestedInputRow,
    MentionRow,
    PredictionRow,
    QuoteRow,
)

__all__ = ["DATES", "DOCUMENTS", "EVENTS", "EVENT_ACTORS", "EVIDENCE", "INPUTS", "MENTIONS",
           "MIN_PREFIX", "PREDICTIONS", "QUOTES", "chunks", "dialect_insert"]

DOCUMENTS: Table = DocumentRow.__table__  # type: ignore[assignment]
MENTIONS: Table = MentionRow.__table__  # type: ignore[assignment]
DATES: Table = DateRow.__table__  # type: ignore[assignment]
EVENTS: Table = EventRow.__table__  # type: ignore[assignment]
EVENT_ACTORS: Table = EventActorRow.__table__  # type: ignore[assignment]
EVIDENCE: Table = EvidenceRow.__table__  # type: ignore[assignment]
QUOTES: Table = QuoteRow.__table__  # type: ignore[assignment]
PREDICTIONS: Table = PredictionRow.__table__  # type: ignore[assignment]
INPUTS: Table = IngestedInputRow.__table__  # type: ignore[assignment]

#: Ids per ``IN (...)`` list: well under SQLite's bound-parameter limit.
CHUNK = 500
#: Shortest id prefix accepted by :func:`get_document`.
MIN_PREFIX = 4


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def dialect_insert(store_or_conn: Store | Connection, table: Table) -> Any:
    """The dialect's INSERT, which offers ``on_conflict_do_nothing/do_update``."""
    name = (
        store_or_conn.dialect
        if isinstance(store_or_conn, Store)
        else store_or_conn.dialect.name
    )
    if name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
