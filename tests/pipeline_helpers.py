"""Helpers for pipeline tests: distinct synthetic articles, and a stand-in extraction stage."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from allywatch.ingest import InputError, read_inputs
from allywatch.types import Document, Event, Evidence, Extraction

_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")

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


def example_sentences(folder: Path) -> list[str]:
    """Every sentence of every example article, as ingest cleans it."""
    sentences: list[str] = []
    for item in read_inputs([str(folder)]):
        if isinstance(item, InputError):
            continue
        for paragraph in item.text.split("\n\n"):
            flat = " ".join(paragraph.split())
            sentences += [s for s in _SENTENCE.split(flat) if len(s.split()) >= 6]
    if not sentences:
        raise SystemExit(f"no example sentences found under {folder}")
    return sentences


def _vary(sentence: str, rng: random.Random, vocabulary: list[str]) -> str:
    """The sentence with new numbers and about a third of its longer words swapped for
    other words of the examples: the examples hold only a few dozen sentences, and
    articles recombined from them unchanged would be near-duplicates of each other."""
    words = _NUMBER.sub(lambda _m: str(rng.randint(2, 99_999)), sentence).split()
    for i, word in enumerate(words):
        if word.isalpha() and word.islower() and len(word) > 3 and rng.random() < 0.35:
            words[i] = rng.choice(vocabulary)
    return " ".join(words)


def make_corpus(
    folder: Path,
    count: int,
    sentences: list[str],
    seed: int = 7,
    sentences_per_doc: tuple[int, int] = (12, 30),
) -> None:
    """``count`` articles of 12-30 recombined, varied sentences in paragraphs of 3-5."""
    rng = random.Random(seed)
    vocabulary = sorted({w for s in sentences for w in s.split() if w.isalpha() and w.islower()})
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        picked = rng.sample(sentences, k=min(len(sentences), rng.randint(*sentences_per_doc)))
        picked = [_vary(s, rng, vocabulary) for s in picked]
        paragraphs, at = [], 0
        while at < len(picked):
            step = rng.randint(3, 5)
            paragraphs.append(" ".join(picked[at : at + step]))
            at += step
        title = f"Dispatch {i}: {' '.join(picked[0].split()[:8])}"
        body = "\n\n".join(paragraphs)
        (folder / f"doc_{i:05d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")


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

    def extract_document(
        self, document: Document, sdoc: Any, catalog: Any, backend: Any = None
    ) -> Extraction:
        if self.fail_on and self.fail_on in document.text:
            raise RuntimeError("extractor broke")
        self.extracted.append(document.id)
        end = document.text.index(".") + 1
        evidence = Evidence(document.id, 0, end, document.text[:end])
        event = Event(type="AID", source=("IRN",), target=("RUS",), evidence=evidence)
        return Extraction(document=document, events=(event,))
