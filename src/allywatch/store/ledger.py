"""SQL for the prediction ledger: open predictions, events that could resolve them, status
updates and the resolved predictions Brier scores are computed over.

The decisions (what matches, when a prediction fails) live in ``analyze/ledger.py``; this
module only reads and writes rows.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Table, func, or_, select, update

from allywatch.errors import NotFoundError, StoreError
from allywatch.store.models import (
    DocumentRow,
    EventActorRow,
    EventRow,
    EvidenceRow,
    PredictionRow,
)


class Store(Protocol):
    """What this module needs of ``allywatch.store.Store``: read and write transactions."""

    def read(self) -> AbstractContextManager[Any]: ...

    def write(self) -> AbstractContextManager[Any]: ...

__all__ = [
    "CandidateEvent",
    "LedgerRow",
    "candidate_events",
    "find_prediction",
    "ledger_rows",
    "update_status",
]

PREDICTIONS: Table = PredictionRow.__table__  # type: ignore[assignment]
EVENTS: Table = EventRow.__table__  # type: ignore[assignment]
EVENT_ACTORS: Table = EventActorRow.__table__  # type: ignore[assignment]
EVIDENCE: Table = EvidenceRow.__table__  # type: ignore[assignment]
DOCUMENTS: Table = DocumentRow.__table__  # type: ignore[assignment]

STATUSES = ("open", "came_true", "failed")


@dataclass(frozen=True)
class LedgerRow:
    """One stored prediction as the ledger needs it."""

    id: str
    doc_id: str
    claim: str
    predictor: str
    predictor_is_author: bool
    outlet: str | None
    subject: str | None
    outcome: str
    made_on: date | None
    deadline: date | None
    likelihood: float | None
    likelihood_text: str
    conditional: bool
    status: str
    resolved_by: str | None
    resolution_note: str | None


@dataclass(frozen=True)
class CandidateEvent:
    """An event that could resolve a prediction: its id, type, negation, when it happened
    (its own date, else the publication date of the first article reporting it)."""

    id: str
    type: str
    negated: bool
    when: date | None
    reported_on: date | None


def _row(r: Any) -> LedgerRow:
    return LedgerRow(
        id=r.id, doc_id=r.doc_id, claim=r.claim, predictor=r.predictor,
        predictor_is_author=bool(r.predictor_is_author), outlet=r.outlet, subject=r.subject,
        outcome=r.outcome, made_on=r.made_on, deadline=r.deadline, likelihood=r.likelihood,
        likelihood_text=r.likelihood_text or "", conditional=bool(r.conditional),
        status=r.status, resolved_by=r.resolved_by, resolution_note=r.resolution_note,
    )  # fmt: skip


def ledger_rows(store: Store, *, status: str | None = None) -> list[LedgerRow]:
    """Stored predictions (all, or with ``status``), oldest statement first."""
    if status is not None and status not in STATUSES:
        raise StoreError(f"prediction status {status!r}: expected one of {', '.join(STATUSES)}")
    stmt = select(PREDICTIONS)
    if status is not None:
        stmt = stmt.where(PREDICTIONS.c.status == status)
    stmt = stmt.order_by(PREDICTIONS.c.made_on, PREDICTIONS.c.doc_id, PREDICTIONS.c.sentence_start)
    with store.read() as conn:
        return [_row(r) for r in conn.execute(stmt)]


def find_prediction(store: Store, prefix: str) -> LedgerRow:
    """The prediction whose id is ``prefix`` or starts with it (at least 4 characters)."""
    if len(prefix) < 4:
        raise NotFoundError(f"prediction {prefix!r}: give at least 4 characters of the id")
    with store.read() as conn:
        rows = list(conn.execute(select(PREDICTIONS).where(PREDICTIONS.c.id.startswith(prefix))))
    if not rows:
        raise NotFoundError(f"prediction {prefix!r}: no such prediction")
    if len(rows) > 1:
        raise NotFoundError(f"prediction {prefix!r}: ambiguous, matches {len(rows)} predictions")
    return _row(rows[0])


def candidate_events(
    store: Store, subject: str, event_type: str, *, reported_after: date | None
) -> list[CandidateEvent]:
    """Events of ``event_type`` with ``subject`` among their actors (either role) or as the
    state of their ``leader``, reported in an article published after ``reported_after``
    (a later-ingested article; None: any).

    The first report's date is aggregated over these events' evidence only (one grouped
    join), not over every stored event's: with the grouped subquery over all evidence this
    query cost grew with the store, and resolving after an ingest (one query per open
    prediction) grew with its square: 3 s for 400 articles, 11 s for 800.
    """
    reported_on = func.min(DOCUMENTS.c.published).label("reported_on")
    actor_match = select(EVENT_ACTORS.c.event_id).where(EVENT_ACTORS.c.actor_id == subject)
    stmt = (
        select(EVENTS.c.id, EVENTS.c.type, EVENTS.c.negated, EVENTS.c.date_start, reported_on)
        .join(EVIDENCE, EVIDENCE.c.event_id == EVENTS.c.id)
        .join(DOCUMENTS, DOCUMENTS.c.id == EVIDENCE.c.doc_id)
        .where(EVENTS.c.type == event_type)
        .where(or_(EVENTS.c.id.in_(actor_match), EVENTS.c.leader == subject))
        .group_by(EVENTS.c.id, EVENTS.c.type, EVENTS.c.negated, EVENTS.c.date_start)
    )
    if reported_after is not None:
        stmt = stmt.having(reported_on > reported_after)
    with store.read() as conn:
        return [
            CandidateEvent(r.id, r.type, bool(r.negated), r.date_start or r.reported_on,
                           r.reported_on)
            for r in conn.execute(stmt.order_by(reported_on, EVENTS.c.id))
        ]  # fmt: skip


def update_status(
    store: Store,
    prediction_id: str,
    status: str,
    *,
    resolved_by: str | None = None,
    note: str | None = None,
) -> None:
    """Record how a prediction turned out, the event that resolved it and a note."""
    if status not in STATUSES:
        raise StoreError(f"prediction {prediction_id}: unknown status {status!r}")
    values: dict[str, Any] = {
        "status": status,
        "resolved_by": resolved_by,
        "resolution_note": note,
        "resolved_at": None if status == "open" else func.now(),
    }
    with store.write() as conn:
        done = conn.execute(
            update(PREDICTIONS).where(PREDICTIONS.c.id == prediction_id).values(values)
        )
        if done.rowcount == 0:
            raise NotFoundError(f"prediction {prediction_id}: no such prediction")
