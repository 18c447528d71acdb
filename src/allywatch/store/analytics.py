"""SQL for the analyses (analyze/): filtered event loads, predictions, bulk inserts.

Every query filters in SQL through the ``event_actors`` (actor, role) and ``events.type``
indexes, so an analysis reads only the events it needs, also on a 1M-event store. Rows are
turned into the shared records of ``types.py`` (``StoredEvent``, ``Prediction``); no ORM object
leaves this module.

``store`` is anything that leads to an SQLAlchemy engine: an ``Engine``, or an object with an
``engine`` attribute (the store helper's ``Store``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    Select,
    String,
    Table,
    and_,
    case,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
    type_coerce,
)
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
    "EdgeFacts",
    "TieWords",
    "actor_events",
    "all_event_ids",
    "bulk_insert",
    "count_actor_events",
    "count_events",
    "document_meta",
    "engine_of",
    "event_ids_query",
    "graph_facts",
    "load_events",
    "open_engine",
    "pair_events",
    "prediction_heads",
    "predictions_with_dates",
    "published_dates",
    "recent_sentences",
    "reliability_events",
    "store_size",
    "tie_counts",
    "tie_samples",
    "tie_words",
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
            cur.execute("PRAGMA mmap_size=1073741824")
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
    """A ``SELECT`` of event ids (column ``id``) with every filter in SQL. Undated events
    pass date filters.

    With ``actors``, types and dates are read from ``event_actors``' copies (migration
    0003), so the selection is a range scan of its ``(actor_id, role, type, ...)`` index
    without one event-row lookup per event of the actors.
    """
    if actors is None:
        query = select(E.c.id).distinct()
        type_col, start_col, end_col = E.c.type, E.c.date_start, E.c.date_end
    else:
        query = select(EA.c.event_id.label("id")).distinct()
        type_col, start_col, end_col = EA.c.type, EA.c.date_start, EA.c.date_end
    conds: list[ColumnElement[bool]] = []
    if actors is not None:
        actor_filter = actors if isinstance(actors, Select) else list(actors)
        conds.append(EA.c.actor_id.in_(actor_filter))
        if role:
            conds.append(EA.c.role == role)
    if types is not None:
        conds.append(type_col.in_(list(types)))
    if since is not None:
        conds.append(or_(end_col.is_(None), end_col >= since))
    if until is not None:
        conds.append(or_(start_col.is_(None), start_col <= until))
    if negated is not None:
        if actors is not None:
            query = query.join(E, E.c.id == EA.c.event_id)
        conds.append(E.c.negated.is_(negated))
    return query.where(and_(*conds)) if conds else query


def _day(value: Any) -> date | None:
    # Dates are read as text on SQLite (date.fromisoformat is much faster than the dialect's
    # regex-based Date processor); other drivers hand back date objects.
    if value is None or isinstance(value, date):
        return value
    return _parse_day(str(value))


@lru_cache(maxsize=1 << 16)
def _parse_day(text: str) -> date:
    # Analyses read tens of thousands of rows sharing a few thousand distinct days.
    return date.fromisoformat(text[:10])


_IDS = Table("_analysis_ids", MetaData(), Column("id", String(32), primary_key=True),
             prefixes=["TEMPORARY"])  # fmt: skip
_KEYS = Table("_analysis_keys", MetaData(), Column("key", String(200), primary_key=True),
              prefixes=["TEMPORARY"])  # fmt: skip
#: The event columns the analyses read, in the order ``load_events`` unpacks them; then the
#: as-written actor texts (left out by ``light`` loads).
_EVENT_COLS = ("id", "type", "mode", "detail", "amounts", "date_value", "date_precision",
               "date_start", "date_end", "negated", "modality", "confidence", "leader",
               "trigger")  # fmt: skip
_TEXT_COLS = ("source_text", "target_text", "source_people")
# Dates and JSON are read as text and parsed only when present (the dialect's processors
# cost more than the rest of a row).
_COLS = {c.name: type_coerce(c, String).label(c.name)
         if c.name in ("date_start", "date_end", "amounts", *_TEXT_COLS) else c
         for c in E.c}  # fmt: skip


def _fetch(conn: Any, stmt: Any) -> list[Any]:
    """Every row of ``stmt`` as the driver returns it (plain tuples): on tens of thousands of
    rows, SQLAlchemy's row objects and per-row type processing cost more than the SQL. The
    statements read dates and JSON as text (``_COLS``), so no processor is skipped that
    the callers need."""
    result = conn.execute(stmt)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()




def _json_list(raw: Any) -> list[Any]:
    if raw is None or raw in ("", "[]", "null"):
        return []
    return list(json.loads(raw) if isinstance(raw, str | bytes) else raw)


#: A document's publication date, read as text (parsed by ``_day``).
_PUBLISHED = type_coerce(D.c.published, String).label("published")


def _collect_published(into: dict[str, date], pairs: Iterable[tuple[str, Any]]) -> None:
    for doc_id, raw in pairs:
        if raw is not None and doc_id not in into:
            day = _day(raw)
            if day is not None:
                into[doc_id] = day


#: Separates actor ids in one aggregated string (ids never contain it).
_SEP = "\x1f"


def _actors_of(role: str) -> Any:
    """The event's actors in ``role``, joined with ``_SEP`` (order fixed in Python)."""
    return (select(func.aggregate_strings(EA.c.actor_id, _SEP))
            .where(EA.c.event_id == E.c.id, EA.c.role == role)
            .scalar_subquery())  # fmt: skip


