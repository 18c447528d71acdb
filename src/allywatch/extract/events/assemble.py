"""From sentences to events: run the coder on every sentence, apply polarity and modality,
attach details, dates and evidence, and deduplicate within the document."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from allywatch.extract.events.arguments import ActorRef, Actors, MentionIndex, subject_of
from allywatch.extract.events.coder import Draft, SentenceCoder, misparsed_gerund
from allywatch.extract.events.context import (
    PlaceIndex,
    condition_target,
    in_context,
    place_fallback,
)
from allywatch.extract.events.details import amounts_in, date_for, detail_of, mode_from_object
from allywatch.extract.events.lexicon import Lexicon, load_lexicon
from allywatch.extract.events.polarity import is_negated, modality_of
from allywatch.nlp import doc_text
from allywatch.types import DateValue, Document, Event, Evidence, Mention, Modality

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog

__all__ = ["extract_events"]

log = logging.getLogger(__name__)

#: Types whose embedded clause is their content, not a second event ("agreed to buy").
_CONTENT_TYPES = frozenset({"AGREE", "REQUEST", "THREATEN", "REJECT"})
#: PLOVER types whose target is optional: protests, mobilisation, retreats, concessions.
_ONE_PARTY_TYPES = frozenset({"PROTEST", "MOBILIZE", "RETREAT", "CONCEDE"})
#: Speech acts whose addressee often goes unnamed or unresolved; the act itself is stated.
_SPEECH_ACT_TYPES = frozenset({"REQUEST", "REJECT", "THREATEN", "AGREE"})
#: Alliance types: an event with one party missing says nothing about who backs whom.
_TWO_PARTY_TYPES = frozenset({"AID", "SUPPORT", "COOPERATE", "ACCUSE"})
_HARM_TYPES = frozenset({"ASSAULT", "COERCE"})
_EMBED_DEPS = frozenset({"xcomp", "advcl", "ccomp", "acl", "relcl", "pcomp", "prep"})


def extract_events(
    sdoc: Doc,
    document: Document,
    mentions: list[Mention],
    dates: list[DateValue],
    catalog: Catalog | None = None,
) -> list[Event]:
    """Events stated in ``sdoc`` (the parse of ``document.text``), one per fact.

    Sentences inside ``document.repeated`` are skipped so a repeated lead counts once;
    the same event stated twice in the document is returned once (by ``Event.key``).
    """
    if doc_text(sdoc) != document.text:
        log.warning("document %s: parse text differs from document text", document.id)
    lex = load_lexicon()
    resolved, places = in_context(sdoc, _with_states(mentions, catalog), catalog)
    index = MentionIndex(
        resolved,
        leader_nouns=lex.cue("anaphora", "leader_nouns"),
        title_nouns=lex.cue("anaphora", "title_nouns"),
        event_nouns=frozenset(
            lemma for lemma, trig in lex.nouns.items() if trig.type in {"ASSAULT", "COERCE"}
        ),
        place_nouns=lex.cue("anaphora", "place_nouns"),
    )
    events: list[Event] = []
    # attacks ("the strikes") and flows of aid ("in return") of the last sentences
    recent: list[tuple[int, Draft]] = []
    for n, sent in enumerate(sdoc.sents):
        if _repeated(sent, document):
            continue
        recent = [(m, d) for m, d in recent if n - m <= _ANAPHORA_SENTENCES]
        drafts = _drafts(sent, index, lex, dates, [d for _, d in recent], places)
        for draft in drafts:
            events.append(_to_event(draft, sent, document, dates, lex))
        recent.extend((n, d) for d in drafts if _is_attack(d) or _is_flow(d, lex))
    return _dedup(events)


#: How many sentences back a definite event noun ("the strikes") looks for its antecedent.
_ANAPHORA_SENTENCES = 3


def _is_attack(d: Draft) -> bool:
    return d.type == "ASSAULT" and not d.negated and bool(d.source.ids)


def _is_flow(d: Draft, lex: Lexicon) -> bool:
    return (
        d.type == "AID"
        and bool(d.source.states and d.target.states)
        and not (d.negated or is_negated(d.trigger, d.arg_tokens, lex))
    )


def _with_states(mentions: list[Mention], catalog: Catalog | None) -> list[Mention]:
    """Give organisations their country from the catalog when the mention lacks it
    ("Rosatom" counts as Russia), so two names of one state are not two parties."""
    if catalog is None:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        if m.state is None and m.actor_id:
            actor = catalog.get(m.actor_id)
            if actor is not None and actor.country:
                m = replace(m, state=actor.country)
        out.append(m)
    return out


def _repeated(sent: SpacySpan, document: Document) -> bool:
    for span in document.repeated:
        overlap = min(span.end, sent.end_char) - max(span.start, sent.start_char)
        if overlap > 0.5 * (sent.end_char - sent.start_char):
            return True
    return False


def _dated(noun: Token, dates: list[DateValue]) -> bool:
    """A bare nominal event counts only when dated ("U.S. attacks ... in June 2025");
    undated ones ("Russia's invasion", "the war") are background references."""
    return date_for(dates, noun, _clause_tokens(noun)) is not None


def _travelled_for(noun: Token, lex: Lexicon) -> Token | None:
    """ "negotiators return to Geneva for talks": the travellers hold the talks."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for":
        return None
    return prep.head if prep.head.lemma_.lower() in lex.motion_verbs else None


