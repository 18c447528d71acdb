"""Cross-validation by document (``allywatch eval --folds K``).

The gold documents of every file given (their union: a document listed twice, by content
hash, is kept once) are split into K folds, deterministically for a seed: documents are
ordered by id, shuffled with ``random.Random(seed)`` and dealt round-robin. For each fold the
events backend is trained on the other K-1 folds plus any extra training files
(``backend.fit``; a backend with nothing to learn returns itself) and scores the held-out
fold. Training never sees the fold it is scored on: extra training documents that are also
scored documents are dropped (and counted), so nothing leaks through ``--train-extra``.

Each document is parsed once (:class:`~allywatch.extract.registry.GoldExample`) and reused
by every fold; only the events stage runs per fold, then quotes and predictions as usual.

The result has the scores of every fold (:func:`~allywatch.analyze.event_scoring.score_pairs`),
their mean and spread (sample standard deviation, min, max) per figure, and the pooled
(micro) scores over all held-out documents, which for a backend with nothing to learn are
the scores of the whole set.
"""

from __future__ import annotations

import logging
import random
import statistics
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allywatch.analyze.evaluate import StateOf
from allywatch.analyze.event_scoring import NameKeys, Pair, score_pairs
from allywatch.analyze.gold_examples import GoldFile
from allywatch.errors import EvaluationError
from allywatch.extract.registry import EventBackend, GoldExample

if TYPE_CHECKING:
    from allywatch.nlp.catalog import Catalog

__all__ = [
    "SUMMARY_FIGURES",
    "cross_validate",
    "evaluate_files",
    "extract_examples",
    "split_folds",
    "summarise",
    "union",
]

log = logging.getLogger(__name__)

#: Figures whose mean and spread over folds are reported: (score, key) paths.
SUMMARY_FIGURES: tuple[tuple[str, str], ...] = (
    ("events", "precision"), ("events", "recall"), ("events", "f1"),
    ("events_lenient", "precision"), ("events_lenient", "recall"), ("events_lenient", "f1"),
    ("event_dates", "accuracy"), ("quotes", "f1"), ("predictions", "f1"),
    ("plover.event_type", "accuracy"), ("plover.source", "accuracy"),
    ("plover.target", "accuracy"),
)  # fmt: skip


def union(groups: Iterable[Sequence[GoldExample]]) -> tuple[list[GoldExample], int]:
    """The examples of several gold files, each document once (first listing wins), and
    how many repeats were dropped."""
    seen: set[str] = set()
    out: list[GoldExample] = []
    repeats = 0
    for group in groups:
        for example in group:
            if example.document.id in seen:
                repeats += 1
                log.debug("%s: same document as one listed before; left out", example.source)
                continue
            seen.add(example.document.id)
            out.append(example)
    if repeats:
        log.info("%d gold documents repeat one listed before (same text); each kept once", repeats)
    return out, repeats


def split_folds(examples: Sequence[GoldExample], k: int, seed: int = 0) -> list[list[GoldExample]]:
    """``k`` folds of whole documents, the same for the same documents and seed whatever
    order they come in."""
    if k < 2:
        raise EvaluationError(f"--folds: need at least 2 folds, got {k}")
    if k > len(examples):
        raise EvaluationError(f"--folds {k}: only {len(examples)} gold documents to split")
    order = sorted(examples, key=lambda ex: (ex.document.id, ex.source))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def extract_examples(
    examples: Iterable[GoldExample], backend: EventBackend, catalog: Catalog
) -> list[Pair]:
    """(gold, extraction) of each example with ``backend`` as the events stage; the parse,
    mentions and dates are the example's own (computed once)."""
    from allywatch.extract import extract_document

    out: list[Pair] = []
    for ex in examples:
        extraction = extract_document(ex.document, ex.sdoc, ex.catalog or catalog, backend,
                                      mentions=ex.mentions, found_dates=ex.dates)  # fmt: skip
        out.append((ex.gold, extraction))
    return out


