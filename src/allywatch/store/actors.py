"""Mention counts per actor (the query behind ``allywatch actors``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from allywatch.store.engine import Store
from allywatch.store.models import MentionRow

__all__ = ["KIND_GROUPS", "ActorCount", "count_mentions"]

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