def _ongoing(noun: Token, lex: Lexicon) -> bool:
    """ "Palestinian riots against Israeli policies are still continuing": an event noun
    that is the subject of an aspectual verb in the present is asserted as going on."""
    head = noun.head
    return (
        noun.dep_ == "nsubj"
        and head.lemma_.lower() in lex.ongoing_verbs
        and head.tag_ in {"VBG", "VBZ", "VBP"}
    )


def _drafts(
    sent: SpacySpan,
    index: MentionIndex,
    lex: Lexicon,
    dates: list[DateValue],
    recent: list[Draft] | None = None,
    places: PlaceIndex | None = None,
) -> list[Draft]:
    coder = SentenceCoder(sent, index, lex)
    toks = list(sent)  # one pass of Token objects, shared by every construction below
    verb_drafts: dict[int, Draft] = {}
    drafts: list[Draft] = []
    for tok in toks:
        if tok.pos_ in {"VERB", "AUX"}:
            found = coder.verb_drafts(tok)
            if not found and tok.lemma_.lower() in lex.light_verbs:
                light = _light_draft(coder, tok, lex)
                found = [light] if light is not None else []
            if found:
                verb_drafts[tok.i] = found[0]
                drafts.extend(found)
    # a gerund read as a modifier of another trigger's object is no event of its own
    modifiers = {g.i for d in drafts if (g := misparsed_gerund(d.trigger)) is not None}
    drafts = [d for d in drafts if d.trigger.i not in modifiers]
    verb_drafts = {i: d for i, d in verb_drafts.items() if i not in modifiers}
    absorbed = {o.i for d in drafts for o in d.objects}
    for tok in toks:
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.i in absorbed:
            continue
        trig = lex.nouns.get(tok.lemma_.lower())
        if trig is None or _noun_blocked(tok, verb_drafts):
            continue
        governor = (
            tok.head
            if tok.head.lemma_.lower() in lex.light_verbs and tok.dep_ in {"dobj", "attr"}
            else None
        )
        if governor is None and trig.type == "CONSULT":
            governor = _travelled_for(tok, lex)
        draft = coder.noun_draft(tok, trig, governor)
        if draft is not None and (
            governor is not None
            or _dated(tok, dates)
            or (draft.type in lex.ongoing_types and _ongoing(tok, lex))
        ):
            drafts.append(draft)
    for d in drafts:
        if d.type == "PROTEST" and not d.target.ids:
            d.target = _protest_target(coder, d)
        if _ultimatum(d.trigger, lex) and d.type != "THREATEN":
            # "will withdraw its force from Chad unless ...": an ultimatum (PLOVER/CAMEO 13)
            d.type, d.mode, d.modality = "THREATEN", d.type.lower(), "asserted"
    # "the late Khamenei" presupposes the fall; like a bare nominal event it is background
    # unless the sentence dates it
    drafts.extend(f for f in _fate_adjectives(coder, toks, lex) if _dated(f.trigger, dates))
    drafts.extend(_absent_nominals(coder, toks, lex, {d.trigger.i for d in drafts}))
    _giver_from_request(drafts)
    _recourse(coder, drafts, lex)
    _event_anaphora(drafts, [d for d in recent or [] if _is_attack(d)], lex)
    _in_return(drafts, [d for d in recent or [] if d.type == "AID"], toks, lex)
    drafts = _absorb_content(drafts)
    drafts.extend(_onlookers(coder, toks, drafts, lex))
    for d in drafts:
        condition_target(d, index, coder.relational)
        place_fallback(d, index, coder.relational, places or PlaceIndex(), lex.domestic_nouns)
    return _one_per_state_pair([d for d in drafts if _complete(d)], lex)


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def _one_per_state_pair(drafts: list[Draft], lex: Lexicon) -> list[Draft]:
    """One event per type, polarity and pair of states in a sentence: "Israel launched
    strikes on Iran, killing commanders of the Revolutionary Guards" is one attack on Iran
    (the Guards count as Iran); the trigger highest in the parse states it."""
    best: dict[tuple[object, ...], Draft] = {}
    for d in drafts:
        leader = d.leader.person or d.leader.text if d.leader else None
        # unresolved parties are kept apart (by trigger)
        apart = -1 if d.source.states and d.target.states else d.trigger.i
        key: tuple[object, ...] = (
            d.type, d.negated or is_negated(d.trigger, d.arg_tokens, lex),
            frozenset(d.source.states), frozenset(d.target.states), leader,
            apart,
        )  # fmt: skip
        if key not in best or _depth(d.trigger) < _depth(best[key].trigger):
            best[key] = d
    return [d for d in drafts if any(b is d for b in best.values())]


