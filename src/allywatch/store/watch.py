"""Noticing that a database changed, cheaply enough to ask on every request.

:class:`ChangeCounter` answers a value that differs whenever any connection, in this process
or another, has committed a change since the last call: the server's response cache keys its
entries by it, so an ingest shows up on the very next request, whoever ran it.

On SQLite it is ``PRAGMA data_version`` on a read-only connection of its own. SQLite defines
that value as changing when *another* connection commits, so the counter must never write
through its connection, and it does not (a writer's own connection would not see its own
commits). The check starts a read transaction, which reads the WAL index in shared memory:
a few microseconds, no disk read. Other databases (PostgreSQL) and in-memory SQLite get
``None``, meaning "cannot tell": callers must then not cache.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from allywatch.store.engine import Store

__all__ = ["ChangeCounter"]

log = logging.getLogger(__name__)


class ChangeCounter:
    """``counter()`` is the database's change counter, or None when it cannot be known.

    Thread-safe (one lock around a microsecond call). Equal answers mean no commit by
    anyone in between; the values themselves mean nothing else.
    """

    def __init__(self, store: Store) -> None:
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._broken = False
        url = store.engine.url
        database = url.database or ""
        if store.dialect == "sqlite" and database not in ("", ":memory:") and not (
            database.startswith("file:") and "mode=memory" in database
        ):
            self._path: Path | None = Path(database).expanduser().resolve()
        else:
            self._path = None

    @property
    def available(self) -> bool:
        return self._path is not None and not self._broken

    def _connect(self, path: Path) -> sqlite3.Connection:
        # Read-only and autocommit: the connection can never write, so every commit to the
        # file is "another connection's" and moves data_version.
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False,
                               isolation_level=None, timeout=5)  # fmt: skip
        conn.execute("PRAGMA query_only = ON")
        return conn

    def __call__(self) -> int | None:
        if self._path is None or self._broken:
            return None
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = self._connect(self._path)
                row = self._conn.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error as exc:
                # Not fatal (the store still works): without the counter nothing is cached.
                log.warning("%s: cannot read the change counter (%s); responses will not be "
                            "cached", self._path, exc)  # fmt: skip
                self._broken = True
                self._close()
                return None
            return int(row[0])

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
