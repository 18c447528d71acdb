"""Scaling: the local engine, the Ray engine with 1 and 2 workers, and raw spaCy, one run.

Builds a synthetic corpus of N articles (default 20,000; ``--n`` to shrink) from the
sentences of the bundled examples (examples/), recombined, with their numbers and years
varied and their states swapped for others (so articles differ in actors and dates and are
not near-duplicates of each other). Then, on the same machine in the same run:

- the local engine (``allywatch ingest``: one process) into a fresh SQLite file;
- the Ray engine with 1 worker and with 2 workers, each into a fresh SQLite file (one local
  Ray started once with as many CPUs as the larger pool; the time of a job includes its
  actors loading the spaCy pipeline, and is also given from its first committed batch on);
- raw spaCy: ``spacy.load(MODEL).pipe(texts, n_process=2)`` over the same clean texts, with
  nothing else (no allywatch components, no extraction, no store).

Prints articles/s and words/s for each, the scaling efficiency (2 workers / 1 worker), and
the ratio of the 2-worker Ray engine to raw spaCy. Targets: 2 workers >= 1.7x one worker;
>= 75% of raw spaCy's throughput. Then where each engine's time went (``IngestReport.phases``:
for a Ray job the driver's plan, the wait for its first batch, the time it waited for Ray,
decoded results, checked near-duplicates, wrote to the store and resolved the ledger).

    python benchmarks/scale.py [--n 20000] [--batch-size 16] [--engines raw,local,ray1,ray2]
                               [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.pipeline_helpers import example_sentences  # noqa: E402

from allywatch.ingest import read_inputs  # noqa: E402
from allywatch.pipeline import ingest_paths  # noqa: E402
from allywatch.scale import RayOptions, ingest_ray, ray_session  # noqa: E402
from allywatch.store import connect  # noqa: E402
from allywatch.types import Document  # noqa: E402

TARGET_SCALING = 1.7
TARGET_RAW_RATIO = 0.75
ARTICLES_PER_DAY = 300_000
ENGINES = {"raw": "raw spaCy n_process=2", "local": "local engine", "ray1": "ray 1 worker",
           "ray2": "ray 2 workers"}  # fmt: skip

#: States named in the examples, and the pool they are swapped with (names the catalog
#: resolves, so the extractors see real actors).
_STATES = ("Russia", "Iran", "Syria", "Venezuela", "Cuba", "North Korea", "Ukraine", "Israel",
           "China", "Belarus", "Turkey", "Moldova")  # fmt: skip
_STATE = re.compile(r"\b(" + "|".join(_STATES) + r")\b")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def _vary(sentence: str, rng: random.Random) -> str:
    sentence = _STATE.sub(lambda _m: rng.choice(_STATES), sentence)
    return _NUMBER.sub(lambda m: str(rng.randint(1990, 2026)) if len(m.group()) == 4
                       else str(rng.randint(2, 9_999)), sentence)  # fmt: skip


def make_corpus(folder: Path, n: int, sentences: list[str], seed: int = 11) -> None:
    """``n`` articles of 12-30 recombined, varied sentences in paragraphs of 3-5."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        picked = [_vary(s, rng) for s in rng.sample(sentences, k=min(len(sentences),
                                                                  rng.randint(12, 30)))]
        paragraphs = []
        while picked:
            step = rng.randint(3, 5)
            paragraphs.append(" ".join(picked[:step]))
            picked = picked[step:]
        title = f"Dispatch {i}: {' '.join(paragraphs[0].split()[:8])}"
        text = f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"article_{i:06d}.txt").write_text(text, encoding="utf-8")


def _tree_cpu() -> dict[int, float]:
    """CPU seconds so far of every live descendant process (Ray's raylet, GCS, workers)."""
    out: dict[int, float] = {}
    for proc in psutil.Process().children(recursive=True):
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        out[proc.pid] = times.user + times.system
    return out


