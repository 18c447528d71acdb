"""Helpers for pipeline tests: distinct synthetic articles, and a stand-in extraction stage."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from allywatch.types import Document, Event, Evidence, Extraction

_VOCABULARY = (
    "minister envoy treaty pipeline drones missiles border talks sanctions summit army "
    "navy grain loans reactor port rebels coalition pact ceasefire parliament election "
    "refinery tanker brigade convoy airbase corridor embassy delegation protest blockade "
    "uranium artillery helicopters radar satellites exports imports currency bonds debt "
    "harvest drought floods shipyard frigate garrison militia council charter observers"
)
_WORDS = _VOCABULARY.split()


def article(seed: int, sentences: int = 8) -> str:
    """A text of ``sentences`` distinct sentences; different seeds share almost no sentence."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(10, 16))]
        out.append(" ".join(words).capitalize() + f" in region {rng.randint(1, 10**6)}.")
    half = sentences // 2
    return " ".join(out[:half]) + "\n\n" + " ".join(out[half:]) + "\n"


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"article_{i:05d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths


class FakeStages:
    """Replaces spaCy and the extractors: one AID event per document, naming its first
    sentence; ``fail_on`` makes extraction of documents containing that text raise."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loads = 0
        self.extracted: list[str] = []
        self.fail_on: str | None = None
        import allywatch.extract
        import allywatch.nlp

        monkeypatch.setattr(allywatch.nlp, "load_pipeline", self.load_pipeline, raising=False)
        monkeypatch.setattr(allywatch.nlp, "parse", self.parse, raising=False)
        monkeypatch.setattr(allywatch.extract, "extract_document", self.extract_document)

    def load_pipeline(self, catalog: Any = None) -> object:
        self.loads += 1
        return object()

    def parse(
        self, nlp: object, documents: Iterable[Document], n_process: int = 1
    ) -> Iterator[tuple[Document, Any]]:
        for doc in documents:
            yield doc, None

    def extract_document(self, document: Document, sdoc: Any, catalog: Any) -> Extraction:
        if self.fail_on and self.fail_on in document.text:
            raise RuntimeError("extractor broke")
        self.extracted.append(document.id)
        end = document.text.index(".") + 1
        evidence = Evidence(document.id, 0, end, document.text[:end])
        event = Event(type="AID", source=("IRN",), target=("RUS",), evidence=evidence)
        return Extraction(document=document, events=(event,))
