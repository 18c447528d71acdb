"""Candidate generation: every reading a sentence supports, before anything is decided.

For each sentence, :func:`sentence_candidates` proposes a :class:`Candidate` per trigger --
a verb, an event noun ("strikes", "talks", "sanctions"), or a fate adjective ("the late
Khamenei") -- with what the lexicons say about it and the actors that could fill its roles:

- **lexicon readings**: the CAMEO dictionary's codes for the verb and the patterns that
  match around it (:mod:`.cameo`), and the word classes of ``verbs.yaml`` / ``nouns.yaml`` /
  ``light_verbs.yaml`` (type and frame);
- **parties** (:class:`Party`), each an actor group with the syntactic path that links it
  to the trigger: the subject (also inherited through control, coordination, relative
  clauses and participles: :func:`.arguments.subject_of`), the passive agent, objects,
  the dative, prepositional objects by preposition (on the verb and on its object), for a
  nominal event its possessor and modifiers ("Russia's", "U.S.") and its prepositional
  objects, and the subject of the verb that governs it ("launched strikes on"); every other
  actor of the sentence is a weaker ``other`` party;
- **polarity and modality cues** (:mod:`.polarity`).

Nothing here picks a type or a direction: the decision step (:mod:`.decide`) does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from allywatch.extract.events.arguments import Actors, MentionIndex, actors_of, ref_of, subject_of
from allywatch.extract.events.cameo import CameoHit, CameoLexicon
from allywatch.extract.events.lexicon import Lexicon
from allywatch.extract.events.polarity import is_negated, modality_of

__all__ = ["Candidate", "Party", "event_nouns", "sentence_candidates"]

_OBJ_DEPS = frozenset({"dobj", "obj"})
_ATTR_DEPS = frozenset({"attr", "oprd"})
#: Dependencies of a noun on the verb that governs it, for "the governor's parties".
_GOVERNED = frozenset({"dobj", "obj", "nsubjpass", "nsubj", "attr", "pobj"})
_NOMINAL_MODS = frozenset({"compound", "amod", "nmod"})


@dataclass(slots=True)
class Party:
    """An actor group that could fill a role of a candidate, and how it is linked."""

    actors: Actors
    path: str  # "subj", "subj_pass", "subj_inh", "agent", "dobj", "prep:to", "poss", ...
    token: Token
    resolved_by: str = ""  # "pronoun" / "description" when an anaphor named it


@dataclass(slots=True)
class Candidate:
    """One trigger of one sentence with every reading the lexicons and the parse offer."""

    trigger: Token
    kind: str  # "verb" | "noun" | "adj"
    lemma: str
    cameo: list[CameoHit]
    yaml_types: list[tuple[str, str]]  # (type, frame) from the hand lexicons
    parties: list[Party]
    objects: list[Token]
    negated: bool
    modality: str
    governor: Token | None = None  # the verb a nominal event depends on
    cues: list[str] = field(default_factory=list)


def event_nouns(lex: Lexicon, cameo: CameoLexicon) -> frozenset[str]:
    """Nouns that may name an event: the hand lexicon's event and light nouns, and nouns
    spelt like a CAMEO verb that has a code ("attack", "visit", "strike")."""
    coded = {
        lemma for lemma, entries in cameo.verbs.items()
        if any(v.code for v in entries) or any(cameo.patterns.get(v.block) for v in entries)
    }  # fmt: skip
    return frozenset(lex.nouns) | frozenset(lex.light_nouns) | frozenset(coded)


def sentence_candidates(
    sent: SpacySpan,
    index: MentionIndex,
    lex: Lexicon,
    cameo: CameoLexicon,
    nouns: frozenset[str],
    previous: SpacySpan | None = None,
) -> list[Candidate]:
    """Every trigger of ``sent`` with its readings and parties; the actors of the
    ``previous`` sentence that ``sent`` does not name are weak ``ctx`` parties (an
    unnamed counterpart is often the one just mentioned: "Israel struck Iran. Russia
    condemned the strikes")."""
    mentions = index.in_span(sent)
    if not mentions:
        return []
    out: list[Candidate] = []
    for tok in sent:
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ not in {"aux", "auxpass"}
                                  and tok.lemma_.lower() in cameo.verbs):  # fmt: skip
            out.append(_verb_candidate(tok, index, lex, cameo))
        elif tok.pos_ in {"NOUN", "PROPN"} and tok.lemma_.lower() in nouns and not index.at(tok):
            out.append(_noun_candidate(tok, index, lex, cameo))
        elif tok.pos_ == "ADJ" and tok.lower_ in lex.ousted_adjectives:
            out.append(_adj_candidate(tok, index, lex))
    for cand in out:
        _add_others(cand, sent, index)
        if previous is not None:
            _add_context(cand, previous, index)
    return out


