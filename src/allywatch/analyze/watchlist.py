"""Watchlist: which allies of a patron are at risk of falling next, and why.

Definitions (also in docs/analyze.md):

- **Candidates**: the patron's allies (see :mod:`allywatch.analyze.reliability`), plus
  the subjects of open predictions stated in a document where the patron takes part in an
  event (the article discusses the patron's circle: "which ally Russia will watch topple
  next. The smart money remains on Cuba").
  Only state, sub-state and organisation ids (upper case: ``CUB``, ``MDA-PMR``) are
  candidates; a person id as a prediction's subject is left out.
- **Fall prediction**: an open prediction whose outcome is LEADER_OUSTED or whose outcome
  text has a fall word (``fall_keywords``: fall, topple, oust, collapse, ...). Other open
  predictions are shown but weigh nothing.
- **Prediction term** ``P = 1 - prod(1 - p_i * u_i)`` over the candidate's fall predictions:
  ``p_i`` the stated likelihood (0.5 when none is stated), ``u_i`` the deadline urgency —
  1.0 when the deadline falls within two years of the reference date, 0.6 for an
  open-ended prediction, 0.4 for a later deadline, 0.2 when the deadline has passed.
- **Signal term** ``S = min(1, k / 3)``, ``k`` the number of distinct crisis-signal
  categories (``crisis_signals``: economic collapse, blackouts, unrest, patron overstretch)
  found in the sentences about the candidate: the evidence of its events, its predictions,
  and the extra ``sentences`` the caller gives (the API: each ally's and the patron's 50
  newest events).
- **Recency term** ``R = 0.5 ** (age / 365 days)``, age from the newest sentence behind P
  or S to the reference date (the newest publication date seen); a sentence is as old as
  its event's date when the event is dated, else as its article; 0 when P and S are 0.
- **Risk score** = ``100 * (0.6 P + 0.3 S + 0.1 R)``, rounded to one decimal.
- Allies whose leader was ousted within two years before the reference date (or at an
  unknown date) are **fallen**: listed after the ranked rows, not ranked. The patron itself
  gets a row of its own (``patron_row``) when predictions target it, scored the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from allywatch.analyze.graph import AnalysisData, analysis_data, event_interval, evidence_key
from allywatch.analyze.reliability import TieStats, allies_of, tie_stats
from allywatch.types import Evidence, Prediction, StoredEvent

__all__ = [
    "Signal", "WatchRow", "Watchlist", "find_signals", "predicted_subjects", "risk_score",
    "watch_candidates", "watchlist",
]  # fmt: skip

log = logging.getLogger(__name__)

WEIGHTS = {"predictions": 0.6, "signals": 0.3, "recency": 0.1}
DEFAULT_LIKELIHOOD = 0.5


@dataclass(frozen=True)
class Signal:
    """A crisis-signal category found in one sentence."""

    category: str
    keyword: str
    evidence: Evidence


@dataclass(frozen=True)
class WatchRow:
    """One candidate: its score, the terms behind it and the sentences behind those."""

    actor: str
    score: float
    prediction_term: float
    signal_term: float
    recency_term: float
    predictions: tuple[Prediction, ...]
    signals: tuple[Signal, ...]
    ally: bool
    fallen: bool = False

    @property
    def signal_categories(self) -> tuple[str, ...]:
        return tuple(sorted({s.category for s in self.signals}))


@dataclass(frozen=True)
class Watchlist:
    patron: str
    reference_date: date | None
    rows: tuple[WatchRow, ...]
    fallen: tuple[WatchRow, ...] = ()
    patron_row: WatchRow | None = None
    notes: tuple[str, ...] = field(default=())


def _urgency(pred: Prediction, ref: date | None) -> float:
    if pred.deadline is None or ref is None:
        return 0.6 if pred.deadline is None else 1.0
    if pred.deadline < ref:
        return 0.2
    return 1.0 if pred.deadline <= ref + timedelta(days=730) else 0.4


def _is_fall(pred: Prediction) -> bool:
    data = analysis_data()
    return pred.outcome in data.raw["fall_outcomes"] or bool(data.fall.search(pred.outcome.lower()))


def risk_score(p: float, s: float, r: float) -> float:
    """``100 * (0.6 P + 0.3 S + 0.1 R)`` (see the module docstring)."""
    total = WEIGHTS["predictions"] * p + WEIGHTS["signals"] * s + WEIGHTS["recency"] * r
    return round(100 * total, 1)


def find_signals(sentences: Iterable[Evidence]) -> list[Signal]:
    """Crisis signals in sentences (one per category and sentence)."""
    return [sig for _key, sig in _keyed_signals(_keyed(sentences))]


_Key = tuple[str, str]


def _keyed(sentences: Iterable[Evidence]) -> dict[_Key, Evidence]:
    """Sentences by :func:`evidence_key`, the first of each."""
    out: dict[_Key, Evidence] = {}
    for ev in sentences:
        out.setdefault(evidence_key(ev), ev)
    return out


def _keyed_signals(sentences: Mapping[_Key, Evidence]) -> list[tuple[_Key, Signal]]:
    data = analysis_data()
    return [(key, Signal(name, word, ev)) for key, ev in sentences.items()
            for name, word in _signals_in(ev.sentence, data)]  # fmt: skip


@lru_cache(maxsize=65536)
def _signals_in(sentence: str, data: AnalysisData) -> tuple[tuple[str, str], ...]:
    """``(category, keyword)`` of each crisis-signal category found in one sentence (cached:
    one sentence is about several candidates)."""
    text = sentence.lower()
    # In running text, a capitalised word after the first one is part of a name.
    first = next((i for i, c in enumerate(sentence) if c.isalnum()), 0)
    check_names = len(text) == len(sentence) and not _title_cased(sentence)
    found = []
    for name, pattern in data.crisis_signals:
        for m in pattern.finditer(text):
            # A keyword inside a proper name ("the Islamic Revolutionary Guard Corps") is no
            # signal.
            if check_names and m.start() > first and sentence[m.start()].isupper():
                continue
            found.append((name, m.group(0)))
            break
    return tuple(found)


def _title_cased(sentence: str) -> bool:
    """Whether every word but the function words headlines leave in lower case is
    capitalised (a headline): capitals then mark no names."""
    words = [w for w in sentence.split() if w[:1].isalpha() and w.lower() not in _MINOR_WORDS]
    return bool(words) and all(w[0].isupper() for w in words)


#: Words a title-cased headline leaves in lower case (common style-guide lists).
_MINOR_WORDS = frozenset(
    [
        "a", "an", "the", "and", "or", "nor", "but", "so", "yet", "as", "at", "by", "for", "from",
        "in", "into", "of", "off", "on", "onto", "out", "over", "per", "to", "up", "upon", "via",
        "vs", "with",
    ]
)  # fmt: skip


def _row(
    actor: str, preds: list[tuple[Prediction, date | None]], sentences: dict[_Key, Evidence],
    published: Mapping[str, date], ref: date | None, ally: bool, fallen: bool,
    sentence_dates: Mapping[_Key, date] | None = None,
) -> WatchRow:
    falls = [(p, made) for p, made in preds if p.status == "open" and _is_fall(p)]
    miss = 1.0
    for pred, _ in falls:
        lik = pred.likelihood if pred.likelihood is not None else DEFAULT_LIKELIHOOD
        miss *= 1 - lik * _urgency(pred, ref)
    p_term = 1 - miss if falls else 0.0
    keyed = dict(sentences)
    for pred, _ in preds:
        keyed.setdefault(evidence_key(pred.evidence), pred.evidence)
    found = _keyed_signals(keyed)
    signals = [sig for _key, sig in found]
    s_term = min(1.0, len({s.category for s in signals}) / 3)
    dates = [made for _, made in falls if made]
    for key, sig in found:
        when = (sentence_dates or {}).get(key)
        when = when or published.get(sig.evidence.doc_id)
        if when:
            dates.append(when)
    r_term = 0.0
    if (p_term or s_term) and dates and ref:
        r_term = 0.5 ** (max(0, (ref - max(dates)).days) / 365)
    return WatchRow(
        actor=actor, score=risk_score(p_term, s_term, r_term), prediction_term=round(p_term, 3),
        signal_term=round(s_term, 3), recency_term=round(r_term, 3),
        predictions=tuple(p for p, _ in preds), signals=tuple(signals), ally=ally, fallen=fallen,
    )  # fmt: skip


def watch_candidates(
    patron: str, events: Iterable[StoredEvent], predictions: Iterable[tuple[Prediction, Any]],
    *, ties: Mapping[str, TieStats] | None = None,
) -> set[str]:
    """The patron's allies plus the subjects of open predictions stated in a document where
    the patron takes part in an event (the patron itself excluded)."""
    events = list(events)
    found = set(allies_of(ties if ties is not None else tie_stats(patron, events)))
    found |= predicted_subjects(patron, events, ((p.subject, p.evidence.doc_id)
                                                 for p, _ in predictions if p.status == "open"))
    found.discard(patron)
    return found


def predicted_subjects(
    patron: str, events: Iterable[StoredEvent], predictions: Iterable[tuple[str | None, str]]
) -> set[str]:
    """The candidates named by open predictions: ``(subject, doc_id)`` pairs whose document
    has an event of the patron among ``events``, and whose subject is a state, sub-state or
    organisation id (upper case)."""
    patron_docs = {e.doc_id for s in events if patron in (*s.event.source, *s.event.target)
                   for e in (s.evidence or (s.event.evidence,))}  # fmt: skip
    return {subject for subject, doc_id in predictions if subject
            and subject == subject.upper() and doc_id in patron_docs}  # fmt: skip


def watchlist(
    patron: str,
    events: Iterable[StoredEvent],
    predictions: Iterable[tuple[Prediction, date | None]],
    *,
    sentences: Mapping[str, list[Evidence]] | None = None,
    published: Mapping[str, date] | None = None,
    reference_date: date | None = None,
    ties: Mapping[str, TieStats] | None = None,
) -> Watchlist:
    """Rank the patron's allies by risk (definitions above).

    ``events``: the patron's events and its partners' crisis events; ``predictions``:
    ``(prediction, made_on)`` pairs; ``sentences``: extra sentences about each actor (the
    store gives the evidence of each candidate's recent events); ``published``: document
    id -> publication date. ``reference_date`` defaults to the newest publication date.
    """
    events = list(events)
    preds = list(predictions)
    published = published or {}
    ref = reference_date or max(published.values(), default=None)
    ties = allies_of(ties if ties is not None else tie_stats(patron, events))
    by_subject: dict[str, list[tuple[Prediction, date | None]]] = {}
    for pred, made in preds:
        if pred.subject:
            by_subject.setdefault(pred.subject, []).append((pred, made))
    candidates = watch_candidates(patron, events, preds, ties=ties)
    # The sentences about each actor, each keyed once (a sentence is about several actors).
    about: dict[str, dict[_Key, Evidence]] = {k: _keyed(v) for k, v in (sentences or {}).items()}
    sentence_dates: dict[_Key, date] = {}
    for stored in events:
        keyed = _keyed(stored.evidence or (stored.event.evidence,))
        for actor in {*stored.event.source, *stored.event.target}:
            mine = about.setdefault(actor, {})
            for key, sentence in keyed.items():
                mine.setdefault(key, sentence)
        _start, end, dated = event_interval(stored.event)
        if dated and end:
            sentence_dates.update(dict.fromkeys(keyed, end))
    fallen_since = ref - timedelta(days=730) if ref else None
    ousted: set[str] = set()
    for stored in events:
        ev = stored.event
        if ev.type == "LEADER_OUSTED" and not ev.negated and patron not in ev.source:
            _start, end, dated = event_interval(ev)
            if not dated or fallen_since is None or (end and end >= fallen_since):
                ousted.update(ev.target)
    rows = [_row(a, by_subject.get(a, []), about.get(a, {}), published, ref, a in ties,
                 a in ousted, sentence_dates) for a in sorted(candidates)]  # fmt: skip
    ranked = sorted((r for r in rows if not r.fallen), key=lambda r: (-r.score, r.actor))
    fallen = sorted((r for r in rows if r.fallen), key=lambda r: (-r.score, r.actor))
    patron_row = None
    if by_subject.get(patron):
        patron_row = _row(patron, by_subject[patron], about.get(patron, {}), published, ref,
                          False, patron in ousted, sentence_dates)  # fmt: skip
    log.info("watchlist %s: %d ranked, %d fallen", patron, len(ranked), len(fallen))
    return Watchlist(patron=patron, reference_date=ref, rows=tuple(ranked), fallen=tuple(fallen),
                     patron_row=patron_row)  # fmt: skip
