"""Candidate generation (``extract/events/candidates.py``) and the CAMEO lexicon
(``extract/events/cameo.py``) on sentences we wrote: what each trigger proposes and which
parties it offers, before anything is decided."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from allywatch.extract.events.arguments import MentionIndex
from allywatch.extract.events.cameo import load_cameo
from allywatch.extract.events.candidates import Candidate, event_nouns, sentence_candidates
from allywatch.extract.events.lexicon import load_lexicon

from ..conftest import ROOT, shared_path
from .gazetteer import find_mentions

pytestmark = pytest.mark.slow


def _candidates(nlp: Any, text: str) -> list[Candidate]:
    lex, cameo = load_lexicon(), load_cameo()
    doc = nlp(text)
    index = MentionIndex(find_mentions(text, "t"))
    nouns = event_nouns(lex, cameo)
    out: list[Candidate] = []
    previous = None
    for sent in doc.sents:
        out += sentence_candidates(sent, index, lex, cameo, nouns, previous)
        previous = sent
    return out


def _trigger(cands: list[Candidate], word: str) -> Candidate:
    found = [c for c in cands if c.trigger.text == word]
    assert found, f"no candidate for {word!r}: {[c.trigger.text for c in cands]}"
    return found[0]


def _paths(c: Candidate) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p in c.parties:
        out.setdefault(p.path, set()).update(p.actors.states)
    return out


# --- the CAMEO lexicon ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "verb", "plover"),
    [
        ("Britain delivered humanitarian aid to the refugees.", "delivered", "AID"),
        ("The generals rushed troops to the border.", "rushed", "MOBILIZE"),
        ("The two ministers called off their meeting.", "called", "SANCTION"),
        ("The senator accused the minister of lying.", "accused", "ACCUSE"),
        ("The rebels struck the convoy at dawn.", "struck", "ASSAULT"),
    ],
)
def test_cameo_readings_of_verbs(nlp: Any, sentence: str, verb: str, plover: str) -> None:
    tok = next(t for t in nlp(sentence) if t.text == verb)
    hits = load_cameo().hits(tok)
    assert plover in {h.type for h in hits}, hits


def test_cameo_pattern_is_more_specific_than_the_bare_verb(nlp: Any) -> None:
    tok = next(
        t for t in nlp("The charity delivered food to the villages.") if t.text == "delivered"
    )
    hits = load_cameo().hits(tok)
    best = max(hits, key=lambda h: h.specificity)
    assert best.type == "AID" and best.specificity >= 1, hits


def test_cameo_multiword_verb_needs_its_particle(nlp: Any) -> None:
    cameo = load_cameo()
    with_particle = next(t for t in nlp("They called off the strike.") if t.text == "called")
    plain = next(t for t in nlp("They called the minister.") if t.text == "called")
    assert any(h.block == "CANCEL" for h in cameo.hits(with_particle))
    assert not any(h.block == "CANCEL" for h in cameo.hits(plain))


def test_cameo_lexicon_header_names_source_and_licence() -> None:
    path = ROOT / "src" / "allywatch" / "extract" / "resources" / "events" / "cameo_verbs.jsonl"
    about = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert about["kind"] == "about"
    assert "676801cd9cb2924bbbad09f86d15c9323e7097bf" in about["source"]
    assert about["notice"].startswith("The MIT License")
    assert about["counts"]["verbs"] > 1000 and about["counts"]["patterns"] > 4000


def test_cameo_lexicon_is_reproducible_from_the_peer_data() -> None:
    shared_path("peer-data", "petrarch2", "CAMEO.2.0.txt")  # skips without ../shared
    script = ROOT / "scripts" / "derive_cameo_lexicon.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# --- parties by construction -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "trigger", "path", "states"),
    [
        ("Russia sent drones to Iran.", "sent", "subj", {"RUS"}),
        ("Russia sent drones to Iran.", "sent", "prep:to", {"IRN"}),
        ("China supplied Pakistan with jets.", "supplied", "dobj", {"PAK"}),
        ("Iran was attacked by Israel.", "attacked", "subj_pass", {"IRN"}),
        ("Iran was attacked by Israel.", "attacked", "agent", {"ISR"}),
        ("Russia agreed to supply Iran with jets.", "supply", "subj_inh", {"RUS"}),
        ("Turkey signed a deal with Azerbaijan.", "signed", "prep:with", {"AZE"}),
        ("Russia sent aid for Syria.", "sent", "prep:for", {"SYR"}),
        ("Israeli strikes on Iran continued.", "strikes", "nmod", {"ISR"}),
        ("Israeli strikes on Iran continued.", "strikes", "nprep:on", {"IRN"}),
        ("Russia's invasion of Ukraine began in 2022.", "invasion", "poss", {"RUS"}),
        ("Russia launched attacks on Ukraine.", "attacks", "gov_subj", {"RUS"}),
        ("Egypt and Qatar met in Cairo.", "met", "subj", {"EGY"}),
    ],
)
def test_candidate_parties(
    nlp: Any, sentence: str, trigger: str, path: str, states: set[str]
) -> None:
    paths = _paths(_trigger(_candidates(nlp, sentence), trigger))
    assert states <= paths.get(path, set()), paths


def test_every_other_actor_is_a_weaker_party(nlp: Any) -> None:
    cand = _trigger(_candidates(nlp, "After talks in Moscow, Iran bought drones."), "bought")
    paths = _paths(cand)
    assert paths["subj"] == {"IRN"}
    assert "RUS" in paths.get("other_before", set())


def test_actors_of_the_previous_sentence_are_context_parties(nlp: Any) -> None:
    text = "Israel struck Iran on Monday. Russia condemned the strikes."
    paths = _paths(_trigger(_candidates(nlp, text), "condemned"))
    assert paths["subj"] == {"RUS"}
    assert {"ISR", "IRN"} <= paths.get("ctx_subj", set()) | paths.get("ctx_other", set())


def test_no_candidates_without_actors(nlp: Any) -> None:
    assert _candidates(nlp, "The weather was cold and the talks went on.") == []


@pytest.mark.parametrize(
    ("sentence", "trigger", "negated", "modality"),
    [
        ("Russia sent no troops to Syria.", "sent", True, "asserted"),
        ("Russia did not send troops to Syria.", "send", True, "asserted"),
        ("Russia failed to send troops to Syria.", "send", True, "asserted"),
        ("Russia will send troops to Syria.", "send", False, "future"),
        ("If Russia sends troops to Syria, Turkey will protest.", "sends", False, "hypothetical"),
        ("Russia reportedly sent troops to Syria.", "sent", False, "reported"),
    ],
)
def test_polarity_and_modality_cues(
    nlp: Any, sentence: str, trigger: str, negated: bool, modality: str
) -> None:
    cand = _trigger(_candidates(nlp, sentence), trigger)
    assert (cand.negated, cand.modality) == (negated, modality)


def test_lexicon_readings_are_attached(nlp: Any) -> None:
    cand = _trigger(_candidates(nlp, "The EU imposed sanctions on Russia."), "imposed")
    assert cand.cameo, "the CAMEO dictionary reads 'impose sanctions'"
    assert any(h.specificity >= 1 for h in cand.cameo)
    noun = _trigger(_candidates(nlp, "The EU imposed sanctions on Russia."), "sanctions")
    assert ("SANCTION", "noun") in noun.yaml_types