# --- verbs ---------------------------------------------------------------------------
def _verb_candidate(
    tok: Token, index: MentionIndex, lex: Lexicon, cameo: CameoLexicon
) -> Candidate:
    lemma = cameo.lemma_of(tok)
    parties: list[Party] = []
    subj, passive = subject_of(tok)
    if subj is not None:
        direct = subj.head.i == tok.i
        path = "subj_pass" if passive else ("subj" if direct else "subj_inh")
        _add(parties, subj, path, index, lex)
    objects: list[Token] = []
    for child in tok.children:
        dep = child.dep_
        if dep in _OBJ_DEPS:
            objects.append(child)
            _add(parties, child, "dobj", index, lex)
        elif dep in _ATTR_DEPS:
            objects.append(child)
            _add(parties, child, "attr", index, lex)
        elif dep == "dative":
            pobjs = [g for g in child.children if g.dep_ == "pobj"]
            for g in pobjs or [child]:
                _add(parties, g, "dative" if not pobjs else f"prep:{child.lower_}", index, lex)
        elif dep == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    _add(parties, g, "agent", index, lex)
        elif dep == "prep":
            for g in child.children:
                if g.dep_ in {"pobj", "pcomp"}:
                    _add(parties, g, f"prep:{child.lower_}", index, lex)
        elif dep in {"prt", "advmod"} and child.lower_ in {"out", "away"}:
            for p in child.children:
                if p.dep_ == "prep":
                    for g in p.children:
                        if g.dep_ == "pobj":
                            _add(parties, g, "prep:from", index, lex)
    for obj in objects:
        for child in obj.children:
            if child.dep_ == "prep":
                for g in child.children:
                    if g.dep_ == "pobj":
                        _add(parties, g, f"oprep:{child.lower_}", index, lex)
            elif child.dep_ == "poss":
                _add(parties, child, "oposs", index, lex)
            elif child.dep_ in _NOMINAL_MODS and index.at(child):
                _add(parties, child, "omod", index, lex)
    yaml_types = [
        (t.type, t.frame) for t in lex.verbs.get(lemma, ()) if _particle_ok(t.particle, tok)
    ]
    args = [p.token for p in parties] + objects
    return Candidate(
        trigger=tok, kind="verb", lemma=lemma, cameo=cameo.hits(tok), yaml_types=yaml_types,
        parties=parties, objects=objects, negated=is_negated(tok, args, lex),
        modality=modality_of(tok, lex), cues=_cues(tok),
    )  # fmt: skip


def _particle_ok(particles: tuple[str, ...], tok: Token) -> bool:
    if not particles:
        return True
    return any(c.lower_ in particles for c in tok.children if c.dep_ in {"prt", "advmod", "prep"})


# --- nouns and adjectives ---------------------------------------------------------------
def _noun_candidate(
    tok: Token, index: MentionIndex, lex: Lexicon, cameo: CameoLexicon
) -> Candidate:
    lemma = tok.lemma_.lower()
    parties: list[Party] = []
    for child in tok.children:
        if child.dep_ == "poss":
            _add(parties, child, "poss", index, lex)
        elif child.dep_ in _NOMINAL_MODS and index.at(child):
            _add(parties, child, "nmod", index, lex)
        elif child.dep_ == "prep":
            for g in child.children:
                if g.dep_ in {"pobj", "pcomp"}:
                    _add(parties, g, f"nprep:{child.lower_}", index, lex)
        elif child.dep_ == "acl":
            # "the aid provided by X", "strikes launched from Y"
            for p in child.children:
                if p.dep_ in {"agent", "prep"}:
                    for g in p.children:
                        if g.dep_ == "pobj":
                            where = "agent" if p.dep_ == "agent" else f"nprep:{p.lower_}"
                            _add(parties, g, where, index, lex)
    governor = None
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
        governor = head.head
        gov_path = f"gov_{head.lower_}"
    elif tok.dep_ in _GOVERNED and head.pos_ in {"VERB", "AUX"} and head.i != tok.i:
        governor = head
        gov_path = "gov"
    if governor is not None:
        subj, passive = subject_of(governor)
        if subj is not None and subj.i != tok.i:
            _add(parties, subj, f"{gov_path}_subj{'_pass' if passive else ''}", index, lex)
        for child in governor.children:
            if child.i == tok.i:
                continue
            if child.dep_ in {"dative"} | _OBJ_DEPS:
                _add(parties, child, f"{gov_path}_obj", index, lex)
            elif child.dep_ in {"prep", "agent"} and child.i != head.i:
                for g in child.children:
                    if g.dep_ == "pobj":
                        _add(parties, g, f"{gov_path}_prep:{child.lower_}", index, lex)
    yaml_types: list[tuple[str, str]] = []
    if lemma in lex.nouns:
        trig = lex.nouns[lemma]
        yaml_types.append((trig.type, "noun_mutual" if trig.mutual else "noun"))
    if lemma in lex.light_nouns:
        yaml_types.append((lex.light_nouns[lemma].type, "light_noun"))
    hits = [
        CameoHit(v.code, v.type, v.mode, 0, v.block) for v in cameo.noun_codes(lemma)
        if v.code and not v.after and not v.before
    ]  # fmt: skip
    args = [p.token for p in parties]
    return Candidate(
        trigger=tok, kind="noun", lemma=lemma, cameo=hits, yaml_types=yaml_types,
        parties=parties, objects=[], negated=is_negated(tok, args, lex),
        modality=modality_of(tok, lex), governor=governor, cues=_cues(tok),
    )  # fmt: skip


