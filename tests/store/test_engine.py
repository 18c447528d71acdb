"""Opening databases: migrations to head, models == migrations, pragmas, bad URLs,
concurrent writers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from allywatch.errors import StoreError
from allywatch.store import connect
from allywatch.store import repository as repo
from allywatch.store.engine import current_revision, head_revision, normalise_url
from allywatch.store.models import Base
from allywatch.store.revision import schema_differences
from allywatch.types import Event, Evidence, Extraction
from tests.store.records import make_document


def test_migrations_create_every_table_at_head(db_url: str) -> None:
    with connect(db_url) as store, store.read() as conn:
        tables = set(inspect(conn).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert current_revision(conn) == head_revision()


def test_models_match_migrations(db_url: str) -> None:
    """Like ``alembic check``: a model change without a migration fails here."""
    assert schema_differences(db_url) == []


def test_connect_twice_migrates_once(db_url: str) -> None:
    with connect(db_url) as store:
        repo.save_document(store, make_document())
    with connect(db_url) as store:
        assert repo.count_documents(store) == 1


def test_default_url_is_a_sqlite_file_in_the_user_data_dir(tmp_path: Path) -> None:
    # tests/conftest.py points XDG_DATA_HOME at a temporary home.
    with connect() as store:
        assert store.dialect == "sqlite"
        assert store.engine.url.database.endswith("allywatch/allywatch.sqlite")
        assert Path(store.engine.url.database).exists()


def test_bare_path_is_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "x.sqlite"
    with connect(str(path)) as store:
        assert store.dialect == "sqlite"
    assert path.exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://u@h/db", "unsupported database"),
        ("sqlite:////proc/nope/allywatch.sqlite", "cannot"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot open database"),
    ],
)
def test_bad_urls_name_the_url_and_reason(url: str, reason: str) -> None:
    with pytest.raises(StoreError, match=reason) as info:
        connect(url)
    assert url.split("://")[0] in str(info.value)


def test_sqlite_pragmas(tmp_path: Path) -> None:
    with connect(f"sqlite:///{tmp_path / 'p.sqlite'}") as store, store.read() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_concurrent_writers_neither_lose_nor_duplicate(db_url: str) -> None:
    """Four writers, each with its own connection pool, store overlapping documents and
    events that share keys: every document and event is stored exactly once."""
    connect(db_url).close()
    docs = [make_document(f"Iran supplied Russia with drones, report {i}.") for i in range(24)]
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            with connect(db_url) as store:
                for k in range(len(docs)):
                    doc = docs[(k + offset * 5) % len(docs)]
                    repo.save_document(store, doc)
                    ev = Event(type="AID", source=("IRN",), target=("RUS",),
                               evidence=Evidence(doc.id, 0, len(doc.text), doc.text))  # fmt: skip
                    repo.save_extraction(store, Extraction(document=doc, events=(ev,)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with connect(db_url) as store:
        assert repo.count_documents(store) == len(docs)
        (stored,) = repo.query_events(store)
        assert sorted(e.doc_id for e in stored.evidence) == sorted(d.id for d in docs)