def _split(joined: str | None) -> tuple[str, ...]:
    if not joined:
        return ()
    if _SEP not in joined:
        return (joined,)
    return tuple(sorted(joined.split(_SEP)))


def load_events(
    store: Any, ids: Select[Any], *, limit: int | None = None, light: bool = False,
    published: dict[str, date] | None = None,
) -> list[StoredEvent]:
    """The stored events whose ids ``ids`` selects, with actors and every evidence row.

    The ids go once into a per-connection temporary table; one read joins it (on its key)
    with the events, their evidence rows and their actors aggregated per role. ``light``
    skips the as-written actor texts (``source_text``, ``target_text``, ``source_people``),
    which no analysis reads. Rows are fetched as plain tuples and equal dates share one
    ``DateValue``: on a patron with tens of thousands of events, per-row overhead costs more
    than the SQL. ``published``, when given, receives the publication date of every
    evidence document (read in the same statement).
    """
    engine = engine_of(store)
    if limit is not None:
        ids = ids.limit(limit)
    names = _EVENT_COLS if light else _EVENT_COLS + _TEXT_COLS
    cols = [*(_COLS[n] for n in names), _actors_of("source"), _actors_of("target"),
            EV.c.doc_id, EV.c.start, EV.c.end, EV.c.sentence, _PUBLISHED]  # fmt: skip
    with engine.connect() as conn:
        _IDS.create(conn, checkfirst=True)
        conn.execute(_IDS.delete())
        conn.execute(insert(_IDS).from_select(["id"], select(ids.subquery().c.id).distinct()))
        # "IN (SELECT id FROM temp)" makes SQLite look rows up by key; a join would let it
        # scan the big table when the temporary one has no statistics.
        rows = _fetch(conn, select(*cols).join(EV, EV.c.event_id == E.c.id)
                      .join(D, D.c.id == EV.c.doc_id, isouter=True)
                      .where(E.c.id.in_(select(_IDS.c.id)))
                      .order_by(E.c.id, EV.c.id))  # fmt: skip
        conn.execute(_IDS.delete())
        conn.commit()
    n = len(names)
    if published is not None:
        _collect_published(published, ((r[n + 2], r[n + 6]) for r in rows))
    dates: dict[tuple[Any, ...], DateValue | None] = {}
    out = []
    i = 0
    while i < len(rows):
        row = rows[i]
        id_ = row[0]
        evs = [Evidence(*row[n + 2:n + 6])]
        i += 1
        while i < len(rows) and rows[i][0] == id_:  # more evidence rows of the same event
            evs.append(Evidence(*rows[i][n + 2:n + 6]))
            i += 1
        (_id, type_, mode, detail, amounts_raw, value, precision, start, end, negated,
         modality, confidence, leader, trigger) = row[:14]  # fmt: skip
        amounts: tuple[Amount, ...] = ()
        if amounts_raw and amounts_raw not in ("[]", "null"):
            amounts = tuple(Amount(float(a.get("value", 0)), str(a.get("unit", "")),
                                   str(a.get("text", "")))
                            for a in _json_list(amounts_raw))  # fmt: skip
        when = None
        if value and precision != "unknown":
            key = (value, precision, start, end)
            when = dates.get(key)
            if when is None:
                when = dates[key] = DateValue(value=value, precision=precision,
                                              start=_day(start), end=_day(end))  # fmt: skip
        texts: tuple[tuple[str, ...], ...] = ((), (), ()) if light else tuple(
            tuple(_json_list(raw)) for raw in row[14:17])
        event_ = Event(
            type_, _split(row[n]), _split(row[n + 1]), evs[0], mode, detail or "", amounts,
            when, bool(negated), modality, confidence, leader, trigger or "",
            source_text=texts[0], target_text=texts[1], source_people=texts[2],
        )  # fmt: skip
        out.append(StoredEvent(id_, event_, tuple(evs)))
    return out


