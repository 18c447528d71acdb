"""The one stage sequence (``allywatch.extract.process``): every document comes out once, in
order, with its extraction or the reason it failed; one failure never sinks the others."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

import allywatch
from allywatch.errors import ExtractionError
from allywatch.extract.process import Processor, catalog_actors
from allywatch.extract.registry import GoldExample
from allywatch.types import DateValue, Document, Event, Evidence, Extraction, Mention

pytestmark = pytest.mark.slow


def _doc(text: str) -> Document:
    return Document(id=Document.make_id(text), text=text, source=f"{text[:12]}.txt", format="text")


class Picky:
    """One AID event from Chad to Niger per document; breaks on documents saying "boom"."""

    name = "picky"

    def extract(self, sdoc: Any, document: Document, mentions: Sequence[Mention],
                dates: Sequence[DateValue], catalog: Any) -> list[Event]:  # fmt: skip
        if "boom" in document.text:
            raise RuntimeError("boom")
        sent = next(iter(sdoc.sents))
        evidence = Evidence(document.id, sent.start_char, sent.end_char, sent.text)
        return [Event("AID", ("TCD",), ("NER",), evidence)]

    def fit(self, examples: Sequence[GoldExample]) -> Picky:
        return self


def test_process_document_runs_every_stage() -> None:
    doc = _doc("Chad sent grain to Niger on 4 May 2024. “We will help,” Chad's envoy said.")
    extraction = allywatch.process_document(doc)
    assert isinstance(extraction, Extraction) and extraction.document is doc
    assert {m.actor_id for m in extraction.mentions} >= {"TCD", "NER"}
    assert [d.value for d in extraction.dates] == ["2024-05-04"]
    assert len(extraction.sentences) == 2
    assert extraction.quotes  # the quotes stage ran


def test_process_many_isolates_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    processor = Processor(backend=Picky())
    monkeypatch.setattr(processor.nlp, "max_length", 120)  # restored after the test
    docs = [
        _doc("Chad sent grain to Niger."),
        _doc("Chad says boom to Niger."),
        _doc("A very long document about Chad and Niger. " * 5),
        _doc("Niger thanked Chad."),
    ]
    out = list(processor.process_many(docs))
    assert [p.document for p in out] == docs  # each once, in order
    ok, boom, long_, last = out
    assert ok.error is None and ok.extraction is not None and ok.extraction.events
    assert {a.id for a in ok.actors} >= {"TCD", "NER"}
    assert boom.extraction is None and boom.error == "extraction failed: RuntimeError('boom')"
    assert long_.extraction is None and long_.error is not None
    assert long_.error.startswith("parsing failed:") and "at most 120" in long_.error
    assert last.error is None and last.extraction is not None


def test_process_many_a_broken_parse_stage_is_an_error_not_a_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import allywatch.nlp

    def broken(nlp: Any, documents: Any, n_process: int = 1) -> Any:
        raise TypeError("parse is broken")

    monkeypatch.setattr(allywatch.nlp, "parse", broken)
    processor = Processor(backend=Picky())
    with pytest.raises(TypeError, match="parse is broken"):
        list(processor.process_many([_doc("Chad sent grain to Niger.")]))


def test_process_raises_naming_the_document() -> None:
    doc = _doc("Chad says boom to Niger.")
    with pytest.raises(ExtractionError, match=r"Chad says bo.*\.txt: extraction failed"):
        Processor(backend=Picky()).process(doc)


def test_catalog_actors_lists_what_the_extraction_refers_to() -> None:
    processor = Processor(backend=Picky())
    extraction = processor.process(_doc("Chad sent grain to Niger."))
    assert [a.id for a in catalog_actors(extraction, processor.catalog)] == ["NER", "TCD"]
