"""Actors in the store: get-or-create from the catalog as documents mention them, upserts
from users (the API), listing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Table, select

from allywatch.store.engine import Store, retry_on_disconnect
from allywatch.store.models import ActorRow
from allywatch.store.tables import dialect_insert
from allywatch.types import Actor, Role

__all__ = ["ensure_actors", "list_actors", "save_actor"]

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
