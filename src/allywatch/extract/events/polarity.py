"""Polarity (support withheld or denied) and modality (reported, denied, hypothetical,
future) of an event trigger, read off the dependency parse with the cues in
``resources/events/cues.yaml``."""

from __future__ import annotations

from spacy.tokens import Token

from allywatch.extract.events.lexicon import Lexicon
from allywatch.types import Modality

__all__ = ["clause_chain", "is_negated", "modality_of"]


def clause_chain(token: Token, limit: int = 8) -> list[Token]:
    """``token`` and the heads above it up to the sentence root."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) < limit:
        chain.append(chain[-1].head)
    return chain


def _non_finite(tok: Token) -> bool:
    """An infinitive, gerund or preposition: it has no tense of its own, so a modal above
    it ("will keep ... by negotiating", "would send") sets its modality."""
    if tok.pos_ == "ADP":
        return True
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
    return (
        tok.tag_ in {"VB", "VBG"}
        and not has_subject
        and tok.dep_ in {"xcomp", "pcomp", "advcl", "conj"}
    )


def _has_child(token: Token, lemmas: frozenset[str], deps: frozenset[str] | None = None) -> bool:
    return any(
        (c.lower_ in lemmas or c.lemma_.lower() in lemmas) and (deps is None or c.dep_ in deps)
        for c in token.children
    )


def is_negated(trigger: Token, args: list[Token], lex: Lexicon) -> bool:
    """True when the event did not happen: a negated verb, a "no"/"none" argument, a
    governing "fail to"/"unable to", or an "absent"/"without"/"instead of" phrase."""
    neg_words = lex.cue("negation", "neg_words")
    neg_dets = lex.cue("negation", "neg_determiners")
    if _has_child(trigger, neg_words, frozenset({"neg", "det", "advmod", "preconj"})):
        return True
    for arg in args:
        if arg.lower_ in neg_dets or _has_child(arg, neg_dets, frozenset({"det", "neg"})):
            return True
    if trigger.dep_ == "conj":
        # "withdrew rather than fight": the second conjunct is what was not done
        multi = lex.cue("negation", "neg_multiword")
        for c in trigger.head.children:
            if (
                c.dep_ in {"cc", "prep"}
                and 0 < c.i < trigger.i
                and f"{c.doc[c.i - 1].lower_} {c.lower_}" in multi
            ):
                return True
    governors = lex.cue("negation", "neg_governors")
    neg_nouns = lex.cue("negation", "neg_nouns")
    neg_objects = lex.cue("negation", "neg_objects")
    neg_preps = lex.cue("negation", "neg_preps")
    node = trigger
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            break
        if node.dep_ in {"xcomp", "ccomp", "pcomp", "acomp"} and head.lemma_.lower() in governors:
            return True
        if node.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lemma_.lower() in governors:
            return True
        if node.dep_ in {"acl", "relcl"} and head.lemma_.lower() in neg_nouns:
            return True  # "Russia's inability to help", "its failure to deliver"
        if node.dep_ in {"acl", "relcl", "xcomp", "advcl"} and head.lower_ in neg_objects:
            return True  # "did nothing to help", "did little to stop"
        if head.lower_ in neg_preps or head.lemma_.lower() in neg_preps:
            return True
        if node.dep_ in {"pcomp", "advcl", "xcomp", "conj"} and head.lower_ in {"of", "than"}:
            before = head.doc[head.i - 1] if head.i > 0 else None
            phrase = f"{before.lower_} {head.lower_}" if before is not None else ""
            if phrase in lex.cue("negation", "neg_multiword"):
                return True
        if node.dep_ == "pobj" and head.lower_ in neg_preps:
            return True
        if node.dep_ in {"conj", "appos"}:
            node = head
            continue
        if node.pos_ in {"VERB", "AUX"} and node.i != trigger.i:
            break
        node = head
    return False


def _asked(trigger: Token, chain: list[Token]) -> bool:
    """A question asserts nothing ("Did Russia send troops?", "Q: Why did Russia not defend
    Iran?", "Who armed Iran?"): a clause on the trigger's chain ends in a question mark and
    is built as a question (auxiliary before the subject, or a wh-word as the subject), so
    "Iran supplied Russia with drones, but why?" still states the supply."""
    on_chain = {t.i for t in chain} | {trigger.i}
    for mark in trigger.sent:
        if mark.text != "?" or mark.head.i not in on_chain:
            continue
        clause = mark.head
        subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
        if any(s.tag_ in {"WP", "WDT"} for s in subjects):
            return True
        if subjects and any(
            c.dep_ in {"aux", "auxpass"} and c.i < subjects[0].i for c in clause.children
        ):
            return True
        if subjects and clause.pos_ == "AUX" and clause.i < subjects[0].i:
            return True  # "Is Russia Iran's ally?"
    return False


def modality_of(trigger: Token, lex: Lexicon) -> Modality:
    """The event's modality; the strongest applicable cue wins
    (hypothetical > future > denied > reported > asserted)."""
    chain = clause_chain(trigger)
    hyp_marks = lex.cue("modality", "hypothetical_marks")
    hyp_modals = lex.cue("modality", "hypothetical_modals")
    fut_modals = lex.cue("modality", "future_modals")
    fut_governors = lex.cue("modality", "future_governors")
    estimative = lex.cue("modality", "estimative_adjectives")
    reported_adv = lex.cue("modality", "reported_adverbs")
    report_verbs = lex.cue("modality", "report_verbs")
    report_nouns = lex.cue("modality", "report_nouns")
    denial = lex.cue("modality", "denial_verbs")
    intention_nouns = lex.cue("modality", "intention_nouns")
    found: set[str] = set()
    for pos, node in enumerate(chain):
        clause_level = pos == 0 or node.pos_ in {"VERB", "AUX", "ADJ"}
        # a modal counts for the trigger's own clause, or the clause it is the
        # infinitive of ("would send", "could only watch" does not make "while X" modal)
        own_clause = pos == 0 or all(_non_finite(n) for n in chain[:pos])
        if pos > 0 and chain[pos - 1].dep_ == "acl" and node.lemma_.lower() in intention_nouns:
            found.add("future")  # "their effort to overthrow the government"
        if not clause_level:
            continue
        for c in node.children:
            low = c.lower_
            if (c.dep_ == "mark" and low in hyp_marks) or (
                c.dep_ == "aux" and low in hyp_modals and own_clause
            ):
                found.add("hypothetical")
            elif c.dep_ == "aux" and low in fut_modals and own_clause:
                found.add("future")
            elif (c.dep_ == "advmod" and low in reported_adv) or (
                c.dep_ == "prep" and low == "according"
            ):
                found.add("reported")
            elif (
                c.dep_ in {"advcl", "ccomp", "parataxis"}
                and c.lemma_.lower() in denial
                and c.i != trigger.i
            ) and any(
                g.dep_ == "dobj" and g.lower_ in {"this", "that", "it", "them"} for g in c.children
            ):
                found.add("denied")
        if pos > 0:
            prev = chain[pos - 1]
            lemma = node.lemma_.lower()
            if prev.dep_ in {"xcomp", "ccomp"} and lemma in fut_governors:
                found.add("future")
            if node.pos_ == "ADJ" and lemma in estimative and lemma not in {"certain"}:
                found.add("hypothetical")
            if prev.dep_ in {"ccomp", "xcomp", "dobj"} and lemma in denial:
                found.add("denied")
            if prev.dep_ == "ccomp" and lemma in report_verbs:
                subj = [c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}]
                if subj and subj[0].lemma_.lower() in report_nouns | {"report"}:
                    found.add("reported")
    if trigger.dep_ in {"nsubj", "nsubjpass"} and any(
        c.dep_ == "acomp" and c.lemma_.lower() in estimative for c in trigger.head.children
    ):
        found.add("future")  # "Putin's fall one day is inevitable"
    for tok in trigger.sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            found.add("reported")
    if _asked(trigger, chain):
        found.add("hypothetical")
    for level in ("hypothetical", "future", "denied", "reported"):
        if level in found:
            return level
    return "asserted"
