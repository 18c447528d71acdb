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
- **The event's own phrase**: the subject of a demanded clause ("its demand that Israel
  ease ..."), a party after "against"/"to" on a noun of the phrase ("a war against Iraq"),
  the party pressing a refusal ("despite pressure by X"), the object of force used for a
  purpose ("opened fire to disperse demonstrators").
- **Groups**: an unresolved domestic group (rebels, police, demonstrators...) in a
  sentence naming one state is that state's, beside a domestic counterpart; ethnic groups
  count where they act; a person or group "from" a place counts as its state; a passive
  arrest's agent is the state where it happens.

Rules that need the parse of one draft run in :func:`place_fallback` (called by
``assemble._drafts`` before the completeness filter); those on mentions run once per
document in :func:`in_context`. docs/plover.md has the measured effect of each group.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from allywatch.extract.events.arguments import ActorRef, Actors, MentionIndex, actors_of
from allywatch.extract.events.places import LOCATIVE as _LOCATIVE
from allywatch.extract.events.places import Place, places_in
from allywatch.nlp.components import lexicon
from allywatch.types import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.extract.events.coder import Draft
    from allywatch.nlp.catalog import Catalog

__all__ = ["PlaceIndex", "condition_target", "in_context", "place_fallback"]

#: Types whose place is a venue, not a party ("talks in Geneva", "joint drills in Egypt"),
#: and accusations, whose object's place is where the condemned act happened ("condemned
#: the attack in Damascus" accuses the attacker, not Syria).
_VENUE_TYPES = frozenset({"CONSULT", "COOPERATE", "ACCUSE"})
#: Speech acts: the place of the act itself ("demanded in Paris") is where it was said.
_SPEECH_TYPES = frozenset({"REQUEST", "REJECT", "THREATEN", "AGREE", "ACCUSE"})
_HARM_TYPES = frozenset({"ASSAULT", "COERCE"})
#: Dependencies that stay inside the event's own phrase (not relative or adverbial
#: clauses, whose places belong to other events).
_SCOPE_DEPS = frozenset({"dobj", "obj", "pobj", "prep", "xcomp", "ccomp", "compound", "conj",
                         "acl", "nsubjpass", "attr", "oprd", "dative"})  # fmt: skip
#: Prepositions of circumstance: their phrases set the scene, they name no party.
_CIRCUMSTANCE = frozenset({"despite", "after", "before", "during", "since", "until", "amid",
                           "following", "because"})  # fmt: skip
_NAME_KINDS = frozenset({"name", "demonym"})
_STATE_KINDS = frozenset({"state", "substate"})


@lru_cache(maxsize=1)
def _office_words() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon().get("office_words", ()))


@dataclass(frozen=True)
class PlaceIndex:
    """Gazetteer places of a document, looked up by token, and the states each sentence
    names (by the sentence's first character)."""

    places: tuple[Place, ...] = ()
    sentence_states: dict[int, frozenset[str]] = field(default_factory=dict)

    def at(self, token: Token) -> Place | None:
        start, end = token.idx, token.idx + len(token.text)
        return next((p for p in self.places if p.start < end and start < p.end), None)


def in_context(
    sdoc: Doc, mentions: list[Mention], catalog: Catalog | None
) -> tuple[list[Mention], PlaceIndex]:
    """Mentions with the states their context gives them, and the document's places."""
    out = sorted((_named_state(m, catalog) for m in mentions), key=lambda m: m.start)
    starts = [m.start for m in out]
    places: list[Place] = []
    named: dict[int, frozenset[str]] = {}
    for sent in sdoc.sents:
        lo, hi = bisect_left(starts, sent.start_char), bisect_left(starts, sent.end_char)
        inside = out[lo:hi]
        states = {s for m in inside if (s := _state(m))}
        found = places_in(sent, [(m.start, m.end) for m in inside], states)
        places.extend(found)
        states |= {p.state for p in found}
        named[sent.start_char] = frozenset(states)
        if len(states) != 1:
            continue
        (only,) = states
        for i in range(lo, hi):
            m = out[i]
            if (_unplaced_official(m) or _office_before(sdoc, m)) and not _travels(sdoc, m):
                out[i] = replace(m, state=only)
    return out, PlaceIndex(tuple(places), named)


def _state(m: Mention) -> str | None:
    if m.kind == "person":
        return m.state
    return m.state or (m.actor_id if m.kind in _STATE_KINDS else None)


def _unplaced_official(m: Mention) -> bool:
    if m.kind != "person" or m.state is not None or not m.role:
        return False
    words = {w.strip(".,").lower() for w in m.role.replace("-", " ").split()}
    return bool(words & _office_words()) or m.role.lower() in _office_words()


