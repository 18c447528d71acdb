"""The decision step: from a sentence's candidates to its readings.

For each candidate the type model gives a distribution over PLOVER types and ``NONE``; for
each of its likeliest types the role model gives every party a distribution over
``source`` / ``target`` / ``none``. A reading is a (type, source party, target party) and
scores ``P(type) * q(source) * q(target)``, where ``q`` of a party is its role probability
and ``q`` of no party is the chance that none of them has the role. Each candidate keeps its
best reading (no trigger gets two), the source and target never share a state, and readings
of one sentence that say the same thing (same type, negation and states) are one.
The calibrator then turns the score into a confidence: the share of readings with that
score that were right on held-out documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from allywatch.extract.events.candidates import Candidate, Party
from allywatch.extract.events.features import (
    choice_features,
    lexicon_types,
    role_features,
    type_features,
)
from allywatch.extract.events.lexicon import Lexicon
from allywatch.extract.events.model import DecisionModel
from allywatch.types import PLOVER_TYPES

__all__ = ["NONE", "TYPES", "Reading", "decide_sentence", "read_candidate", "type_distribution"]

NONE = "NONE"
#: The types a reading can have (PLOVER 2.0 and LEADER_OUSTED).
TYPES: tuple[str, ...] = PLOVER_TYPES
#: Types tried per candidate (by type probability) and the least probability worth a try.
_TOP_TYPES = 3
_MIN_TYPE_P = 0.03


@dataclass(slots=True)
class Reading:
    """The decision for one candidate."""

    candidate: Candidate
    type: str
    source: Party | None
    target: Party | None
    score: float
    confidence: float
    type_p: float

    @property
    def key(self) -> tuple[str, bool, frozenset[str], frozenset[str]]:
        src = frozenset(self.source.actors.states) if self.source else frozenset()
        tgt = frozenset(self.target.actors.states) if self.target else frozenset()
        return (self.type, self.candidate.negated, src, tgt)


def _role_table(
    c: Candidate, type_: str, model: DecisionModel, lex: Lexicon
) -> list[tuple[Party, float, float, float]]:
    """Per party: P(source), P(target), P(both: a joint actor acting on each other)."""
    out: list[tuple[Party, float, float, float]] = []
    for party in c.parties:
        p = model.role_model.proba(role_features(c, party, type_, lex))
        out.append((party, p.get("source", 0.0), p.get("target", 0.0), p.get("both", 0.0)))
    return out


def type_options(c: Candidate, lex: Lexicon) -> dict[str, dict[str, float]]:
    """The feature dict of each option (every type and NONE) of candidate ``c``."""
    base = type_features(c, lex)
    proposals = lexicon_types(c, lex)
    return {k: choice_features(base, proposals, k) for k in (*TYPES, NONE)}


def type_distribution(c: Candidate, model: DecisionModel, lex: Lexicon) -> dict[str, float]:
    return model.type_model.distribution(type_options(c, lex))


def read_candidate(c: Candidate, model: DecisionModel, lex: Lexicon) -> Reading | None:
    """The best reading of one candidate, or None when every type is ``NONE``-like."""
    probs = type_distribution(c, model, lex)
    ranked = sorted(((p, t) for t, p in probs.items() if t != NONE), reverse=True)
    best: Reading | None = None
    for p_type, type_ in ranked[:_TOP_TYPES]:
        if p_type < _MIN_TYPE_P:
            break
        table = _role_table(c, type_, model, lex)
        no_src = no_tgt = 1.0
        for _, ps, pt, pb in table:
            no_src *= 1.0 - ps - pb
            no_tgt *= 1.0 - pt - pb
        for party, _, _, pb in table:
            # "Iran and Saudi Arabia agreed": a joint party is each member's counterpart
            score = p_type * pb
            if len(party.actors.states) > 1 and (best is None or score > best.score):
                best = Reading(c, type_, party, party, score, score, p_type)
        sources: list[tuple[Party | None, float]] = [(None, no_src)]
        sources += [(party, ps) for party, ps, _, _ in table]
        targets: list[tuple[Party | None, float]] = [(None, no_tgt)]
        targets += [(party, pt) for party, _, pt, _ in table]
        for src, qs in sources:
            for tgt, qt in targets:
                if (
                    src is not None
                    and tgt is not None
                    and (src is tgt or set(src.actors.states) & set(tgt.actors.states))
                ):
                    continue
                score = p_type * qs * qt
                if best is None or score > best.score:
                    best = Reading(c, type_, src, tgt, score, score, p_type)
    if best is not None:
        best.confidence = model.calibrator(best.score)
    return best


def decide_sentence(cands: list[Candidate], model: DecisionModel, lex: Lexicon) -> list[Reading]:
    """The readings of one sentence, best first, one per distinct statement."""
    readings = [r for c in cands if (r := read_candidate(c, model, lex)) is not None]
    readings.sort(key=lambda r: -r.score)
    kept: list[Reading] = []
    seen: set[tuple[str, bool, frozenset[str], frozenset[str]]] = set()
    for r in readings:
        if r.key in seen:
            continue
        seen.add(r.key)
        kept.append(r)
    return kept