_PLACE_PREPS = ("in", "at", "outside", "across", "throughout", "inside", "near")


def _protest_target(coder: SentenceCoder, d: Draft) -> Actors:
    """Whom a protest with no named target is against: the authorities where it happens
    ("rioted at a jail in northern Israel", "outside Russia's embassy"), else the
    protesters' own state ("Algerians blocked roads"), as PLOVER/CAMEO code domestic
    protest."""
    heads = [d.trigger, *([d.trigger.head] if d.nominal else [])]
    places = [p for h in heads for p in _prep_objects(h, _PLACE_PREPS)]
    places += [q for p in places for q in _prep_objects(p, _PLACE_PREPS)]  # "a jail in Israel"
    found = coder.actors(places)
    if found.ids:
        return found
    return Actors([r for r in d.source.refs if r.actor and not r.is_person])


def _ultimatum(trigger: Token, lex: Lexicon) -> bool:
    """A future action ("will", "would") on a condition introduced by "unless"."""
    future = lex.cue("modality", "future_modals") | {"would"}
    if not any(c.dep_ == "aux" and c.lower_ in future for c in trigger.children):
        return False
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        for c in trigger.children
    )


def _complete(d: Draft) -> bool:
    """An event needs both parties (resolved or as written), except a leader's fall, whose
    cause is often unstated; a mutual event needs two distinct parties."""
    if d.type == "LEADER_OUSTED":
        return d.leader is not None
    if d.mutual:
        if (
            d.type in _SPEECH_ACT_TYPES and d.source.ids and not d.target and not d.nominal
            and not any(c.dep_ == "prep" and c.lower_ in {"with", "between"}
                        for t in (d.trigger, *d.objects) for c in t.children)
        ):  # fmt: skip
            return True  # "the Security Council agreed to an extension" (no partner phrase)
        return len(d.source.states | set(d.source.unresolved)) >= 2 or bool(
            d.source and d.target and d.source.refs != d.target.refs
        )
    if d.frame in {"intrans", "intent"} and d.source:
        return True  # "Ugandan rebels surrendered": no target to find
    if d.type in _ONE_PARTY_TYPES and d.source.ids:
        return True  # "Algerian landowners began a hunger strike"
    if d.type in _SPEECH_ACT_TYPES and d.source.ids and not d.target and not d.nominal:
        return True  # "Berlin rejected the calls", "Greece demanded a recount"
    if not d.source or not d.target:
        if d.nominal or d.type in _TWO_PARTY_TYPES:
            return False
        # "Rebels in Syria demanded ...": the actor stated; "three Iraqis were killed in a
        # bombing": harm done to a known side by an unnamed hand
        return bool(d.source.ids) or (d.type in _HARM_TYPES and bool(d.target.ids))
    # the same words read as both parties ("the Ukrainian war") is no event
    return {(r.text, r.start) for r in d.source.refs} != {(r.text, r.start) for r in d.target.refs}


