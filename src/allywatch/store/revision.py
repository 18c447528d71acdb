"""Schema upkeep for developers: write a new Alembic revision, or check models == migrations.

``python -m allywatch.store.revision "add a column"`` migrates a scratch SQLite database to
the current head, compares it with ``store/models.py`` and writes the difference as a new
revision under ``store/migrations/versions/`` (review it before committing).
``python -m allywatch.store.revision --check`` exits non-zero when the models have changes
that no migration carries.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from allywatch.store.engine import alembic_config, connect
from allywatch.store.models import Base

__all__ = ["schema_differences", "write_revision"]


def schema_differences(store_url: str) -> list[Any]:
    """What ``store/models.py`` declares that the migrated database at ``store_url`` lacks
    (or the reverse), as Alembic's autogenerate diff; empty when they agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = connect(store_url)
    try:
        with store.read() as conn:
            context = MigrationContext.configure(
                conn,
                opts={"compare_type": True, "render_as_batch": store.dialect == "sqlite"},
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        store.close()


def write_revision(message: str) -> None:
    """Autogenerate a revision from the difference between the models and the migrations."""
    from alembic import command

    with tempfile.TemporaryDirectory() as tmp:
        store = connect(f"sqlite:///{Path(tmp) / 'scratch.sqlite'}")
        try:
            with store.write() as conn:
                command.revision(alembic_config(conn), message=message, autogenerate=True)
        finally:
            store.close()


def _main(argv: list[str]) -> int:
    if argv == ["--check"]:
        with tempfile.TemporaryDirectory() as tmp:
            diffs = schema_differences(f"sqlite:///{Path(tmp) / 'check.sqlite'}")
        for diff in diffs:
            sys.stderr.write(f"models differ from migrations: {diff}\n")
        return 1 if diffs else 0
    if len(argv) != 1 or argv[0].startswith("-"):
        sys.stderr.write('usage: python -m allywatch.store.revision "MESSAGE" | --check\n')
        return 2
    write_revision(argv[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
