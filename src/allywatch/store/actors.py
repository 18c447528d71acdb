"""Actors in the store: get-or-create from the catalog as documents mention them, upserts
from users (the API), listing, and mention counts per actor (``allywatch actors``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, func, select

from allywatch.store.engine import Store, retry_on_disconnect
from allywatch.store.models import ActorRow, MentionRow
from allywatch.store.tables import dialect_insert
from allywatch.types import Actor, Role

__all__ = [
    "KIND_GROUPS",
    "ActorCount",
    "count_mentions",
    "ensure_actors",
    "list_actors",
    "save_actor",
]

ACTORS: Table = ActorRow.__table__  # type: ignore[assignment]


def _values(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "aliases": list(actor.aliases),
        "roles": [_role(r) for r in actor.roles],
    }


def _role(role: Role) -> dict[str, Any]:
    return {
        "title": role.title,
        "country": role.country,
        "start": role.start and role.start.isoformat(),
        "end": role.end and role.end.isoformat(),
    }


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _actor(row: Any) -> Actor:
    return Actor(
        id=row.id,
        name=row.name,
        kind=row.kind,
        country=row.country,
        aliases=tuple(row.aliases or ()),
        roles=tuple(
            Role(r["title"], r.get("country"), _day(r.get("start")), _day(r.get("end")))
            for r in row.roles or ()
        ),
    )


@retry_on_disconnect
def save_actor(store: Store, actor: Actor) -> None:
    """Insert ``actor``, or replace the stored entry with the same id."""
    values = _values(actor)
    stmt = dialect_insert(store, ACTORS)
    stmt = stmt.on_conflict_do_update(
        index_elements=["id"], set_={k: stmt.excluded[k] for k in values if k != "id"}
    )
    with store.write() as conn:
        conn.execute(stmt, values)


@retry_on_disconnect
def ensure_actors(store: Store, actors: Iterable[Actor]) -> None:
    """Get-or-create: store the actors not stored yet; stored entries are left as they are."""
    rows = {a.id: _values(a) for a in actors}
    if not rows:
        return
    stmt = dialect_insert(store, ACTORS).on_conflict_do_nothing(index_elements=["id"])
    with store.write() as conn:
        conn.execute(stmt, list(rows.values()))


def list_actors(
    store: Store, *, kind: str | None = None, limit: int | None = None, offset: int = 0
) -> list[Actor]:
    """Stored actors (of one ``kind`` when given), by id."""
    stmt = select(ACTORS)
    if kind is not None:
        stmt = stmt.where(ACTORS.c.kind == kind)
    stmt = stmt.order_by(ACTORS.c.id).limit(limit).offset(offset)
    with store.read() as conn:
        return [_actor(row) for row in conn.execute(stmt)]


#: ``--kind`` choices and the mention kinds each covers.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "state": ("state", "substate"),
    "person": ("person",),
    "org": ("igo", "org", "unresolved"),
}

_MENTIONS = MentionRow.__table__


@dataclass(frozen=True, slots=True)
class ActorCount:
    """How often one actor is mentioned (unresolved mentions are keyed by their text)."""

    actor_id: str | None
    text: str | None
    kind: str
    state: str | None
    mentions: int
    documents: int


def count_mentions(
    store: Store, *, kind: str | None = None, doc_id: str | None = None
) -> list[ActorCount]:
    """Mention and document counts per actor, most mentioned first.

    ``kind`` is one of :data:`KIND_GROUPS` (None: all); ``doc_id`` limits to one document.
    Unresolved mentions (no actor id) are grouped by their text.
    """
    if kind is not None and kind not in KIND_GROUPS:
        raise ValueError(f"kind must be one of {sorted(KIND_GROUPS)}, not {kind!r}")
    m = _MENTIONS.c
    key_text = func.coalesce(m.actor_id, m.text)
    stmt = select(
        m.actor_id,
        func.min(m.text).label("text"),
        m.kind,
        func.min(m.state).label("state"),
        func.count().label("mentions"),
        func.count(m.doc_id.distinct()).label("documents"),
    ).group_by(key_text, m.actor_id, m.kind)
    if kind is not None:
        stmt = stmt.where(m.kind.in_(KIND_GROUPS[kind]))
    if doc_id is not None:
        stmt = stmt.where(m.doc_id == doc_id)
    stmt = stmt.order_by(func.count().desc(), key_text)
    with store.read() as conn:
        return [
            ActorCount(r.actor_id, None if r.actor_id else r.text, r.kind, r.state,
                       r.mentions, r.documents)
            for r in conn.execute(stmt)
        ]  # fmt: skip