def _noun_blocked(noun: Token, verb_drafts: dict[int, Draft]) -> bool:
    """A noun that is an argument of an event verb is that verb's detail ("signed a deal",
    "killed in strikes", "delay the sanctions"), not an event of its own."""
    head = noun.head
    if noun.dep_ in {"dobj", "nsubjpass", "attr"} and head.i in verb_drafts:
        return True
    return bool(
        noun.dep_ == "pobj" and head.head.i in verb_drafts and head.lower_ in {"in", "by", "with"}
    )


def _light_draft(coder: SentenceCoder, verb: Token, lex: Lexicon) -> Draft | None:
    objs = [c for c in verb.children if c.dep_ in {"dobj", "attr"}]
    # "responded with new sanctions": the event noun in a "with" phrase
    objs += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
             for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    objs = [_through_quantity(o, lex) for o in objs]
    for obj in objs:
        trig = lex.light_nouns.get(obj.lemma_.lower()) or lex.nouns.get(obj.lemma_.lower())
        if trig is None and obj.lemma_.lower() in lex.generic_heads:
            # "launched a mediation effort between X and Y": the compound is the event
            named = [c.lemma_.lower() for c in obj.children if c.dep_ == "compound"]
            trig = next((lex.nouns[n] for n in named if n in lex.nouns), None)
        if trig is None:
            continue
        draft = coder.noun_draft(obj, trig, verb)
        if draft is None:
            subj, _ = subject_of(verb)
            source = coder.parties([subj]) if subj is not None else Actors()
            datives = [c for c in verb.children if c.dep_ in {"dative", "iobj"}]
            target = coder.actors(datives)
            if not (source or target):
                continue
            draft = Draft(type=trig.type, trigger=obj, mode=trig.mode, nominal=True)
            draft.source, draft.target, draft.objects = source, target, [obj]
        datives = [c for c in verb.children if c.dep_ in {"dative", "iobj"}]
        if datives and not draft.target:
            draft.target = coder.actors(datives)
        if not draft.target:
            # "imposed sanctions on Russia": the PP hangs on the light verb
            draft.target = coder.actors(_prep_objects(verb, trig.preps))
        if draft.type == "COOPERATE" and coder.is_diplomatic(obj):
            # "established diplomatic ties with Iran": recognition (CAMEO 054 -> SUPPORT)
            draft.type, draft.mode = "SUPPORT", "diplomatic"
        if verb.lemma_.lower() in lex.request_light_verbs and draft.type in {"AID", "SUPPORT"}:
            # "sought refuge in Germany": asking for it, of the party named
            subj, _ = subject_of(verb)
            draft.type, draft.mode = "REQUEST", None
            draft.source = coder.actors([subj]) if subj is not None else Actors()
            draft.target = coder.actors(
                _prep_objects(verb, ("from", "in")) + _prep_objects(obj, ("from", "in"))
            )
        draft.arg_tokens = [verb, obj]
        draft.objects = [obj]
        draft.nominal = False
        draft.confidence = 0.6
        draft.absorbed.add(obj.i)
        return draft
    return None


def _through_quantity(noun: Token, lex: Lexicon) -> Token:
    """ "a wave of air strikes", "a series of attacks": the event is the "of" noun."""
    if noun.lemma_.lower() in lex.quantity_nouns:
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
    return noun


