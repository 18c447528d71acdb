"""The decision step's trained parameters, as plain data.

A :class:`LinearModel` is a multinomial logistic regression over sparse string features
(trained with scikit-learn's ``DictVectorizer`` + ``LogisticRegression``, see :mod:`.train`)
kept as a table of feature -> per-class weights, so the shipped file is readable JSON and
loads offline without scikit-learn or pickles; scoring is a dot product over the few
features a candidate has. :class:`Calibrator` maps a raw score to the share of events with
that score that were right on held-out folds (isotonic regression, stored as its steps).
:class:`DecisionModel` bundles the type model, the role model, the calibrator, the
threshold above which a reading is a fact, and what it was trained on.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from allywatch.errors import ConfigError

__all__ = ["MODEL_FILE", "Calibrator", "ChoiceModel", "DecisionModel", "LinearModel", "load_model"]

log = logging.getLogger(__name__)

#: The shipped model, in ``extract/resources/events/`` (written by ``allywatch train``).
MODEL_FILE = "decision_model.json.gz"


@dataclass(frozen=True)
class LinearModel:
    """Softmax over ``classes`` of ``intercept + sum(weights[f] * value)``."""

    classes: tuple[str, ...]
    weights: Mapping[str, Sequence[float]]
    intercept: Sequence[float]

    def scores(self, features: Mapping[str, float]) -> list[float]:
        z = list(self.intercept)
        n = len(z)
        for name, value in features.items():
            w = self.weights.get(name)
            if w is None:
                continue
            for k in range(n):
                z[k] += w[k] * value
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return [e / total for e in exp]

    def proba(self, features: Mapping[str, float]) -> dict[str, float]:
        return dict(zip(self.classes, self.scores(features), strict=True))

    def to_json(self) -> dict[str, Any]:
        weights = {k: [round(x, 4) for x in v] for k, v in sorted(self.weights.items())}
        intercept = [round(v, 5) for v in self.intercept]
        return {"classes": list(self.classes), "intercept": intercept, "weights": weights}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        return cls(tuple(data["classes"]), dict(data["weights"]), list(data["intercept"]))


@dataclass(frozen=True)
class ChoiceModel:
    """A conditional logit: ``P(k) = softmax_k(bias + sum of weights of features(k))``
    over the options ``k`` of one decision, each with its own feature dict."""

    weights: Mapping[str, float]
    bias: float = 0.0

    def distribution(self, options: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
        z = {k: self.bias + sum(self.weights.get(n, 0.0) * v for n, v in f.items())
             for k, f in options.items()}  # fmt: skip
        top = max(z.values())
        exp = {k: math.exp(v - top) for k, v in z.items()}
        total = sum(exp.values())
        return {k: e / total for k, e in exp.items()}

    def to_json(self) -> dict[str, Any]:
        return {"bias": round(self.bias, 5),
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())}}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChoiceModel:
        return cls(dict(data["weights"]), float(data.get("bias", 0.0)))


@dataclass(frozen=True)
class Calibrator:
    """A non-decreasing step function from raw score to probability (isotonic fit)."""

    xs: tuple[float, ...] = ()
    ys: tuple[float, ...] = ()

    def __call__(self, score: float) -> float:
        if not self.xs:
            return score
        i = bisect_right(self.xs, score) - 1
        if i < 0:
            return self.ys[0]
        if i >= len(self.xs) - 1:
            return self.ys[-1]
        x0, x1, y0, y1 = self.xs[i], self.xs[i + 1], self.ys[i], self.ys[i + 1]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (score - x0) / (x1 - x0)

    def to_json(self) -> dict[str, Any]:
        return {"xs": [round(x, 5) for x in self.xs], "ys": [round(y, 5) for y in self.ys]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Calibrator:
        return cls(tuple(data.get("xs", ())), tuple(data.get("ys", ())))


@dataclass(frozen=True)
class DecisionModel:
    """Everything the learned events backend decides with."""

    type_model: ChoiceModel
    role_model: LinearModel
    calibrator: Calibrator = field(default_factory=Calibrator)
    #: Calibrated confidence from which a reading with its parties is a fact.
    threshold: float = 0.5
    #: How it was trained (data, seed, library versions, held-out figures).
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "meta": dict(self.meta),
            "threshold": round(self.threshold, 4),
            "calibrator": self.calibrator.to_json(),
            "type_model": self.type_model.to_json(),
            "role_model": self.role_model.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DecisionModel:
        if data.get("format") != 1:
            raise ConfigError(f"unknown decision model format {data.get('format')!r}")
        return cls(
            type_model=ChoiceModel.from_json(data["type_model"]),
            role_model=LinearModel.from_json(data["role_model"]),
            calibrator=Calibrator.from_json(data.get("calibrator", {})),
            threshold=float(data.get("threshold", 0.5)),
            meta=dict(data.get("meta", {})),
        )

    def save(self, path: str | Path) -> None:
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        # mtime=0: the same model writes the same bytes (reproducible builds)
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
            fh.write(text.encode("utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> DecisionModel:
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the event decision model: {exc}") from exc
        return cls.from_json(data)


def shipped_model_path() -> Path:
    return Path(str(resources.files("allywatch.extract.resources").joinpath("events"))) / MODEL_FILE


@cache
def load_model() -> DecisionModel:
    """The shipped decision model (package data, cached per process)."""
    path = shipped_model_path()
    if not path.is_file():
        raise ConfigError(f"{path}: the event decision model is missing; run `allywatch train`")
    return DecisionModel.load(path)
