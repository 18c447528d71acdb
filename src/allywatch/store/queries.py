"""Queries: events (with all their evidence), quotes, predictions, mentions, dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, func, or_, select, update

from allywatch.errors import NotFoundError, StoreError
from allywatch.store.engine import Store, retry_on_disconnect
from allywatch.store.pages import ALL_COLUMNS, LISTING_COLUMNS, EventFilters, count_rows, page_rows
from allywatch.store.tables import (
    DATES,
    EVENT_ACTORS,
    EVIDENCE,
    MENTIONS,
    PREDICTIONS,
    QUOTES,
    chunks,
)
from allywatch.types import (
    Amount,
    DateValue,
    Event,
    Evidence,
    Mention,
    Prediction,
    Quote,
    StoredEvent,
)

# --------------------------------------------------------------------------- events

__all__ = [
    "count_events",
    "event_listing",
    "list_dates",
    "list_mentions",
    "query_events",
    "query_predictions",
    "query_quotes",
    "set_prediction_status",
]


def query_events(
    store: Store,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    negated: bool | None = None,
    doc_id: str | None = None,
    role: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredEvent]:
    """Events matching every given filter, each with all its evidence.

    ``actor`` matches a source or target actor (only ``role`` = ``"source"``/``"target"``
    when given). ``since``/``until`` keep events whose date interval overlaps
    ``[since, until]``; undated events never match a date filter. Ordered by date (undated
    last), then id, so ``limit``/``offset`` page stably (how a page is read:
    :mod:`allywatch.store.pages`).
    """
    filters = EventFilters(actor=actor, role=role, type=type, since=since, until=until,
                           negated=negated, doc_id=doc_id)  # fmt: skip
    with store.read() as conn:
        rows = page_rows(conn, ALL_COLUMNS, filters, limit=limit, offset=offset)
        return _stored_events(conn, rows)


def event_listing(
    store: Store,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    negated: bool | None = None,
    doc_id: str | None = None,
    role: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The events :func:`query_events` returns (same filters, order and paging), each as a
    plain dict of what a listing shows: ``id, type, mode, source, target`` (actor ids),
    ``detail, date`` (the date's text value), ``date_precision, negated, modality,
    confidence, leader`` and ``evidence`` (dicts of ``doc_id, start, end, sentence,
    in_title``).

    For the API's pages: it reads only those columns and builds no records, about a third
    of :func:`query_events`' work per page (amounts, trigger, mention texts and the date
    interval are what it leaves out).
    """
    filters = EventFilters(actor=actor, role=role, type=type, since=since, until=until,
                           negated=negated, doc_id=doc_id)  # fmt: skip
    with store.read() as conn:
        rows = page_rows(conn, LISTING_COLUMNS, filters, limit=limit, offset=offset)
        ids = [row[0] for row in rows]
        actors: dict[str, dict[str, list[str]]] = {i: {"source": [], "target": []} for i in ids}
        evidence: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for chunk in chunks(ids):
            for event_id, event_role, actor_id in conn.execute(_ACTORS_OF, {"ids": chunk}).all():
                actors[event_id][event_role].append(actor_id)
            for event_id, ev_doc, start, end, sentence in conn.execute(
                _EVIDENCE_OF, {"ids": chunk}
            ).all():
                evidence[event_id].append({
                    "doc_id": ev_doc, "start": start, "end": end, "sentence": sentence,
                    # as Evidence.in_title: a title's evidence is the empty span at 0
                    "in_title": start == 0 and end == 0 and bool(sentence),
                })  # fmt: skip
    out = []
    for (event_id, type_, mode, detail, date_value, precision, negated_, modality, confidence,
         leader) in rows:  # fmt: skip
        found = evidence[event_id]
        if not found:  # only possible mid-way through a concurrent re-extraction
            continue
        out.append({
            "id": event_id, "type": type_, "mode": mode,
            "source": actors[event_id]["source"], "target": actors[event_id]["target"],
            "detail": detail, "date": date_value,
            "date_precision": precision if date_value is not None else "unknown",
            "negated": bool(negated_), "modality": modality,
            "confidence": confidence, "leader": leader, "evidence": found,
        })  # fmt: skip
    return out


