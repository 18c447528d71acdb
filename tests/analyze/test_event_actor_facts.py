"""Migration 0003: ``event_actors`` carries each event's type, dates and modality (read by
the analyses' index-only selections), filled from ``events`` when an older store upgrades;
both writers (ingest's ``save_extraction`` and ``bulk_insert``) fill them too."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect, text

from allywatch.store import analytics, connect, repository
from allywatch.types import Document, Extraction
from tests.analyze.builders import ev

DOC = Document.make_id("x")
FACTS = "SELECT event_id, actor_id, role, type, date_start, date_end, modality FROM event_actors"


def _rows(conn) -> set[tuple]:
    return {tuple(str(v) if isinstance(v, date) else v for v in row)
            for row in conn.execute(text(FACTS + " ORDER BY 1, 2, 3"))}  # fmt: skip


def test_upgrade_from_0002_fills_the_copies_and_downgrade_drops_them(empty_db_url: str) -> None:
    from alembic import command

    from allywatch.store.engine import alembic_config, current_revision, head_revision

    with connect(empty_db_url, migrate=False) as old:
        with old.write() as conn:
            command.upgrade(alembic_config(conn), "0002")
        repository.save_document(old, Document(id=DOC, source="x.txt", format="text",
                                               text="x"))
    with connect(empty_db_url, migrate=False) as old, old.write() as conn:
        for id_, type_, start, end, modality in (
                ("e1", "AID", "2025-06-01", "2025-06-30", "asserted"),
                ("e2", "AGREE", None, None, "future")):
            conn.execute(text(
                "INSERT INTO events (id, type, detail, amounts, date_precision, "
                "date_start, date_end, negated, modality, confidence, trigger, "
                "source_text, target_text, source_people) VALUES (:i, :t, '', '[]', "
                "'unknown', :s, :e, false, :m, 0.5, '', '[]', '[]', '[]')"),
                {"i": id_, "t": type_, "s": start, "e": end, "m": modality})
            for actor, role in (("RUS", "source"), ("IRN", "target")):
                conn.execute(text("INSERT INTO event_actors (event_id, actor_id, role) "
                                  "VALUES (:i, :a, :r)"), {"i": id_, "a": actor, "r": role})
            conn.execute(text('INSERT INTO evidence (event_id, doc_id, start, "end", '
                              "sentence) VALUES (:i, :d, 0, 1, 'x')"), {"i": id_, "d": DOC})
    with connect(empty_db_url) as new:
        with new.read() as conn:
            assert current_revision(conn) == head_revision()
            assert _rows(conn) == {
                ("e1", "IRN", "target", "AID", "2025-06-01", "2025-06-30", "asserted"),
                ("e1", "RUS", "source", "AID", "2025-06-01", "2025-06-30", "asserted"),
                ("e2", "IRN", "target", "AGREE", None, None, "future"),
                ("e2", "RUS", "source", "AGREE", None, None, "future"),
            }
            names = {ix["name"] for ix in inspect(conn).get_indexes("event_actors")}
            assert {"ix_event_actors_actor_role_type", "ix_event_actors_actor_date"} <= names
        # the analyses' selections read the copies
        assert analytics.tie_counts(new, "RUS", ["AID", "AGREE"],
                                    exclude_modalities=["future"]) == {
            "IRN": (1, date(2025, 6, 1), 0)}  # fmt: skip
        assert [e.doc_id for e in analytics.recent_sentences(new, "IRN", limit=1)] == [DOC]
    with connect(empty_db_url) as back:
        with back.write() as conn:
            command.downgrade(alembic_config(conn), "0002")
        with back.read() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("event_actors")}
            assert columns == {"event_id", "actor_id", "role"}


def test_both_writers_fill_the_copies(db_url: str) -> None:
    sentence = "Russia sent Iran drones."
    aid = ev("AID", "RUS", "IRN", sentence, date_="2025-06", doc=Document.make_id(sentence))
    with connect(db_url) as store:
        doc = Document(id=Document.make_id(sentence), source="x.txt", format="text",
                       text=sentence)
        repository.save_document(store, doc)
        repository.save_extraction(store, Extraction(document=doc, events=(aid.event,)))
        analytics.bulk_insert(store, [{"id": "d2", "source": "y", "format": "text",
                                       "text": "y", "words": 1}],
                              [ev("AGREE", "RUS", "CUB", "A pact.", doc="d2")])  # fmt: skip
        with store.read() as conn:
            facts = {(a, r, t, s, e, m) for _i, a, r, t, s, e, m in _rows(conn)}
    assert facts == {("RUS", "source", "AID", "2025-06-01", "2025-06-30", "asserted"),
                     ("IRN", "target", "AID", "2025-06-01", "2025-06-30", "asserted"),
                     ("RUS", "source", "AGREE", None, None, "asserted"),
                     ("CUB", "target", "AGREE", None, None, "asserted")}  # fmt: skip
