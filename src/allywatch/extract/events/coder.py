"""The rule-based PLOVER coder: triggers and argument frames on a dependency parse.

One pass over each sentence finds triggers of four constructions:

- **verbs** (``verbs.yaml``), with their frame deciding where source and target are (active,
  passive with or without an agent, control/purpose/coordination inheriting the subject,
  relative clauses, participles);
- **nominal events** (``nouns.yaml``): "U.S. attacks on", "arms transfers to", "the
  twelve-day war with Israel"; a noun that is itself the object of an event verb is that
  verb's detail, not a second event;
- **light verbs** (``light_verbs.yaml``): "filed orders for", "offered a home for exile";
- **fate adjectives** on a leader ("the late Khamenei") and onlooker clauses ("could only
  watch while X", "stood by"), which make support withheld.

A :class:`Draft` collects each event's parts before it becomes an :class:`Event`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from allywatch.extract.events.arguments import (
    ActorRef,
    Actors,
    MentionIndex,
    actors_of,
    subject_of,
)
from allywatch.extract.events.details import mode_from_object
from allywatch.extract.events.lexicon import Lexicon, NounTrigger, VerbTrigger

__all__ = ["Draft", "SentenceCoder", "misparsed_gerund"]

_OBJ_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
#: Heads of a number phrase: "tens of thousands of students", "a group of rebels".
_MASS = frozenset({"ten", "tens", "hundred", "hundreds", "thousand", "thousands", "million",
                   "millions", "dozen", "dozens", "group", "crowd", "band", "score", "scores"})
_CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "xcomp", "acl", "parataxis", "csubj"})


@dataclass(slots=True)
class Draft:
    """An event being assembled from one trigger."""

    type: str
    trigger: Token
    source: Actors = field(default_factory=Actors)
    target: Actors = field(default_factory=Actors)
    mode: str | None = None
    objects: list[Token] = field(default_factory=list)
    arg_tokens: list[Token] = field(default_factory=list)
    negated: bool = False
    leader: ActorRef | None = None
    nominal: bool = False
    confidence: float = 0.6
    absorbed: set[int] = field(default_factory=set)
    frame: str = ""
    mutual: bool = False
    more_leaders: list[ActorRef] = field(default_factory=list)
    modality: str | None = None  # set by constructions that fix it ("could only watch")
    inferred: bool = False  # a party read from context (context.py), not named as one


def _children(tok: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _pobjs(tok: Token, preps: tuple[str, ...] | frozenset[str]) -> list[Token]:
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in {"prep", "dative", "agent"} and c.lower_ in preps:
            out.extend(g for g in c.children if g.dep_ in {"pobj", "pcomp"})
        elif (
            "from" in preps and c.lower_ in {"out", "away"} and c.dep_ in {"prt", "advmod", "prep"}
        ):
            # "pulled out of Syria": the two-word preposition "out of" means "from"
            out.extend(_pobjs(c, ("of",)))
    return out


def _up_to_count(verb: Token) -> list[Token]:
    """ "kidnapped up to 16 advisers": the parser reads "up" as the verb's particle and "to
    16 advisers" as a phrase of it; a counted noun there is the object."""
    if not any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
        return []
    return [
        g for c in verb.children if c.dep_ == "prt" and c.lower_ == "up"
        for p in c.children if p.dep_ == "prep" and p.lower_ == "to"
        for g in p.children if g.dep_ == "pobj" and any(n.dep_ == "nummod" for n in g.children)
    ]  # fmt: skip


def _with_conj(tokens: list[Token]) -> list[Token]:
    out = list(tokens)
    for tok in tokens:
        out.extend(c for c in tok.conjuncts if c not in out)
    return out