#: Verbs of going to or meeting with a place or party: an official who visits the one state
#: a sentence names is as likely a foreign guest ("Defense Secretary X visited Ukraine").
_CROSSING = frozenset({"visit", "meet", "tour", "travel", "arrive", "fly", "land", "go",
                       "come", "return", "head", "host", "receive", "welcome"})  # fmt: skip


def _travels(sdoc: Doc, m: Mention) -> bool:
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in {"nsubj", "dobj", "pobj"} and any(
        a.lemma_.lower() in _CROSSING for a in list(root.ancestors)[:2]
    )


def _office_before(sdoc: Doc, m: Mention) -> bool:
    """ "The Federal Minister for Interior Aftab Sherpao": an office written before the
    name in its noun phrase, which the actors stage did not take as the title."""
    if m.kind != "person" or m.state is not None or m.role:
        return False
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    while i >= 0 and span.start - i <= 7:
        tok = sdoc[i]
        if tok.lower_ in _office_words():
            return True
        if not (tok.pos_ in {"PROPN", "NOUN", "ADJ"} or tok.lower_ in {"for", "of", "-"}):
            return False
        i -= 1
    return False


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
            if is_root and skip_own and c.dep_ == "prep" and c.lower_ in _LOCATIVE:
                continue  # "said in Paris": the speech act's own place
            if c.dep_ == "prep" and c.lower_ in _CIRCUMSTANCE:
                continue  # "despite its debts to Peru", "after clashes in Kirkuk"
            if c.dep_ == "conj" and tok.pos_ in {"VERB", "AUX"}:
                continue  # "kidnapped X and exploded bombs in Kabul": another event
            todo.append((c, False))
    return out


def _places_in_scope(
    scope: list[Token], index: MentionIndex, relational: frozenset[str], places: PlaceIndex
) -> Actors:
    out = Actors()
    for tok in scope:
        if tok.dep_ != "pobj" or tok.head.lower_ not in _LOCATIVE:
            continue
        inner = (c for c in tok.subtree if c.dep_ in {"pobj", "poss", "appos", "compound"})
        for t in [tok, *inner]:  # "a jail in East Timor's capital Dili", "Sindh province"
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
    d: Draft,
    index: MentionIndex,
    relational: frozenset[str],
    places: PlaceIndex,
    domestic: frozenset[str] = frozenset(),
) -> None:
    """Fill a missing target from the event's own phrase (a clause's subject, a party on
    a noun of it, else where it happens) and an attack's missing attacker from where its
    instrument was; recode ethnic groups by where they act."""
    if d.type in _VENUE_TYPES or d.type == "LEADER_OUSTED":
        return
    if d.mutual and len(d.source.states | set(d.source.unresolved)) != 1:
        return  # "X and Y agreed": each the other's partner
    _ethnic_groups(d, index, relational, places)
    had = (bool(d.source.ids), bool(d.target.ids))
    only = places.sentence_states.get(d.trigger.sent.start_char, frozenset())
    state = next(iter(only)) if len(only) == 1 else None
    if state is not None:
        doc = d.trigger.doc
        harm = d.type in _HARM_TYPES
        if _domestic_counterpart(d.target, doc, domestic, state, harm):
            d.source = _domestic_groups(d.source, doc, domestic, state)
        if _domestic_counterpart(d.source, doc, domestic, state, harm):
            d.target = _domestic_groups(d.target, doc, domestic, state)
    d.source = _origins(d.source, d.trigger.doc, index, relational, places)
    d.target = _origins(d.target, d.trigger.doc, index, relational, places)
    _fill(d, index, relational, places)
    if not d.source and d.trigger.lemma_.lower() in _AUTHORITY_ACTS:
        # "was arrested in Lebanon": only the authorities where it happens arrest
        where = [g for c in d.trigger.children if c.dep_ == "prep" and c.lower_ in _LOCATIVE
                 for g in c.children if g.dep_ == "pobj"]  # fmt: skip
        found = _places_in_scope(where, index, relational, places)
        if len(found.ids) == 1:
            d.source = found
    if not d.target.ids and d.type in _HARM_TYPES:
        _purpose_target(d, index, relational, domestic, state)
    if not d.target.ids and d.type == "PROTEST":
        # as for a protest with no target named (assemble._protest_target): the
        # protesters' own state, once their group is placed
        d.target = Actors([r for r in d.source.refs if r.actor and not r.is_person])
    d.inferred = d.inferred or (bool(d.source.ids), bool(d.target.ids)) != had


#: Acts only a state's authorities perform: the agent of a passive one with none named is
#: the state where it happens (CAMEO 1.1b3 "arrest, detain" by police/GOV).
_AUTHORITY_ACTS = frozenset({"arrest", "detain", "jail", "imprison", "deport", "sentence"})


