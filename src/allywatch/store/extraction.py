"""Saving what was extracted from one document: idempotent, replacing its previous
contribution."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
    "ExtractionRows",
    "extraction_rows",
    "save_extraction",
    "save_extraction_in",
    "save_new_extractions_in",
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
        "speaker_type": q.speaker_type,
        "co_speakers": "\t".join(q.co_speakers),
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


@dataclass(frozen=True, slots=True)
class ExtractionRows:
    """One document's extraction as the rows :func:`save_extraction` writes, per table.

    Built by :func:`extraction_rows` without a database, so a Ray worker can build them
    next to the extraction and the single writer only executes statements; plain dicts of
    column values, cheap to pickle. Rows are deduplicated within the document the way the
    store keys them (mentions and dates by span, events by ``Event.key``, evidence by event
    and sentence, quotes and predictions by key).
    """

    doc_id: str
    mentions: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    event_actors: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    predictions: list[dict[str, Any]] = field(default_factory=list)


def extraction_rows(extraction: Extraction) -> ExtractionRows:
    """The rows that store ``extraction`` (see :class:`ExtractionRows`)."""
    doc = extraction.document
    doc_id = doc.id
    mentions = {
        (m.start, m.end): {
            "doc_id": doc_id, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
            "actor_id": m.actor_id, "state": m.state, "confidence": m.confidence,
            "role": m.role, "affiliation": m.affiliation,
        }
        for m in extraction.mentions
    }  # fmt: skip
    dates = {
        (d.start_char, d.end_char): {
            "doc_id": doc_id, "start": d.start_char, "end": d.end_char, "text": d.text,
            "value": d.value, "precision": d.precision, "date_start": d.start,
            "date_end": d.end,
        }
        for d in extraction.dates
        if d.start_char is not None and d.end_char is not None
    }  # fmt: skip
    events: dict[str, dict[str, Any]] = {}
    actors: set[tuple[str, str, str]] = set()
    evidence: dict[tuple[str, int], dict[str, Any]] = {}
    for ev in extraction.events:
        key = ev.key
        events.setdefault(key, _event_values(key, ev))
        actors.update((key, a, "source") for a in ev.source)
        actors.update((key, a, "target") for a in ev.target)
        e = ev.evidence
        evidence.setdefault(
            (key, e.start),
            {"event_id": key, "doc_id": doc_id, "start": e.start, "end": e.end,
             "sentence": e.sentence},
        )  # fmt: skip
    return ExtractionRows(
        doc_id=doc_id,
        mentions=list(mentions.values()),
        dates=list(dates.values()),
        events=list(events.values()),
        event_actors=[
            {"event_id": k, "actor_id": a, "role": r, **_actor_facts(events[k])}
            for k, a, r in sorted(actors)
        ],
        evidence=list(evidence.values()),
        quotes=list({q.key: _quote_values(q) for q in extraction.quotes}.values()),
        predictions=list(
            {p.key: _prediction_values(p, doc) for p in extraction.predictions}.values()
        ),
    )


@retry_on_disconnect
def save_extraction(store: Store, extraction: Extraction | ExtractionRows) -> None:
    """Store everything extracted from one document and mark it extracted, in one commit.

    Idempotent, and a re-extraction replaces what the document contributed before:
    mentions and dates are rewritten; events are upserted by ``Event.key`` with one
    evidence row per distinct sentence (an event no document supports any more is
    removed); quotes and predictions are upserted by key (a prediction keeps the status the
    ledger gave it). The document must be stored already.
    """
    with store.write() as conn:
        save_extraction_in(conn, extraction)


def save_extraction_in(conn: Connection, extraction: Extraction | ExtractionRows) -> None:
    """:func:`save_extraction` inside the caller's transaction (see ``store/batch.py``)."""
    rows = extraction if isinstance(extraction, ExtractionRows) else extraction_rows(extraction)
    doc_id = rows.doc_id
    if conn.execute(select(DOCUMENTS.c.id).where(DOCUMENTS.c.id == doc_id)).first() is None:
        raise NotFoundError(f"document {doc_id}: store the document before its extraction")
    conn.execute(delete(MENTIONS).where(MENTIONS.c.doc_id == doc_id))
    conn.execute(delete(DATES).where(DATES.c.doc_id == doc_id))
    before = set(
        conn.execute(
            select(EVIDENCE.c.event_id).where(EVIDENCE.c.doc_id == doc_id).distinct()
        ).scalars()
    )
    conn.execute(delete(EVIDENCE).where(EVIDENCE.c.doc_id == doc_id))
    _delete_stale(conn, QUOTES, doc_id, rows.quotes)
    _delete_stale(conn, PREDICTIONS, doc_id, rows.predictions)
    _insert_rows(conn, [rows])
    _remove_orphans(conn, sorted(before - {row["id"] for row in rows.events}))
    conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == doc_id).values(extracted=True))


