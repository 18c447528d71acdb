"""The event coder's lexicons, read from ``extract/resources/events/*.yaml``.

Code never lists trigger words itself: every verb, noun and cue lives in those files (each
with a header naming where its facts come from), and this module turns them into lookup
tables keyed by spaCy lemma.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from allywatch.errors import ConfigError

__all__ = ["Lexicon", "NounTrigger", "VerbTrigger", "load_lexicon"]

log = logging.getLogger(__name__)

_PACKAGE = "allywatch.extract.resources"
#: libyaml's loader when PyYAML was built with it (several times faster), else the Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class VerbTrigger:
    """One verb sense: its PLOVER type, argument frame and conditions."""

    type: str
    frame: str  # patient | theme | converse | mutual | intrans
    preps: tuple[str, ...] = ()
    mode: str | None = None
    particle: tuple[str, ...] = ()
    needs_object: str | None = None  # the object's class: agreement, request, coercion...
    object_is_target: bool = False
    leader_only: bool = False
    leader_or_regime: bool = False
    negated: bool = False
    no_clause: bool = False
    needs_pobj: tuple[str, ...] = ()  # "kept Assad in power": a PP object the sense needs


@dataclass(frozen=True, slots=True)
class NounTrigger:
    """A noun that names an event (on its own, or only after a light verb)."""

    type: str
    preps: tuple[str, ...] = ()
    mode: str | None = None
    mutual: bool = False
    instrument: bool = False
    leader_or_regime: bool = False
    demonym_target: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[VerbTrigger, ...]]
    nouns: dict[str, NounTrigger]
    light_verbs: frozenset[str]
    light_nouns: dict[str, NounTrigger]
    ousted_adjectives: dict[str, str]
    regime_nouns: frozenset[str]
    relational_nouns: frozenset[str]
    cues: dict[str, dict[str, Any]]
    object_modes: dict[str, str]  # lemma -> mode
    countable_systems: frozenset[str]
    currencies: dict[str, str]
    multipliers: dict[str, float]
    leader_titles: tuple[str, ...]
    agreement_nouns: frozenset[str] = field(default_factory=frozenset)
    party_nouns: frozenset[str] = field(default_factory=frozenset)
    quantity_nouns: frozenset[str] = field(default_factory=frozenset)
    compound_types: dict[str, dict[str, str]] = field(default_factory=dict)
    domestic_nouns: frozenset[str] = field(default_factory=frozenset)
    claim_nouns: frozenset[str] = field(default_factory=frozenset)
    thoroughfare_nouns: frozenset[str] = field(default_factory=frozenset)
    request_light_verbs: frozenset[str] = field(default_factory=frozenset)
    ongoing_verbs: frozenset[str] = field(default_factory=frozenset)
    ongoing_types: frozenset[str] = field(default_factory=frozenset)
    generic_heads: frozenset[str] = field(default_factory=frozenset)
    motion_verbs: frozenset[str] = field(default_factory=frozenset)

    cue_sets: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    mode_rank: dict[str, int] = field(default_factory=dict)  # object_modes order: first wins

    def cue(self, group: str, name: str) -> frozenset[str]:
        found = self.cue_sets.get((group, name))
        return found if found is not None else frozenset(self.cues[group][name])


def _read(name: str) -> dict[str, Any]:
    path = resources.files(_PACKAGE).joinpath("events").joinpath(name)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read event lexicon: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


def _noun(type_: str, entry: dict[str, Any]) -> NounTrigger:
    return NounTrigger(
        type=type_,
        preps=_tuple(entry.get("preps")),
        mode=entry.get("mode"),
        mutual=bool(entry.get("mutual", False)),
        instrument=bool(entry.get("instrument", False)),
        leader_or_regime=bool(entry.get("leader_or_regime", False)),
        demonym_target=bool(entry.get("demonym_target", False)),
    )


def _cue_sets(cues: dict[str, Any]) -> dict[tuple[str, str], frozenset[str]]:
    """Every cue list as a frozen set, built once (the coder asks for them per token)."""
    out: dict[tuple[str, str], frozenset[str]] = {}
    for group, entries in cues.items():
        if isinstance(entries, dict):
            for name, words in entries.items():
                if isinstance(words, list):
                    out[(group, name)] = frozenset(str(w) for w in words)
    return out


@cache
def load_lexicon() -> Lexicon:
    """Read and index every event resource file (cached: the files are package data)."""
    verbs_doc = _read("verbs.yaml")
    verbs: dict[str, list[VerbTrigger]] = {}
    for frame, by_type in verbs_doc["frames"].items():
        for type_, entries in by_type.items():
            for entry in entries:
                trig = VerbTrigger(
                    type=type_,
                    frame=frame,
                    preps=_tuple(entry.get("preps")),
                    mode=entry.get("mode"),
                    particle=_tuple(entry.get("particle")),
                    needs_object=entry.get("needs_object"),
                    object_is_target=bool(entry.get("object_is_target", False)),
                    leader_only=bool(entry.get("leader_only", False)),
                    leader_or_regime=bool(entry.get("leader_or_regime", False)),
                    negated=bool(entry.get("negated", False)),
                    no_clause=bool(entry.get("no_clause", False)),
                    needs_pobj=_tuple(entry.get("needs_pobj")),
                )
                for lemma in entry["lemmas"]:
                    verbs.setdefault(str(lemma), []).append(trig)
    nouns_doc = _read("nouns.yaml")
    nouns: dict[str, NounTrigger] = {}
    for type_, entries in nouns_doc["nouns"].items():
        for entry in entries:
            for lemma in entry["lemmas"]:
                nouns.setdefault(str(lemma), _noun(type_, entry))
    light_doc = _read("light_verbs.yaml")
    light_nouns: dict[str, NounTrigger] = {}
    for type_, entries in light_doc["light_nouns"].items():
        for entry in entries:
            for lemma in entry["lemmas"]:
                light_nouns.setdefault(str(lemma), _noun(type_, entry))
    modes_doc = _read("modes.yaml")
    object_modes = {
        str(word): mode for mode, words in modes_doc["object_modes"].items() for word in words
    }
    cues = _read("cues.yaml")
    lex = Lexicon(
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns=nouns,
        light_verbs=frozenset(light_doc["light_verbs"]),
        light_nouns=light_nouns,
        ousted_adjectives={str(k): str(v) for k, v in nouns_doc["ousted_adjectives"].items()},
        regime_nouns=frozenset(nouns_doc["regime_nouns"]),
        relational_nouns=frozenset(nouns_doc.get("relational_nouns", ())),
        party_nouns=frozenset(nouns_doc.get("party_nouns", ())),
        quantity_nouns=frozenset(nouns_doc.get("quantity_nouns", ())),
        domestic_nouns=frozenset(nouns_doc.get("domestic_nouns", ())),
        ongoing_verbs=frozenset(nouns_doc.get("ongoing_verbs", ())),
        ongoing_types=frozenset(nouns_doc.get("ongoing_types", ())),
        claim_nouns=frozenset(nouns_doc.get("claim_nouns", ())),
        thoroughfare_nouns=frozenset(nouns_doc.get("thoroughfare_nouns", ())),
        request_light_verbs=frozenset(light_doc.get("request_light_verbs", ())),
        generic_heads=frozenset(light_doc.get("generic_heads", ())),
        motion_verbs=frozenset(light_doc.get("motion_verbs", ())),
        compound_types={
            str(k): {str(a): str(b) for a, b in v.items()}
            for k, v in (nouns_doc.get("compound_types") or {}).items()
        },
        cues={k: v for k, v in cues.items() if isinstance(v, dict)},
        cue_sets=_cue_sets(cues),
        object_modes=object_modes,
        mode_rank={str(mode): i for i, mode in enumerate(modes_doc["object_modes"])},
        countable_systems=frozenset(modes_doc["countable_systems"]),
        currencies={str(k): str(v) for k, v in modes_doc["currencies"].items()},
        multipliers={str(k): float(v) for k, v in modes_doc["multipliers"].items()},
        leader_titles=_tuple(modes_doc["leader_titles"]),
        agreement_nouns=frozenset(
            lemma for entry in nouns_doc["nouns"]["AGREE"] for lemma in entry["lemmas"]
        )
        | frozenset(light_doc.get("signable_nouns") or ()),
    )
    log.debug("event lexicon: %d verb lemmas, %d nouns", len(lex.verbs), len(lex.nouns))
    return lex