def _origins(
    parties: Actors,
    doc: Doc,
    index: MentionIndex,
    relational: frozenset[str],
    places: PlaceIndex,
) -> Actors:
    """ "a Christian missionary from Calgary": an unresolved person or group counts as the
    state it comes from, when a "from" phrase on it names one."""
    if not any(r.actor is None and r.start >= 0 for r in parties.refs):
        return parties
    out = Actors()
    for ref in parties.refs:
        if ref.actor is None and ref.start >= 0:
            span = doc.char_span(ref.start, ref.start + len(ref.text), alignment_mode="expand")
            froms = [g for c in (span[-1].children if span is not None else ())
                     if c.dep_ == "prep" and c.lower_ == "from"
                     for g in c.children if g.dep_ == "pobj"]  # fmt: skip
            found = _origin_states(froms, index, relational, places)
            if len(found.ids) == 1:
                (code,) = found.ids
                ref = replace(ref, actor=code, state=code)
        out.add(ref)
    return out


def _origin_states(
    toks: list[Token], index: MentionIndex, relational: frozenset[str], places: PlaceIndex
) -> Actors:
    out = Actors()
    for tok in toks:
        states = [r for r in actors_of(tok, index, relational).refs
                  if r.actor and not r.is_person and r.state in (None, r.actor)]  # fmt: skip
        for ref in states:
            out.add(ref)
        place = places.at(tok)
        if not states and place is not None:
            out.add(ActorRef(actor=place.state, text=place.text, state=place.state,
                             start=place.start))  # fmt: skip
    return out


def _domestic_counterpart(
    other: Actors, doc: Doc, domestic: frozenset[str], state: str, harm: bool
) -> bool:
    """Whether the other party leaves a domestic reading open: unnamed, or itself a
    domestic body or office holder of that state ("the Mozambique government", "Egyptian
    police", "President X"), or (except in attacks) the state named bare, standing for its
    authorities ("protested in Tunisia"). "Russian troops killed civilians" is no domestic
    event: the civilians are not Russia's for want of another state in the sentence."""
    if not other.ids:
        return True
    for ref in other.refs:
        if ref.actor is None:
            continue
        if ref.actor != state and ref.state != state:
            return False
        if ref.is_person:
            continue
        tok = _token_at(doc, ref.start)
        if tok is None:
            return False
        bare = tok.dep_ not in {"amod", "compound", "poss", "nmod"}
        heads = {tok.lemma_.lower(), tok.head.lemma_.lower()}
        if not (heads & domestic or (bare and not harm)):
            return False
    return True


def _token_at(doc: Doc, start: int) -> Token | None:
    if start < 0:
        return None
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _domestic_groups(parties: Actors, doc: Doc, domestic: frozenset[str], state: str) -> Actors:
    """ "The Mozambique government accepted demands from Shona rebels": an unresolved
    domestic group (rebels, students, police...) in a sentence that names one state only
    is that state's (CAMEO/PLOVER code domestic actors by their country)."""
    if not any(r.actor is None for r in parties.refs):
        return parties
    out = Actors()
    for ref in parties.refs:
        if ref.actor is None and ref.start >= 0:
            span = doc.char_span(ref.start, ref.start + len(ref.text), alignment_mode="expand")
            if span is not None and span[-1].lemma_.lower() in domestic:
                ref = replace(ref, actor=state, state=state)
        out.add(ref)
    return out


def _fill(d: Draft, index: MentionIndex, relational: frozenset[str], places: PlaceIndex) -> None:
    if not d.target.ids and d.type == "REQUEST":
        _clause_subject_target(d, index, relational)
    if not d.target.ids and d.type == "REJECT":
        _defied_target(d, index, relational)
    if not d.target.ids:
        _phrase_target(d, index, relational)
    if not d.target.ids:
        roots = [d.trigger, *d.objects]
        scope = _scope(roots, skip_own=d.type in _SPEECH_TYPES)
        for ref in _places_in_scope(scope, index, relational, places).refs:
            d.target.add(ref)
    if d.type in _HARM_TYPES and not d.source:
        # "a roadside bombing near Samarra killed ...": the place of the instrument that is
        # the subject stands for its unnamed agent; "were killed in a bombing in Baghdad"
        # names no agent at all
        subj = [c for c in d.trigger.children if c.dep_ == "nsubj"]
        found = _places_in_scope(_scope(subj, skip_own=False), index, relational, places)
        if len(found.ids) == 1:
            d.source = found


#: Nouns of pressure a refusal defies: "declined to resign despite pressure by X".
_PRESSURE = frozenset({"pressure", "call", "demand", "appeal", "request", "plea", "ultimatum",
                       "warning", "protest"})  # fmt: skip


