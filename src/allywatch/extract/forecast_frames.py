"""Frames of forward-looking clauses: reported expectations, whom a forecast is about, and
the line between a forecast and a pledge.

- **Reported expectations**: "X is expected to V", "Y expects X to V", "sources expect
  the deal to be signed": the expectation makes the clause a forecast even when its verb
  names a scheduled activity ("are expected to meet on Friday", "expected to sign the
  bill"), which on its own would be a plan ("will meet on Tuesday").
- **Whom it is about**: the actors of the clause's subject, each of a coordination ("Cuba
  and Venezuela are expected to ..." is about both); when the subject names no actor, the
  actor the verb acts on or comes from ("the deal may allow Russia to ...", "the fuel
  will come from Russian stocks"); a pronoun subject in a speaker's words ("the source
  said it would ...", "we will ...") is the speaker's own side.
- **Pledges are not forecasts**: a speaker's plain statement that its own side will act
  ("Cuba will take all necessary measures", said by Cuba's foreign ministry; "we will
  continue", "the two navies will hold drills") announces a plan. It stays a forecast
  when hedged ("Cuba could run out of fuel within weeks"), framed as an expectation ("she
  expected Minsk to answer soon"), or when the verb names no act of will ("Cuba will lose
  its last ally", "the plan will become the basis for talks").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allywatch.extract.outcomes import actor_in, actor_of
from allywatch.extract.speech_lexicon import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

    from allywatch.types import Mention

__all__ = [
    "complement_actor",
    "coordinated_actors",
    "expectation_head",
    "is_pledge",
    "reduced_subject",
    "speaker_pronoun",
]

_OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis"})
_SPEAKER_PRONOUNS = frozenset({"it", "they", "we", "i"})
_HEDGES = frozenset({"may", "might", "could"})


def expectation_head(verb: Token) -> Token | None:
    """The expectation verb a clause hangs from ("is expected to sign", "expected Minsk
    to answer", "expect that X will ..."), or None."""
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in lexicon().expectation_verbs:
        return head
    return None


def _actor_of_phrase(head: Token, mentions: list[Mention]) -> str | None:
    """The actor a coordinated subject names: itself, or a word of its phrase ("Cuban
    President Miguel Diaz-Canel")."""
    return actor_of(head, mentions) or actor_in(
        [t for t in _phrase_tokens(head) if t.dep_ != "conj" or t == head], mentions
    )


def coordinated_actors(head: Token, first: str, mentions: list[Mention]) -> list[str]:
    """``first`` (the actor of subject ``head``) and the actors of its conjuncts, in order,
    without repeats."""
    out = [first]
    listed = [*head.conjuncts]
    for appos in (c for c in head.children if c.dep_ == "appos"):
        listed += appos.conjuncts  # "President A and President B" parsed via an apposition
    for conj in listed:
        if conj.i <= head.i:
            continue
        actor = _actor_of_phrase(conj, mentions)
        if actor and actor not in out:
            out.append(actor)
    return out


def _phrase_tokens(tok: Token) -> list[Token]:
    """``tok``'s phrase without the clauses inside it."""
    out = [tok]
    for child in tok.children:
        if child.dep_ not in _CLAUSE_DEPS:
            out.extend(_phrase_tokens(child))
    return out


def complement_actor(verb: Token, mentions: list[Mention]) -> str | None:
    """The actor a verb acts on or comes from, for a forecast whose subject names none:
    its object, or the subject of the clause it governs ("may allow Russia to ..."), else
    a prepositional object after it ("will come from Russian stocks"); clauses below the verb
    and phrases before it ("according to ...") are not searched."""
    objects = [c for c in verb.children if c.dep_ in _OBJECT_DEPS and c.i > verb.i]
    controlled = [s for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i
                  for s in c.children if s.dep_ == "nsubj"]  # fmt: skip
    preps = [c for c in verb.children if c.dep_ in ("prep", "agent") and c.i > verb.i]
    for child in (*objects, *controlled, *preps):
        actor = actor_in(_phrase_tokens(child), mentions)
        if actor:
            return actor
    return None


def reduced_subject(expecting: Token) -> Token | None:
    """"with Lukashenko now expected to sign ...", "Minsk, expected to follow, ...": the noun
    just before a participle of expectation that has no subject of its own."""
    if expecting.tag_ not in ("VBN", "VBD") or any(
        c.dep_ in ("nsubj", "nsubjpass") for c in expecting.children
    ):
        return None
    i = expecting.i - 1
    while i >= 0 and expecting.doc[i].pos_ in ("ADV", "PUNCT"):
        i -= 1
    if i < 0 or expecting.doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    return expecting.doc[i]


def speaker_pronoun(subject: Token, *, quoted: bool) -> bool:
    """A pronoun subject that stands for the speaker's side: "we"/"I" in the speaker's own
    words; in reported speech also "it"/"they" ("the source said it would ...")."""
    if quoted:
        return subject.lower_ in ("we", "i")
    return subject.lower_ in _SPEAKER_PRONOUNS


def is_pledge(verb: Token, subjects: list[str], speaker_states: set[str]) -> bool:
    """A speaker's plain statement that its own side will act (see the module docstring)."""
    if not speaker_states or not set(subjects) & speaker_states:
        return False
    if expectation_head(verb) is not None:
        return False
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _HEDGES:
        return False
    lex = lexicon()
    lemma = verb.lemma_.lower()
    if lemma in ("continue", "keep"):  # "will continue to strike": the verb it governs
        governed = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
        lemma = governed[0].lemma_.lower() if governed else lemma
    return lemma not in lex.non_volitional_verbs and lemma not in lex.outcome_verbs
