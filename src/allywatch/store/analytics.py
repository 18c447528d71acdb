"""SQL for the analyses (analyze/): filtered event loads, predictions, bulk inserts.

Every query filters in SQL through the ``event_actors`` (actor, role) and ``events.type``
indexes, so an analysis reads only the events it needs, also on a 1M-event store. Rows are
turned into the shared records of ``types.py`` (``StoredEvent``, ``Prediction``); no ORM object
leaves this module.

``store`` is anything that leads to an SQLAlchemy engine: an ``Engine``, or an object with an
``engine`` attribute (the store helper's ``Store``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine, Select, Table, and_, create_engine, event, func, insert, or_, select
from sqlalchemy.sql.elements import ColumnElement

from allywatch.errors import StoreError
from allywatch.store.models import (
    Base,
    DocumentRow,
    EventActorRow,
    EventRow,
    EvidenceRow,
    PredictionRow,
)
from allywatch.types import Amount, DateValue, Event, Evidence, Prediction, StoredEvent

__all__ = [
    "actor_events",
    "all_event_ids",
    "bulk_insert",
    "count_events",
    "document_meta",
    "engine_of",
    "event_ids_query",
    "load_events",
    "open_engine",
    "pair_events",
    "predictions_with_dates",
    "published_dates",
    "recent_sentences",
    "reliability_events",
    "store_size",
]

log = logging.getLogger(__name__)

E: Table = EventRow.__table__  # type: ignore[assignment]
EA: Table = EventActorRow.__table__  # type: ignore[assignment]
EV: Table = EvidenceRow.__table__  # type: ignore[assignment]
D: Table = DocumentRow.__table__  # type: ignore[assignment]
P: Table = PredictionRow.__table__  # type: ignore[assignment]


def engine_of(store: Any) -> Engine:
    """The SQLAlchemy engine behind ``store`` (an Engine or an object with ``.engine``)."""
    if isinstance(store, Engine):
        return store
    engine = getattr(store, "engine", None)
    if isinstance(engine, Engine):
        return engine
    raise StoreError(f"{store!r}: not a store (need an SQLAlchemy Engine or a Store)")


def open_engine(url: str) -> Engine:
    """An engine on ``url`` with the schema created (for benchmarks and tests); SQLite files
    get WAL and a larger cache."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA cache_size=-200000")
            cur.close()

    Base.metadata.create_all(engine)
    return engine


