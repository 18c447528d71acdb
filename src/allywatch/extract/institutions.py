"""Institutions and groups as speakers.

News quotes institutions as often as people: "the Belarusian interior ministry said",
"state media reported", "Moscow denied", "the army said in a statement", "the regime
called it ...". A subject (or "according to" object) is an institution when its head

- is an actor the actors stage resolved that is not a person (a state, a capital or seat
  of power used as a metonym, an IGO, an organisation): "Moscow", "the Kremlin", "NATO";
- is tagged as an organisation by the NER ("Reuters", "TASS", "the Syrian Observatory");
- is an institution noun (``resources/speech/person_nouns.yaml``: ministry, government,
  presidency, regime, media, command, ...): "the Chilean presidency", "state media".

The speaker's text is the noun phrase as written (articles, modifiers and an "of" phrase
kept, clauses dropped); its id is the catalog actor when the phrase is just that actor's
name ("Moscow" -> RUS), else None; its affiliation is the state the phrase names.

Pronouns: "it said" / "its statement" refers back to the latest institution that was the
subject of a clause in the sentences just before; "they" / "their" to the latest group
(an institution, a plural unnamed description such as "Cuban dissidents", or a joint
statement's speakers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from allywatch.extract.speech_lexicon import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

    from allywatch.extract.speakers import PersonIndex, Speaker

__all__ = ["collective_before", "institution_speaker", "noun_phrase"]

_LEFT_DEPS = ("det", "amod", "compound", "poss", "case", "nmod", "nummod", "npadvmod")
_RIGHT_PREPS = ("of", "for", "in", "at")
#: How many sentences back a pronoun looks for the institution or group it stands for.
PRONOUN_SENTENCES = 2


def noun_phrase(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase ``head`` heads: its left modifiers and
    an "of/for/in" phrase after it ("the Ministry of External Affairs"), without clauses,
    appositions or anything in brackets."""
    doc = head.doc
    start = head.i
    while start > 0:
        prev = doc[start - 1]
        modifies = prev.dep_ in _LEFT_DEPS and prev.i < prev.head.i <= head.i
        if not (modifies or prev.dep_ == "case" or prev.text == "-"):
            break
        start -= 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _RIGHT_PREPS and child.i == end:
            end = child.right_edge.i + 1
        elif child.dep_ in ("compound", "flat") and child.i == end:
            end = child.i + 1
        else:
            break
    while end > head.i + 1 and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _phrase_text(head: Token) -> tuple[str, int, int]:
    start, end = noun_phrase(head)
    span = head.doc[start:end]
    text = re.sub(r"\s+", " ", span.text).strip(" ,;:—–-")
    return text, span.start_char, span.end_char


def institution_speaker(head: Token, index: PersonIndex) -> Speaker | None:
    """The institution ``head`` names, or None (see the module docstring)."""
    from allywatch.extract.speakers import Speaker

    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    lex = lexicon()
    text, start, end = _phrase_text(head)
    inside = index.actors_in(start, end)
    states = [m.state or m.actor_id for m in inside if m.state or m.actor_id]
    affiliation = states[0] if states else None
    mention = index.actor_at(head.idx, head.idx + len(head.text))
    if mention is not None:
        bare = re.sub(r"^(?:the|The)\s+", "", text)
        actor_id = mention.actor_id if bare == mention.text.removeprefix("the ") else None
        return Speaker(actor_id, text, mention.state or affiliation, start, end,
                       kind="institution")  # fmt: skip
    nouns = lex.institution_nouns
    if not inside and head.lemma_.lower() in lex.referring_institution_nouns and any(
        c.dep_ == "det" and c.lower_ == "the" for c in head.children
    ):
        named = index.organisation_before(head.idx)  # "Hamas ... the group said"
        if named is not None:
            return Speaker(named.actor_id, named.text, named.state, named.start, named.end,
                           kind="institution")  # fmt: skip
    if head.ent_type_ == "ORG" or head.lemma_.lower() in nouns or head.lower_ in nouns or (
        head.pos_ == "PROPN" and head.ent_type_ in ("GPE", "NORP")
    ):
        actor = index.catalog.lookup(text)
        actor_id = actor.id if actor is not None and actor.kind != "person" else None
        return Speaker(actor_id, text, affiliation, start, end, kind="institution")
    return None


def _is_group(speaker: Speaker, head: Token) -> bool:
    return speaker.kind == "institution" or bool(speaker.co) or (
        speaker.kind == "anonymous" and head.tag_ in ("NNS", "NNPS")
    )


def collective_before(
    pronoun: Token,
    quoted: list[tuple[int, int]],
    resolve: Callable[[Token], Speaker | None],
) -> Speaker | None:
    """The institution ("it") or group ("they") a pronoun stands for: the latest subject,
    outside quotes, in the pronoun's sentence before it and the sentences just before,
    that ``resolve`` reads as one."""
    lex = lexicon()
    plural = pronoun.lower_ in lex.plural_collective
    doc = pronoun.doc
    sent = pronoun.sent
    floor = sent.start
    for _ in range(PRONOUN_SENTENCES):
        if floor == 0:
            break
        floor = doc[floor - 1].sent.start
    candidates: list[tuple[Token, Speaker]] = []
    for tok in reversed(doc[floor : pronoun.i]):
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ == "PRON":
            continue
        if any(a <= tok.idx < b for a, b in quoted):
            continue
        found = resolve(tok)
        if found is not None:
            candidates.append((tok, found))
    if plural:  # a plural group first, then an institution
        tests = [lambda t, f: _is_group(f, t) and f.kind != "institution",
                 lambda t, f: f.kind == "institution"]  # fmt: skip
    else:
        tests = [lambda t, f: f.kind == "institution" and t.tag_ not in ("NNS", "NNPS")]
    for test in tests:
        fitting = [(t, f) for t, f in candidates if test(t, f)]
        main = [(t, f) for t, f in fitting if t.head.dep_ == "ROOT"]
        if main or fitting:  # the subject of a main clause before one of a clause below it
            return (main or fitting)[0][1]
    return None