def cross_validate(
    examples: Sequence[GoldExample],
    k: int,
    backend: EventBackend,
    *,
    state_of: StateOf,
    names: NameKeys,
    catalog: Catalog,
    seed: int = 0,
    extra: Sequence[GoldExample] = (),
) -> dict[str, Any]:
    """K-fold cross-validation of ``backend`` over ``examples`` (module docstring)."""
    folds = split_folds(examples, k, seed)
    scored = {ex.document.id for ex in examples}
    train_extra = [ex for ex in extra if ex.document.id not in scored]
    dropped = len(extra) - len(train_extra)
    if dropped:
        log.warning("--train-extra: %d documents are also scored; left out of training", dropped)
    results: list[dict[str, Any]] = []
    pooled: list[Pair] = []
    for i, held_out in enumerate(folds):
        train = [ex for j, fold in enumerate(folds) if j != i for ex in fold]
        fitted = backend.fit([*train, *train_extra])
        pairs = extract_examples(held_out, fitted, catalog)
        pooled += pairs
        scores = score_pairs(pairs, state_of, names)
        scores["sources"] = [ex.source for ex in held_out]
        scores["trained_on"] = len(train) + len(train_extra)
        results.append(scores)
        log.info("fold %d/%d: %d documents, events F1 %.3f", i + 1, k, len(held_out),
                 scores["events"]["f1"])  # fmt: skip
    return {
        "k": k,
        "seed": seed,
        "backend": backend.name,
        "documents": len(examples),
        "train_extra": len(train_extra),
        "train_extra_dropped": dropped,
        "folds": results,
        "summary": summarise(results),
        "pooled": score_pairs(pooled, state_of, names),
    }


def _figure(scores: Mapping[str, Any], path: str, key: str) -> float | None:
    node: Any = scores
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    if not isinstance(node, Mapping) or key not in node:
        return None
    if path == "event_dates" and not node.get("n"):
        return None  # no matched event in this fold: the accuracy is undefined, not 0
    return float(node[key])


def summarise(folds: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float | int]]:
    """Per figure of :data:`SUMMARY_FIGURES`: mean, sample standard deviation, min, max
    and the number of folds it is defined in (figures no fold has are left out)."""
    out: dict[str, dict[str, float | int]] = {}
    for path, key in SUMMARY_FIGURES:
        values = [v for v in (_figure(f, path, key) for f in folds) if v is not None]
        if not values:
            continue
        out[f"{path}.{key}"] = {
            "mean": round(statistics.fmean(values), 4),
            "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
            "min": round(min(values), 4),
            "max": round(max(values), 4),
            "folds": len(values),
        }
    return out


def evaluate_files(
    golds: Sequence[str | Path],
    *,
    fmt: str | None = "allywatch",
    folds: int = 0,
    seed: int = 0,
    train_extra: Sequence[str | Path] = (),
    docs_dir: str | Path | None = None,
    backend: str | None = None,
) -> dict[str, Any]:
    """``allywatch eval GOLD... [--folds K]``: read every gold file (``fmt`` None: detect
    each), take the union of their documents and score the events backend (``backend``
    names it; default: the settings') by K-fold cross-validation, or, with ``folds`` 0, on
    the whole set as it is (no training; the pooled scores only). ``train_extra`` files
    (format detected) are added to every fold's training data, never scored."""
    from allywatch.analyze.evaluate import state_roll_up
    from allywatch.analyze.event_scoring import catalog_names
    from allywatch.analyze.gold_examples import Parser, read_gold
    from allywatch.extract.registry import get_backend

    if not golds:
        raise EvaluationError("eval: no gold file given")
    if train_extra and not folds:
        raise EvaluationError("--train-extra trains the backend per fold: give --folds too")
    chosen = get_backend(backend)
    parser = Parser()
    files = [read_gold(path, fmt, docs_dir=docs_dir, parser=parser) for path in golds]
    extra_files = [read_gold(path, None, parser=parser) for path in train_extra]
    examples, repeats = union(f.examples for f in files)
    extra, _ = union(f.examples for f in extra_files)
    if not examples:
        raise EvaluationError(f"eval: no gold documents in {', '.join(map(str, golds))}")
    catalog = parser.catalog
    state_of, names = state_roll_up(catalog), catalog_names(catalog)
    if folds:
        result = cross_validate(examples, folds, chosen, state_of=state_of, names=names,
                                catalog=catalog, seed=seed, extra=extra)  # fmt: skip
    else:
        pairs = extract_examples(examples, chosen, catalog)
        result = {"k": 0, "backend": chosen.name, "documents": len(examples),
                  "pooled": score_pairs(pairs, state_of, names)}  # fmt: skip
    result["repeats"] = repeats
    result["files"] = [_file_summary(f) for f in files]
    result["train_extra_files"] = [_file_summary(f) for f in extra_files]
    return result


def _file_summary(gold: GoldFile) -> dict[str, Any]:
    reasons: dict[str, int] = {}
    for _, reason in gold.skipped:
        key = reason.split(":", 1)[0] if reason.startswith("CAMEO code") else reason
        reasons[key] = reasons.get(key, 0) + 1
    return {
        "path": str(gold.path),
        "format": gold.format,
        "documents": len(gold.examples),
        "left_out": len(gold.skipped),
        "left_out_reasons": dict(sorted(reasons.items())),
    }