def save_new_extractions_in(conn: Connection, extractions: Sequence[ExtractionRows]) -> None:
    """Store the extractions of documents inserted in this transaction, and mark them
    extracted: one multi-row statement per table for all of them.

    Only for documents new in this transaction: they have no previous contribution to
    replace, so none of :func:`save_extraction_in`'s per-document deletes and lookups are
    needed. The result is the same as saving each in turn (rows the others would have
    skipped as already stored are skipped here too, the first one kept).
    """
    if not extractions:
        return
    _insert_rows(conn, extractions)
    for chunk in chunks([rows.doc_id for rows in extractions]):
        conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.id.in_(chunk)).values(extracted=True))


def _delete_stale(
    conn: Connection, table: Any, doc_id: str, values: Sequence[dict[str, Any]]
) -> None:
    """Delete the document's rows of ``table`` whose keys it no longer has."""
    stale = delete(table).where(table.c.doc_id == doc_id)
    if values:
        stale = stale.where(table.c.id.not_in([row["id"] for row in values]))
    conn.execute(stale)


def _first(rows: Iterable[dict[str, Any]], *key: str) -> list[dict[str, Any]]:
    """``rows`` without later repeats of a key (what ON CONFLICT DO NOTHING would keep)."""
    kept: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        kept.setdefault(tuple(row[k] for k in key), row)
    return list(kept.values())


def _insert_rows(conn: Connection, extractions: Sequence[ExtractionRows]) -> None:
    """Insert the rows of ``extractions``, in order, one executemany per table."""

    def every(name: str) -> list[dict[str, Any]]:
        return [row for rows in extractions for row in getattr(rows, name)]

    if mentions := every("mentions"):
        conn.execute(MENTIONS.insert(), mentions)
    if dates := every("dates"):
        conn.execute(DATES.insert(), dates)
    if events := _first(every("events"), "id"):
        conn.execute(
            dialect_insert(conn, EVENTS).on_conflict_do_nothing(index_elements=["id"]), events
        )
    if actors := _first(every("event_actors"), "event_id", "actor_id", "role"):
        conn.execute(dialect_insert(conn, EVENT_ACTORS).on_conflict_do_nothing(), actors)
    if evidence := _first(every("evidence"), "event_id", "doc_id", "start"):
        conn.execute(dialect_insert(conn, EVIDENCE).on_conflict_do_nothing(), evidence)
    if quotes := _last(every("quotes")):
        stmt = dialect_insert(conn, QUOTES)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"], set_={c: stmt.excluded[c] for c in quotes[0] if c != "id"}
        )
        conn.execute(stmt, quotes)
    if predictions := _last(every("predictions")):
        stmt = dialect_insert(conn, PREDICTIONS)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"], set_={c: stmt.excluded[c] for c in _PREDICTION_EXTRACTED}
        )
        conn.execute(stmt, predictions)


def _last(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` by id, the last of each kept (what a sequence of upserts would leave)."""
    return list({row["id"]: row for row in rows}.values())


def _remove_orphans(conn: Connection, candidates: Sequence[str]) -> None:
    """Delete the events among ``candidates`` that no evidence supports any more."""
    for chunk in chunks(candidates):
        unsupported = and_(
            EVENTS.c.id.in_(chunk),
            ~exists().where(EVIDENCE.c.event_id == EVENTS.c.id),
        )
        gone = list(conn.execute(select(EVENTS.c.id).where(unsupported)).scalars())
        if gone:
            conn.execute(delete(EVENT_ACTORS).where(EVENT_ACTORS.c.event_id.in_(gone)))
            conn.execute(delete(EVENTS).where(EVENTS.c.id.in_(gone)))
