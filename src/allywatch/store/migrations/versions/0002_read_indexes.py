"""Read indexes for the analyses and the API's list pages.

- ``ix_events_date_start_id`` on ``(date_start, id)`` replaces ``ix_events_date_start``: a
  page of events in date order walks the index instead of sorting the table (undated
  events are its ``date_start IS NULL`` part, in id order).
- ``ix_events_type_date_start_id`` on ``(type, date_start, id)`` replaces ``ix_events_type``:
  the same order within one type.
- ``ix_events_negated`` is dropped: true for a few per cent of events, it made SQLite scan
  all of them for "negated and actor" pages instead of using the actor's index.
- ``ix_events_id_type_dates`` on ``(id, type, date_start, date_end)``: covering for the
  analyses, which select event ids through ``event_actors`` and then filter or sort them by
  type and dates without reading the wide event rows.
- ``ix_event_actors_actor_role_event`` on ``(actor_id, role, event_id)`` replaces
  ``ix_event_actors_actor_role``: an actor's event ids come from the index alone.
- ``ix_documents_ingested_at_id`` on ``(ingested_at, id)``: documents in ingest order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_events_date_start_id", "events", ["date_start", "id"])
    op.drop_index("ix_events_date_start", table_name="events")
    op.create_index("ix_events_type_date_start_id", "events", ["type", "date_start", "id"])
    op.drop_index("ix_events_type", table_name="events")
    op.drop_index("ix_events_negated", table_name="events")
    op.create_index("ix_events_id_type_dates", "events", ["id", "type", "date_start", "date_end"])
    op.create_index(
        "ix_event_actors_actor_role_event", "event_actors", ["actor_id", "role", "event_id"]
    )
    op.drop_index("ix_event_actors_actor_role", table_name="event_actors")
    op.create_index("ix_documents_ingested_at_id", "documents", ["ingested_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_documents_ingested_at_id", table_name="documents")
    op.create_index("ix_event_actors_actor_role", "event_actors", ["actor_id", "role"])
    op.drop_index("ix_event_actors_actor_role_event", table_name="event_actors")
    op.drop_index("ix_events_id_type_dates", table_name="events")
    op.create_index("ix_events_negated", "events", ["negated"])
    op.create_index("ix_events_type", "events", ["type"])
    op.drop_index("ix_events_type_date_start_id", table_name="events")
    op.create_index("ix_events_date_start", "events", ["date_start"])
    op.drop_index("ix_events_date_start_id", table_name="events")
