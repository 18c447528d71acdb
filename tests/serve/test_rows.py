"""The API's pages are plain dicts serialised straight to JSON (no response-model pass), so:
every schema's ``row()`` must hold exactly the schema's fields and validate against it, and
the store's lean listings (``event_listing``, ``document_listing``) must give the same rows
as the full records, for every filter, page and the dated/undated boundary."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic_core import to_json

from allywatch.serve.schemas import (
    ActorOut,
    DocumentDetailOut,
    DocumentOut,
    EventOut,
    MentionOut,
    PredictionOut,
    QuoteOut,
)
from allywatch.types import (
    Actor,
    DateValue,
    Document,
    Event,
    Evidence,
    StoredEvent,
)
from tests.serve.fakes import article_extraction, payload_extraction


def _conforms(model: type[BaseModel], row: dict[str, Any]) -> None:
    assert set(row) == set(model.model_fields), model.__name__
    # The same JSON text (so a 1 where the schema says true would show).
    validated = model.model_validate(row).model_dump(mode="json")
    assert to_json(validated) == to_json(row, inf_nan_mode="null"), model.__name__


def _same(a: Any, b: Any) -> None:
    assert to_json(a) == to_json(b)


def test_every_row_is_exactly_its_schema() -> None:
    for x in (article_extraction(), payload_extraction()):
        _conforms(DocumentOut, DocumentOut.row(x.document))
        _conforms(DocumentDetailOut, DocumentDetailOut.row(x.document))
        for m in x.mentions:
            _conforms(MentionOut, MentionOut.row(m))
        for e in x.events:
            _conforms(EventOut, EventOut.row(StoredEvent("e1", e, (e.evidence,))))
        for q in x.quotes:
            _conforms(QuoteOut, QuoteOut.row(q))
        for p in x.predictions:
            _conforms(PredictionOut, PredictionOut.row(p))
    _conforms(ActorOut, ActorOut.row(Actor("RUS", "Russia", "state", aliases=("Moscow",))))


def test_a_non_finite_number_becomes_null() -> None:
    from allywatch.serve.api.export import json_response

    assert json.loads(json_response({"x": float("nan")}).body) == {"x": None}


ACTORS = ["RUS", "IRN", "SYR", "CUB", "BLR", "VEN"]


def _generated(rng: random.Random) -> tuple[list[dict[str, Any]], list[StoredEvent]]:
    """Documents of 6 events: some undated, some negated, some with a second evidence
    sentence, and one whose evidence is the document's title."""
    docs: list[dict[str, Any]] = []
    events: list[StoredEvent] = []
    for d in range(12):
        sentences = [f"Doc {d} sentence {i}: {rng.choice(ACTORS)} acted." for i in range(6)]
        text = " ".join(sentences)
        doc_id = Document.make_id(text)
        published = date(2020, 1, 1) + timedelta(days=rng.randrange(1500))
        docs.append({
            "id": doc_id, "source": f"g{d}.txt", "format": "text", "title": f"Title {d}",
            "outlet": "Wire", "published": published, "text": text, "words": len(text.split()),
            "links": [], "paragraphs": [], "pages": [], "repeated": [], "extracted": True,
        })  # fmt: skip
        offset = 0
        for i, sentence in enumerate(sentences):
            ev = Evidence(doc_id, offset, offset + len(sentence), sentence)
            offset += len(sentence) + 1
            if d == 3 and i == 0:
                ev = Evidence(doc_id, 0, 0, f"Title {d}")  # the headline's words
            src, tgt = rng.sample(ACTORS, 2)
            when = published - timedelta(days=rng.randrange(300))
            dated = rng.random() < 0.7
            event = Event(
                rng.choice(["AID", "SUPPORT", "AGREE"]), (src,), (tgt,), ev,
                mode=rng.choice([None, "arms"]), detail=f"detail {i}",
                date=DateValue(when.isoformat(), "day", when, when) if dated else None,
                negated=rng.random() < 0.3, confidence=round(rng.random(), 3),
            )  # fmt: skip
            more = (ev, Evidence(doc_id, 0, len(sentences[0]), sentences[0])) if i == 5 else (ev,)
            events.append(StoredEvent(f"g{d:03d}{i:03d}", event, more))
    return docs, events


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from allywatch.store import analytics, connect, repository

    store = connect(f"sqlite:///{Path(tmp_path_factory.mktemp('rows')) / 'rows.sqlite'}")
    for x in (article_extraction(), payload_extraction()):
        repository.save_document(store, x.document)
        repository.save_extraction(store, x)
    docs, events = _generated(random.Random(11))
    analytics.bulk_insert(store, docs, events)
    yield store
    store.close()


FILTERS: list[dict[str, Any]] = [
    {},
    {"actor": "RUS"},
    {"actor": "SYR", "negated": True},
    {"negated": False},
    {"type": "AID"},
    {"since": date(2021, 1, 1), "until": date(2022, 6, 30)},
    {"type": "SUPPORT", "since": date(2020, 6, 1)},
    {"actor": "IRN", "role": "source"},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
def test_event_listing_is_the_records_rows(store: Any, filters: dict[str, Any]) -> None:
    from allywatch.store import repository

    every = [EventOut.row(e) for e in repository.query_events(store, **filters)]
    _same(repository.event_listing(store, **filters), every)
    assert every, "the filter should match something"
    # Pages of 7 cross the dated/undated boundary somewhere; each equals its slice.
    for offset in range(0, len(every) + 7, 7):
        page = repository.event_listing(store, **filters, limit=7, offset=offset)
        _same(page, every[offset : offset + 7])
    for row in every:
        _conforms(EventOut, row)


def test_event_listing_by_document_and_title_evidence(store: Any) -> None:
    from allywatch.store import repository

    doc_id = article_extraction().document.id
    rows = repository.event_listing(store, doc_id=doc_id)
    _same(rows, [EventOut.row(e) for e in repository.query_events(store, doc_id=doc_id)])
    titled = [ev for r in repository.event_listing(store) for ev in r["evidence"]
              if ev["in_title"]]  # fmt: skip
    assert [ev["sentence"] for ev in titled] == ["Title 3"]
    assert any(len(r["evidence"]) == 2 for r in repository.event_listing(store))


def test_document_listing_is_the_records_rows(store: Any) -> None:
    from allywatch.store import repository

    every = [DocumentOut.row(d) for d in repository.list_documents(store)]
    _same(repository.document_listing(store), every)
    assert len(every) == 14
    _same(repository.document_listing(store, limit=5, offset=10), every[10:15])
    for row in every:
        _conforms(DocumentOut, row)
