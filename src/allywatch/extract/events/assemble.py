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
    index = MentionIndex(_with_states(mentions, catalog))
    events: list[Event] = []
    for sent in sdoc.sents:
        if _repeated(sent, document):
            continue
        for draft in _drafts(sent, index, lex, dates):
            events.append(_to_event(draft, sent, document, dates, lex))
    return _dedup(events)


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


def _drafts(
    sent: SpacySpan, index: MentionIndex, lex: Lexicon, dates: list[DateValue]
) -> list[Draft]:
    coder = SentenceCoder(sent, index, lex)
    verb_drafts: dict[int, Draft] = {}
    drafts: list[Draft] = []
    for tok in sent:
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
    for tok in sent:
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
        draft = coder.noun_draft(tok, trig, governor)
        if draft is not None and (governor is not None or _dated(tok, dates)):
            drafts.append(draft)
    drafts.extend(_fate_adjectives(coder, sent, lex))
    drafts = _absorb_content(drafts)
    drafts.extend(_onlookers(coder, sent, drafts, lex))
    return [d for d in drafts if _complete(d)]


def _complete(d: Draft) -> bool:
    """An event needs both parties (resolved or as written), except a leader's fall, whose
    cause is often unstated; a mutual event needs two distinct parties."""
    if d.type == "LEADER_OUSTED":
        return d.leader is not None
    if d.mutual:
        return len(d.source.states | set(d.source.unresolved)) >= 2 or bool(
            d.source and d.target and d.source.refs != d.target.refs
        )
    if d.frame in {"intrans", "intent"} and d.source:
        return True  # "Ugandan rebels surrendered": no target to find
    if d.type in _ONE_PARTY_TYPES and d.source.ids:
        return True  # "Algerian landowners began a hunger strike"
    if not d.source or not d.target:
        return False
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
        if trig is None:
            continue
        draft = coder.noun_draft(obj, trig, verb)
        if draft is None:
            subj, _ = subject_of(verb)
            source = coder.actors([subj]) if subj is not None else Actors()
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
            draft.target = coder.actors(_verb_pobjs(verb, trig.preps))
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


def _verb_pobjs(verb: Token, preps: tuple[str, ...]) -> list[Token]:
    return [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip


def _fate_adjectives(coder: SentenceCoder, sent: SpacySpan, lex: Lexicon) -> list[Draft]:
    """ "the late Khamenei", "the deposed president": the leader's fate is stated."""
    out: list[Draft] = []
    for tok in sent:
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
    coder: SentenceCoder, sent: SpacySpan, drafts: list[Draft], lex: Lexicon
) -> list[Draft]:
    """ "Russia could only watch while American forces snatched Maduro": the onlooker's
    support for the victim was withheld."""
    onlooker = lex.cue("negation", "onlooker_verbs")
    restrictive = lex.cue("negation", "restrictive_adverbs")
    by_trigger = {d.trigger.i: d for d in drafts}
    out: list[Draft] = []
    for tok in sent:
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
            draft = Draft(
                type="SUPPORT", trigger=tok, mode="withheld", negated=True, confidence=0.5
            )
            draft.modality = "asserted"  # "could only watch" reports what happened
            draft.source = coder.actors([subj])
            draft.target = Actors([r for r in inner.target.refs if r.actor not in draft.source.ids])
            if draft.source and draft.target:
                out.append(draft)
    return out


def _clause_tokens(trigger: Token) -> list[Token]:
    out = [trigger]
    stack = list(trigger.children)
    while stack:
        t = stack.pop()
        if t.dep_ in {"relcl", "advcl", "ccomp", "conj", "parataxis"} and t.pos_ in {"VERB", "AUX"}:
            continue
        out.append(t)
        stack.extend(t.children)
    if trigger.pos_ == "NOUN" and trigger.head.i != trigger.i:
        out.append(trigger.head)
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
    confidence = draft.confidence + (0.2 if draft.source.ids and draft.target.ids else 0.0)
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
