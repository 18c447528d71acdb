"""Parties the sentence leaves implicit, read from its context (PLOVER/CAMEO conventions).

Each rule fills a gap only; a party the sentence names is never replaced:

- **Organisations named with their country** ("the Kenya Anti-Corruption Commission",
  "the Serbian Workers' Union", "Radical French farmers" when the name swallowed the
  adjective): an unresolved name holding exactly one state's name or demonym counts as
  that state.
- **Office holders outside the catalog** ("President Omar El Bashir ... in Sudan"): a
  person whose title is a public office (``lexicon.yaml: office_words``) and whose country
  is not written next to the name serves the one state the sentence names. With none or
  several states in the sentence the person stays unresolved: nothing is guessed.
- **Locations** (``places.py``): an event with no resolved target takes the state where it
  happens, read from the locative phrases of its object or clause ("imposed a curfew in
  Algiers" -> DZA, "fired shells at targets in Jericho" -> PSE; the gold-standard readme:
  "actor primary codes were inferred from these locations"). Not for meetings and
  cooperation, whose place is a venue ("talks in Geneva"), nor for a speech act's own
  place ("said in Paris"). An attack with no attacker at all ("a roadside bombing near the
  town of Samarra killed ...") is coded from where it happened.
- **Conditions of threats**: "threatened to stop negotiations if the United States goes
  ahead" is a threat to the party whose act is the condition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from allywatch.extract.events.arguments import ActorRef, Actors, MentionIndex, actors_of
from allywatch.extract.events.places import Place, places_in
from allywatch.nlp.components import lexicon
from allywatch.types import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.extract.events.coder import Draft
    from allywatch.nlp.catalog import Catalog

__all__ = ["PlaceIndex", "condition_target", "in_context", "place_fallback"]

#: Types whose place is a venue, not a party ("talks in Geneva", "joint drills in Egypt").
_VENUE_TYPES = frozenset({"CONSULT", "COOPERATE"})
#: Speech acts: the place of the act itself ("demanded in Paris") is where it was said.
_SPEECH_TYPES = frozenset({"REQUEST", "REJECT", "THREATEN", "AGREE", "ACCUSE"})
_HARM_TYPES = frozenset({"ASSAULT", "COERCE"})
#: Prepositions of place (Quirk et al. ch. 9, "space": position and direction).
_LOCATIVE = frozenset({"in", "at", "into", "inside", "near", "across", "throughout", "within",
                       "outside"})  # fmt: skip
#: Dependencies that stay inside the event's own phrase (not relative or adverbial
#: clauses, whose places belong to other events).
_SCOPE_DEPS = frozenset({"dobj", "obj", "pobj", "prep", "xcomp", "ccomp", "compound", "conj",
                         "acl", "nsubjpass", "attr", "oprd", "dative"})  # fmt: skip
_NAME_KINDS = frozenset({"name", "demonym"})
_STATE_KINDS = frozenset({"state", "substate"})


@lru_cache(maxsize=1)
def _office_words() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon().get("office_words", ()))


@dataclass(frozen=True)
class PlaceIndex:
    """Gazetteer places of a document, looked up by token."""

    places: tuple[Place, ...] = ()

    def at(self, token: Token) -> Place | None:
        start, end = token.idx, token.idx + len(token.text)
        return next((p for p in self.places if p.start < end and start < p.end), None)


def in_context(
    sdoc: Doc, mentions: list[Mention], catalog: Catalog | None
) -> tuple[list[Mention], PlaceIndex]:
    """Mentions with the states their context gives them, and the document's places."""
    out = [_named_state(m, catalog) for m in mentions]
    places: list[Place] = []
    taken = [(m.start, m.end) for m in mentions]
    for sent in sdoc.sents:
        inside = [m for m in out if sent.start_char <= m.start < sent.end_char]
        states = {s for m in inside if (s := _state(m))}
        found = places_in(sent, taken, states)
        places.extend(found)
        states |= {p.state for p in found}
        if len(states) != 1:
            continue
        (only,) = states
        for i, m in enumerate(out):
            if sent.start_char <= m.start < sent.end_char and _unplaced_official(m):
                out[i] = replace(m, state=only)
    return out, PlaceIndex(tuple(places))


