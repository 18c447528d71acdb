"""Cue constructions beyond "X said": who speaks through a noun, a frame or a quoting verb.

- **Speech nouns** ("Costa's tirade against Minsk over its 'endless provocations'", "in
  their view, '...'", "Lindqvist made the claim that '...'"): the noun's possessor, its
  "by/from" agent, or the subject of the light verb whose object it is.
- **Documents** ("'...,' the statement on the website read"): the document's possessor
  or "by/from" agent; a definite document with none refers back to the speaker just
  before (handled by the attributor, which knows that speaker).
- **Quoting verbs** ("the ministry quoted minister Beridze as saying ..."): the object of the
  quoting verb speaks, not its subject.
- **Naming frames** ("described the raids as 'measured' and 'lawful'", "called the plan
  'reckless'"): the quoted words fill the verb's naming slot, so even one quoted word is
  the speaker's word rather than a scare quote. A hedge before the word ("as largely
  'transactional'") makes it the writer's characterisation, not a quotation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from allywatch.extract.speech_lexicon import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

    from allywatch.extract.speakers import Speaker

__all__ = ["document_author", "in_naming_frame", "is_document", "nominal_speaker", "quoted_source"]

_LIGHT_VERBS = frozenset({"make", "issue", "give", "deliver", "post", "publish", "release",
                          "voice", "express", "repeat", "reiterate"})  # fmt: skip
_AGENT_PREPS = ("by", "from", "of")
_SLOT_DEPS = ("oprd", "dobj", "attr", "acomp", "xcomp", "ccomp")

Resolve = Callable[["Token"], "Speaker | None"]


def _agent(noun: Token, resolve: Resolve) -> Speaker | None:
    """The possessor ("Costa's tirade") or "by/from X" agent of a noun."""
    for child in noun.children:
        # "Costa's tirade"; "the Costa remarks" (a name as compound, also what the small
        # model makes of "what Costa calls ...")
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            found = resolve(child)
            if found is not None and (child.dep_ == "poss" or found.named):
                return found
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in _AGENT_PREPS):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            found = resolve(obj)
            if found is not None:
                return found
    return None


def nominal_speaker(noun: Token, resolve: Resolve) -> Speaker | None:
    """Who speaks through a speech noun (see the module docstring), or None."""
    if noun.lemma_.lower() not in lexicon().speech_nouns:
        return None
    found = _agent(noun, resolve)
    if found is not None:
        return found
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in _LIGHT_VERBS:
        for child in verb.children:  # "Lindqvist made the claim that ..."
            if child.dep_ in ("nsubj", "nsubjpass"):
                return resolve(child)
    return None


def document_author(noun: Token, resolve: Resolve) -> Speaker | None:
    """The author of a document noun written with one ("the ministry's statement")."""
    if noun.lemma_.lower() not in lexicon().document_nouns:
        return None
    return _agent(noun, resolve)


def is_document(noun: Token) -> bool:
    """A definite document noun ("the statement", "the communique") as subject."""
    return noun.lemma_.lower() in lexicon().document_nouns and any(
        c.dep_ == "det" and c.lower_ == "the" for c in noun.children
    )


#: How far (tokens) before "as saying" the quoting verb may stand.
_QUOTING_REACH = 10


def quoted_source(verb: Token) -> Token | None:
    """"X quoted Y as saying ...": the token Y when ``verb`` is that "saying" (from the
    parse, else from the words: the name just before "as" after a quoting verb)."""
    lex = lexicon()
    doc = verb.doc
    if verb.lemma_.lower() != "say" or verb.i == 0 or doc[verb.i - 1].lower_ != "as":
        return None
    quoting = verb.head.head if verb.dep_ == "pcomp" else verb
    if quoting.lemma_.lower() in lex.quoting_verbs:
        objects = [c for c in quoting.children if c.dep_ == "dobj"]
        if objects:
            return objects[0]
    for k in range(verb.i - 3, max(-1, verb.i - 2 - _QUOTING_REACH), -1):
        if doc[k].lemma_.lower() in lex.quoting_verbs or doc[k].lower_ in ("quoted", "cited"):
            return doc[verb.i - 2] if verb.i - 2 > k else None
    return None


def in_naming_frame(root: Token, verb: Token, inside: Callable[[Token], bool]) -> bool:
    """Whether a quote whose root is ``root`` fills ``verb``'s naming slot: its object
    or complement, or the "as" phrase of "describe ... as" (coordinated quotes included:
    "as 'measured' and 'lawful'"), with no hedge modifying it outside the marks.
    ``inside`` says whether a token is inside the quote."""
    if verb.lemma_.lower() not in lexicon().naming_verbs:
        return False
    tok = root
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    if any(c.dep_ == "advmod" and not inside(c) for c in (*root.children, *tok.children)):
        return False  # "as largely 'transactional'": the writer's word
    if tok.head == verb and tok.dep_ in _SLOT_DEPS:
        return True
    inner = tok.head  # "calls holding Mexico 'accountable'": the slot of a verb in the slot
    if tok.dep_ in _SLOT_DEPS and inner.head == verb and inner.dep_ in (*_SLOT_DEPS, "acl"):
        return True
    prep = tok.head  # "described the raids as 'measured'" (an object or modifier of "as")
    return prep.lower_ == "as" and prep.head == verb
