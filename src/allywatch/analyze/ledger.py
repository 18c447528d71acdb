"""The prediction ledger: resolving predictions against later events, and Brier scores.

Definitions (kept here so the numbers are transparent):

- A prediction's ``outcome`` is an event type (``LEADER_OUSTED``), an event type with
  `` negated`` ("Russia will not come to save Iran" -> ``SUPPORT negated``), or free text.
  ``likelihood`` is the probability the predictor gave to that outcome happening.
- **Status is about the stated outcome.** ``came_true``: the outcome happened by the
  deadline; ``failed``: it did not. A forecaster who called an outcome "exceedingly
  unlikely" (p = 0.1) is right when it fails, and the Brier score rewards that.
- **Automatic resolution** (:func:`resolve_predictions`), for open predictions whose
  outcome is an event type and which have a subject actor:

  * an event of that type, not negated, with the subject among its actors (or as its
    leader's state), reported in an article published after the prediction was made, and
    dated (its own date, else its article's) on or after the prediction and by the
    deadline -> the outcome happened: ``came_true`` for a positive outcome, ``failed`` for a
    negated one; ``resolved_by`` is that event's id;
  * no such event and the deadline has passed (``today`` > deadline) -> ``failed`` for a
    positive outcome, ``came_true`` for a negated one;
  * no deadline ("one day") -> it can come true, but never fails automatically.

  Free-text outcomes are resolved by hand (:func:`resolve_manually`, with a note).
- **Brier score** = mean of (p - o)^2 over resolved predictions that state a likelihood,
  o = 1 for ``came_true`` and 0 for ``failed``; 0 is perfect, 0.25 is a coin flip.
  Resolved predictions **without** a stated likelihood are **excluded** from the Brier
  score (we do not invent a probability for them) and counted as ``unscored``; they still
  count in ``hit_rate`` (came true / resolved).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from allywatch.store import ledger as sql
from allywatch.types import PLOVER_TYPES

__all__ = [
    "LedgerSummary",
    "Resolution",
    "SourceScore",
    "brier_scores",
    "parse_outcome",
    "resolve",
    "resolve_manually",
    "resolve_predictions",
]

logger = logging.getLogger(__name__)

BRIER_POLICY = (
    "Brier = mean (p - o)^2 over resolved predictions with a stated likelihood; "
    "predictions without one are excluded from Brier (counted as unscored) but count in "
    "hit_rate."
)


@dataclass(frozen=True)
class Resolution:
    """What :func:`resolve_predictions` decided for one prediction."""

    prediction_id: str
    status: str
    resolved_by: str | None
    note: str


@dataclass
class SourceScore:
    """Scores of one predictor or outlet."""

    source: str
    predictions: int = 0
    open: int = 0
    resolved: int = 0
    came_true: int = 0
    scored: int = 0
    unscored: int = 0
    brier: float | None = None
    hit_rate: float | None = None
    squared_error_sum: float = 0.0

    def add(self, row: sql.LedgerRow) -> None:
        self.predictions += 1
        if row.status == "open":
            self.open += 1
            return
        self.resolved += 1
        outcome = 1.0 if row.status == "came_true" else 0.0
        self.came_true += int(outcome)
        if row.likelihood is None:
            self.unscored += 1
        else:
            self.scored += 1
            self.squared_error_sum += (row.likelihood - outcome) ** 2
        self.brier = self.squared_error_sum / self.scored if self.scored else None
        self.hit_rate = self.came_true / self.resolved

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LedgerSummary:
    """Every prediction with its status, and scores per predictor and per outlet."""

    predictions: list[sql.LedgerRow]
    by_predictor: list[SourceScore]
    by_outlet: list[SourceScore]
    policy: str = BRIER_POLICY

    def as_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "predictions": [
                {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(p).items()}
                for p in self.predictions
            ],
            "by_predictor": [s.as_dict() for s in self.by_predictor],
            "by_outlet": [s.as_dict() for s in self.by_outlet],
        }


def parse_outcome(outcome: str) -> tuple[str | None, bool]:
    """``"SUPPORT negated"`` -> ``("SUPPORT", True)``; free text -> ``(None, False)``."""
    words = outcome.split()
    if not words or words[0] not in PLOVER_TYPES:
        return None, False
    return words[0], words[1:] == ["negated"]


class _Candidates:
    """Events that could resolve predictions, fetched once per (subject, event type).

    Many open predictions share a subject and an outcome ("Russia will ...", AID). One
    query per open prediction made resolving after an ingest cost a query per prediction
    in the store; here each (subject, type) is read once, with every reporting date, and
    each prediction keeps the events reported after it was made: what
    ``candidate_events(..., reported_after=made_on)`` returns, in the same order.
    """

    def __init__(self, store: sql.Store) -> None:
        self._store = store
        self._events: dict[tuple[str, str], list[sql.CandidateEvent]] = {}

    def __call__(
        self, subject: str, event_type: str, reported_after: date | None
    ) -> list[sql.CandidateEvent]:
        found = self._events.get((subject, event_type))
        if found is None:
            found = sql.candidate_events(self._store, subject, event_type, reported_after=None)
            self._events[(subject, event_type)] = found
        if reported_after is None:
            return found
        return [e for e in found if e.reported_on is not None and e.reported_on > reported_after]


def _decide(row: sql.LedgerRow, candidates: _Candidates, today: date) -> Resolution | None:
    event_type, negated = parse_outcome(row.outcome)
    if event_type is None or row.subject is None:
        return None
    events = [
        e
        for e in candidates(row.subject, event_type, row.made_on)
        if not e.negated
        and (row.made_on is None or e.when is None or e.when >= row.made_on)
        and (row.deadline is None or e.when is None or e.when <= row.deadline)
    ]
    if events:
        first = events[0]
        status = "failed" if negated else "came_true"
        note = f"{event_type} event {first.id} involving {row.subject} on {first.when}"
        return Resolution(row.id, status, first.id, note)
    if row.deadline is not None and today > row.deadline:
        status = "came_true" if negated else "failed"
        note = f"no {event_type} event involving {row.subject} by {row.deadline}"
        return Resolution(row.id, status, None, note)
    return None


def resolve_predictions(store: sql.Store, today: date | None = None) -> list[Resolution]:
    """Resolve every open prediction that later events (or a passed deadline) settle.
    Returns what changed; predictions still open are left alone."""
    today = today or date.today()
    changed: list[Resolution] = []
    candidates = _Candidates(store)
    for row in sql.ledger_rows(store, status="open"):
        decision = _decide(row, candidates, today)
        if decision is None:
            continue
        sql.update_status(
            store, row.id, decision.status, resolved_by=decision.resolved_by, note=decision.note
        )
        logger.info("prediction %s -> %s (%s)", row.id, decision.status, decision.note)
        changed.append(decision)
    return changed


def resolve_manually(store: sql.Store, prediction: str, came_true: bool, note: str) -> Resolution:
    """Set a prediction's status by hand (``prediction`` is its id or an id prefix)."""
    if not note.strip():
        raise ValueError(f"prediction {prediction}: a manual resolution needs a note")
    row = sql.find_prediction(store, prediction)
    status = "came_true" if came_true else "failed"
    sql.update_status(store, row.id, status, note=note.strip())
    return Resolution(row.id, status, None, note.strip())


def resolve(store: sql.Store, prediction: str, *, came_true: bool, note: str) -> Resolution:
    """Keyword form of :func:`resolve_manually` (used by the REST API)."""
    return resolve_manually(store, prediction, came_true, note)


def brier_scores(store: sql.Store) -> LedgerSummary:
    """All predictions and the scores per predictor and per outlet (see module docstring)."""
    rows = sql.ledger_rows(store)
    predictors: dict[str, SourceScore] = {}
    outlets: dict[str, SourceScore] = {}
    for row in rows:
        predictors.setdefault(row.predictor, SourceScore(row.predictor)).add(row)
        outlet = row.outlet or "(unknown outlet)"
        outlets.setdefault(outlet, SourceScore(outlet)).add(row)

    def order(scores: dict[str, SourceScore]) -> list[SourceScore]:
        return sorted(scores.values(), key=lambda s: (s.brier is None, s.brier or 0, s.source))

    return LedgerSummary(rows, order(predictors), order(outlets))
