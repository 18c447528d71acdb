"""The HTML reader on the Scrapinghub/Zyte article-extraction benchmark (181 pages).

Metric as the benchmark's README describes it (reimplemented): tokens are ``\\w+``
matches; per page, the multisets of 4-token shingles of truth and prediction give
TP/FP/FN; precision and recall are averaged over pages (pages with tp+fp=0 skipped for
precision, tp+fn=0 for recall) and F1 is their harmonic mean.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
from collections import Counter
from pathlib import Path

import pytest

from allywatch.errors import InputError
from allywatch.ingest import RawDocument, build_document
from allywatch.ingest.readers import read_html
from allywatch.ingest.registry import ReadOptions

_TOKEN = re.compile(r"\w+")
logger = logging.getLogger(__name__)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def score(truth: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    precisions: list[float] = []
    recalls: list[float] = []
    for key, expected in truth.items():
        t, p = _shingles(expected), _shingles(predicted.get(key, ""))
        tp = sum((t & p).values())
        fp = sum(p.values()) - tp
        fn = sum(t.values()) - tp
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def test_score_metric_on_known_cases() -> None:
    truth = {"a": "one two three four five", "b": "alpha beta gamma delta"}
    assert score(truth, truth)["f1"] == pytest.approx(1.0)
    half = score({"a": "a b c d e f g h"}, {"a": "a b c d e"})
    assert half["precision"] == pytest.approx(1.0)
    assert half["recall"] == pytest.approx(2 / 5)


def _extract(path: Path) -> str:
    data = gzip.decompress(path.read_bytes())
    docs = list(read_html(data, path.name, ReadOptions()))
    raw = docs[0]
    assert isinstance(raw, RawDocument)
    return build_document(raw).text


@pytest.mark.slow
@pytest.mark.shared
def test_html_reader_f1_on_article_extraction_benchmark(peer_data_dir: Path) -> None:
    bench = peer_data_dir / "article-extraction-benchmark"
    truth_raw = json.loads((bench / "ground-truth.json").read_text("utf-8"))
    truth = {k: v["articleBody"] for k, v in truth_raw.items()}
    predicted: dict[str, str] = {}
    failures: list[str] = []
    for key in truth:
        path = bench / "html" / f"{key}.html.gz"
        try:
            predicted[key] = _extract(path)
        except InputError as exc:  # a page we cannot read scores zero; count it
            failures.append(f"{key}: {exc}")
            predicted[key] = ""
    result = score(truth, predicted)
    print(f"\nHTML reader on article-extraction-benchmark: F1 {result['f1']:.3f} "
          f"(P {result['precision']:.3f}, R {result['recall']:.3f}), "
          f"{len(failures)} unreadable pages")  # fmt: skip
    assert result["f1"] >= 0.90, failures