def _adj_candidate(tok: Token, index: MentionIndex, lex: Lexicon) -> Candidate:
    parties: list[Party] = []
    head = tok.head
    if head.i != tok.i:
        _add(parties, head, "fate_of", index, lex)
    return Candidate(
        trigger=tok, kind="adj", lemma=tok.lower_, cameo=[], yaml_types=[("LEADER_OUSTED", "fate")],
        parties=parties, objects=[], negated=False, modality=modality_of(tok, lex), cues=[],
    )  # fmt: skip


# --- parties ----------------------------------------------------------------------------
def _add(parties: list[Party], tok: Token, path: str, index: MentionIndex, lex: Lexicon) -> None:
    actors = actors_of(tok, index, lex.relational_nouns)
    if not actors:
        return
    how = ""
    if not index.at(tok):
        if tok.lower_ in {"it", "its", "they", "them", "their", "itself", "themselves"}:
            how = "pronoun"
        elif tok.pos_ == "NOUN":
            how = "description"
    parties.append(Party(actors, path, tok, how))


def _add_others(cand: Candidate, sent: SpacySpan, index: MentionIndex) -> None:
    """Every actor of the sentence not already a party, as a weaker ``other`` party."""
    taken = {r.start for p in cand.parties for r in p.actors.refs}
    seen: set[int] = set()
    for tok in sent:
        for m in index.at(tok):
            if m.start in taken or m.start in seen:
                continue
            seen.add(m.start)
            actors = Actors()
            actors.add(ref_of(m))
            side = "before" if tok.i < cand.trigger.i else "after"
            cand.parties.append(Party(actors, f"other_{side}", tok))


def _add_context(cand: Candidate, previous: SpacySpan, index: MentionIndex) -> None:
    here = {s for p in cand.parties for s in p.actors.states}
    seen: set[str] = set()
    for tok in previous:
        for m in index.at(tok):
            ref = ref_of(m)
            state = ref.state or ref.actor
            if not state or state in here or state in seen:
                continue
            seen.add(state)
            actors = Actors()
            actors.add(ref)
            role = (
                "subj"
                if tok.dep_ in {"nsubj", "nsubjpass"} or tok.head.dep_ in {"nsubj", "nsubjpass"}
                else "other"
            )
            cand.parties.append(Party(actors, f"ctx_{role}", tok))


def _cues(tok: Token) -> list[str]:
    """Words around the trigger that the decision step may weigh: auxiliaries, the
    governing verb of a clause, negation."""
    out: list[str] = []
    for c in tok.children:
        if c.dep_ in {"aux", "auxpass"}:
            out.append(f"aux={c.lemma_.lower()}")
        elif c.dep_ == "neg":
            out.append("neg")
        elif c.dep_ == "mark":
            out.append(f"mark={c.lower_}")
    if (
        tok.dep_ in {"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp", "conj"}
        and tok.head.i != tok.i
    ):
        out.append(f"under={tok.dep_}:{tok.head.lemma_.lower()}")
    return out


def iter_party_states(parties: Iterable[Party]) -> set[str]:
    return {s for p in parties for s in p.actors.states}