#: The actors and the evidence of a page's events (prepared once: see ``pages``).
_ACTORS_OF = (
    select(EVENT_ACTORS.c.event_id, EVENT_ACTORS.c.role, EVENT_ACTORS.c.actor_id)
    .where(EVENT_ACTORS.c.event_id.in_(bindparam("ids", expanding=True)))
    .order_by(EVENT_ACTORS.c.actor_id)
)
_EVIDENCE_OF = (
    select(EVIDENCE.c.event_id, EVIDENCE.c.doc_id, EVIDENCE.c.start, EVIDENCE.c.end,
           EVIDENCE.c.sentence)
    .where(EVIDENCE.c.event_id.in_(bindparam("ids", expanding=True)))
    .order_by(EVIDENCE.c.id)
)  # fmt: skip


def count_events(
    store: Store,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    negated: bool | None = None,
    doc_id: str | None = None,
    role: str | None = None,
) -> int:
    """How many events :func:`query_events` would return without a limit."""
    filters = EventFilters(actor=actor, role=role, type=type, since=since, until=until,
                           negated=negated, doc_id=doc_id)  # fmt: skip
    with store.read() as conn:
        return count_rows(conn, filters)


def _stored_events(conn: Connection, rows: Sequence[Any]) -> list[StoredEvent]:
    ids = [row.id for row in rows]
    actors: dict[str, dict[str, list[str]]] = {i: {"source": [], "target": []} for i in ids}
    evidence: dict[str, list[Evidence]] = {i: [] for i in ids}
    for chunk in chunks(ids):
        stmt_a = (
            select(EVENT_ACTORS)
            .where(EVENT_ACTORS.c.event_id.in_(chunk))
            .order_by(EVENT_ACTORS.c.actor_id)
        )
        for a in conn.execute(stmt_a).all():
            actors[a.event_id][a.role].append(a.actor_id)
        stmt_e = select(EVIDENCE).where(EVIDENCE.c.event_id.in_(chunk)).order_by(EVIDENCE.c.id)
        for e in conn.execute(stmt_e).all():
            evidence[e.event_id].append(Evidence(e.doc_id, e.start, e.end, e.sentence))
    out = []
    for row in rows:
        found = evidence[row.id]
        if not found:  # only possible mid-way through a concurrent re-extraction
            continue
        out.append(StoredEvent(row.id, _event_from_row(row, actors[row.id], found[0]),
                               tuple(found)))  # fmt: skip
    return out


def _event_from_row(row: Any, actors: dict[str, list[str]], first: Evidence) -> Event:
    when = None
    if row.date_value is not None:
        when = DateValue(value=row.date_value, precision=row.date_precision,
                         start=row.date_start, end=row.date_end)  # fmt: skip
    return Event(
        type=row.type,
        source=tuple(actors["source"]),
        target=tuple(actors["target"]),
        evidence=first,
        mode=row.mode,
        detail=row.detail,
        amounts=tuple(Amount(a["value"], a["unit"], a.get("text", "")) for a in row.amounts or ()),
        date=when,
        negated=bool(row.negated),
        modality=row.modality,
        confidence=row.confidence,
        leader=row.leader,
        trigger=row.trigger,
        source_text=tuple(row.source_text or ()),
        target_text=tuple(row.target_text or ()),
        source_people=tuple(row.source_people or ()),
    )


# ------------------------------------------------------------------ quotes, predictions


def query_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    doc_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Quote]:
    """Quotes, by speaker (a person or actor id, or words of the speaker as written: a
    name, an institution, an unnamed speaker's description, one of a joint statement's
    speakers)."""
    stmt = select(QUOTES)
    if speaker is not None:
        stmt = stmt.where(
            or_(QUOTES.c.speaker == speaker,
                QUOTES.c.speaker_text.contains(speaker, autoescape=True),
                QUOTES.c.co_speakers.contains(speaker, autoescape=True))
        )  # fmt: skip
    if doc_id is not None:
        stmt = stmt.where(QUOTES.c.doc_id == doc_id)
    stmt = stmt.order_by(QUOTES.c.doc_id, QUOTES.c.start).limit(limit).offset(offset)
    with store.read() as conn:
        return [
            Quote(
                text=r.text,
                evidence=Evidence(r.doc_id, r.sentence_start, r.sentence_end, r.sentence),
                start=r.start,
                end=r.end,
                speaker=r.speaker,
                speaker_text=r.speaker_text,
                affiliation=r.affiliation,
                cue=r.cue,
                partial=bool(r.partial),
                speaker_type=r.speaker_type,
                co_speakers=tuple(r.co_speakers.split("\t")) if r.co_speakers else (),
            )
            for r in conn.execute(stmt).all()
        ]


