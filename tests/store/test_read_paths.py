"""Read paths made fast for large stores keep their results: event pages in date order
(undated last) read in two index-ordered parts, and migration 0002's indexes, on both
backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import inspect

from allywatch.store import Store, analytics, connect
from allywatch.store import repository as repo
from allywatch.types import DateValue, Event, Evidence, StoredEvent
from tests.store.records import make_document


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with connect(db_url) as opened:
        yield opened


def _fill(store: Store) -> list[str]:
    """17 events, 6 undated, some sharing a day (ties broken by id); returns the ids in
    the order ``query_events`` must give: dated by (start, id), then undated by id."""
    doc = make_document("Paging test. " * 20)
    events = []
    for i in range(17):
        day = date(2024, 1, 1) + timedelta(days=(i * 7) % 5)
        when = None if i % 3 == 0 else DateValue(day.isoformat(), "day", day, day)
        ev = Evidence(doc.id, 0, 13, "Paging test.")
        event = Event("AID" if i % 2 else "SUPPORT", ("RUS",), ("SYR" if i % 4 else "IRN",),
                      ev, date=when, negated=i % 5 == 0)  # fmt: skip
        events.append(StoredEvent(f"e{(i * 11) % 17:02d}", event, (ev,)))
    analytics.bulk_insert(store, [{"id": doc.id, "source": "p.txt", "format": "text",
                                   "text": doc.text, "words": 40}], events)  # fmt: skip
    dated = sorted((s for s in events if s.event.date), key=lambda s: (s.event.date.start, s.id))  # type: ignore[union-attr]
    undated = sorted((s for s in events if not s.event.date), key=lambda s: s.id)
    return [s.id for s in (*dated, *undated)]


def test_every_page_is_a_slice_of_the_whole_order(store: Store) -> None:
    order = _fill(store)
    assert [s.id for s in repo.query_events(store)] == order
    for limit in (1, 4, 6, 11, 17, 30):
        for offset in range(0, 20):
            page = [s.id for s in repo.query_events(store, limit=limit, offset=offset)]
            assert page == order[offset:offset + limit], (limit, offset)


def test_filtered_pages_keep_the_order(store: Store) -> None:
    order = _fill(store)
    syr = [i for i in order if i in {s.id for s in repo.query_events(store, actor="SYR")}]
    for offset in range(0, 14, 3):
        page = repo.query_events(store, actor="SYR", limit=3, offset=offset)
        assert [s.id for s in page] == syr[offset:offset + 3]
    dated = repo.query_events(store, since=date(2024, 1, 2), until=date(2024, 1, 3))
    assert dated and all(s.event.date and s.event.date.start in (date(2024, 1, 2),
                                                                 date(2024, 1, 3))
                         for s in dated)  # fmt: skip


def test_the_read_indexes_exist(store: Store) -> None:
    with store.read() as conn:
        names = {t: {ix["name"] for ix in inspect(conn).get_indexes(t)}
                 for t in ("events", "event_actors", "documents")}  # fmt: skip
    assert {"ix_events_date_start_id", "ix_events_id_type_dates",
            "ix_events_type_date_start_id"} <= names["events"]  # fmt: skip
    assert not {"ix_events_date_start", "ix_events_type", "ix_events_negated"} & names["events"]
    assert names["event_actors"] >= {"ix_event_actors_actor_role_event"}
    assert "ix_event_actors_actor_role" not in names["event_actors"]
    assert "ix_documents_ingested_at_id" in names["documents"]


def test_migration_0002_upgrades_a_0001_store_with_data(empty_db_url: str) -> None:
    from alembic import command

    from allywatch.store.engine import alembic_config, current_revision, head_revision

    with connect(empty_db_url, migrate=False) as old:
        with old.write() as conn:
            command.upgrade(alembic_config(conn), "0001")
        doc = make_document()
        repo.save_document(old, doc)
    with connect(empty_db_url) as new, new.read() as conn:
        assert current_revision(conn) == head_revision()
        indexes = {ix["name"] for ix in inspect(conn).get_indexes("events")}
        assert "ix_events_id_type_dates" in indexes
        assert [d.id for d in repo.list_documents(new)] == [doc.id]
    with connect(empty_db_url) as back:
        with back.write() as conn:
            command.downgrade(alembic_config(conn), "0001")
        with back.read() as conn:
            names = {ix["name"] for ix in inspect(conn).get_indexes("event_actors")}
            assert names == {"ix_event_actors_actor_role"}
