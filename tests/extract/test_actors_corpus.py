"""The seed corpus: every actor and person of gold.json is resolved (at state level), and
nothing is taken from the headline, byline, author bio, comment widget or link lists."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from allywatch.extract.actors import resolve_mentions
from allywatch.nlp import load_pipeline, parse
from allywatch.nlp.catalog import Catalog, slugify
from allywatch.types import Document, Mention
from tests.conftest import shared_path

pytestmark = [pytest.mark.slow, pytest.mark.shared]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(scope="module")
def nlp(catalog: Catalog):  # type: ignore[no-untyped-def]
    return load_pipeline(catalog)  # cached per process: the model loads once per session


FURNITURE = [
    "Iran's Khamenei, Another Russian Ally, Follows Assad, Maduro In Falling. Putin Next?",
    "Martin Fornusek reports in the Kyiv Independent:",
    "As a Partner and Co-Founder of Predictiv",
    "0 comments:",
    "Related article: We’re Entering a World Run by Trump and Putin’s Rules",
    "Related article: Russia’s Investments in Iran At Risk",
    "The views expressed in opinion pieces",
]


def _read(path: Path, published: str) -> Document:
    # A minimal read (the ingest stage cleans more); offsets are into this text.
    text = path.read_text(encoding="utf-8")
    return Document(
        id=Document.make_id(text), text=text, source=str(path), format="text",
        published=date.fromisoformat(published),
    )  # fmt: skip


def _ingest(path: Path, published: str) -> Document:
    from allywatch.ingest import read_inputs

    (result,) = list(read_inputs([str(path)], published=date.fromisoformat(published)))
    assert isinstance(result, Document), result
    return result


@pytest.fixture(scope="module", params=["raw", "ingest"])
def corpus(request, nlp, catalog):  # type: ignore[no-untyped-def]
    """The seed articles read as they are (all page furniture present) and through the
    ingest stage (cleaned; its paragraphs used)."""
    corpus_dir = shared_path("corpus")
    gold = json.loads((corpus_dir / "gold.json").read_text())
    read = _read if request.param == "raw" else _ingest
    out = []
    for entry in gold["documents"]:
        document = read(corpus_dir / entry["document"], entry["published"])
        ((document, sdoc),) = list(parse(nlp, [document]))
        out.append((entry, document, resolve_mentions(sdoc, document, catalog)))
    return request.param, out


def test_every_gold_actor_is_resolved(corpus) -> None:  # type: ignore[no-untyped-def]
    for entry, _document, mentions in corpus[1]:
        states = {m.state for m in mentions} | {m.actor_id for m in mentions}
        wanted = {a for e in entry["events"] for a in (*e["source"], *e["target"])}
        wanted |= {p["subject"] for p in entry["predictions"] if p.get("subject")}
        assert wanted <= states, f"{entry['document']}: missing {wanted - states}"


def test_every_named_gold_speaker_is_a_person(corpus) -> None:  # type: ignore[no-untyped-def]
    for entry, _document, mentions in corpus[1]:
        people = {m.actor_id for m in mentions if m.kind == "person"}
        for quote in entry["quotes"]:
            if quote.get("speaker"):
                assert slugify(quote["speaker"]) in people, quote["speaker"]


def test_gold_leaders_resolved(corpus) -> None:  # type: ignore[no-untyped-def]
    for entry, _document, mentions in corpus[1]:
        people = {m.actor_id for m in mentions if m.kind == "person"}
        for event in entry["events"]:
            if event.get("leader"):
                assert slugify(event["leader"]) in people, event["leader"]


def _inside(m: Mention, document: Document, marker: str) -> bool:
    start = document.text.find(marker)
    if start < 0:
        return False
    end = document.text.find("\n", start)
    end = len(document.text) if end < 0 else end
    return start <= m.start < end


def test_no_actor_from_page_furniture(corpus) -> None:  # type: ignore[no-untyped-def]
    seen = 0
    kind, docs = corpus
    for _entry, document, mentions in docs:
        for marker in FURNITURE:
            if marker in document.text:
                seen += 1
                bad = [m.text for m in mentions if _inside(m, document, marker)]
                assert not bad, f"{marker!r}: {bad}"
        for m in mentions:
            line_start = document.text.rfind("\n", 0, m.start) + 1
            assert not document.text[line_start:].startswith("http"), m
    if kind == "raw":  # ingest may already have removed some of it
        assert seen == len(FURNITURE)


def test_no_stock_ner_mistakes(corpus) -> None:  # type: ignore[no-untyped-def]
    for _entry, _document, mentions in corpus[1]:
        for m in mentions:
            if m.text == "Rosatom":
                assert m.actor_id == "ROSATOM" and m.state == "RUS"
            assert m.text not in ("Follows Assad", "Supreme", "Vladimir", "Bashar", "Nicolas")
