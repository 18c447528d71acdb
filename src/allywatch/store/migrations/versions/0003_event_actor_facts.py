"""Copy each event's type, dates and modality into ``event_actors`` (analysis speed).

The analyses select an actor's events by type ("the patron's aid and support", "the
crises of its allies"), by date (its newest events) and by modality (facts only). With
these columns beside ``actor_id`` and ``role`` in two indexes, those selections are index
range scans over ``event_actors`` alone instead of one event-row lookup per event of the
actor (tens of thousands on a 1M-event store):

- ``ix_event_actors_actor_role_type`` on ``(actor_id, role, type, date_start, date_end,
  modality, event_id)``;
- ``ix_event_actors_actor_date`` on ``(actor_id, date_start, event_id)``: newest first with
  LIMIT, no sort.

The copies cannot drift: an event's id hashes its type and date, and stored events are
never updated (``on conflict do nothing``). Existing rows are filled from ``events``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 19:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("type", "date_start", "date_end", "modality")


def upgrade() -> None:
    op.add_column("event_actors", sa.Column("type", sa.String(length=16), nullable=True))
    op.add_column("event_actors", sa.Column("date_start", sa.Date(), nullable=True))
    op.add_column("event_actors", sa.Column("date_end", sa.Date(), nullable=True))
    op.add_column("event_actors", sa.Column("modality", sa.String(length=16), nullable=True))
    # UPDATE ... FROM: PostgreSQL, and SQLite since 3.33.
    op.execute(
        "UPDATE event_actors SET type = events.type, date_start = events.date_start, "
        "date_end = events.date_end, modality = events.modality "
        "FROM events WHERE events.id = event_actors.event_id"
    )
    # Rows of no event (left behind where foreign keys were off) are dropped, not kept
    # without a type.
    op.execute("DELETE FROM event_actors WHERE type IS NULL")
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.alter_column("type", existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column("modality", existing_type=sa.String(length=16), nullable=False)
        batch_op.create_index(
            "ix_event_actors_actor_role_type",
            ["actor_id", "role", "type", "date_start", "date_end", "modality", "event_id"],
        )
        batch_op.create_index(
            "ix_event_actors_actor_date", ["actor_id", "date_start", "event_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_index("ix_event_actors_actor_date")
        batch_op.drop_index("ix_event_actors_actor_role_type")
        for column in reversed(_COLUMNS):
            batch_op.drop_column(column)