def event_ids_query(
    *,
    actors: Iterable[str] | Select[Any] | None = None,
    role: str | None = None,
    types: Iterable[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    negated: bool | None = None,
) -> Select[Any]:
    """A ``SELECT events.id`` with every filter in SQL. Undated events pass date filters."""
    query = select(E.c.id).distinct()
    conds: list[ColumnElement[bool]] = []
    if actors is not None:
        query = query.join(EA, EA.c.event_id == E.c.id)
        actor_filter = actors if isinstance(actors, Select) else list(actors)
        conds.append(EA.c.actor_id.in_(actor_filter))
        if role:
            conds.append(EA.c.role == role)
    if types is not None:
        conds.append(E.c.type.in_(list(types)))
    if since is not None:
        conds.append(or_(E.c.date_end.is_(None), E.c.date_end >= since))
    if until is not None:
        conds.append(or_(E.c.date_start.is_(None), E.c.date_start <= until))
    if negated is not None:
        conds.append(E.c.negated.is_(negated))
    return query.where(and_(*conds)) if conds else query


def _date(row: Any) -> DateValue | None:
    if not row.date_value or row.date_precision == "unknown":
        return None
    return DateValue(value=row.date_value, precision=row.date_precision,
                     start=row.date_start, end=row.date_end)  # fmt: skip


def load_events(store: Any, ids: Select[Any], *, limit: int | None = None) -> list[StoredEvent]:
    """The stored events whose ids ``ids`` selects, with actors and every evidence row."""
    engine = engine_of(store)
    if limit is not None:
        ids = ids.limit(limit)
    sub = ids.subquery()
    with engine.connect() as conn:
        rows = conn.execute(select(E).where(E.c.id.in_(select(sub.c.id)))).all()
        actors: dict[str, tuple[list[str], list[str]]] = {r.id: ([], []) for r in rows}
        for ea in conn.execute(
            select(EA.c.event_id, EA.c.actor_id, EA.c.role)
            .where(EA.c.event_id.in_(select(sub.c.id)))
            .order_by(EA.c.event_id, EA.c.actor_id)
        ):
            if ea.event_id in actors:
                actors[ea.event_id][0 if ea.role == "source" else 1].append(ea.actor_id)
        evidence: dict[str, list[Evidence]] = {}
        for ev in conn.execute(
            select(EV.c.event_id, EV.c.doc_id, EV.c.start, EV.c.end, EV.c.sentence)
            .where(EV.c.event_id.in_(select(sub.c.id)))
            .order_by(EV.c.event_id, EV.c.id)
        ):
            evidence.setdefault(ev.event_id, []).append(
                Evidence(ev.doc_id, ev.start, ev.end, ev.sentence))
    out = []
    for r in rows:
        evs = evidence.get(r.id)
        if not evs:
            log.warning("event %s has no evidence row; skipped", r.id)
            continue
        src, tgt = actors[r.id]
        amounts = tuple(Amount(float(a.get("value", 0)), str(a.get("unit", "")),
                               str(a.get("text", ""))) for a in (r.amounts or []))  # fmt: skip
        event_ = Event(
            type=r.type, source=tuple(src), target=tuple(tgt), evidence=evs[0], mode=r.mode,
            detail=r.detail or "", amounts=amounts, date=_date(r), negated=bool(r.negated),
            modality=r.modality, confidence=r.confidence, leader=r.leader,
            trigger=r.trigger or "", source_text=tuple(r.source_text or ()),
            target_text=tuple(r.target_text or ()), source_people=tuple(r.source_people or ()),
        )  # fmt: skip
        out.append(StoredEvent(id=r.id, event=event_, evidence=tuple(evs)))
    return out


def actor_events(
    store: Any, actor: str, *, since: date | None = None, until: date | None = None,
    types: Iterable[str] | None = None, limit: int | None = None,
) -> list[StoredEvent]:
    """Events with ``actor`` as source or target."""
    query = event_ids_query(actors=[actor], types=types, since=since, until=until)
    return load_events(store, query, limit=limit)


def pair_events(store: Any, a: str, b: str) -> list[StoredEvent]:
    """Events in which both ``a`` and ``b`` take part."""
    with_b = select(EA.c.event_id).where(EA.c.actor_id == b)
    query = select(EA.c.event_id.label("id")).where(
        EA.c.actor_id == a, EA.c.event_id.in_(with_b)).distinct()
    return load_events(store, query)


def reliability_events(
    store: Any, patron: str, *, tie_types: Sequence[str], response_types: Sequence[str],
    crisis_types: Sequence[str], since: date | None = None,
) -> list[StoredEvent]:
    """The patron's tie and response events, and the crisis events of its partners."""
    own = event_ids_query(actors=[patron], types=[*tie_types, *response_types])
    partners = (select(EA.c.actor_id).where(EA.c.event_id.in_(own), EA.c.actor_id != patron)
                .distinct())  # fmt: skip
    crises = event_ids_query(actors=partners, role="target", types=crisis_types, since=since)
    ids = own.union(crises)
    return load_events(store, select(ids.subquery().c.id))


def published_dates(store: Any, doc_ids: Iterable[str]) -> dict[str, date]:
    """Publication dates of the given documents (those that have one)."""
    ids = sorted(set(doc_ids))
    out: dict[str, date] = {}
    with engine_of(store).connect() as conn:
        for i in range(0, len(ids), 500):
            rows = conn.execute(select(D.c.id, D.c.published).where(D.c.id.in_(ids[i:i + 500])))
            out.update({r.id: r.published for r in rows if r.published})
    return out


def predictions_with_dates(
    store: Any, *, subjects: Iterable[str] | None = None, status: str | None = None,
) -> list[tuple[Prediction, date | None]]:
    """Stored predictions with the date they were made (``made_on``, else publication)."""
    query = select(P, D.c.published).join(D, D.c.id == P.c.doc_id, isouter=True)
    if subjects is not None:
        query = query.where(P.c.subject.in_(list(subjects)))
    if status is not None:
        query = query.where(P.c.status == status)
    out = []
    with engine_of(store).connect() as conn:
        for r in conn.execute(query):
            ev = Evidence(r.doc_id, r.sentence_start, r.sentence_end, r.sentence)
            pred = Prediction(
                claim=r.claim, evidence=ev, predictor=r.predictor, subject=r.subject,
                outcome=r.outcome, predictor_is_author=bool(r.predictor_is_author),
                deadline=r.deadline, horizon_text=r.horizon_text or "",
                likelihood=r.likelihood, likelihood_text=r.likelihood_text or "",
                conditional=bool(r.conditional), status=r.status, resolved_by=r.resolved_by,
            )  # fmt: skip
            out.append((pred, r.made_on or r.published))
    return out


def recent_sentences(store: Any, actor: str, *, limit: int = 200) -> list[Evidence]:
    """Evidence sentences of the ``limit`` newest events of ``actor`` (undated last)."""
    ids = (select(E.c.id).join(EA, EA.c.event_id == E.c.id).where(EA.c.actor_id == actor)
           .order_by(E.c.date_start.desc().nulls_last()).limit(limit))  # fmt: skip
    with engine_of(store).connect() as conn:
        rows = conn.execute(select(EV.c.doc_id, EV.c.start, EV.c.end, EV.c.sentence)
                            .where(EV.c.event_id.in_(ids)))  # fmt: skip
        return [Evidence(r.doc_id, r.start, r.end, r.sentence) for r in rows]


def count_events(store: Any) -> int:
    """``SELECT count(*) FROM events`` (the benchmark's baseline scan)."""
    with engine_of(store).connect() as conn:
        return int(conn.execute(select(func.count()).select_from(E)).scalar_one())


def store_size(store: Any) -> int | None:
    """Bytes of the SQLite file (None for other databases)."""
    engine = engine_of(store)
    if engine.dialect.name != "sqlite":
        return None
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
        size = conn.exec_driver_sql("PRAGMA page_size").scalar_one()
    return int(pages) * int(size)


def bulk_insert(
    store: Any, documents: Sequence[dict[str, Any]], events: Sequence[StoredEvent],
    predictions: Sequence[tuple[Prediction, date | None]] = (),
) -> None:
    """Insert documents (dicts of DocumentRow columns), events and ``(prediction, made_on)``
    pairs in one transaction with executemany; no upsert: for generated stores and
    fixtures, not for ingest (that is ``repository.save_extraction``)."""
    event_rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    evidence_rows: list[dict[str, Any]] = []
    for stored in events:
        ev = stored.event
        d = ev.date
        event_rows.append({
            "id": stored.id, "type": ev.type, "mode": ev.mode, "detail": ev.detail,
            "amounts": [{"value": a.value, "unit": a.unit, "text": a.text} for a in ev.amounts],
            "date_value": d.value if d else None,
            "date_precision": d.precision if d else "unknown",
            "date_start": d.start if d else None, "date_end": d.end if d else None,
            "negated": ev.negated, "modality": ev.modality, "confidence": ev.confidence,
            "leader": ev.leader, "trigger": ev.trigger, "source_text": list(ev.source_text),
            "target_text": list(ev.target_text), "source_people": list(ev.source_people),
        })  # fmt: skip
        for role, ids in (("source", ev.source), ("target", ev.target)):
            actor_rows.extend({"event_id": stored.id, "actor_id": a, "role": role}
                              for a in dict.fromkeys(ids))  # fmt: skip
        evidence_rows.extend({"event_id": stored.id, "doc_id": e.doc_id, "start": e.start,
                              "end": e.end, "sentence": e.sentence}
                             for e in (stored.evidence or (ev.evidence,)))  # fmt: skip
    with engine_of(store).begin() as conn:
        if documents:
            conn.execute(insert(D), list(documents))
        if event_rows:
            conn.execute(insert(E), event_rows)
            conn.execute(insert(EA), actor_rows)
            conn.execute(insert(EV), evidence_rows)
        if predictions:
            conn.execute(insert(P), [_prediction_row(p, made) for p, made in predictions])


def _prediction_row(p: Prediction, made: date | None) -> dict[str, Any]:
    ev = p.evidence
    return {
        "id": p.key, "doc_id": ev.doc_id, "claim": p.claim, "predictor": p.predictor,
        "predictor_is_author": p.predictor_is_author, "subject": p.subject,
        "outcome": p.outcome, "made_on": made, "deadline": p.deadline,
        "horizon_text": p.horizon_text, "likelihood": p.likelihood,
        "likelihood_text": p.likelihood_text, "conditional": p.conditional,
        "status": p.status, "resolved_by": p.resolved_by, "sentence_start": ev.start,
        "sentence_end": ev.end, "sentence": ev.sentence,
    }  # fmt: skip


def document_meta(store: Any, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``{doc_id: {"url", "title", "outlet", "published", "source"}}`` for the given ids."""
    ids = sorted(set(doc_ids))
    out: dict[str, dict[str, Any]] = {}
    cols = (D.c.id, D.c.url, D.c.title, D.c.outlet, D.c.published, D.c.source)
    with engine_of(store).connect() as conn:
        for i in range(0, len(ids), 500):
            for r in conn.execute(select(*cols).where(D.c.id.in_(ids[i:i + 500]))):
                out[r.id] = {"url": r.url, "title": r.title, "outlet": r.outlet,
                             "published": r.published, "source": r.source}  # fmt: skip
    return out


def all_event_ids(*, since: date | None = None, until: date | None = None) -> Select[Any]:
    """Every event id (with optional date filters), for exports and the whole graph."""
    return event_ids_query(since=since, until=until)