def _prep_objects(head: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of ``head``'s prepositions among ``preps`` (a verb's or a noun's)."""
    return [
        g for c in head.children if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip


def _fate_adjectives(coder: SentenceCoder, toks: list[Token], lex: Lexicon) -> list[Draft]:
    """ "the late Khamenei", "the deposed president": the leader's fate is stated."""
    out: list[Draft] = []
    for tok in toks:
        low = tok.lower_
        fate = lex.ousted_adjectives.get(low)
        if fate is None or tok.dep_ not in {"amod", "compound", "advmod", "acomp"}:
            continue
        leader = coder.leader_in([tok.head], regime_ok=False)
        if leader is None:
            continue
        draft = Draft(type="LEADER_OUSTED", trigger=tok, mode=fate, nominal=True, confidence=0.5)
        draft.target, draft.leader = Actors([leader]), leader
        out.append(draft)
    return out


def _clause_subject(tok: Token, lex: Lexicon) -> Token | None:
    """The subject of the clause an adjunct phrase modifies; past a reporting verb
    ("Absent any shipments, an analyst said, Russia is ...") the reported clause's."""
    node = tok
    while node.head.i != node.i and not (node.pos_ in {"VERB", "AUX"} and node is not tok):
        node = node.head
    if node.lemma_.lower() in lex.cue("modality", "report_verbs"):
        for c in node.children:
            if c.dep_ == "ccomp":
                node = c
                break
    subj = [c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != tok.i]
    return subj[0] if subj else None


def _absent_nominals(
    coder: SentenceCoder, toks: list[Token], lex: Lexicon, taken: set[int]
) -> list[Draft]:
    """ "Absent any troop or arms shipments to Tehran, Russia ...", "Without help from
    Moscow, the army collapsed": an event noun under a negative preposition states that
    the event did not happen (dated or not). A party the noun does not name is the
    subject of the clause the phrase modifies: the giver when the noun names the
    recipient, else the recipient."""
    out: list[Draft] = []
    for tok in toks:
        if tok.lower_ not in lex.cue("negation", "neg_preps"):
            continue
        heads = [c for c in tok.children if c.dep_ in {"pobj", "dobj", "obj"}]
        for head in heads:
            for noun in [head, *head.conjuncts]:
                trig = lex.nouns.get(noun.lemma_.lower())
                if trig is None or trig.mutual or noun.i in taken:
                    continue
                draft = Draft(type=trig.type, trigger=noun, mode=trig.mode, nominal=True,
                              negated=True, confidence=0.5)  # fmt: skip
                mods = [c for c in noun.children if c.dep_ in {"amod", "compound", "poss"}]
                draft.source = coder.actors(_prep_objects(noun, ("by", "from")) + mods)
                draft.target = coder.actors(
                    _prep_objects(noun, trig.preps) or _prep_objects(tok, trig.preps)
                )
                subj = _clause_subject(tok, lex)
                if subj is not None:
                    missing = "target" if draft.source and not draft.target else "source"
                    if not (draft.source and draft.target):
                        setattr(draft, missing, coder.actors([subj]))
                draft.objects = [head]
                draft.arg_tokens = [noun]
                if draft.source and draft.target:
                    out.append(draft)
                    break
    return out


_SUPPORT_TYPES = frozenset({"AID", "SUPPORT"})
_RESPONSE_TYPES = frozenset({"ACCUSE", "PROTEST", "REJECT", "SANCTION", "THREATEN"})


def _event_anaphora(drafts: list[Draft], recent: list[Draft], lex: Lexicon) -> None:
    """ "Israel and the U.S. struck Iran. Moscow condemned the attacks but sent no jets":
    a definite attack noun with no parties of its own ("the attacks", "the strikes") refers
    to the attacks of this and the last few sentences; condemning it targets their
    attackers, and support given or withheld in the same sentence without a recipient
    goes to their victims. Likewise, aid or a retreat without a recipient concerns the
    recipient of the same source's other aid in the sentence ("had backed Assad, but this
    time sent no reinforcements"), else of a coordinated clause's aid ("Tehran would not
    fight for Damascus, and Hezbollah sent no fighters")."""
    here = [d for d in drafts if _is_attack(d) and d.target.ids]
    victims = Actors()
    for d in drafts:
        if d.type not in _RESPONSE_TYPES or d.target:
            continue
        nouns = [o for o in d.objects if _definite_attack(o, lex)]
        if not nouns:
            continue
        antecedents = [a for a in recent + here if a.trigger.i < nouns[0].i]
        for a in antecedents:
            d.target.extend(Actors([r for r in a.source.refs if r.actor not in d.source.ids]))
            victims.extend(a.target)
    for a in here:
        victims.extend(a.target)
    support = [d for d in drafts if d.type in _SUPPORT_TYPES and d.target]
    for d in drafts:
        if d.type not in _SUPPORT_TYPES | {"RETREAT"} or d.target or not d.source:
            continue
        givers = set(d.source.ids)
        same, others = Actors(), Actors()
        for e in support:
            (same if givers & set(e.source.ids) else others).extend(e.target)
        # another giver's recipient only for withheld aid in parallel ("Tehran would not
        # fight for Damascus, and Hezbollah sent no fighters"); "the U.S. sent aid to Kyiv
        # while Russia sent weapons" says nothing of where Russia's weapons went
        withheld = d.negated or is_negated(d.trigger, d.arg_tokens, lex)
        pool = same or victims or (others if withheld else Actors())
        d.target = Actors([r for r in pool.refs if r.actor and r.actor not in givers])


def _definite_attack(tok: Token, lex: Lexicon) -> bool:
    trig = lex.nouns.get(tok.lemma_.lower())
    return (
        trig is not None
        and trig.type == "ASSAULT"
        and any(c.dep_ == "det" and c.lower_ in {"the", "these", "those", "this"}
                for c in tok.children)
        and not any(c.dep_ in {"poss", "compound", "amod", "prep"} for c in tok.children
                    if c.lower_ not in {"recent", "latest"})
    )  # fmt: skip


def _recourse(coder: SentenceCoder, drafts: list[Draft], lex: Lexicon) -> None:
    """ "Syria turned to Russia to supply weapons": the one turned to does what the purpose
    clause says (AID Russia -> Syria); a joint act ("Armenia and Azerbaijan turned to
    American partners to mediate their dispute") runs from those who turned to it."""
    verbs, preps = lex.cue("recourse", "verbs"), lex.cue("recourse", "preps")
    for d in drafts:
        clause = d.trigger
        head = clause.head
        if (
            clause.dep_ not in {"advcl", "xcomp"}
            or head.lemma_.lower() not in verbs
            or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        ):
            continue
        helper = coder.actors(_prep_objects(head, tuple(preps)))
        subj, _ = subject_of(head)
        seekers = coder.actors([subj]) if subj is not None else Actors()
        if helper and seekers and d.mutual:
            # a joint act (mediation, talks): those who turned to the helper initiated it
            d.source, d.target, d.mutual = seekers, helper, False
        elif helper and seekers:
            # the helper does what the clause says, for those who turned to it
            d.source, d.target = helper, seekers


def _in_return(drafts: list[Draft], flows: list[Draft], toks: list[Token], lex: Lexicon) -> None:
    """ "North Korea sent troops to Russia. In return, Pyongyang has received oil": what
    is received "in return" comes from the one the receiver gave to, in the last few
    sentences."""
    if not any(
        t.lower_ in lex.cue("reciprocity", "nouns") and t.head.lower_ in {"in", "as"} for t in toks
    ):
        return
    for d in drafts:
        if d.frame != "converse" or d.source or not d.target.states:
            continue
        for flow in reversed(flows):
            if flow.source.states & d.target.states:
                d.source = Actors([r for r in flow.target.refs if r.actor not in d.target.ids])
                break


def _giver_from_request(drafts: list[Draft]) -> None:
    """ "X pleaded for Russian aid but received only rhetorical support": what X received
    without a "from" phrase came from the party X asked in the same sentence."""
    requests = [d for d in drafts if d.type == "REQUEST" and d.target and d.source]
    for d in drafts:
        if d.frame != "converse" or d.source or not d.target:
            continue
        for r in requests:
            if r.source.states & d.target.states:
                d.source = Actors([x for x in r.target.refs if x.actor not in d.target.ids])
                break


def _absorb_content(drafts: list[Draft]) -> list[Draft]:
    """ "signed a deal to purchase 500 launchers": the purchase is the deal's content.
    Its objects and its counterpart become the head event's detail and target."""
    by_trigger = {d.trigger.i: d for d in drafts}
    keep: list[Draft] = []
    for d in drafts:
        host = _content_host(d, by_trigger)
        if host is None:
            keep.append(d)
            continue
        host.objects.extend(o for o in d.objects if o not in host.objects)
        if not host.target:
            counterpart = Actors(
                [r for r in (d.target.refs + d.source.refs) if r.actor not in host.source.ids]
            )
            host.target = counterpart
    return keep


def _content_host(d: Draft, by_trigger: dict[int, Draft]) -> Draft | None:
    node = d.trigger
    for _ in range(3):
        if node.dep_ not in _EMBED_DEPS or node.head.i == node.i:
            return None
        head = node.head
        host = by_trigger.get(head.i)
        if host is None:
            # "signed a deal to purchase": the clause hangs on the deal noun or the verb
            for cand in by_trigger.values():
                if head in cand.objects and cand is not d:
                    host = cand
                    break
        if host is not None and host is not d and host.type in _CONTENT_TYPES:
            return host
        node = head
    return None


def _onlookers(
    coder: SentenceCoder, toks: list[Token], drafts: list[Draft], lex: Lexicon
) -> list[Draft]:
    """ "Russia could only watch while American forces snatched Maduro": the onlooker's
    support for the victim was withheld."""
    onlooker = lex.cue("negation", "onlooker_verbs")
    restrictive = lex.cue("negation", "restrictive_adverbs")
    by_trigger = {d.trigger.i: d for d in drafts}
    out: list[Draft] = []
    for tok in toks:
        if tok.lemma_.lower() not in onlooker or not any(
            c.lower_ in restrictive for c in tok.children
        ):
            continue
        for clause in tok.children:
            if clause.dep_ != "advcl" or not any(
                m.lower_ in {"while", "as"} for m in clause.children
            ):
                continue
            inner = by_trigger.get(clause.i)
            subj, _ = subject_of(tok)
            if inner is None or subj is None or not inner.target:
                continue
            source = coder.actors([subj])
            victims = {r.state or r.actor for r in inner.target.refs} - source.states
            if any(
                d.type == "SUPPORT"
                and d.mode == "verbal"
                and d.source.states & source.states
                and d.target.states & victims
                for d in drafts
            ):
                continue  # "... but received only rhetorical support": one fact, words only
            draft = Draft(
                type="SUPPORT", trigger=tok, mode="withheld", negated=True, confidence=0.5
            )
            draft.modality = "asserted"  # "could only watch" reports what happened
            draft.source = coder.actors([subj])
            draft.target = Actors([r for r in inner.target.refs if r.actor not in draft.source.ids])
            if draft.source and draft.target:
                out.append(draft)
    return out


def _own_clause(head: Token) -> list[Token]:
    """``head`` and its subtree minus subordinate and coordinated clauses, but with
    temporal clauses ("since it intervened in 2015", "when X struck Y in June")."""
    out = [head]
    stack = list(head.children)
    while stack:
        t = stack.pop()
        if t.dep_ in _SUBCLAUSE_DEPS and t.pos_ in {"VERB", "AUX"} and not _temporal(t):
            continue
        out.append(t)
        stack.extend(t.children)
    return out


_SUBCLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "conj", "parataxis"})
_TEMPORAL_MARKS = frozenset({"when", "since", "while", "after", "once", "as"})


