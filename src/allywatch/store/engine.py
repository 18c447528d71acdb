"""Connecting to the database: engine set-up, SQLite pragmas and migrations to head.

:func:`connect` is the only way the rest of allywatch opens a database. It accepts a SQLite
URL (the default: a file in the user data dir) or a PostgreSQL URL
(``postgresql+psycopg://user:pass@host/db``), and brings the schema to the newest Alembic
revision before returning, so every caller sees the same tables.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from allywatch.config import default_db_url, get_settings
from allywatch.errors import StoreError

__all__ = ["MIGRATIONS_DIR", "Store", "connect", "normalise_url", "retry_on_disconnect"]

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

#: SQLite waits this long (ms) for another writer's lock before giving up.
_SQLITE_BUSY_TIMEOUT_MS = 60_000
#: Bytes of a SQLite file read through a memory map (address space, not memory).
_SQLITE_MMAP_BYTES = 1 << 30
#: Arbitrary constant naming the PostgreSQL advisory lock that serialises migrations.
_PG_MIGRATION_LOCK = 0x616C6C79


class Store:
    """An open database: the engine plus the transactions allywatch runs on it.

    Use :meth:`write` for a transaction that changes data and :meth:`read` for queries.
    On SQLite a write transaction starts with ``BEGIN IMMEDIATE`` so two processes writing
    at once queue on the busy timeout instead of failing on a lock upgrade.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that commits on success and rolls back on error."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(allywatch_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for queries (its transaction is rolled back at the end)."""
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"


#: Attempts of a write whose database connection dropped (the writes are idempotent).
_WRITE_ATTEMPTS = 3

_F = TypeVar("_F", bound=Callable[..., Any])


def retry_on_disconnect(fn: _F) -> _F:
    """Run an idempotent write again when the database connection dropped under it.

    Only a lost connection is retried (SQLAlchemy marks the error ``connection_invalidated``
    and drops the connection from the pool); any other error propagates at once.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(1, _WRITE_ATTEMPTS + 1):
            try:
                return fn(*args, **kwargs)
            except DBAPIError as exc:
                if not exc.connection_invalidated or attempt == _WRITE_ATTEMPTS:
                    raise
                log.warning("%s: database connection lost (%s); retrying", fn.__name__,
                            exc.orig)  # fmt: skip
        raise AssertionError("unreachable")

    return wrapper  # type: ignore[return-value]


def normalise_url(url: str) -> str:
    """Accept a bare file path as SQLite, and ``postgresql://`` as psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def connect(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open the database at ``url`` and migrate it to the newest schema.

    ``url`` defaults to the ``db_url`` setting, then to a SQLite file in the user data dir.
    A bare path is taken as a SQLite file. Raises :class:`StoreError` naming the URL when
    the database cannot be opened.
    """
    raw = url or get_settings().db_url or default_db_url()
    try:
        parsed = make_url(normalise_url(raw))
    except ArgumentError as exc:
        raise StoreError(f"{raw}: not a database URL ({exc})") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"{raw}: unsupported database (use sqlite:/// or postgresql+psycopg://)")
    engine = _create_engine(raw, parsed)
    store = Store(engine)
    if migrate:
        try:
            migrate_to_head(store)
        except OperationalError as exc:
            engine.dispose()
            raise StoreError(f"{store.url}: cannot open database: {exc.orig}") from exc
    return store


def _create_engine(raw: str, parsed: Any) -> Engine:
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            parent = Path(database).expanduser().parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{raw}: cannot create directory {parent}: {exc}") from exc
        kwargs["connect_args"] = {"timeout": _SQLITE_BUSY_TIMEOUT_MS / 1000}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(
            f"{raw}: database driver missing ({exc}); for PostgreSQL install allywatch[postgres]"
        ) from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    """WAL journal, foreign keys, and explicit BEGINs (IMMEDIATE for writes).

    pysqlite's own transaction handling begins lazily and cannot take the write lock up
    front, so we turn it off and emit BEGIN ourselves (the SQLAlchemy-documented recipe).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
            if engine.url.database not in (None, "", ":memory:"):
                _use_wal(cursor)
                # WAL + NORMAL is durable against a killed process (only power loss may
                # drop the last commits) and much faster than FULL.
                cursor.execute("PRAGMA synchronous = NORMAL")
                # Read pages through a memory map (no read() call and copy per page): the
                # analyses look up tens of thousands of rows on a large store.
                cursor.execute(f"PRAGMA mmap_size = {_SQLITE_MMAP_BYTES}")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("allywatch_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _use_wal(cursor: Any) -> None:
    """Switch a new database to WAL (a persistent setting: later connections find it on).

    The switch needs the database to itself and, unlike ordinary locks, SQLite does not wait
    for it on the busy timeout; so when several processes open a new file at once, the
    losers retry until the winner's switch is done.
    """
    deadline = time.monotonic() + _SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic ``Config`` pointing at the package's migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def migrate_to_head(store: Store) -> None:
    """Apply pending Alembic migrations (a no-op when the schema is current)."""
    from alembic import command

    head = head_revision()
    with store.read() as conn:
        if current_revision(conn) == head:
            return
    with store.write() as conn:
        if store.dialect == "postgresql":
            # Concurrent first connections must not both create the tables.
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        current = current_revision(conn)
        if current == head:
            return
        if current is None and _has_every_table(conn):
            # Created straight from the models (``metadata.create_all``, as some tests and
            # tools do): the schema is the head's, so record that instead of re-creating it.
            log.warning("%s: tables exist without a migration record; stamping %s",
                        store.url, head)  # fmt: skip
            command.stamp(alembic_config(conn), "head")
            return
        log.info("migrating %s to %s", store.url, head)
        command.upgrade(alembic_config(conn), "head")


def _has_every_table(conn: Connection) -> bool:
    from allywatch.store.models import Base

    return set(Base.metadata.tables) <= set(inspect(conn).get_table_names())