class EdgeFacts(NamedTuple):
    """What the alliance graph reads of one event (no full record is built)."""

    id: str
    type: str
    negated: bool
    start: date | None  # None when undated
    end: date | None
    words: str  # mode, detail and trigger, lower-cased
    sentence: str  # the first evidence sentence
    source: tuple[str, ...]
    target: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]  # (doc_id, sentence) of every evidence row


def graph_facts(store: Any, ids: Select[Any]) -> list[EdgeFacts]:
    """:class:`EdgeFacts` of the events ``ids`` selects, in one read (as ``load_events``)."""
    cols = [E.c.id, E.c.type, E.c.negated, _COLS["date_start"], _COLS["date_end"],
            E.c.date_value, E.c.date_precision, E.c.mode, E.c.detail, E.c.trigger,
            _actors_of("source"), _actors_of("target"), EV.c.doc_id, EV.c.sentence]  # fmt: skip
    # One read, so no temporary table: SQLite turns "IN (SELECT ...)" into a key lookup.
    with engine_of(store).connect() as conn:
        rows = _fetch(conn, select(*cols).join(EV, EV.c.event_id == E.c.id)
                      .where(E.c.id.in_(select(ids.subquery().c.id)))
                      .order_by(E.c.id, EV.c.id))  # fmt: skip
    days: dict[Any, date | None] = {}
    out: list[EdgeFacts] = []
    i = 0
    while i < len(rows):
        (id_, type_, negated, start, end, value, precision, mode, detail, trigger, src, tgt,
         doc_id, sentence) = rows[i]  # fmt: skip
        evidence = [(doc_id, sentence)]
        i += 1
        while i < len(rows) and rows[i][0] == id_:
            evidence.append((rows[i][12], rows[i][13]))
            i += 1
        first = last = None
        if value and precision != "unknown" and start is not None:
            first = days[start] if start in days else days.setdefault(start, _day(start))
            last = days[end] if end in days else days.setdefault(end, _day(end))
        words = " ".join(p for p in (mode, detail, trigger) if p).lower()
        out.append(EdgeFacts(id_, type_, bool(negated), first, last or first, words, sentence,
                             _split(src), _split(tgt), tuple(evidence)))  # fmt: skip
    return out


def actor_events(
    store: Any, actor: str, *, since: date | None = None, until: date | None = None,
    types: Iterable[str] | None = None, limit: int | None = None, role: str | None = None,
    light: bool = False,
) -> list[StoredEvent]:
    """Events with ``actor`` as source or target (or in ``role`` only)."""
    query = event_ids_query(actors=[actor], role=role, types=types, since=since, until=until)
    return load_events(store, query, limit=limit, light=light)


def count_actor_events(store: Any, actor: str) -> int:
    """How many events ``actor`` takes part in."""
    query = select(func.count(func.distinct(EA.c.event_id))).where(EA.c.actor_id == actor)
    with engine_of(store).connect() as conn:
        return int(conn.execute(query).scalar_one())


def pair_events(store: Any, a: str, b: str) -> list[StoredEvent]:
    """Events in which both ``a`` and ``b`` take part."""
    with_b = select(EA.c.event_id).where(EA.c.actor_id == b)
    query = select(EA.c.event_id.label("id")).where(
        EA.c.actor_id == a, EA.c.event_id.in_(with_b)).distinct()
    return load_events(store, query)