def _defied_target(d: Draft, index: MentionIndex, relational: frozenset[str]) -> None:
    """ "declined to resign despite growing pressure by the Anti-Corruption Commission":
    a refusal in the face of pressure rejects the party pressing."""
    heads = [d.trigger, *(c for c in d.trigger.children if c.dep_ == "xcomp")]
    heads += [a for a in d.trigger.ancestors if a.pos_ in {"VERB", "AUX"}][:1]
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"despite", "defying"}:
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj" or noun.lemma_.lower() not in _PRESSURE:
                    continue
                pressers = [g for c in noun.children if c.dep_ in {"prep", "agent"}
                            and c.lower_ in {"by", "from", "of"}
                            for g in c.children if g.dep_ == "pobj"]  # fmt: skip
                for tok in pressers:
                    d.target.extend(actors_of(tok, index, relational))
                if d.target.ids:
                    return


def _purpose_target(
    d: Draft,
    index: MentionIndex,
    relational: frozenset[str],
    domestic: frozenset[str],
    state: str | None,
) -> None:
    """ "opened fire to disperse demonstrators": force used for a purpose is aimed at the
    purpose's object (a domestic group in a one-state sentence counts as that state)."""
    verb = d.trigger if d.trigger.pos_ in {"VERB", "AUX"} else d.trigger.head
    for clause in verb.children:
        if clause.dep_ not in {"advcl", "xcomp"} or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
        ):
            continue
        for obj in clause.children:
            if obj.dep_ != "dobj":
                continue
            found = actors_of(obj, index, relational)
            if found.ids:
                d.target.extend(found)
            elif state is not None and obj.lemma_.lower() in domestic:
                d.target.add(ActorRef(actor=state, text=obj.text, state=state, start=obj.idx))
            if d.target.ids:
                d.inferred = True
                return


#: Prepositions that name the party an act is aimed at, inside the object phrase: "a war
#: against Iraq", "his commitment to the Zambian people".
_AIMED = frozenset({"against", "to"})


def _phrase_target(d: Draft, index: MentionIndex, relational: frozenset[str]) -> None:
    """ "mobilized reservists for a possible war against Iraq", "reneged on his commitment
    to the Zambian people": the party named on a noun of the event's phrase."""
    for tok in _scope([d.trigger, *d.objects], skip_own=False):
        if tok.dep_ != "pobj" or tok.head.lower_ not in _AIMED:
            continue
        holder = tok.head.head
        # on a noun of the phrase, or on a verb with an object the parser left it off
        # ("refusing admittance to Ghanaians")
        if holder.pos_ != "NOUN" and not any(c.dep_ == "dobj" for c in holder.children):
            continue
        said = {r.start for r in d.source.refs}
        # another mention of the source's own state is a party ("his commitment to the
        # Zambian people"); the same words are not
        refs = actors_of(tok, index, relational).refs
        found = [r for r in refs if r.actor and r.start not in said]
        if found:
            for ref in found:
                d.target.add(ref)
            return


def _clause_subject_target(d: Draft, index: MentionIndex, relational: frozenset[str]) -> None:
    """ "reiterated its demand that Israel ease restrictions": the one asked is the subject
    of the clause that says what is demanded."""
    roots = [d.trigger, *d.objects]
    if d.trigger.dep_ == "dobj" and d.trigger.head.pos_ == "VERB":
        roots.append(d.trigger.head)  # "reiterated its demand ... that Israel ease"
    for tok in _scope(roots, skip_own=False):
        if tok.dep_ not in {"ccomp", "acl"} or tok.pos_ not in {"VERB", "AUX"}:
            continue
        for subj in tok.children:
            if subj.dep_ in {"nsubj", "nsubjpass"}:
                found = actors_of(subj, index, relational)
                if found.ids and set(found.ids) != set(d.source.ids):
                    d.target.extend(found)
                    return


def _ethnic_groups(
    d: Draft, index: MentionIndex, relational: frozenset[str], places: PlaceIndex
) -> None:
    """ "ethnic Albanians demonstrated in Serbia": an ethnic group is not the state of its
    name; PLOVER/CAMEO code it by where it lives, here where it acts. Unplaced, it stays
    unresolved."""
    text = d.trigger.doc.text
    ethnic = [
        r for r in d.source.refs
        if r.actor and text[: max(r.start, 0)].rstrip().lower().endswith("ethnic")
    ]  # fmt: skip
    if not ethnic:
        return
    where = [
        g for c in d.trigger.children if c.dep_ == "prep" and c.lower_ in _LOCATIVE
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip
    home = _places_in_scope(where, index, relational, places)
    kept = [r for r in d.source.refs if r not in ethnic]
    groups = [ActorRef(actor=None, text=r.text, start=r.start) for r in ethnic]
    d.source = Actors([*kept, *(home.refs if home.ids else groups)])


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
                        d.inferred = True
                        return
