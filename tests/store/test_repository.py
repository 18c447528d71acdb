"""The repository stores and returns ``types.py`` records, idempotently, on both backends."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import event, text

from allywatch.errors import NotFoundError, StoreError
from allywatch.store import Store, connect
from allywatch.store import repository as repo
from allywatch.types import Actor, DateValue, Event, Extraction, Quote, Role
from tests.store.records import (
    aid_event,
    extraction,
    full_document,
    make_document,
    sentence,
    withheld_event,
)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with connect(db_url) as opened:
        yield opened


def _count(store: Store, table: str) -> int:
    with store.read() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_save_document_round_trips_every_field(store: Store) -> None:
    doc = full_document()
    assert repo.save_document(store, doc) is True
    assert repo.get_document(store, doc.id) == doc


def test_save_document_twice_is_a_no_op(store: Store) -> None:
    doc = make_document()
    assert repo.save_document(store, doc) is True
    assert repo.save_document(store, dataclasses.replace(doc, title="other")) is False
    assert repo.get_document(store, doc.id).title is None
    assert repo.count_documents(store) == 1


def test_save_document_refuses_an_id_that_is_not_the_text_hash(store: Store) -> None:
    doc = dataclasses.replace(make_document(), id="0" * 16)
    with pytest.raises(StoreError, match="not the hash of its text"):
        repo.save_document(store, doc)


def test_get_document_by_unique_prefix(store: Store) -> None:
    doc = make_document()
    repo.save_document(store, doc)
    assert repo.get_document(store, doc.id[:6]).id == doc.id


def test_get_document_missing(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no such document"):
        repo.get_document(store, "abcdef")


def test_get_document_ignores_prefixes_too_short_to_be_meant(store: Store) -> None:
    doc = make_document()
    repo.save_document(store, doc)
    with pytest.raises(NotFoundError, match="no such document"):
        repo.get_document(store, doc.id[: repo.MIN_PREFIX - 1])


def test_get_document_prefix_matching_several(store: Store) -> None:
    # Find two texts whose ids share 4 leading characters (a birthday search, fast).
    seen: dict[str, str] = {}
    i = 0
    while True:
        doc = make_document(f"text {i}")
        if doc.id[:4] in seen:
            break
        seen[doc.id[:4]] = doc.text
        i += 1
    repo.save_document(store, doc)
    repo.save_document(store, make_document(seen[doc.id[:4]]))
    with pytest.raises(NotFoundError, match="several"):
        repo.get_document(store, doc.id[:4])


def test_list_documents_pages(store: Store) -> None:
    docs = [make_document(f"document {i}") for i in range(5)]
    for doc in docs:
        repo.save_document(store, doc)
    listed = repo.list_documents(store)
    assert {d.id for d in listed} == {d.id for d in docs}
    assert repo.list_documents(store, limit=2) + repo.list_documents(store, offset=2) == listed


def test_save_extraction_is_idempotent_and_dedups_events(store: Store) -> None:
    doc = make_document()
    repo.save_document(store, doc)
    ex = extraction(doc)
    repo.save_extraction(store, ex)
    tables = ["events", "evidence", "event_actors", "mentions", "dates", "quotes", "predictions"]
    first = {t: _count(store, t) for t in tables}
    repo.save_extraction(store, ex)
    assert {t: _count(store, t) for t in tables} == first
    # The AID event is stated twice: one event, two evidence rows; plus the SUPPORT event.
    assert first["events"] == 2
    assert first["evidence"] == 3
    assert first["event_actors"] == 4
    assert repo.document_states(store, [doc.id]) == {doc.id: True}


def test_stored_event_carries_every_evidence_sentence(store: Store) -> None:
    doc = make_document()
    repo.save_document(store, doc)
    repo.save_extraction(store, extraction(doc))
    (aid,) = repo.query_events(store, type="AID")
    assert aid.id == aid_event(doc).key
    assert aid.event == aid_event(doc)
    assert [e.sentence for e in aid.evidence] == [
        "Iran supplied Russia with drones in December 2025.",
        "Iran supplied Russia with drones, officials said.",
    ]


def test_re_extraction_replaces_what_the_document_contributed(store: Store) -> None:
    doc = make_document()
    repo.save_document(store, doc)
    repo.save_extraction(store, extraction(doc))
    repo.save_extraction(store, Extraction(document=doc, events=(withheld_event(doc),)))
    assert [e.event.type for e in repo.query_events(store)] == ["SUPPORT"]
    assert _count(store, "event_actors") == 2
    assert repo.list_mentions(store, doc.id) == []
    assert repo.query_quotes(store) == []
    assert repo.query_predictions(store) == []


def test_event_shared_by_two_documents_survives_one_re_extraction(store: Store) -> None:
    doc_a, doc_b = make_document(), make_document("Iran supplied Russia with drones in May.")
    for doc in (doc_a, doc_b):
        repo.save_document(store, doc)
    shared_a = aid_event(doc_a)
    shared_b = dataclasses.replace(shared_a, evidence=sentence(doc_b, "Iran supplied"))
    assert shared_a.key == shared_b.key
    repo.save_extraction(store, Extraction(document=doc_a, events=(shared_a,)))
    repo.save_extraction(store, Extraction(document=doc_b, events=(shared_b,)))
    (stored,) = repo.query_events(store)
    assert {e.doc_id for e in stored.evidence} == {doc_a.id, doc_b.id}
    repo.save_extraction(store, Extraction(document=doc_a))
    (stored,) = repo.query_events(store)
    assert [e.doc_id for e in stored.evidence] == [doc_b.id]


def test_save_extraction_needs_the_document(store: Store) -> None:
    with pytest.raises(NotFoundError, match="store the document"):
        repo.save_extraction(store, extraction(make_document()))


def _events_store(store: Store) -> None:
    doc = make_document()
    repo.save_document(store, doc)
    repo.save_extraction(store, extraction(doc))


@pytest.mark.parametrize(
    ("filters", "types"),
    [
        ({}, ["SUPPORT", "AID"]),
        ({"actor": "RUS"}, ["SUPPORT", "AID"]),
        ({"actor": "RUS", "role": "source"}, ["SUPPORT"]),
        ({"actor": "RUS", "role": "target"}, ["AID"]),
        ({"actor": "IRN"}, ["AID"]),
        ({"actor": "USA"}, []),
        ({"type": "aid"}, ["AID"]),
        ({"negated": True}, ["SUPPORT"]),
        ({"negated": False}, ["AID"]),
        ({"since": date(2025, 12, 31)}, ["AID"]),
        ({"since": date(2026, 1, 1)}, []),
        ({"until": date(2024, 12, 8)}, ["SUPPORT"]),
        ({"until": date(2024, 12, 7)}, []),
        ({"since": date(2024, 1, 1), "until": date(2025, 12, 1)}, ["SUPPORT", "AID"]),
    ],
)
def test_query_events_filters(store: Store, filters: dict[str, object], types: list[str]) -> None:
    _events_store(store)
    found = repo.query_events(store, **filters)  # type: ignore[arg-type]
    assert [e.event.type for e in found] == types  # ordered by date
    assert repo.count_events(store, **filters) == len(types)  # type: ignore[arg-type]


def test_query_events_by_document_and_pages(store: Store) -> None:
    _events_store(store)
    doc = make_document()
    assert len(repo.query_events(store, doc_id=doc.id)) == 2
    assert repo.query_events(store, doc_id="nope") == []
    page1 = repo.query_events(store, limit=1)
    page2 = repo.query_events(store, limit=1, offset=1)
    assert [e.event.type for e in page1 + page2] == ["SUPPORT", "AID"]


def test_query_events_uses_a_fixed_number_of_queries(store: Store) -> None:
    """No N+1: fetching 200 events costs the same few statements as fetching 2."""
    doc = make_document(" ".join(f"Sentence {i}." for i in range(200)))
    repo.save_document(store, doc)
    events = tuple(
        Event(type="AID", source=(f"A{i}",), target=("RUS",),
              evidence=sentence(doc, f"Sentence {i}."),
              date=DateValue(f"20{i % 30:02d}", "year", date(2000 + i % 30, 1, 1)))
        for i in range(200)
    )  # fmt: skip
    repo.save_extraction(store, Extraction(document=doc, events=events))
    statements: list[str] = []

    def _count_statement(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", _count_statement)
    try:
        found = repo.query_events(store, actor="RUS")
    finally:
        event.remove(store.engine, "before_cursor_execute", _count_statement)
    assert len(found) == 200
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 3, statements


def test_quotes_and_predictions_round_trip(store: Store) -> None:
    doc = make_document(published=date(2026, 3, 1), outlet="Example Times")
    repo.save_document(store, doc)
    ex = extraction(doc)
    repo.save_extraction(store, ex)
    assert repo.query_quotes(store) == list(ex.quotes)
    assert repo.query_quotes(store, speaker="olli-ruohomaki") == list(ex.quotes)
    assert repo.query_quotes(store, speaker="Ruohomaki") == list(ex.quotes)
    assert repo.query_quotes(store, speaker="nobody") == []
    assert repo.query_predictions(store, status="open") == list(ex.predictions)
    assert repo.query_predictions(store, subject="CUB", doc_id=doc.id) == list(ex.predictions)
    assert repo.query_predictions(store, status="failed") == []


def test_quote_speaker_type_and_joint_speakers_round_trip(store: Store) -> None:
    doc = make_document()
    repo.save_document(store, doc)
    ev = extraction(doc).quotes[0].evidence
    ministry = Quote("we protest", ev, 1, 5, speaker=None,
                     speaker_text="the Chinese Foreign Ministry", affiliation="CHN", cue="say",
                     speaker_type="institution")  # fmt: skip
    joint = Quote("a new era", ev, 6, 9, speaker="lena-brandt", speaker_text="Lena Brandt",
                  cue="say", co_speakers=("omar-haddad", "ana-costa"))  # fmt: skip
    source = Quote("it is over", ev, 10, 12, speaker_text="a UN source", speaker_type="anonymous")
    repo.save_extraction(store, Extraction(document=doc, quotes=(ministry, joint, source)))
    stored = repo.query_quotes(store, doc_id=doc.id)
    assert stored == [ministry, joint, source]
    assert [q.speaker_type for q in stored] == ["institution", "person", "anonymous"]
    assert repo.query_quotes(store, speaker="ana-costa") == [joint]  # any joint speaker
    assert repo.query_quotes(store, speaker="Foreign Ministry") == [ministry]


def test_prediction_status_survives_re_extraction(store: Store) -> None:
    doc = make_document()
    repo.save_document(store, doc)
    ex = extraction(doc)
    repo.save_extraction(store, ex)
    key = ex.predictions[0].key
    repo.set_prediction_status(store, key, "came_true", resolved_by="ev1", note="it happened")
    repo.save_extraction(store, ex)
    (stored,) = repo.query_predictions(store)
    assert (stored.status, stored.resolved_by) == ("came_true", "ev1")
    with pytest.raises(NotFoundError):
        repo.set_prediction_status(store, "missing", "failed")
    with pytest.raises(StoreError, match="unknown status"):
        repo.set_prediction_status(store, key, "maybe")


def test_mentions_and_dates_round_trip(store: Store) -> None:
    doc = make_document()
    repo.save_document(store, doc)
    ex = extraction(doc)
    repo.save_extraction(store, ex)
    assert repo.list_mentions(store, doc.id) == list(ex.mentions)
    assert repo.list_dates(store, doc.id) == list(ex.dates)


def test_minhash_signatures_and_ingested_inputs(store: Store) -> None:
    docs = [make_document(f"doc {i}") for i in range(3)]
    for i, doc in enumerate(docs):
        repo.save_document(store, doc, minhash=bytes([i]) * 8 if i != 1 else None)
    assert list(repo.iter_minhashes(store, batch=1)) == sorted(
        [(docs[0].id, b"\x00" * 8), (docs[2].id, b"\x02" * 8)]
    )
    assert sorted(repo.unextracted_documents(store)) == sorted(d.id for d in docs)
    repo.mark_extracted(store, docs[0].id)
    assert repo.unextracted_documents(store, [docs[0].id, docs[1].id]) == [docs[1].id]
    repo.record_input(store, repo.InputRecord("k1", "a.txt", (docs[0].id,)))
    repo.record_input(store, repo.InputRecord("k1", "a.txt", (docs[0].id,), extracted=True))
    assert repo.ingested_inputs(store, ["k1", "k2"]) == {"k1": ([docs[0].id], True)}
    new = make_document("doc 9")
    record = repo.InputRecord("k2", "b.txt", (new.id,))
    assert repo.save_document(store, new, input_record=record) is True
    assert repo.ingested_inputs(store, ["k2"]) == {"k2": ([new.id], False)}


def test_actors_get_or_create_upsert_and_list(store: Store) -> None:
    putin = Actor("vladimir-putin", "Vladimir Putin", "person", "RUS", ("Putin",),
                  (Role("President", "RUS", date(2012, 5, 7)),))  # fmt: skip
    russia = Actor("RUS", "Russia", "state", aliases=("Russian Federation",))
    repo.ensure_actors(store, [putin, russia])
    repo.ensure_actors(store, [Actor("RUS", "changed", "state")])  # get-or-create: kept
    assert repo.list_actors(store) == [russia, putin]
    assert repo.list_actors(store, kind="person") == [putin]
    repo.save_actor(store, Actor("RUS", "Russian Federation", "state"))  # upsert: replaced
    assert repo.list_actors(store, limit=1)[0].name == "Russian Federation"


def test_search_documents_in_titles_and_text(store: Store) -> None:
    a = make_document("Moscow stood by as Assad fell.", title="Syria", published=date(2024, 12, 8))
    b = make_document("Tehran sent drones.", title="Drones for Moscow", published=date(2025, 1, 1))
    c = make_document("Nothing relevant here.", title="Other")
    for doc in (a, b, c):
        repo.save_document(store, doc)
    assert [d.id for d in repo.search_documents(store, "moscow")] == [b.id, a.id]
    assert repo.search_documents(store, "100%") == []
    assert repo.search_documents(store, "  ") == []
