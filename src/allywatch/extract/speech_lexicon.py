"""The data tables behind quote and prediction extraction (``resources/speech/*.yaml``).

Each table is loaded once and cached; a broken file raises :class:`ConfigError` naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from allywatch.errors import ConfigError

__all__ = ["Estimate", "SpeechLexicon", "estimate_likelihood", "lexicon"]

RESOURCES = Path(__file__).parent / "resources" / "speech"


def _load(name: str) -> dict[str, Any]:
    path = RESOURCES / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read speech table ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class Estimate:
    """A stated likelihood: the phrase as matched, its band and probability."""

    phrase: str
    band: str
    probability: float
    start: int  # character offset of the phrase in the searched text
    end: int


@dataclass(frozen=True)
class SpeechLexicon:
    cue_verbs: frozenset[str]
    cue_particles: dict[str, frozenset[str]]
    prepositional: tuple[str, ...]
    person_nouns: frozenset[str]
    pronouns: frozenset[str]
    org_words: frozenset[str]
    titles: frozenset[str]
    bands: dict[str, float]
    phrases: tuple[tuple[str, str], ...]  # (phrase, band), longest first
    future_aux: frozenset[str]
    modal_aux: frozenset[str]
    predictive_words: tuple[str, ...]
    non_predictive: tuple[str, ...]
    outcome_verbs: dict[str, str]  # lemma -> event type
    outcome_types: frozenset[str]
    outcome_nouns: dict[str, str]
    regime_nouns: frozenset[str]
    scheduled_verbs: frozenset[str]
    weak_cues: frozenset[str] = frozenset()
    naming_verbs: frozenset[str] = frozenset()
    quoting_verbs: frozenset[str] = frozenset()
    singular_collective: frozenset[str] = frozenset()
    plural_collective: frozenset[str] = frozenset()
    institution_nouns: frozenset[str] = frozenset()
    referring_institution_nouns: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    speech_nouns: frozenset[str] = frozenset()
    onlooker_verbs: frozenset[str] = frozenset()
    expectation_verbs: frozenset[str] = frozenset()
    double_negative_verbs: frozenset[str] = frozenset()
    non_volitional_verbs: frozenset[str] = frozenset()
    attributive_senses: frozenset[str] = frozenset()
    readiness_words: frozenset[str] = frozenset()


@cache
def lexicon() -> SpeechLexicon:
    """Every speech table, loaded once."""
    cues = _load("cue_verbs.yaml")
    people = _load("person_nouns.yaml")
    est = _load("estimative.yaml")
    pred = _load("prediction_cues.yaml")
    try:
        bands = {name: float(row["p"]) for name, row in est["bands"].items()}
        phrases = [
            (str(p).lower(), band) for band, words in est["phrases"].items() for p in words
        ]
        unknown = {band for _, band in phrases} - set(bands)
        if unknown:
            raise ConfigError(f"estimative.yaml: phrases use undefined bands {sorted(unknown)}")
        outcome_verbs: dict[str, str] = {}
        outcome_nouns: dict[str, str] = {}
        for event_type, row in pred["outcomes"].items():
            for verb in row.get("verbs", []):
                outcome_verbs.setdefault(str(verb), event_type)
            for noun in row.get("nouns", []):
                outcome_nouns.setdefault(str(noun), event_type)
        return SpeechLexicon(
            cue_verbs=frozenset(cues["verbs"]),
            cue_particles={k: frozenset(v) for k, v in cues.get("particles", {}).items()},
            prepositional=tuple(cues.get("prepositional", [])),
            person_nouns=frozenset(people["nouns"]),
            pronouns=frozenset(people["pronouns"]),
            weak_cues=frozenset(cues.get("weak", [])),
            naming_verbs=frozenset(cues.get("naming", [])),
            quoting_verbs=frozenset(cues.get("quoting", [])),
            singular_collective=frozenset(people["collective_pronouns"]["singular"]),
            plural_collective=frozenset(people["collective_pronouns"]["plural"]),
            institution_nouns=frozenset(people["institution_nouns"]),
            referring_institution_nouns=frozenset(people["referring_institution_nouns"]),
            document_nouns=frozenset(people["document_nouns"]),
            speech_nouns=frozenset(people["speech_nouns"]),
            org_words=frozenset(people.get("org_words", [])),
            titles=frozenset(people.get("titles", [])),
            bands=bands,
            phrases=tuple(sorted(phrases, key=lambda p: -len(p[0]))),
            future_aux=frozenset(pred["future_auxiliaries"]),
            modal_aux=frozenset(pred["modal_auxiliaries"]),
            predictive_words=tuple(pred["predictive_words"]),
            non_predictive=tuple(pred["non_predictive_patterns"]),
            outcome_verbs=outcome_verbs,
            outcome_types=frozenset(pred["outcomes"]),
            outcome_nouns=outcome_nouns,
            regime_nouns=frozenset(pred["regime_nouns"]),
            scheduled_verbs=frozenset(pred.get("scheduled_verbs", [])),
            onlooker_verbs=frozenset(pred.get("onlooker_verbs", [])),
            expectation_verbs=frozenset(pred.get("expectation_verbs", [])),
            double_negative_verbs=frozenset(pred.get("double_negative_verbs", [])),
            non_volitional_verbs=frozenset(pred.get("non_volitional_verbs", [])),
            attributive_senses=frozenset(est.get("not_attributive", [])),
            readiness_words=frozenset(pred.get("readiness_words", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"speech tables: missing or malformed entry ({exc})") from exc


@lru_cache(maxsize=4)
def _phrase_patterns(
    phrases: tuple[tuple[str, str], ...],
) -> tuple[tuple[str, str, str, re.Pattern[str]], ...]:
    """(phrase, band, first word, compiled pattern) for each estimative phrase, compiled
    once instead of on every call."""
    out = []
    for phrase, band in phrases:
        words = phrase.split()
        pattern = r"\s+".join(re.escape(word) for word in words)
        out.append((phrase, band, words[0], re.compile(rf"(?<![\w-]){pattern}(?![\w-])")))
    return tuple(out)


def estimate_likelihood(text: str) -> Estimate | None:
    """The strongest-matching estimative phrase in ``text`` (longest phrase wins, then the
    earliest), or None when the text states no likelihood."""
    lex = lexicon()
    found = _strongest_phrase(text, lex.phrases)
    if found is None:
        return None
    phrase, band, start, end = found
    return Estimate(phrase, band, lex.bands[band], start, end)


@lru_cache(maxsize=512)
def _strongest_phrase(
    text: str, phrases: tuple[tuple[str, str], ...]
) -> tuple[str, str, int, int] | None:
    """Cached: the predictions stage asks for every verb of a sentence, on the same text."""
    lowered = text.lower()
    best: tuple[str, str, int, int] | None = None
    for phrase, band, first, pattern in _phrase_patterns(phrases):
        if first not in lowered:  # a cheap test before the regex
            continue
        match = pattern.search(lowered)
        if match is None:
            continue
        if best is None or len(phrase) > len(best[0]) or (
            len(phrase) == len(best[0]) and match.start() < best[2]
        ):
            best = (phrase, band, match.start(), match.end())
    return best
