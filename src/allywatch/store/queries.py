"""Queries: events (with all their evidence), quotes, predictions, mentions, dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    func,
    literal,
    literal_column,
    or_,
    select,
    update,
)

from allywatch.errors import NotFoundError, StoreError
from allywatch.store.engine import Store, retry_on_disconnect
from allywatch.store.tables import (
    DATES,
    EVENT_ACTORS,
    EVENTS,
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


def _event_filter(
    *,
    actor: str | None,
    role: str | None,
    type: str | None,
    since: date | None,
    until: date | None,
    negated: bool | None,
    doc_id: str | None,
    walk_dates: bool = False,
) -> list[ColumnElement[bool]]:
    """``walk_dates``: see :func:`_walk_dates`."""
    where: list[ColumnElement[bool]] = []
    if actor is not None:
        sub = select(EVENT_ACTORS.c.event_id).where(EVENT_ACTORS.c.actor_id == actor)
        if role is not None:
            sub = sub.where(EVENT_ACTORS.c.role == role)
        # ``'' || id`` is the id, but no index can serve it: SQLite then walks the events in
        # date order and tests each against the actor's ids, instead of looking up every one
        # of the actor's events by id and sorting them.
        event_id = literal("").concat(EVENTS.c.id) if walk_dates else EVENTS.c.id
        where.append(event_id.in_(sub))
    if type is not None:
        where.append(EVENTS.c.type == type.upper())
    if since is not None:
        where.append(func.coalesce(EVENTS.c.date_end, EVENTS.c.date_start) >= since)
    if until is not None:
        where.append(EVENTS.c.date_start <= until)
    if negated is not None:
        where.append(EVENTS.c.negated.is_(negated))
    if doc_id is not None:
        in_doc = select(EVIDENCE.c.event_id).where(EVIDENCE.c.doc_id == doc_id)
        where.append(EVENTS.c.id.in_(in_doc))
    return where


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
    last), then id, so ``limit``/``offset`` page stably.

    A page (``limit``) reads the dated and the undated events apart, each in the order of
    the ``(date_start, id)`` index: one ``ORDER BY date_start IS NULL, ...`` would make the
    database sort every matching row to return one page.
    """
    if role not in (None, "source", "target"):
        raise StoreError(f"role {role!r}: must be 'source' or 'target'")
    where = _event_filter(actor=actor, role=role, type=type, since=since, until=until,
                          negated=negated, doc_id=doc_id)  # fmt: skip
    with store.read() as conn:
        rows = _page_rows(conn, list(EVENTS.c), where, dated_only=since is not None
                          or until is not None, limit=limit, offset=offset)  # fmt: skip
        return _stored_events(conn, rows)


def _page_rows(
    conn: Connection, columns: list[Any], where: list[ColumnElement[bool]], *,
    dated_only: bool, limit: int | None, offset: int,
) -> list[Any]:  # fmt: skip
    """``columns`` of the events matching ``where``, by date (undated last), then id.

    A page (``limit``) reads the dated and the undated events apart, each in the order of
    the ``(date_start, id)`` index: one ``ORDER BY date_start IS NULL, ...`` would make the
    database sort every matching row to return one page.
    """
    if limit is None:  # every row: one statement, sorted once
        stmt: Select[Any] = (
            select(*columns).where(*where)
            .order_by(EVENTS.c.date_start.is_(None), EVENTS.c.date_start, EVENTS.c.id)
            .offset(offset)
        )  # fmt: skip
        return list(conn.execute(stmt).all())
    dated: Select[Any] = (
        select(*columns)
        .where(*where, EVENTS.c.date_start.is_not(None))
        .order_by(EVENTS.c.date_start, EVENTS.c.id)
        .limit(limit)
        .offset(offset)
    )
    rows = list(conn.execute(dated).all())
    if len(rows) < limit and not dated_only:
        # The dated events ran out on this page: the rest comes from the undated ones.
        if rows or offset == 0:
            skip = 0
        else:  # the page starts past the dated events: skip the rest of the offset
            n_dated = conn.execute(select(func.count()).select_from(EVENTS).where(
                *where, EVENTS.c.date_start.is_not(None))).scalar_one()  # fmt: skip
            skip = max(0, offset - int(n_dated))
        undated: Select[Any] = (
            select(*columns)
            .where(*where, EVENTS.c.date_start.is_(None))
            .order_by(EVENTS.c.id)
            .limit(limit - len(rows))
            .offset(skip)
        )
        rows.extend(conn.execute(undated).all())
    return rows


def _walk_dates(conn: Connection, actor: str, rows: int) -> bool:
    """Whether the first ``rows`` events of ``actor`` (in date order) are cheaper to find
    by walking all events in date order than by looking up each of the actor's events.

    Looking up costs about one probe per event of the actor (``n``) plus a sort; walking
    reads about ``rows * N / n`` events (``N`` all events) until ``rows`` of the actor's
    have passed. So walk when ``rows * N <= n * n``: the first pages of an actor with many
    events (on 100k events, an actor in 3,300 of them: page one in about a fifth of the
    time), never a deep page or a rare actor. SQLite only: elsewhere the planner decides.
    Both counts come from indexes (``max(rowid)`` estimates ``N``).
    """
    if conn.dialect.name != "sqlite":
        return False
    n = conn.execute(select(func.count()).select_from(EVENT_ACTORS)
                     .where(EVENT_ACTORS.c.actor_id == actor)).scalar_one()  # fmt: skip
    total = conn.execute(select(func.max(literal_column("rowid"))).select_from(EVENTS)).scalar()
    return bool(n) and rows * int(total or 0) <= int(n) * int(n)