def _temporal(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(
        c.dep_ in {"mark", "advmod"} and c.lower_ in _TEMPORAL_MARKS for c in clause.children
    )


def _clause_tokens(trigger: Token) -> list[Token]:
    """The tokens whose temporal expressions date an event: its own clause, with its
    temporal clauses; for a clause that is itself temporal ("when X struck Y, Moscow
    condemned ... in June") or a later conjunct ("condemned ... but delivered no jets"),
    also the clause it attaches to, which carries the shared time."""
    if trigger.dep_ == "amod":
        # "the late Khamenei": the adjective's time is its clause's ("mourned in March")
        trigger = next((a for a in trigger.ancestors if a.pos_ in {"VERB", "AUX"}), trigger)
    out = _own_clause(trigger)
    if trigger.pos_ == "NOUN" and trigger.head.i != trigger.i:
        out.append(trigger.head)
    if trigger.pos_ not in {"VERB", "AUX"} or trigger.head.i == trigger.i:
        return out
    seen = {t.i for t in out}
    if trigger.dep_ == "relcl" and any(c.lower_ == "when" for c in trigger.children):
        out.append(trigger.head)  # "in June 2025, when Israel struck Iran"
    elif _temporal(trigger):
        out.extend(t for t in _own_clause(trigger.head) if t.i not in seen)
    elif trigger.dep_ == "conj" and trigger.head.pos_ in {"VERB", "AUX"}:
        # only the adjuncts the conjuncts share, not the first one's temporal clauses
        # ("had kept Assad in power since 2015, but this time sent no reinforcements")
        for c in trigger.head.children:
            if c.dep_ in {"prep", "npadvmod"} and c.i < trigger.head.i:
                out.extend(t for t in c.subtree if t.i not in seen)
    return out


def _clause_weight(trigger: Token) -> float:
    """Main-clause events are what a sentence asserts; events inside relative, adverbial or
    adnominal clauses are background to it."""
    for node in [trigger, *trigger.ancestors]:
        if node.dep_ in {"relcl", "acl", "advcl", "ccomp", "pcomp"}:
            return -0.1
    return 0.1


def _to_event(
    draft: Draft, sent: SpacySpan, document: Document, dates: list[DateValue], lex: Lexicon
) -> Event:
    negated = draft.negated or is_negated(draft.trigger, draft.arg_tokens, lex)
    modality: Modality = modality_of(draft.trigger, lex)
    if draft.modality == "asserted":
        modality = "asserted"
    objects = [o for o in draft.objects if o.i != draft.trigger.i] or draft.objects
    mode = draft.mode or mode_from_object(objects, lex)
    both = 0.1 if draft.inferred else 0.2  # a party read from context is less certain
    confidence = draft.confidence + (both if draft.source.ids and draft.target.ids else 0.0)
    if modality in {"hypothetical", "future"}:
        confidence -= 0.2
    confidence += _clause_weight(draft.trigger)
    leader: ActorRef | None = draft.leader
    people = tuple(r.person for r in draft.source.refs if r.person)
    return Event(
        type=draft.type,
        source=draft.source.ids,
        target=draft.target.ids,
        evidence=Evidence(document.id, sent.start_char, sent.end_char, sent.text),
        mode=mode,
        detail=detail_of(objects)
        if draft.type != "LEADER_OUSTED"
        else (leader.text if leader else ""),
        amounts=amounts_in(objects, lex),
        date=date_for(dates, draft.trigger, _clause_tokens(draft.trigger)),
        negated=negated,
        modality=modality,
        confidence=round(max(0.1, min(confidence, 0.95)), 2),
        leader=(leader.person or leader.text) if leader else None,
        trigger=draft.trigger.text,
        source_text=tuple(r.text for r in draft.source.refs),
        target_text=tuple(r.text for r in draft.target.refs),
        source_people=people,
    )


def _dedup(events: list[Event]) -> list[Event]:
    """One event per fact: first per sentence (same type, polarity and actors), then by
    ``Event.key``, and per leader for leaders ousted; the most informative statement
    (more actors, a date, a longer detail) is kept."""
    out: list[Event] = []
    for grouping in (_sentence_key, _fact_key):
        best: dict[str, Event] = {}
        for ev in events:
            key = grouping(ev)
            if key not in best or _richness(ev) > _richness(best[key]):
                best[key] = ev
        events = list(best.values())
    out = sorted(_drop_undated_repeats(events), key=lambda e: (e.evidence.start, e.type))
    return out


def _fact_key(ev: Event) -> str:
    if ev.type == "LEADER_OUSTED" and ev.leader:
        return f"L:{ev.leader}:{ev.negated}:{_factual(ev)}"
    return ev.key + str(_factual(ev))


def _factual(ev: Event) -> bool:
    return ev.modality not in {"hypothetical", "future"}


def _drop_undated_repeats(events: list[Event]) -> list[Event]:
    """An undated statement of a fact also stated with a date is the same fact."""
    dated = {
        (e.type, e.source, e.target, e.negated, _factual(e)) for e in events if e.date is not None
    }
    return [
        e for e in events
        if e.date is not None or (e.type, e.source, e.target, e.negated, _factual(e)) not in dated
    ]  # fmt: skip


def _sentence_key(ev: Event) -> str:
    return f"S:{ev.evidence.start}:{ev.type}:{ev.negated}:{sorted(ev.source)}:{sorted(ev.target)}"


def _richness(ev: Event) -> tuple[int, int, int, float]:
    return (
        len(ev.source) + len(ev.target),
        int(ev.date is not None),
        len(ev.detail),
        ev.confidence,
    )