def _tie_filter(
    me: Any, other: Any, types: Sequence[str], exclude_modalities: Sequence[str],
    exclude_ids: Collection[str],
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [me.c.role != other.c.role, me.c.type.in_(list(types))]
    if exclude_modalities:
        conds.append(me.c.modality.not_in(list(exclude_modalities)))
    if exclude_ids:
        conds.append(me.c.event_id.not_in(sorted(exclude_ids)))
    return conds


def tie_counts(
    store: Any, patron: str, types: Sequence[str], *, exclude_modalities: Sequence[str] = (),
    exclude_ids: Collection[str] = (),
) -> dict[str, tuple[int, date | None, int]]:
    """Per partner of ``patron`` (on the other side of an event of ``types``): ``(events,
    earliest dated start, undated events)``, aggregated in SQL. Events whose modality is in
    ``exclude_modalities``, or whose id is in ``exclude_ids``, are left out. Reads
    ``event_actors`` only (type, date and modality are copied there)."""
    me = EA.alias("me")
    other = EA.alias("other")
    query = (
        select(other.c.actor_id, func.count(func.distinct(me.c.event_id)),
               func.min(type_coerce(me.c.date_start, String)),
               func.count(func.distinct(case((me.c.date_start.is_(None), me.c.event_id)))))
        .select_from(me)
        .join(other, other.c.event_id == me.c.event_id)
        .where(me.c.actor_id == patron, other.c.actor_id != patron,
               *_tie_filter(me, other, types, exclude_modalities, exclude_ids))
        .group_by(other.c.actor_id)
    )  # fmt: skip
    with engine_of(store).connect() as conn:
        rows = conn.execute(query).all()
    return {a: (int(n), _day(first), int(undated)) for a, n, first, undated in rows}


def tie_samples(
    store: Any, patron: str, partners: Sequence[str], types: Sequence[str], per_partner: int = 3,
    *, exclude_modalities: Sequence[str] = (), exclude_ids: Collection[str] = (),
) -> dict[str, list[StoredEvent]]:
    """The ``per_partner`` earliest tie events of each partner (evidence to show), with the
    exclusions of :func:`tie_counts`."""
    me = EA.alias("me")
    other = EA.alias("other")
    rank = func.row_number().over(
        partition_by=other.c.actor_id, order_by=(me.c.date_start, me.c.event_id)).label("rank")
    ranked = (
        select(other.c.actor_id.label("partner"), me.c.event_id.label("id"), rank)
        .select_from(me)
        .join(other, other.c.event_id == me.c.event_id)
        .where(me.c.actor_id == patron, other.c.actor_id.in_(list(partners)),
               *_tie_filter(me, other, types, exclude_modalities, exclude_ids))
    ).subquery()  # fmt: skip
    picked = select(ranked.c.partner, ranked.c.id).where(ranked.c.rank <= per_partner)
    with engine_of(store).connect() as conn:
        pairs = conn.execute(picked).all()
    events = {s.id: s for s in load_events(store, select(picked.subquery().c.id), light=True)}
    out: dict[str, list[StoredEvent]] = {}
    for partner, event_id in pairs:
        if event_id in events:
            out.setdefault(partner, []).append(events[event_id])
    return out


class TieWords(NamedTuple):
    """The words of one of an actor's events that a text rule reads (see ``tie_words``)."""

    id: str
    mode: str
    detail: str
    trigger: str
    sentence: str


def tie_words(
    store: Any, actor: str, types: Sequence[str], keywords: Sequence[str]
) -> list[TieWords]:
    """``actor``'s events of ``types`` (either role) with one of ``keywords`` anywhere in
    their mode, detail, trigger or an evidence sentence (case-insensitive substring), with
    their first sentence, for a finer rule in Python: the analyses' mediation test reads
    these few events instead of every tie. Every event the rule can match is among them (a
    keyword at a word start is also a substring).

    Two narrow passes find them — the sentences through the evidence index, the words
    through the event rows — each cheaper than one pass joining both for every event.
    """
    if not keywords:
        return []
    engine = engine_of(store)
    ids = select(EA.c.event_id).where(EA.c.actor_id == actor, EA.c.type.in_(list(types)))

    def hit(text: Any) -> ColumnElement[bool]:
        # SQLite's LIKE ignores ASCII case (the keywords' alphabet); others need ILIKE.
        if engine.dialect.name == "sqlite":
            return or_(*(text.like(f"%{_like(k)}%", escape="\\") for k in keywords))
        return or_(*(text.ilike(f"%{_like(k)}%", escape="\\") for k in keywords))

    words = (func.coalesce(E.c.mode, "") + " " + func.coalesce(E.c.detail, "") + " "
             + func.coalesce(E.c.trigger, ""))  # fmt: skip
    by_sentence = select(EV.c.event_id).where(EV.c.event_id.in_(ids), hit(EV.c.sentence))
    by_words = select(E.c.id).where(E.c.id.in_(ids), hit(words))
    first = (select(func.min(EV.c.id)).where(EV.c.event_id == E.c.id)
             .correlate(E).scalar_subquery())  # fmt: skip
    with engine.connect() as conn:
        found = {r[0] for r in _fetch(conn, by_sentence)} | {r[0] for r in _fetch(conn, by_words)}
        if not found:
            return []
        rows = _fetch(conn, select(E.c.id, E.c.mode, E.c.detail, E.c.trigger, EV.c.sentence)
                      .join(EV, EV.c.id == first).where(E.c.id.in_(sorted(found))))  # fmt: skip
    return [TieWords(i, m or "", d or "", t or "", sent or "") for i, m, d, t, sent in rows]


def _like(text: str) -> str:
    """``text`` with LIKE's wildcards escaped (escape character ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def reliability_events(
    store: Any, patron: str, allies: Sequence[str], *, response_types: Sequence[str],
    verbal_types: Sequence[str], crisis_types: Sequence[str], since: date | None = None,
    published: dict[str, date] | None = None,
) -> list[StoredEvent]:
    """What reliability reads besides the tie counts: the crisis events of the patron's
    ``allies``, the patron's responses toward them, and its words toward the attackers.

    Two reads: the crisis events first (their sources are the attackers), then the patron's
    events of the response and verbal types in one pass over its events as source.
    ``published`` receives the publication dates of their documents (see ``load_events``).
    """
    crises = load_events(store, event_ids_query(actors=list(allies), role="target",
                                                types=crisis_types, since=since),
                         light=True, published=published)  # fmt: skip
    attackers = sorted({a for s in crises for a in s.event.source} - {patron})
    me = EA.alias("me")
    to = EA.alias("to")
    toward_allies = and_(me.c.type.in_(list(response_types)), to.c.actor_id.in_(list(allies)))
    toward_attackers = and_(me.c.type.in_(list(verbal_types)), to.c.actor_id.in_(attackers))
    wanted = or_(toward_allies, toward_attackers) if attackers else toward_allies
    own = (select(me.c.event_id.label("id"))
           .join(to, to.c.event_id == me.c.event_id)
           .where(me.c.actor_id == patron, me.c.role == "source", to.c.role == "target",
                  me.c.type.in_([*response_types, *verbal_types]), wanted))  # fmt: skip
    have = {s.id for s in crises}
    own_events = load_events(store, own, light=True, published=published)
    return crises + [s for s in own_events if s.id not in have]


def _keyed_rows(store: Any, keys: Iterable[str], key_col: Any, cols: Sequence[Any]) -> list[Any]:
    """Rows of ``cols`` whose ``key_col`` is one of ``keys``: the keys go into a temporary
    table (one executemany) that the read joins, instead of thousands of bound parameters."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    with engine_of(store).connect() as conn:
        _KEYS.create(conn, checkfirst=True)
        conn.execute(_KEYS.delete())
        conn.execute(insert(_KEYS), [{"key": k} for k in wanted])
        rows = _fetch(conn, select(*cols).where(key_col.in_(select(_KEYS.c.key))))
        conn.execute(_KEYS.delete())
        conn.commit()
    return rows


def published_dates(store: Any, doc_ids: Iterable[str]) -> dict[str, date]:
    """Publication dates of the given documents (those that have one)."""
    rows = _keyed_rows(store, doc_ids, D.c.id, (D.c.id, type_coerce(D.c.published, String)))
    return {doc_id: day for doc_id, raw in rows if (day := _day(raw)) is not None}


_PRED_COLS = (P.c.doc_id, P.c.sentence_start, P.c.sentence_end, P.c.sentence, P.c.claim,
              P.c.predictor, P.c.subject, P.c.outcome, P.c.predictor_is_author,
              type_coerce(P.c.deadline, String), P.c.horizon_text, P.c.likelihood,
              P.c.likelihood_text, P.c.conditional, P.c.status, P.c.resolved_by,
              type_coerce(P.c.made_on, String), _PUBLISHED)  # fmt: skip


def predictions_with_dates(
    store: Any, *, subjects: Iterable[str] | None = None, status: str | None = None,
    published: dict[str, date] | None = None,
) -> list[tuple[Prediction, date | None]]:
    """Stored predictions with the date they were made (``made_on``, else publication).
    ``published`` receives the publication dates of their documents."""
    query = select(*_PRED_COLS).join(D, D.c.id == P.c.doc_id, isouter=True)
    if subjects is not None:
        query = query.where(P.c.subject.in_(list(subjects)))
    if status is not None:
        query = query.where(P.c.status == status)
    with engine_of(store).connect() as conn:
        rows = _fetch(conn, query)
    if published is not None:
        _collect_published(published, ((r[0], r[17]) for r in rows))
    out = []
    for (doc_id, start, end, sentence, claim, predictor, subject, outcome, by_author,
         deadline, horizon, likelihood, likelihood_text, conditional, status_, resolved_by,
         made_on, pub) in rows:  # fmt: skip
        pred = Prediction(
            claim=claim, evidence=Evidence(doc_id, start, end, sentence), predictor=predictor,
            subject=subject, outcome=outcome, predictor_is_author=bool(by_author),
            deadline=_day(deadline), horizon_text=horizon or "", likelihood=likelihood,
            likelihood_text=likelihood_text or "", conditional=bool(conditional),
            status=status_, resolved_by=resolved_by,
        )  # fmt: skip
        out.append((pred, _day(made_on) or _day(pub)))
    return out


def prediction_heads(
    store: Any, *, status: str | None = None, published: dict[str, date] | None = None,
) -> list[tuple[str | None, str]]:
    """``(subject, doc_id)`` of the stored predictions (of ``status``): what choosing which
    predictions to load needs. ``published`` receives their documents' publication dates."""
    query = select(P.c.subject, P.c.doc_id, _PUBLISHED).join(D, D.c.id == P.c.doc_id,
                                                            isouter=True)  # fmt: skip
    if status is not None:
        query = query.where(P.c.status == status)
    with engine_of(store).connect() as conn:
        rows = _fetch(conn, query)
    if published is not None:
        _collect_published(published, ((doc_id, pub) for _s, doc_id, pub in rows))
    return [(subject, doc_id) for subject, doc_id, _pub in rows]


def recent_sentences(store: Any, actor: str, *, limit: int = 200) -> list[Evidence]:
    """Evidence sentences of the ``limit`` newest events of ``actor`` (latest start first,
    then undated ones). Two walks of the ``(actor_id, date_start, event_id)`` index with
    LIMIT — dated events newest first, then undated ones if too few — instead of sorting
    all of the actor's events."""
    dated = (select(EA.c.event_id, EA.c.date_start)
             .where(EA.c.actor_id == actor, EA.c.date_start.is_not(None))
             .order_by(EA.c.date_start.desc(), EA.c.event_id.desc()).limit(2 * limit))  # fmt: skip
    undated = (select(EA.c.event_id).where(EA.c.actor_id == actor, EA.c.date_start.is_(None))
               .order_by(EA.c.event_id.desc()).limit(2 * limit))  # fmt: skip
    # 2 * limit rows: an actor in both roles of one event has two rows for it.
    with engine_of(store).connect() as conn:
        ids = list(dict.fromkeys(r[0] for r in _fetch(conn, dated)))[:limit]
        if len(ids) < limit:
            more = dict.fromkeys(r[0] for r in _fetch(conn, undated))
            ids.extend(list(more)[:limit - len(ids)])
        if not ids:
            return []
        rows = _fetch(conn, select(EV.c.doc_id, EV.c.start, EV.c.end, EV.c.sentence)
                      .where(EV.c.event_id.in_(ids)))  # fmt: skip
    return [Evidence(*r) for r in rows]


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
        facts = {"type": ev.type, "date_start": d.start if d else None,
                 "date_end": d.end if d else None, "modality": ev.modality}  # fmt: skip
        for role, ids in (("source", ev.source), ("target", ev.target)):
            actor_rows.extend({"event_id": stored.id, "actor_id": a, "role": role, **facts}
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
    cols = (D.c.id, D.c.url, D.c.title, D.c.outlet, type_coerce(D.c.published, String),
            D.c.source)  # fmt: skip
    return {r[0]: {"url": r[1], "title": r[2], "outlet": r[3], "published": _day(r[4]),
                   "source": r[5]} for r in _keyed_rows(store, doc_ids, D.c.id, cols)}  # fmt: skip


def all_event_ids(*, since: date | None = None, until: date | None = None) -> Select[Any]:
    """Every event id (with optional date filters), for exports and the whole graph."""
    return event_ids_query(since=since, until=until)