#: What an event listing shows (no JSON columns, no date parsing): see :func:`event_listing`.
_LISTING_COLUMNS = [EVENTS.c.id, EVENTS.c.type, EVENTS.c.mode, EVENTS.c.detail,
                    EVENTS.c.date_value, EVENTS.c.date_precision, EVENTS.c.negated,
                    EVENTS.c.modality, EVENTS.c.confidence, EVENTS.c.leader]  # fmt: skip


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
    if role not in (None, "source", "target"):
        raise StoreError(f"role {role!r}: must be 'source' or 'target'")
    with store.read() as conn:
        walk = (
            actor is not None and type is None and since is None and until is None
            and negated is None and doc_id is None and limit is not None
            and _walk_dates(conn, actor, limit + offset)
        )  # fmt: skip
        where = _event_filter(actor=actor, role=role, type=type, since=since, until=until,
                              negated=negated, doc_id=doc_id, walk_dates=walk)  # fmt: skip
        rows = _page_rows(conn, _LISTING_COLUMNS, where, dated_only=since is not None
                          or until is not None, limit=limit, offset=offset)  # fmt: skip
        ids = [row.id for row in rows]
        actors: dict[str, dict[str, list[str]]] = {i: {"source": [], "target": []} for i in ids}
        evidence: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for chunk in chunks(ids):
            stmt_a = (
                select(EVENT_ACTORS.c.event_id, EVENT_ACTORS.c.role, EVENT_ACTORS.c.actor_id)
                .where(EVENT_ACTORS.c.event_id.in_(chunk))
                .order_by(EVENT_ACTORS.c.actor_id)
            )
            for event_id, event_role, actor_id in conn.execute(stmt_a):
                actors[event_id][event_role].append(actor_id)
            stmt_e = (
                select(EVIDENCE.c.event_id, EVIDENCE.c.doc_id, EVIDENCE.c.start,
                       EVIDENCE.c.end, EVIDENCE.c.sentence)
                .where(EVIDENCE.c.event_id.in_(chunk))
                .order_by(EVIDENCE.c.id)
            )  # fmt: skip
            for event_id, ev_doc, start, end, sentence in conn.execute(stmt_e):
                evidence[event_id].append({
                    "doc_id": ev_doc, "start": start, "end": end, "sentence": sentence,
                    # as Evidence.in_title: a title's evidence is the empty span at 0
                    "in_title": start == 0 and end == 0 and bool(sentence),
                })  # fmt: skip
    out = []
    for row in rows:
        if not evidence[row.id]:  # only possible mid-way through a concurrent re-extraction
            continue
        out.append({
            "id": row.id, "type": row.type, "mode": row.mode,
            "source": actors[row.id]["source"], "target": actors[row.id]["target"],
            "detail": row.detail, "date": row.date_value,
            "date_precision": row.date_precision if row.date_value is not None else "unknown",
            "negated": bool(row.negated), "modality": row.modality,
            "confidence": row.confidence, "leader": row.leader, "evidence": evidence[row.id],
        })  # fmt: skip
    return out


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
    where = _event_filter(actor=actor, role=role, type=type, since=since, until=until,
                          negated=negated, doc_id=doc_id)  # fmt: skip
    with store.read() as conn:
        stmt = select(func.count()).select_from(EVENTS).where(*where)
        return int(conn.execute(stmt).scalar_one())


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
        for a in conn.execute(stmt_a):
            actors[a.event_id][a.role].append(a.actor_id)
        stmt_e = select(EVIDENCE).where(EVIDENCE.c.event_id.in_(chunk)).order_by(EVIDENCE.c.id)
        for e in conn.execute(stmt_e):
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
    """Quotes, by speaker (a person id, or words of an unnamed speaker's description)."""
    stmt = select(QUOTES)
    if speaker is not None:
        stmt = stmt.where(
            or_(QUOTES.c.speaker == speaker,
                QUOTES.c.speaker_text.contains(speaker, autoescape=True))
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
            )
            for r in conn.execute(stmt)
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
            for r in conn.execute(stmt)
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
            for r in conn.execute(stmt)
        ]  # fmt: skip


def list_dates(store: Store, doc_id: str) -> list[DateValue]:
    stmt = select(DATES).where(DATES.c.doc_id == doc_id).order_by(DATES.c.start)
    with store.read() as conn:
        return [
            DateValue(
                value=r.value, precision=r.precision, start=r.date_start, end=r.date_end,
                text=r.text, start_char=r.start, end_char=r.end,
            )
            for r in conn.execute(stmt)
        ]  # fmt: skip