class _Clock:
    """Wall time, and CPU time of this process, its waited-for children and (sampled
    with ``sample``) its live descendants: the CPU an engine used, whoever ran it."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.own = time.process_time()
        self.children = self._children()
        self.base = _tree_cpu()
        self.latest = dict(self.base)

    @staticmethod
    def _children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def sample(self) -> None:
        self.latest.update(_tree_cpu())

    def stop(self) -> tuple[float, float]:
        self.sample()
        tree = sum(cpu - self.base.get(pid, 0.0) for pid, cpu in self.latest.items())
        cpu = time.process_time() - self.own + self._children() - self.children + tree
        return time.perf_counter() - self.wall, cpu


def run_local(inputs: list[str], work: Path) -> dict[str, Any]:
    with connect(f"sqlite:///{work / 'local.sqlite'}") as store:
        clock = _Clock()
        report = ingest_paths(inputs, store)
        wall, cpu = clock.stop()
    assert not report.errors, report.errors[:3]
    return {"seconds": wall, "cpu_seconds": cpu, "articles": report.extracted,
            "phases": report.phases}  # fmt: skip


def run_ray(inputs: list[str], work: Path, workers: int, batch_size: int) -> dict[str, Any]:
    """One Ray job; its time includes the actors loading the spaCy pipeline."""
    options = RayOptions(concurrency=workers, batch_size=batch_size)
    work.mkdir(exist_ok=True)
    with connect(f"sqlite:///{work / f'ray{workers}.sqlite'}") as store:
        clock = _Clock()
        report = ingest_ray(inputs, store, options=options,
                            progress=lambda *_: clock.sample())  # fmt: skip
        wall, cpu = clock.stop()
    assert not report.errors, report.errors[:3]
    return {"seconds": wall, "cpu_seconds": cpu, "articles": report.extracted,
            "phases": report.phases}  # fmt: skip


def run_raw_spacy(texts: list[str]) -> dict[str, Any]:
    import spacy

    from allywatch.nlp import MODEL_NAME

    nlp = spacy.load(MODEL_NAME)
    clock = _Clock()
    count = sum(1 for _ in nlp.pipe(texts, n_process=2, batch_size=16))
    wall, cpu = clock.stop()
    return {"seconds": wall, "cpu_seconds": cpu, "articles": count}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles (default 20,000)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--examples", type=Path, default=ROOT / "examples")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"comma-separated subset of {', '.join(ENGINES)} (default: all)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if unknown := [e for e in engines if e not in ENGINES]:
        parser.error(f"--engines: unknown {', '.join(unknown)} (known: {', '.join(ENGINES)})")
    load_at_start = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="allywatch-scale-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        make_corpus(corpus, args.n, example_sentences(args.examples))
        docs = [d for d in read_inputs([str(corpus)]) if isinstance(d, Document)]
        words = sum(d.words for d in docs) / max(len(docs), 1)
        inputs = [str(corpus)]
        results: dict[str, dict[str, Any]] = {}
        if "raw" in engines:
            results[ENGINES["raw"]] = run_raw_spacy([d.text for d in docs])
        if "local" in engines:
            results[ENGINES["local"]] = run_local(inputs, work)
        pools = [w for w in (1, 2) if f"ray{w}" in engines]
        if pools:
            with ray_session(RayOptions(concurrency=2)):
                # Unmeasured: Ray sets up the job's runtime environment on first use.
                run_ray([str(p) for p in sorted(corpus.iterdir())[:2]], work / "warm", 1, 1)
                for workers in pools:
                    results[ENGINES[f"ray{workers}"]] = run_ray(inputs, work, workers,
                                                                args.batch_size)  # fmt: skip
    summary = _summary(results, words, args.n)
    summary["load_average_at_start"] = load_at_start
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    _print(summary)


def _summary(results: dict[str, dict[str, Any]], words: float, n: int) -> dict[str, Any]:
    rates: dict[str, dict[str, Any]] = {}
    for name, r in results.items():
        rate = r["articles"] / r["seconds"]
        rates[name] = {"articles_per_s": rate, "words_per_s": rate * words,
                       "seconds": r["seconds"], "cpu_seconds": r["cpu_seconds"],
                       "articles_per_cpu_s": r["articles"] / r["cpu_seconds"],
                       "phases": r.get("phases", {})}  # fmt: skip
    out: dict[str, Any] = {"articles": n, "words_per_article": words, "cpus": os.cpu_count(),
                           "load_average": os.getloadavg(), "engines": rates}  # fmt: skip
    one, two, raw = (rates.get(ENGINES[k]) for k in ("ray1", "ray2", "raw"))
    if one and two:
        out["scaling_2_over_1"] = two["articles_per_s"] / one["articles_per_s"]
    if two and raw:
        out["ray2_over_raw_spacy"] = two["articles_per_s"] / raw["articles_per_s"]
        out["ray2_over_raw_spacy_per_cpu"] = (two["articles_per_cpu_s"]
                                              / raw["articles_per_cpu_s"])  # fmt: skip
    if two:
        out["machines_for_300k_per_day"] = ARTICLES_PER_DAY / 86_400 / two["articles_per_s"]
    return out


def _print(s: dict[str, Any]) -> None:
    start, end = s["load_average_at_start"][0], s["load_average"][0]
    print(f"{s['articles']:,} articles, {s['words_per_article']:.0f} words each on average; "
          f"{s['cpus']} CPUs, load average {start:.2f} at the start, {end:.2f} at the end")
    print(f"{'engine':<24}{'articles/s':>11}{'words/s':>9}{'wall s':>8}{'CPU s':>8}"
          f"{'articles/CPU-s':>16}")  # fmt: skip
    for name, r in s["engines"].items():
        print(f"{name:<24}{r['articles_per_s']:>11.2f}{r['words_per_s']:>9.0f}"
              f"{r['seconds']:>8.1f}{r['cpu_seconds']:>8.1f}{r['articles_per_cpu_s']:>16.2f}")
    if "scaling_2_over_1" in s:
        print(f"scaling 2 workers / 1 worker: {s['scaling_2_over_1']:.2f}x "
              f"(target >= {TARGET_SCALING}x)")
    if "ray2_over_raw_spacy" in s:
        print(f"ray 2 workers / raw spaCy: {s['ray2_over_raw_spacy']:.0%} of its articles/s, "
              f"{s['ray2_over_raw_spacy_per_cpu']:.0%} per CPU-second "
              f"(target >= {TARGET_RAW_RATIO:.0%})")
    if "machines_for_300k_per_day" in s:
        print(f"machines like this for {ARTICLES_PER_DAY:,} articles/day: "
              f"{s['machines_for_300k_per_day']:.2f}")
    print("where the time went (seconds):")
    for name, r in s["engines"].items():
        if r["phases"]:
            parts = ", ".join(f"{phase} {secs:.1f}" for phase, secs in r["phases"].items())
            print(f"  {name}: {parts}")


if __name__ == "__main__":
    main()
