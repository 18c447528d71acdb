"""Which events a filtered page holds, in order: the statements behind ``query_events`` and
``event_listing``.

Events are ordered by date (``date_start``; undated last), then id. A page (``limit``) reads
the dated and the undated events apart, each in the order of an index, so the database
stops after ``offset + limit`` rows instead of sorting every match:

- **with an actor** (and no document filter) the page walks ``event_actors`` through
  ``ix_event_actors_actor_date`` (actor, date_start, event_id): exactly the actor's events,
  already in page order. Type and date filters test ``event_actors``' own copies of the
  event's type and dates (migration 0003: they never differ from the event's), so only
  ``negated`` needs the event row; the page's ids are chosen first and only those events
  are read. (Before: every event of the actor was looked up by id and sorted, or every
  event walked in date order and tested against the actor's ids.)
- **otherwise** it walks ``ix_events_date_start_id``, or ``ix_events_type_date_start_id``
  for one type.

The statements are built once per filter shape (which filters are given, dated or
undated part, which columns) with bound parameters, and reused: building a SELECT cost
more Python time per request than SQLite took to run it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Date,
    Integer,
    Select,
    String,
    bindparam,
    func,
    select,
)

from allywatch.errors import StoreError
from allywatch.store.tables import EVENT_ACTORS, EVENTS, EVIDENCE

__all__ = ["LISTING_COLUMNS", "EventFilters", "count_rows", "page_rows"]

#: What an event listing shows (no JSON columns, no date parsing).
LISTING_COLUMNS = ("id", "type", "mode", "detail", "date_value", "date_precision", "negated",
                   "modality", "confidence", "leader")  # fmt: skip
#: Every column of an event (the records' reads).
ALL_COLUMNS = tuple(c.name for c in EVENTS.c)


@dataclass(frozen=True, slots=True)
class EventFilters:
    """The filters of an event query (see ``queries.query_events``); None: not filtered."""

    actor: str | None = None
    role: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    negated: bool | None = None
    doc_id: str | None = None

    def __post_init__(self) -> None:
        if self.role not in (None, "source", "target"):
            raise StoreError(f"role {self.role!r}: must be 'source' or 'target'")

    @property
    def dated_only(self) -> bool:
        """Undated events never match a date filter."""
        return self.since is not None or self.until is not None

    @property
    def by_actor(self) -> bool:
        """Walk the actor's ``event_actors`` entries (a document's few events are cheaper
        to look up by id)."""
        return self.actor is not None and self.doc_id is None

    def shape(self) -> tuple[bool, ...]:
        """Which filters are given: the key of the prepared statements."""
        return (self.actor is not None, self.role is not None, self.type is not None,
                self.since is not None, self.until is not None, self.negated is not None,
                self.doc_id is not None)  # fmt: skip

    def params(self) -> dict[str, Any]:
        values = {"actor": self.actor, "role": self.role,
                  "type": self.type.upper() if self.type is not None else None,
                  "since": self.since, "until": self.until, "negated": self.negated,
                  "doc_id": self.doc_id}  # fmt: skip
        return {k: v for k, v in values.items() if v is not None}


# Bound parameters of the prepared statements (typed, so that each dialect binds them right).
_ACTOR = bindparam("actor", type_=String)
_ROLE = bindparam("role", type_=String)
_TYPE = bindparam("type", type_=String)
_SINCE = bindparam("since", type_=Date)
_UNTIL = bindparam("until", type_=Date)
_NEGATED = bindparam("negated", type_=Boolean)
_DOC = bindparam("doc_id", type_=String)
_LIMIT = bindparam("limit", type_=Integer)
_OFFSET = bindparam("offset", type_=Integer)


def _where(shape: tuple[bool, ...], *, on_actors: bool) -> list[ColumnElement[bool]]:
    """The conditions of ``shape``; ``on_actors``: type and dates from ``event_actors``
    (the actor path, which joins ``events`` only for ``negated``)."""
    actor, role, type_, since, until, negated, doc = shape
    ea = EVENT_ACTORS
    where: list[ColumnElement[bool]] = []
    if on_actors:
        where.append(ea.c.actor_id == _ACTOR)
        if role:
            where.append(ea.c.role == _ROLE)
        start, end, kind = ea.c.date_start, ea.c.date_end, ea.c.type
    else:
        if actor:
            sub = select(ea.c.event_id).where(ea.c.actor_id == _ACTOR)
            if role:
                sub = sub.where(ea.c.role == _ROLE)
            where.append(EVENTS.c.id.in_(sub))
        start, end, kind = EVENTS.c.date_start, EVENTS.c.date_end, EVENTS.c.type
    if type_:
        where.append(kind == _TYPE)
    if since:
        where.append(func.coalesce(end, start) >= _SINCE)
    if until:
        where.append(start <= _UNTIL)
    if negated:
        where.append(EVENTS.c.negated == _NEGATED)
    if doc:
        where.append(EVENTS.c.id.in_(select(EVIDENCE.c.event_id).where(EVIDENCE.c.doc_id == _DOC)))
    return where


@functools.lru_cache(maxsize=512)
def _page_statement(columns: tuple[str, ...], shape: tuple[bool, ...], by_actor: bool,
                    dated: bool) -> Select[Any]:  # fmt: skip
    """``columns`` of one part (dated or undated) of a page, in page order, with
    ``:limit`` and ``:offset``."""
    cols = [EVENTS.c[name] for name in columns]
    if not by_actor:
        start = EVENTS.c.date_start
        where = [*_where(shape, on_actors=False), start.is_not(None) if dated else start.is_(None)]
        order = [start, EVENTS.c.id] if dated else [EVENTS.c.id]
        return select(*cols).where(*where).order_by(*order).limit(_LIMIT).offset(_OFFSET)
    ea = EVENT_ACTORS
    start = ea.c.date_start
    where = [*_where(shape, on_actors=True), start.is_not(None) if dated else start.is_(None)]
    # An actor that is both source and target of an event has two entries: one row each.
    key = [start, ea.c.event_id]
    ids = select(start.label("day"), ea.c.event_id.label("event_id"))
    if shape[5]:  # negated: the one filter only the event row has
        ids = ids.join(EVENTS, EVENTS.c.id == ea.c.event_id)
    page = (ids.where(*where).group_by(*key).order_by(*key)
            .limit(_LIMIT).offset(_OFFSET).subquery("page"))  # fmt: skip
    return (
        select(*cols)
        .select_from(page.join(EVENTS, EVENTS.c.id == page.c.event_id))
        .order_by(page.c.day, page.c.event_id)
    )


@functools.lru_cache(maxsize=128)
def _count_statement(shape: tuple[bool, ...], by_actor: bool, dated: bool) -> Select[Any]:
    """How many events of one part (dated or undated) match ``shape``."""
    if not by_actor:
        start = EVENTS.c.date_start
        where = [*_where(shape, on_actors=False), start.is_not(None) if dated else start.is_(None)]
        return select(func.count()).select_from(EVENTS).where(*where)
    ea = EVENT_ACTORS
    start = ea.c.date_start
    where = [*_where(shape, on_actors=True), start.is_not(None) if dated else start.is_(None)]
    stmt = select(func.count(ea.c.event_id.distinct()))
    if shape[5]:
        stmt = stmt.select_from(ea.join(EVENTS, EVENTS.c.id == ea.c.event_id))
    return stmt.where(*where)


@functools.lru_cache(maxsize=128)
def _all_statement(columns: tuple[str, ...], shape: tuple[bool, ...]) -> Select[Any]:
    """Every match, sorted once (no ``limit``): one statement is cheaper than two walks."""
    start = EVENTS.c.date_start
    return (
        select(*[EVENTS.c[name] for name in columns])
        .where(*_where(shape, on_actors=False))
        .order_by(start.is_(None), start, EVENTS.c.id)
        .offset(_OFFSET)
    )


def page_rows(
    conn: Connection, columns: tuple[str, ...], filters: EventFilters, *,
    limit: int | None, offset: int,
) -> Sequence[Any]:  # fmt: skip
    """``columns`` of the events matching ``filters``, by date (undated last), then id,
    ``limit`` rows (None: all) from ``offset``."""
    if offset < 0 or (limit is not None and limit < 0):
        raise StoreError(f"limit {limit} / offset {offset}: must not be negative")
    shape, params, by_actor = filters.shape(), filters.params(), filters.by_actor
    if limit is None:
        return conn.execute(_all_statement(columns, shape), {**params, "offset": offset}).all()
    dated = _page_statement(columns, shape, by_actor, True)
    rows = list(conn.execute(dated, {**params, "limit": limit, "offset": offset}).all())
    if len(rows) < limit and not filters.dated_only:
        # The dated events ran out on this page: the rest comes from the undated ones.
        if rows or offset == 0:
            skip = 0
        else:  # the page starts past the dated events: skip the rest of the offset
            n_dated = conn.execute(_count_statement(shape, by_actor, True), params).scalar_one()
            skip = max(0, offset - int(n_dated))
        undated = _page_statement(columns, shape, by_actor, False)
        rows.extend(conn.execute(undated, {**params, "limit": limit - len(rows),
                                           "offset": skip}).all())  # fmt: skip
    return rows


def count_rows(conn: Connection, filters: EventFilters) -> int:
    """How many events match ``filters``."""
    shape, params = filters.shape(), filters.params()
    if filters.by_actor:
        total = sum(int(conn.execute(_count_statement(shape, True, dated), params).scalar_one())
                    for dated in (True, False))  # fmt: skip
        return total
    stmt = select(func.count()).select_from(EVENTS).where(*_where(shape, on_actors=False))
    return int(conn.execute(stmt, params).scalar_one())