def _infinitives(verb: Token) -> list[Token]:
    """The "to"-clauses of ``verb``: its xcomp, or, when it has no object, an advcl with
    "to" ("sworn to fight" is often parsed as a purpose clause; "offered drones to help
    Russia" is a real purpose clause of a transfer)."""
    has_object = any(c.dep_ in _OBJ_DEPS for c in verb.children)
    return [
        c for c in verb.children
        if c.dep_ == "xcomp"
        or (not has_object and c.dep_ == "advcl"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
    ]  # fmt: skip


def _deep_pobjs(tokens: list[Token], preps: tuple[str, ...], depth: int = 3) -> list[Token]:
    """Objects of ``preps`` anywhere in the noun phrases ``tokens`` (down to ``depth``
    nested phrases), never inside clauses: "part of a program for Bosnia" -> Bosnia."""
    out: list[Token] = []
    level = list(tokens)
    for _ in range(depth):
        nxt: list[Token] = []
        for tok in level:
            for c in tok.children:
                if c.dep_ in _CLAUSE_DEPS:
                    continue
                if c.dep_ == "prep":
                    pobjs = [g for g in c.children if g.dep_ == "pobj"]
                    if c.lower_ in preps:
                        out.extend(pobjs)
                    nxt.extend(pobjs)
                elif c.dep_ in {"compound", "amod", "appos"}:
                    continue
                else:
                    nxt.append(c)
        if out:
            return out
        level = nxt
    return out


def misparsed_gerund(verb: Token) -> Token | None:
    """A gerund parsed as the verb's complement though it modifies the next noun:
    "sharing targeting information" (xcomp "targeting" right after the verb, with the
    object the verb lacks)."""
    nxt = verb.nbor() if verb.i + 1 < len(verb.doc) else None
    if (
        nxt is not None
        and nxt.head.i == verb.i
        and nxt.dep_ == "xcomp"
        and nxt.tag_ == "VBG"
        and any(c.dep_ == "dobj" for c in nxt.children)
    ):
        return nxt
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


class SentenceCoder:
    """Codes the events of one sentence."""

    def __init__(self, sent: SpacySpan, index: MentionIndex, lex: Lexicon) -> None:
        self.sent = sent
        self.index = index
        self.lex = lex
        self.relational = lex.relational_nouns

    # --- actors -------------------------------------------------------------------------
    def actors(self, toks: list[Token]) -> Actors:
        out = Actors()
        for tok in toks:
            found = actors_of(tok, self.index, self.relational)
            if not found:
                # "rebels in the Ivory Coast", "opposition groups in Zimbabwe", "tens of
                # thousands of students throughout Indonesia"
                parts = [tok, *tok.conjuncts]
                parts += [p for p in _pobjs(tok, ("of",)) if tok.like_num or tok.pos_ == "NUM"
                          or tok.lemma_.lower() in self.lex.quantity_nouns | _MASS]  # fmt: skip
                for part in parts:
                    found.extend(self._domestic_home(part))
            out.extend(found)
        return out

    def parties(self, toks: list[Token]) -> Actors:
        """Actors named, or else the groups described ("rebels", "the government"), kept
        unresolved as written so an event is not lost for want of a catalog entry."""
        found = self.actors(toks)
        if found:
            return found
        for tok in _with_conj(toks):
            if tok.lemma_.lower() in self.lex.party_nouns:
                start = min([tok.i, *(c.i for c in tok.children if c.dep_ in {"amod", "compound"})])
                phrase = tok.doc[start : tok.i + 1]
                found.add(ActorRef(actor=None, text=phrase.text, start=phrase.start_char))
        return found

    def _domestic_home(self, tok: Token) -> Actors:
        """The state a domestic group is placed in: "rebels in the Ivory Coast", "students
        throughout Indonesia", "the government of Sudan". Only groups that belong where
        they are (``domestic_nouns``): "troops in Syria" may be anyone's."""
        words = {tok.lemma_.lower()} | {
            c.lemma_.lower() for c in tok.children if c.dep_ in {"compound", "amod"}
        }
        if not words & self.lex.domestic_nouns:
            return Actors()
        out = Actors()
        for pobj in _pobjs(tok, ("in", "of", "from", "throughout", "across", "inside", "within")):
            for ref in actors_of(pobj, self.index, self.relational).refs:
                if ref.actor and not ref.is_person and ref.state in (None, ref.actor):
                    out.add(ref)
        return out

    def leader_in(self, toks: list[Token], regime_ok: bool) -> ActorRef | None:
        """The first leader named (see :meth:`leaders_in`)."""
        found = self.leaders_in(toks, regime_ok)
        return found[0] if found else None

    def leaders_in(self, toks: list[Token], regime_ok: bool) -> list[ActorRef]:
        """Leaders (people with a leader's title) or, if allowed, regimes named, in order
        ("Syria's Assad, Venezuela's Maduro and Iran's Khamenei")."""
        out: list[ActorRef] = []
        for tok in _with_conj(toks):
            for ref in actors_of(tok, self.index, self.relational).refs:
                if ref.is_person and self.is_leader(ref, tok) and ref not in out:
                    out.append(ref)
            if regime_ok and tok.lemma_.lower() in self.lex.regime_nouns:
                owners = self.actors(
                    [c for c in tok.children if c.dep_ in {"poss", "amod", "compound"}]
                )
                for ref in owners.refs:
                    if (ref.is_person or ref.actor) and ref not in out:
                        out.append(ref)
                        break
        return out

    def is_leader(self, ref: ActorRef, tok: Token) -> bool:
        titles = self.lex.leader_titles
        if ref.title and any(t in ref.title.lower() for t in titles):
            return True
        window = " ".join(t.lower_ for t in tok.doc[max(tok.i - 4, 0) : tok.i + 1])
        window += " " + " ".join(c.lower_ for c in tok.subtree)
        return any(t in window for t in titles) or (
            ref.person is not None and ref.actor is not None
        )

    # --- verbs --------------------------------------------------------------------------
    def verb_drafts(self, verb: Token) -> list[Draft]:
        """The events ``verb`` triggers: its first matching sense, and for a leader killed
        or captured both the ouster and the assault ("killed in strikes")."""
        intent = self._intent(verb) or self._obligation(verb) or self._obstruction(verb)
        if intent is not None:
            return [intent]
        entries = self.lex.verbs.get(verb.lemma_.lower())
        if not entries:
            return []
        ousted = [e for e in entries if e.type == "LEADER_OUSTED"]
        others = [e for e in entries if e.type != "LEADER_OUSTED"]
        out: list[Draft] = []
        for entry in ousted:
            draft = self._try_frame(verb, entry)
            if draft is not None and self._attempt_only(verb):
                # "attempted to assassinate X": an attack on the leader, not an ouster
                draft.type, draft.mode = "ASSAULT", "attempt"
                out.append(draft)
                break
            if draft is not None:
                out.append(draft)
                for other in draft.more_leaders:  # one ouster per leader named
                    copy = replace(draft, leader=other, target=Actors([other]), more_leaders=[])
                    out.append(copy)
                break
        for entry in others:
            draft = self._try_frame(verb, entry)
            if draft is not None:
                if not out or draft.type == "ASSAULT":
                    out.append(draft)
                break
        return out

    def _attempt_only(self, verb: Token) -> bool:
        attempts = self.lex.cue("modality", "attempt_verbs")
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in attempts

    def _intent(self, verb: Token) -> Draft | None:
        """ "offered to hand over", "agreed to allow", "promised to continue aid": a stated
        intention to cooperate is AGREE (PLOVER), its clause is the content."""
        lemma = verb.lemma_.lower()
        intents = self.lex.cue("intent", "agree_verbs")
        threats = self.lex.cue("intent", "threaten_verbs")
        if lemma not in intents | threats:
            return None
        contents = _infinitives(verb) or [
            g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
            for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"
        ]  # fmt: skip  # "is committed to opening up the economy": a gerund content
        if not contents:
            return None
        subj, _ = subject_of(verb)
        if subj is None:
            return None
        hostile = lemma in threats or any(self._is_harm(c) for c in contents)
        draft = Draft(type="THREATEN" if hostile else "AGREE", trigger=verb, frame="intent")
        draft.source = self.actors([subj])
        draft.target = self.actors(_pobjs(verb, ("to", "with")))
        if not draft.target:
            # "vowed to retaliate against Israel", "threatened to punish Iran": the party
            # the intended action is aimed at
            said = {(r.text, r.start) for r in draft.source.refs}
            for content in contents:
                for ref in self._clause_actors(content).refs:
                    # a party of the speaker's own state may be the target ("President X
                    # threatened to ban Ugandan opposition candidates": domestic)
                    if (ref.text, ref.start) not in said:
                        draft.target.add(ref)
        draft.arg_tokens = [subj]
        return draft if draft.source else None

    def _clause_actors(self, clause: Token) -> Actors:
        """Actors named in ``clause`` itself, not in clauses nested in it ("threatened to
        break relations with Russia unless the Kremlin withdrew": Russia, not the Kremlin)."""
        out = Actors()
        stack = [clause]
        while stack:
            tok = stack.pop()
            if tok is not clause and tok.dep_ in _CLAUSE_DEPS - {"xcomp"}:
                continue
            if tok.lower_ not in {"it", "its", "they", "them", "their"}:
                out.extend(actors_of(tok, self.index, self.relational) if self.index.at(tok)
                           else Actors())  # fmt: skip
            stack.extend(tok.children)
        return out

    def _object_fits(self, needs: str, verb: Token, objs: list[Token]) -> bool:
        """The object class a verb sense requires (``needs_object`` in verbs.yaml)."""
        lemmas = [o.lemma_.lower() for o in objs]
        if needs == "agreement":
            return True  # checked above, with the passive subject
        if needs == "clause":  # "ordered X to appear", "allowed X to run"
            return any(c.dep_ in {"xcomp", "ccomp"} for c in verb.children)
        if needs == "thoroughfare":  # "blocked the roads"
            return any(lemma in self.lex.thoroughfare_nouns for lemma in lemmas)
        wanted = {"request": {"REQUEST"}, "coercion": {"COERCE"},
                  "flow": {"AID", "SUPPORT", "COOPERATE"}}.get(needs, set())  # fmt: skip
        for lemma in lemmas:
            noun = self.lex.nouns.get(lemma) or self.lex.light_nouns.get(lemma)
            if noun is not None and noun.type in wanted:
                return True
        return False

    def _is_harm(self, content: Token) -> bool:
        """Whether an intended action harms its target ("to retaliate", "to fight")."""
        lemma = content.lemma_.lower()
        if lemma in self.lex.cues["intent"].get("hostile_content", ()):
            return True
        senses = self.lex.verbs.get(lemma, ())
        return bool(senses) and senses[0].type in {"ASSAULT", "COERCE", "SANCTION"}

    def _obstruction(self, verb: Token) -> Draft | None:
        """ "Russia and China tried to delay the U.N. sanctions (on Iran)": blocking a
        measure aimed at X backs X (SUPPORT, diplomatic)."""
        if verb.lemma_.lower() not in self.lex.cue("obstruction", "verbs"):
            return None
        kinds = self.lex.cue("obstruction", "noun_types")
        for obj in _with_conj(_children(verb, _OBJ_DEPS)):
            trig = self.lex.nouns.get(obj.lemma_.lower())
            if trig is None or trig.type not in kinds:
                continue
            subj, _ = subject_of(verb)
            if subj is None:
                return None
            draft = Draft(type="SUPPORT", trigger=verb, mode="diplomatic", frame="obstruction")
            draft.source = self.actors([subj])
            draft.target = self.actors(_pobjs(obj, trig.preps))
            if not draft.target:
                measure_by = self.actors(_children(obj, {"compound", "amod", "poss"}))
                draft.target = self.sole_other_state(draft.source, measure_by)
            draft.objects, draft.arg_tokens = [obj], [subj, obj]
            return draft if draft.source and draft.target else None
        return None

    def sole_other_state(self, *exclude: Actors) -> Actors:
        """The one state the sentence names besides ``exclude`` (none if several): the
        unnamed counterpart of a one-sided statement ("Rosatom signed a memorandum ...,
        as Iran aims to ...")."""
        banned = set().union(*(a.states for a in exclude))
        found: dict[str, ActorRef] = {}
        for m in self.index.in_span(self.sent):
            state = m.state or m.actor_id
            if m.kind in {"igo", "unresolved"} or state is None or state in banned:
                continue
            found.setdefault(state, ActorRef(actor=state, text=m.text, start=m.start))
        return Actors(list(found.values())) if len(found) == 1 else Actors()

    def _obligation(self, verb: Token) -> Draft | None:
        """ "Russia said Sudan must return the helicopter": a demand (REQUEST) from the
        speaker to the subject of the obligation."""
        if verb.lemma_.lower() not in self.lex.cue("modality", "report_verbs"):
            return None
        musts = self.lex.cue("intent", "obligation_modals")
        for clause in verb.children:
            if clause.dep_ != "ccomp" or not any(
                c.dep_ == "aux" and c.lower_ in musts for c in clause.children
            ):
                continue
            subj, _ = subject_of(verb)
            addressee = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj is None or not addressee:
                continue
            draft = Draft(type="REQUEST", trigger=verb, frame="obligation")
            draft.source, draft.target = self.actors([subj]), self.actors(addressee)
            draft.objects = [c for c in clause.children if c.dep_ in _OBJ_DEPS]
            draft.arg_tokens = [subj, *addressee]
            if draft.source and draft.target:
                return draft
        return None

    def _try_frame(self, verb: Token, entry: VerbTrigger) -> Draft | None:
        if entry.no_clause and any(c.dep_ == "ccomp" for c in verb.children):
            return None  # "warned that ...": reported speech, not a threat
        if entry.needs_pobj and not any(
            g.lower_ in entry.needs_pobj
            for c in verb.children if c.dep_ in {"prep", "prt", "advmod", "acomp", "oprd"}
            for g in [c, *c.children]
        ):  # fmt: skip
            return None
        if entry.particle and not any(
            c.lower_ in entry.particle and c.dep_ in {"prt", "advmod", "prep"}
            for c in verb.children
        ):
            return None
        subj, subj_is_patient = subject_of(verb)
        passive = _is_passive(verb) or subj_is_patient
        objs = _with_conj(_children(verb, _OBJ_DEPS))
        signers = self._misparsed_zero_relative(verb, subj, objs, passive)
        if signers is not None and subj is not None:
            # "the treaty Russia and Iran had signed" read as "the treaty, Russia and Iran,
            # had signed": the noun is what was signed, the apposition who signed it
            objs, subj = [subj], signers
        if not objs:
            objs = _up_to_count(verb)
        gerund = misparsed_gerund(verb) if not objs else None
        if gerund is not None:
            # "sharing targeting information with": the -ing word modifies the object
            objs = _with_conj(_children(gerund, _OBJ_DEPS))
        if verb.dep_ == "relcl":
            # "the pact that Russia had signed": the relative pronoun stands for the noun
            objs = [verb.head if o.lower_ in {"that", "which", "whom", "who"} else o for o in objs]
            has_patient = any(c.dep_ in {"nsubjpass", "dobj", "obj"} for c in verb.children)
            if not objs and not has_patient and verb.head.pos_ in {"NOUN", "PROPN"}:
                objs = [verb.head]  # zero relative: "the treaty Russia had signed"
        if entry.needs_object == "agreement" and not any(
            o.lemma_.lower() in self.lex.agreement_nouns
            for o in objs
            + ([subj] if subj is not None and (subj_is_patient or _is_passive(verb)) else [])
        ):
            return None
        if entry.needs_object is not None and not self._object_fits(entry.needs_object, verb, objs):
            return None
        if entry.type == "REJECT" and any(o.lemma_.lower() in self.lex.claim_nouns for o in objs):
            return None  # "rejected the idea that ...": a denial, not a refused request
        if entry.type == "REQUEST" and any(c.dep_ == "oprd" for c in verb.children):
            return None  # "calling it a violation" names something, it asks for nothing
        agent = [
            g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        draft = Draft(
            type=entry.type, trigger=verb, mode=entry.mode, negated=entry.negated, frame=entry.frame
        )
        draft.mutual = entry.frame == "mutual"
        subj_toks = [subj] if subj is not None else []
        if passive:
            draft.source = self.parties(agent) or self._instrument_source(verb)
            patient = subj_toks
        else:
            draft.source = (
                self.parties(subj_toks)
                or self._instrument_source(verb)
                or self._split_subject(verb)
            )
            patient = objs
        draft.arg_tokens = subj_toks + objs
        preps = self.parties(_pobjs(verb, entry.preps))
        if not preps:
            # PP attachment: "sharing information with X", "requesting aid from X"
            # (not an attack noun's "of": "condemned the invasion of Ukraine" targets the
            # invader, not Ukraine)
            preps = self.parties(
                [p for o in objs if o.lemma_.lower() not in self.index.event_nouns
                 for p in _pobjs(o, entry.preps)]
            )  # fmt: skip
        frame = entry.frame
        if frame == "patient":
            draft.target = self.parties(patient)
            # "praised Russia for its resolve": a reason phrase adds no party that is the
            # source itself (the pronoun means the one praised)
            # (the pronoun means the one praised); a person named there is a party of their
            # own even of the same state ("rebels dismissed an appeal from President X")
            draft.target.extend(
                Actors([r for r in preps.refs if r.is_person or r.actor not in draft.source.ids])
            )
            draft.objects = [o for o in objs if not self.parties([o])] or objs
            if not draft.target:
                # "demanded that the US cancel ...": the addressee is the clause's subject
                clause_subj = [
                    s for c in verb.children if c.dep_ == "ccomp"
                    for s in c.children if s.dep_ in {"nsubj", "nsubjpass"}
                ]  # fmt: skip
                draft.target = self.parties(clause_subj)
            if not draft.target and entry.type == "REQUEST":
                # "pleaded for Russian aid": the giver is named on what is requested
                wanted = _pobjs(verb, ("for",)) + draft.objects
                draft.target = self._demonym_target(wanted, exclude=draft.source)
            if (
                not draft.target and entry.preps
                and not any(o.lemma_.lower() in self.lex.nouns for o in objs)
            ):  # fmt: skip
                # "suspended part of a military aid program for Bosnia": the target's
                # preposition hangs deeper in the object phrase ("condemned the invasion
                # of Ukraine" names the victim of another event: not searched)
                draft.target = self.actors(_deep_pobjs(objs, entry.preps))
        elif frame == "theme":
            datives = [
                c
                for c in verb.children
                if c.dep_ in {"dative", "iobj"} and c.lower_ not in {"to", "for"}
            ]
            obj_actors = self.parties(objs) if not passive else self.parties(subj_toks)
            with_objs = _pobjs(verb, ("with",))
            if datives:
                draft.target = self.parties(datives)
            elif obj_actors and (with_objs or entry.object_is_target):
                draft.target = obj_actors
            draft.target.extend(preps if entry.preps != ("with",) or not obj_actors else Actors())
            themes = with_objs if obj_actors and with_objs else objs
            if entry.preps == ("with",) and not obj_actors:
                draft.target.extend(self.parties(with_objs))
                draft.target.extend(preps)
            draft.objects = [t for t in themes if not self.parties([t]) or t in with_objs]
            if not draft.target:
                draft.target = self._demonym_target(draft.objects, exclude=draft.source)
        elif frame in {"weapon", "beneficiary"}:
            # "launched drones against Ukrainian cities", "soldiers fought for Russia":
            # the object is the means; only the preposition names the target
            if any(o.lemma_.lower() in self.lex.nouns for o in objs):
                return None  # "launched an attack on": the light-verb reading
            draft.target = preps
            draft.objects = objs
            if not draft.target:
                return None
        elif frame == "converse":
            givers = preps
            draft.target = self.parties(subj_toks)
            draft.source = givers or self._demonym_target(objs, exclude=draft.target)
            draft.objects = objs
            obj_noun = objs[0].lemma_.lower() if objs else ""
            noun = self.lex.nouns.get(obj_noun) or self.lex.light_nouns.get(obj_noun)
            if noun is not None and noun.type in {"REQUEST", "THREATEN", "ACCUSE", "REJECT"}:
                return None  # "received demands from X" is X's speech act, not aid
            if noun is not None and noun.type in {"AID", "SUPPORT"}:
                draft.type = noun.type
            elif entry.type == "AID" and verb.lemma_.lower() in self.lex.cue(
                "trade", "purchase_verbs"
            ):
                # a purchase is trade the buyer initiates: buyer -> seller, as for
                # "filed orders for Russian jets" (analyses reverse it into a flow)
                draft.type, draft.mode = "COOPERATE", "trade"
                draft.source, draft.target = draft.target, draft.source
        elif frame == "mutual":
            draft.target = preps
            if not draft.target and objs:
                obj_actors = self.parties(objs)
                if obj_actors:
                    draft.target = obj_actors
            draft.objects = [o for o in objs if not self.parties([o])]
            if not draft.target:
                draft.target = self._agreement_partner(objs) or self._demonym_target(
                    draft.objects, exclude=draft.source
                )
            if not draft.target and len(draft.source.states | set(draft.source.unresolved)) > 1:
                draft.target = draft.source
            if not draft.target and entry.needs_object == "agreement":
                # an agreement has a counterparty: the one other state the sentence names
                draft.target = self.sole_other_state(draft.source)
                draft.confidence = 0.4
        else:  # intrans
            draft.target = preps if entry.type != "LEADER_OUSTED" else Actors()
            if entry.negated:
                # "stood by during Iran's war / U.S. attacks on X": whose crisis it was,
                # not who attacked (the attacker is the noun's modifier, left out)
                during = _pobjs(verb, entry.preps)
                draft.target = self.parties(
                    [c for p in during for c in p.children if c.dep_ == "poss"]
                )
            draft.objects = objs
            if entry.type == "MOBILIZE" and objs and mode_from_object(objs, self.lex) != "military":
                return None  # "reinforcing the relationship" is no troop movement
        if entry.type == "LEADER_OUSTED" or entry.leader_only or entry.leader_or_regime:
            return self._ousted(draft, entry, patient if frame != "intrans" else subj_toks, passive)
        verbal = self._support_is_verbal(draft.objects)
        if mode_from_object(draft.objects, self.lex) == "verbal":
            verbal = "verbal"  # "offered only words", "sent condolences"
        if draft.type == "AID" and verbal:
            draft.type, draft.mode = "SUPPORT", verbal
        if draft.type == "AID" and mode_from_object(draft.objects, self.lex) == "asylum":
            draft.type, draft.mode = "SUPPORT", "asylum"  # granting exile: political backing
        if not draft.mutual and draft.source:
            # "reneged on its commitment": the possessive names the source again, not a target
            said = {(r.text, r.start) for r in draft.source.refs}
            draft.target = Actors([r for r in draft.target.refs if (r.text, r.start) not in said])
        if not (draft.source or draft.target):
            return None
        return draft

    def _misparsed_zero_relative(
        self, verb: Token, subj: Token | None, objs: list[Token], passive: bool
    ) -> Token | None:
        if (
            subj is None
            or passive
            or objs
            or subj.lemma_.lower() not in self.lex.agreement_nouns
            or subj.head.i != verb.i
        ):
            return None
        appos = [c for c in subj.children if c.dep_ == "appos"]
        return appos[0] if appos and self.actors(appos) else None

    def _split_subject(self, verb: Token) -> Actors:
        """A subject the parser split off as nouns conjoined to the previous verb: "Two of
        the most sanctioned states, Russia and Iran, have worked together" parsed as
        "sanctioned" + conj "states", conj "worked". A noun is never a verb's conjunct, so
        those nouns are the subject of the verb that follows them."""
        if verb.dep_ != "conj":
            return Actors()
        nouns = [
            c for c in verb.head.children
            if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"} and c.i < verb.i
        ]  # fmt: skip
        return self.actors(nouns)

    def _ousted(
        self, draft: Draft, entry: VerbTrigger, patient: list[Token], passive: bool
    ) -> Draft | None:
        leaders = self.leaders_in(patient, entry.leader_or_regime)
        if not leaders:
            return None
        leader = leaders[0]
        draft.more_leaders = leaders[1:]
        draft.type = "LEADER_OUSTED"
        draft.leader = leader
        draft.target = Actors([leader])
        draft.source = (
            draft.source if entry.frame != "intrans" else self._cause_source(draft.trigger)
        )
        if draft.source and any(r.actor in draft.target.ids for r in draft.source.refs):
            draft.source = Actors()
        return draft

    def _cause_source(self, verb: Token) -> Actors:
        """ "fell ... due to US intervention", "at the hands of X", "in X strikes"."""
        out = Actors()
        for tok in verb.subtree:
            if tok.lower_ in {"due", "owing", "thanks", "because"} or (
                tok.lower_ == "hands" and tok.head.lower_ == "at"
            ):
                for sub in tok.subtree:
                    if sub.dep_ == "pobj":
                        out.extend(self.actors([sub]))
        out.extend(self._instrument_source(verb))
        return out

    def _instrument_source(self, verb: Token) -> Actors:
        """The attacker named on an instrument noun: "killed in joint U.S.–Israeli strikes"."""
        out = Actors()
        for pobj in _pobjs(verb, ("in", "by", "during", "with")):
            noun = self.lex.nouns.get(pobj.lemma_.lower())
            if noun is not None and noun.instrument:
                mods = [c for c in pobj.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
                if noun.mutual:  # "decimated in the war with Israel": the other side
                    mods += _pobjs(pobj, ("with", "against"))
                out.extend(self.actors(mods))
        return out

    def _agreement_partner(self, objs: list[Token]) -> Actors:
        out = Actors()
        for o in objs:
            if o.lemma_.lower() in self.lex.agreement_nouns:
                out.extend(self.actors(_pobjs(o, ("with", "between"))))
        return out

    def _demonym_target(self, objs: list[Token], exclude: Actors) -> Actors:
        """ "orders for Russian jets", "a deal to purchase 500 Russian launchers": the
        nationality on the goods names the other party."""
        out = Actors()
        for o in objs:
            for tok in o.subtree:
                if tok.dep_ in {"amod", "compound", "nmod"} and tok.head.pos_ in {"NOUN", "PROPN"}:
                    for ref in self.actors([tok]).refs:
                        if ref.actor not in exclude.ids:
                            out.add(ref)
        return out

    def is_diplomatic(self, noun: Token) -> bool:
        """ "diplomatic ties": the noun's modifier names a diplomatic mode."""
        return self._support_is_verbal([noun]) is not None

    def _support_is_verbal(self, objs: list[Token]) -> str | None:
        """ "only rhetorical support", "diplomatic backing": the adjective makes aid a
        statement of support; returns its mode (verbal or diplomatic)."""
        for o in objs:
            for c in o.children:
                mode = self.lex.object_modes.get(c.lemma_.lower())
                if c.dep_ == "amod" and mode in {"verbal", "diplomatic"}:
                    return mode
        return None

    # --- nouns --------------------------------------------------------------------------
    def noun_draft(self, noun: Token, trig: NounTrigger, governor: Token | None) -> Draft | None:
        override = self.lex.compound_types.get(noun.lemma_.lower(), {})
        for c in noun.children:
            if c.dep_ in {"compound", "amod"} and c.lower_ in override:
                trig = replace(trig, type=override[c.lower_], instrument=False)  # "hunger strike"
        draft = Draft(type=trig.type, trigger=noun, mode=trig.mode, nominal=True, confidence=0.5)
        draft.mutual = trig.mutual
        mods = [c for c in noun.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
        # "aid from Russia" names the giver, but "withdrawal from Syria" the place left
        by = _pobjs(noun, tuple(p for p in ("by", "from") if p not in trig.preps))
        draft.source = self.actors(by) or self.actors(mods)
        draft.target = self.actors(_pobjs(noun, trig.preps))
        if not draft.target and not trig.mutual and trig.preps:
            # "a suspension of air links with Serbia"
            draft.target = self.actors(_deep_pobjs(_pobjs(noun, trig.preps), trig.preps))
        if not draft.target and trig.type == "ACCUSE":
            # "an investigation into crimes committed by Croat forces": the agent accused
            draft.target = self.actors(
                [a for p in _pobjs(noun, trig.preps) for v in p.children if v.dep_ == "acl"
                 for a in _pobjs(v, ("by",))]
                + [a for p in _pobjs(noun, trig.preps) for a in _pobjs(p, ("by",))]
            )  # fmt: skip
        if not draft.target and trig.type == "REQUEST":
            # "its demand that Israel ease restrictions": the addressee is the clause subject
            draft.target = self.actors(
                [g for c in noun.children if c.dep_ in {"acl", "ccomp", "relcl"}
                 and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
                 for g in c.children if g.dep_ in {"nsubj", "nsubjpass"}]
            )  # fmt: skip
        draft.objects = [noun]
        draft.arg_tokens = [noun]
        if governor is not None:
            subj, _ = subject_of(governor)
            if not draft.source and subj is not None:
                draft.source = self.parties([subj])
            draft.arg_tokens.append(governor)
        if trig.leader_or_regime:
            leader = self.leader_in(
                _pobjs(noun, ("of",)) + [m for m in mods if m.dep_ == "poss"], True
            )
            if leader is None:
                return None
            draft.leader = leader
            draft.target = Actors([leader])
            draft.source = self.actors(by)
            return draft
        if trig.demonym_target and not draft.target:
            draft.target = self._demonym_target(
                [*_pobjs(noun, trig.preps), noun], exclude=draft.source
            )
        if trig.mutual and governor is not None and draft.source and draft.target:
            # "Kazakhstan is deepening partnerships with Turkey": the light verb's subject
            # acts toward the partners named
            trig = replace(trig, mutual=False)
            draft.mutual = False
        if trig.mutual:
            both = Actors()
            both.extend(draft.source)
            both.extend(draft.target)
            both.extend(self.actors(_pobjs(noun, ("between",))))
            if len(both.refs) < 2 and not (draft.source and draft.target) and not both:
                return None
            draft.source, draft.target = both, both
        verbal = self._support_is_verbal([noun])
        if draft.type == "AID" and verbal:
            draft.type, draft.mode = "SUPPORT", verbal
        if not draft.source and not draft.target:
            return None
        if draft.source.ids and set(draft.source.ids) == set(draft.target.ids) and not trig.mutual:
            draft.target = Actors()
        return draft
