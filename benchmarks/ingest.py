"""Ingest throughput: read + clean + near-duplicate check + store, without extraction.

Builds a corpus of N plain-text articles (default 2,000) by recombining the paragraphs of the
bundled examples (examples/), varying their numbers and years so that no two articles are
near-duplicates, then ingests it into a fresh SQLite database with ``ingest_paths(...,
extract=False)`` in this one process (one core), and ingests it again.

Prints documents/s (from CPU time, which other processes on the machine do not inflate,
and from wall time), peak RSS, the re-ingest time as a ratio to the first ingest, and the
CPU time per document of each stage run alone (read + clean, MinHash near-duplicate check,
store).
Targets: >= 200 documents/s; re-ingest <= 5% of the first ingest.

    python benchmarks/ingest.py [--docs 2000] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.pipeline_helpers import example_sentences, make_corpus  # noqa: E402

from allywatch.ingest import read_inputs  # noqa: E402
from allywatch.ingest.dedup import NearDuplicateIndex  # noqa: E402
from allywatch.pipeline import ingest_paths  # noqa: E402
from allywatch.store import connect, repository  # noqa: E402
from allywatch.types import Document  # noqa: E402

TARGET_DOCS_PER_S = 200
TARGET_REINGEST_RATIO = 0.05


def measure(inputs: list[str], url: str) -> tuple[float, float, object]:
    with connect(url) as store:
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths(inputs, store, extract=False)
        return time.perf_counter() - wall, time.process_time() - cpu, report


def stage_breakdown(corpus: Path, url: str) -> dict[str, float]:
    """CPU seconds per document of each stage alone, to show where the time goes."""
    cpu = time.process_time()
    docs = [d for d in read_inputs([str(corpus)]) if isinstance(d, Document)]
    read = time.process_time() - cpu
    index = NearDuplicateIndex()
    cpu = time.process_time()
    signatures = []
    for doc in docs:
        signature = index.signature(doc)
        index.query(signature)
        index.add(doc.id, signature)
        signatures.append(signature)
    dedup = time.process_time() - cpu
    with connect(url) as store:
        cpu = time.process_time()
        for doc, signature in zip(docs, signatures, strict=True):
            repository.save_document(store, doc, minhash=signature)
        save = time.process_time() - cpu
    n = max(len(docs), 1)
    return {"read_clean_ms": read / n * 1000, "minhash_ms": dedup / n * 1000,
            "store_ms": save / n * 1000}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--examples", type=Path, default=ROOT / "examples")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="allywatch-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, args.docs, example_sentences(args.examples))
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        connect(url).close()  # migrations are not part of the ingest figure
        wall1, cpu1, first = measure([str(corpus)], url)
        wall2, cpu2, second = measure([str(corpus)], url)
        breakdown = stage_breakdown(corpus, f"sqlite:///{Path(tmp) / 'stages.sqlite'}")
    figures = {
        "documents": args.docs,
        "stored": first.new,  # type: ignore[attr-defined]
        "near_duplicates": first.duplicates,  # type: ignore[attr-defined]
        "errors": len(first.errors),  # type: ignore[attr-defined]
        "docs_per_s_cpu": round(args.docs / cpu1, 1),
        "docs_per_s_wall": round(args.docs / wall1, 1),
        "first_ingest_s": {"cpu": round(cpu1, 3), "wall": round(wall1, 3)},
        "re_ingest_s": {"cpu": round(cpu2, 3), "wall": round(wall2, 3)},
        "re_ingest_ratio_cpu": round(cpu2 / cpu1, 4),
        "re_ingest_ratio_wall": round(wall2 / wall1, 4),
        "re_ingest_skipped": second.skipped,  # type: ignore[attr-defined]
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cpu_ms_per_document": {k: round(v, 2) for k, v in breakdown.items()},
    }
    figures["meets_targets"] = (
        figures["docs_per_s_cpu"] >= TARGET_DOCS_PER_S
        and figures["re_ingest_ratio_cpu"] <= TARGET_REINGEST_RATIO
    )
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"ingest of {args.docs} recombined example articles into SQLite (extract off)")
    print(f"  stored {figures['stored']}, near-duplicates {figures['near_duplicates']}, "
          f"errors {figures['errors']}")  # fmt: skip
    print(f"  documents/s: {figures['docs_per_s_cpu']} (CPU time), "
          f"{figures['docs_per_s_wall']} (wall)   target >= {TARGET_DOCS_PER_S}")  # fmt: skip
    print(f"  re-ingest / first ingest: {figures['re_ingest_ratio_cpu']:.2%} (CPU), "
          f"{figures['re_ingest_ratio_wall']:.2%} (wall)   target <= "
          f"{TARGET_REINGEST_RATIO:.0%}")  # fmt: skip
    print(f"  peak RSS: {figures['peak_rss_mb']} MB (first ingest, re-ingest and the breakdown)")
    stages = ", ".join(f"{k.removesuffix('_ms')} {v:.2f}" for k, v in breakdown.items())
    print(f"  CPU ms per document, each stage alone: {stages}")


if __name__ == "__main__":
    main()
