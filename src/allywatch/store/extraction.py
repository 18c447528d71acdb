"""Saving what was extracted from one document: idempotent, replacing its previous
contribution."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    delete,
    exists,
    select,
    update,
)

from allywatch.errors import NotFoundError
from allywatch.store.engine import Store, retry_on_disconnect
from allywatch.store.tables import (
    DATES,
    DOCUMENTS,
    EVENT_ACTORS,
    EVENTS,
    EVIDENCE,
    MENTIONS,
    PREDICTIONS,
    QUOTES,
    chunks,
    dialect_insert,
)
from allywatch.types import (
    DateValue,
    Document,
    Event,
    Extraction,
    Prediction,
    Quote,
)

# ----------------------------------------------------------------------- extraction

__all__ = [
    "save_extraction",
]


def _date_parts(value: DateValue | None) -> dict[str, Any]:
    if value is None:
        return {"date_value": None, "date_precision": "unknown", "date_start": None,
                "date_end": None}  # fmt: skip
    return {
        "date_value": value.value,
        "date_precision": value.precision,
        "date_start": value.start,
        "date_end": value.end,
    }


def _event_values(key: str, ev: Event) -> dict[str, Any]:
    return {
        "id": key,
        "type": ev.type,
        "mode": ev.mode,
        "detail": ev.detail,
        "amounts": [{"value": a.value, "unit": a.unit, "text": a.text} for a in ev.amounts],
        **_date_parts(ev.date),
        "negated": ev.negated,
        "modality": ev.modality,
        "confidence": ev.confidence,
        "leader": ev.leader,
        "trigger": ev.trigger,
        "source_text": list(ev.source_text),
        "target_text": list(ev.target_text),
        "source_people": list(ev.source_people),
    }


def _actor_facts(event_values: dict[str, Any]) -> dict[str, Any]:
    """What ``event_actors`` copies of its event (see ``EventActorRow``)."""
    return {c: event_values[c] for c in ("type", "date_start", "date_end", "modality")}


def _quote_values(q: Quote) -> dict[str, Any]:
    return {
        "id": q.key,
        "doc_id": q.evidence.doc_id,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "speaker": q.speaker,
        "speaker_text": q.speaker_text,
        "affiliation": q.affiliation,
        "cue": q.cue,
        "partial": q.partial,
        "sentence_start": q.evidence.start,
        "sentence_end": q.evidence.end,
        "sentence": q.evidence.sentence,
    }


#: Prediction columns that extraction owns; status/resolution columns belong to the ledger
#: and survive a re-extraction.
_PREDICTION_EXTRACTED = (
    "doc_id", "claim", "predictor", "predictor_is_author", "outlet", "subject", "outcome",
    "made_on", "deadline", "horizon_text", "likelihood", "likelihood_text", "conditional",
    "sentence_start", "sentence_end", "sentence",
)  # fmt: skip


def _prediction_values(p: Prediction, doc: Document) -> dict[str, Any]:
    return {
        "id": p.key,
        "doc_id": p.evidence.doc_id,
        "claim": p.claim,
        "predictor": p.predictor,
        "predictor_is_author": p.predictor_is_author,
        "outlet": doc.outlet,
        "subject": p.subject,
        "outcome": p.outcome,
        "made_on": doc.published,
        "deadline": p.deadline,
        "horizon_text": p.horizon_text,
        "likelihood": p.likelihood,
        "likelihood_text": p.likelihood_text,
        "conditional": p.conditional,
        "status": p.status,
        "resolved_by": p.resolved_by,
        "sentence_start": p.evidence.start,
        "sentence_end": p.evidence.end,
        "sentence": p.evidence.sentence,
    }


@retry_on_disconnect
def save_extraction(store: Store, extraction: Extraction) -> None:
    """Store everything extracted from one document and mark it extracted, in one commit.

    Idempotent, and a re-extraction replaces what the document contributed before:
    mentions and dates are rewritten; events are upserted by ``Event.key`` with one
    evidence row per distinct sentence (an event no document supports any more is
    removed); quotes and predictions are upserted by key (a prediction keeps the status the
    ledger gave it). The document must be stored already.
    """
    with store.write() as conn:
        save_extraction_in(conn, extraction)


def save_extraction_in(conn: Connection, extraction: Extraction) -> None:
    """:func:`save_extraction` inside the caller's transaction (see ``store/batch.py``)."""
    doc = extraction.document
    doc_id = doc.id
    if conn.execute(select(DOCUMENTS.c.id).where(DOCUMENTS.c.id == doc_id)).first() is None:
        raise NotFoundError(f"document {doc_id}: store the document before its extraction")
    _save_spans(conn, doc_id, extraction)
    _save_events(conn, doc_id, extraction.events)
    _save_quotes(conn, doc_id, extraction.quotes)
    _save_predictions(conn, doc, extraction.predictions)
    conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == doc_id).values(extracted=True))