def query_predictions(
    store: Store,
    *,
    status: str | None = None,
    predictor: str | None = None,
    subject: str | None = None,
    doc_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Prediction]:
    """Predictions, oldest statement first."""
    stmt = select(PREDICTIONS)
    if status is not None:
        stmt = stmt.where(PREDICTIONS.c.status == status)
    if predictor is not None:
        stmt = stmt.where(PREDICTIONS.c.predictor == predictor)
    if subject is not None:
        stmt = stmt.where(PREDICTIONS.c.subject == subject)
    if doc_id is not None:
        stmt = stmt.where(PREDICTIONS.c.doc_id == doc_id)
    stmt = stmt.order_by(
        PREDICTIONS.c.made_on.is_(None), PREDICTIONS.c.made_on, PREDICTIONS.c.doc_id,
        PREDICTIONS.c.sentence_start, PREDICTIONS.c.id,
    ).limit(limit).offset(offset)  # fmt: skip
    with store.read() as conn:
        return [
            Prediction(
                claim=r.claim,
                evidence=Evidence(r.doc_id, r.sentence_start, r.sentence_end, r.sentence),
                predictor=r.predictor,
                subject=r.subject,
                outcome=r.outcome,
                predictor_is_author=bool(r.predictor_is_author),
                deadline=r.deadline,
                horizon_text=r.horizon_text,
                likelihood=r.likelihood,
                likelihood_text=r.likelihood_text,
                conditional=bool(r.conditional),
                status=r.status,
                resolved_by=r.resolved_by,
            )
            for r in conn.execute(stmt).all()
        ]


@retry_on_disconnect
def set_prediction_status(
    store: Store,
    prediction_id: str,
    status: str,
    *,
    resolved_by: str | None = None,
    note: str | None = None,
) -> None:
    """Record how a prediction turned out (``open``, ``came_true`` or ``failed``) and the
    event that resolved it. Re-extracting the document keeps this."""
    if status not in ("open", "came_true", "failed"):
        raise StoreError(f"prediction {prediction_id}: unknown status {status!r}")
    values: dict[str, Any] = {"status": status, "resolved_by": resolved_by,
                              "resolution_note": note,
                              "resolved_at": None if status == "open" else func.now()}  # fmt: skip
    with store.write() as conn:
        found = conn.execute(
            update(PREDICTIONS)
            .where(PREDICTIONS.c.id == prediction_id)
            .values(values)
            .returning(PREDICTIONS.c.id)
        ).first()
    if found is None:
        raise NotFoundError(f"prediction {prediction_id}: no such prediction")


# ------------------------------------------------------------------ mentions, dates


def list_mentions(store: Store, doc_id: str) -> list[Mention]:
    stmt = select(MENTIONS).where(MENTIONS.c.doc_id == doc_id).order_by(MENTIONS.c.start)
    with store.read() as conn:
        return [
            Mention(
                doc_id=r.doc_id, start=r.start, end=r.end, text=r.text, kind=r.kind,
                actor_id=r.actor_id, state=r.state, confidence=r.confidence, role=r.role,
                affiliation=r.affiliation,
            )
            for r in conn.execute(stmt).all()
        ]  # fmt: skip


def list_dates(store: Store, doc_id: str) -> list[DateValue]:
    stmt = select(DATES).where(DATES.c.doc_id == doc_id).order_by(DATES.c.start)
    with store.read() as conn:
        return [
            DateValue(
                value=r.value, precision=r.precision, start=r.date_start, end=r.date_end,
                text=r.text, start_char=r.start, end_char=r.end,
            )
            for r in conn.execute(stmt).all()
        ]  # fmt: skip
