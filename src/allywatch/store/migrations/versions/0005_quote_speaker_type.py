"""Quotes say who speaks: ``speaker_type`` and a joint statement's ``co_speakers``.

- ``quotes.speaker_type``: person, institution, anonymous or unattributed
  (``allywatch.types.SpeakerType``). Rows stored before it are a named person when they
  have a speaker id and an unnamed description otherwise (extraction then knew no other
  kinds).
- ``quotes.co_speakers``: the speakers of a joint statement after the first, tab-separated;
  empty for one speaker.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-07 20:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("speaker_type", sa.String(length=16), nullable=False,
                      server_default="person")
        )  # fmt: skip
        batch_op.add_column(
            sa.Column("co_speakers", sa.Text(), nullable=False, server_default="")
        )
    op.execute("UPDATE quotes SET speaker_type = 'anonymous' WHERE speaker IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_column("co_speakers")
        batch_op.drop_column("speaker_type")