def _save_spans(conn: Connection, doc_id: str, extraction: Extraction) -> None:
    conn.execute(delete(MENTIONS).where(MENTIONS.c.doc_id == doc_id))
    conn.execute(delete(DATES).where(DATES.c.doc_id == doc_id))
    mentions = {
        (m.start, m.end): {
            "doc_id": doc_id, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
            "actor_id": m.actor_id, "state": m.state, "confidence": m.confidence,
            "role": m.role, "affiliation": m.affiliation,
        }
        for m in extraction.mentions
    }  # fmt: skip
    if mentions:
        conn.execute(MENTIONS.insert(), list(mentions.values()))
    dates = {
        (d.start_char, d.end_char): {
            "doc_id": doc_id, "start": d.start_char, "end": d.end_char, "text": d.text,
            "value": d.value, "precision": d.precision, "date_start": d.start,
            "date_end": d.end,
        }
        for d in extraction.dates
        if d.start_char is not None and d.end_char is not None
    }  # fmt: skip
    if dates:
        conn.execute(DATES.insert(), list(dates.values()))


def _save_events(conn: Connection, doc_id: str, events: Sequence[Event]) -> None:
    before = set(
        conn.execute(
            select(EVIDENCE.c.event_id).where(EVIDENCE.c.doc_id == doc_id).distinct()
        ).scalars()
    )
    conn.execute(delete(EVIDENCE).where(EVIDENCE.c.doc_id == doc_id))
    rows: dict[str, dict[str, Any]] = {}
    actors: set[tuple[str, str, str]] = set()
    evidence: dict[tuple[str, int], dict[str, Any]] = {}
    for ev in events:
        key = ev.key
        rows.setdefault(key, _event_values(key, ev))
        actors.update((key, a, "source") for a in ev.source)
        actors.update((key, a, "target") for a in ev.target)
        e = ev.evidence
        evidence.setdefault(
            (key, e.start),
            {"event_id": key, "doc_id": doc_id, "start": e.start, "end": e.end,
             "sentence": e.sentence},
        )  # fmt: skip
    if rows:
        conn.execute(
            dialect_insert(conn, EVENTS).on_conflict_do_nothing(index_elements=["id"]),
            list(rows.values()),
        )
    if actors:
        conn.execute(
            dialect_insert(conn, EVENT_ACTORS).on_conflict_do_nothing(),
            [{"event_id": k, "actor_id": a, "role": r, **_actor_facts(rows[k])}
             for k, a, r in sorted(actors)],
        )
    if evidence:
        stmt = dialect_insert(conn, EVIDENCE).on_conflict_do_nothing()
        conn.execute(stmt, list(evidence.values()))
    orphans = sorted(before - rows.keys())
    for chunk in chunks(orphans):
        unsupported = and_(
            EVENTS.c.id.in_(chunk),
            ~exists().where(EVIDENCE.c.event_id == EVENTS.c.id),
        )
        gone = list(conn.execute(select(EVENTS.c.id).where(unsupported)).scalars())
        if gone:
            conn.execute(delete(EVENT_ACTORS).where(EVENT_ACTORS.c.event_id.in_(gone)))
            conn.execute(delete(EVENTS).where(EVENTS.c.id.in_(gone)))


def _save_quotes(conn: Connection, doc_id: str, quotes: Sequence[Quote]) -> None:
    values = {q.key: _quote_values(q) for q in quotes}
    stale = delete(QUOTES).where(QUOTES.c.doc_id == doc_id)
    if values:
        stale = stale.where(QUOTES.c.id.not_in(list(values)))
    conn.execute(stale)
    if values:
        stmt = dialect_insert(conn, QUOTES)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={c: stmt.excluded[c] for c in next(iter(values.values())) if c != "id"},
        )
        conn.execute(stmt, list(values.values()))


def _save_predictions(conn: Connection, doc: Document, predictions: Sequence[Prediction]) -> None:
    values = {p.key: _prediction_values(p, doc) for p in predictions}
    stale = delete(PREDICTIONS).where(PREDICTIONS.c.doc_id == doc.id)
    if values:
        stale = stale.where(PREDICTIONS.c.id.not_in(list(values)))
    conn.execute(stale)
    if values:
        stmt = dialect_insert(conn, PREDICTIONS)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"], set_={c: stmt.excluded[c] for c in _PREDICTION_EXTRACTED}
        )
        conn.execute(stmt, list(values.values()))