def _state(m: Mention) -> str | None:
    if m.kind == "person":
        return m.state
    return m.state or (m.actor_id if m.kind in _STATE_KINDS else None)


def _unplaced_official(m: Mention) -> bool:
    if m.kind != "person" or m.state is not None or not m.role:
        return False
    words = {w.strip(".,").lower() for w in m.role.replace("-", " ").split()}
    return bool(words & _office_words()) or m.role.lower() in _office_words()


def _named_state(m: Mention, catalog: Catalog | None) -> Mention:
    """An unresolved name that holds one state's name or demonym counts as that state."""
    if catalog is None or m.actor_id is not None or m.state is not None or m.kind == "person":
        return m
    words = m.text.replace("'s", "").replace("’s", "").split()
    found: set[str] = set()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            surface = catalog.surface(" ".join(words[i : i + size]))
            if surface is None or surface.kind not in _NAME_KINDS:
                continue
            actor = catalog.get(surface.actor_id)
            if actor is not None and actor.kind in _STATE_KINDS:
                found.add(actor.id)
    if len(found) != 1:
        return m
    return replace(m, state=found.pop())


def _scope(roots: Iterable[Token], skip_own: bool) -> list[Token]:
    """Tokens of the event's phrase: its objects, complements and their modifiers."""
    seen: set[int] = set()
    out: list[Token] = []
    todo = [(r, True) for r in roots]
    while todo:
        tok, is_root = todo.pop()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        out.append(tok)
        for c in tok.children:
            if c.dep_ not in _SCOPE_DEPS:
                continue
            if is_root and skip_own and c.dep_ == "prep":
                continue  # "said in Paris": the speech act's own place
            todo.append((c, False))
    return out


def _places_in_scope(
    scope: list[Token], index: MentionIndex, relational: frozenset[str], places: PlaceIndex
) -> Actors:
    out = Actors()
    for tok in scope:
        if tok.dep_ != "pobj" or tok.head.lower_ not in _LOCATIVE:
            continue
        for t in [tok, *(c for c in tok.subtree if c.dep_ in {"pobj", "poss", "appos"})]:
            states = [r for r in actors_of(t, index, relational).refs
                      if r.actor and not r.is_person and r.state in (None, r.actor)]  # fmt: skip
            place = places.at(t)
            if states:
                for ref in states:
                    out.add(ref)
                break
            if place is not None:
                out.add(ActorRef(actor=place.state, text=place.text, state=place.state,
                                 start=place.start))  # fmt: skip
                break
    return out


def place_fallback(
    d: Draft, index: MentionIndex, relational: frozenset[str], places: PlaceIndex
) -> None:
    """Fill a missing target (and an attack's missing attacker) from where it happens."""
    if d.mutual or d.type in _VENUE_TYPES or d.type == "LEADER_OUSTED":
        return
    if not d.target.ids:
        roots = [d.trigger, *d.objects]
        scope = _scope(roots, skip_own=d.type in _SPEECH_TYPES)
        found = _places_in_scope(scope, index, relational, places)
        own = d.source.states
        refs = [r for r in found.refs if not (d.type in _HARM_TYPES and r.actor in own)]
        for ref in refs:
            d.target.add(ref)
    if d.type in _HARM_TYPES and not d.source:
        # "a roadside bombing near Samarra killed ...": the place of the instrument that is
        # the subject stands for its unnamed agent; "were killed in a bombing in Baghdad"
        # names no agent at all
        subj = [c for c in d.trigger.children if c.dep_ == "nsubj"]
        found = _places_in_scope(_scope(subj, skip_own=False), index, relational, places)
        if len(found.ids) == 1:
            d.source = found


def condition_target(d: Draft, index: MentionIndex, relational: frozenset[str]) -> None:
    """A threat with no named target is made to the party whose act is its condition."""
    if d.type != "THREATEN" or d.target.ids:
        return
    heads = [d.trigger, *(c for c in d.trigger.children if c.dep_ in {"xcomp", "ccomp"})]
    for head in heads:
        for clause in head.children:
            if clause.dep_ != "advcl" or not any(
                m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in clause.children
            ):
                continue
            for subj in clause.children:
                if subj.dep_ in {"nsubj", "nsubjpass"}:
                    found = actors_of(subj, index, relational)
                    if found.ids and set(found.ids) != set(d.source.ids):
                        d.target.extend(found)
                        return
