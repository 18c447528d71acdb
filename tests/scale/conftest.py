"""Fixtures for the Ray engine tests: one local Ray per session (2 CPUs), the local
engine's store over the same corpus as the reference, and a store snapshot to compare."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from allywatch.store import Store, connect
from allywatch.store.models import Base
from tests.conftest import EXAMPLES, shared_path

#: Columns that say when or in which order rows were written, not what was stored.
_VOLATILE = {"ingested_at", "resolved_at"}
#: Tables whose integer ``id`` is a row counter.
_COUNTER_IDS = {"mentions", "dates", "evidence"}

Snapshot = dict[str, list[tuple[Any, ...]]]


def corpus_inputs() -> list[str]:
    """The bundled examples and the two seed articles."""
    return [str(EXAMPLES), str(shared_path("corpus"))]


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _plain(v)) for k, v in value.items()))
    return value


def snapshot(store: Store) -> Snapshot:
    """Every row of every table (ids and content, not order or write times)."""
    tables: Snapshot = {}
    with store.read() as conn:
        for name, table in Base.metadata.tables.items():
            columns = [c for c in table.c if c.name not in _VOLATILE
                       and not (name in _COUNTER_IDS and c.name == "id")]  # fmt: skip
            rows = conn.execute(select(*columns)).all()
            tables[name] = sorted((tuple(_plain(v) for v in row) for row in rows), key=repr)
    return tables


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[str]:
    """A local Ray with 2 CPUs for the whole session; yields its address."""
    import ray

    from allywatch.scale import RayOptions, ray_session

    with ray_session(RayOptions(num_cpus=2)):
        yield str(ray.get_runtime_context().gcs_address)


@pytest.fixture(scope="session")
def local_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The local engine's store of the corpus (the reference every Ray run must equal)."""
    from allywatch.pipeline import ingest_paths

    url = f"sqlite:///{tmp_path_factory.mktemp('local') / 'local.sqlite'}"
    with connect(url) as store:
        report = ingest_paths(corpus_inputs(), store)
        assert report.errors == [] and report.extracted > 0
        return snapshot(store)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with connect(db_url) as opened:
        yield opened


def file_count(path: Path) -> int:
    return sum(1 for p in path.rglob("*") if p.is_file())
