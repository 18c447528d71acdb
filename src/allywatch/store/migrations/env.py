"""Alembic environment: runs on the connection that ``allywatch.store.connect`` passes in.

There is no alembic.ini; to write a new revision after changing ``store/models.py``::

    python -m allywatch.store.revision "add a column"
"""

from __future__ import annotations

from alembic import context

from allywatch.store.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("allywatch migrations run through allywatch.store.connect()")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("allywatch migrations run online only")
run_migrations_online()
