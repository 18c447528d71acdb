"""Who is speaking: a noun phrase in the parse -> a person (id, name, role, affiliation) or an
unnamed description ("one expert on Russian-Iranian relations").

Resolution order for a named speaker: the actors stage's ``Mention`` covering the name (its
``actor_id``, role and affiliation), else the document's own fuller form of the name
("Waller" -> "Julian G. Waller", the short-name coreference of news prose), with the person
id a slug of the full name (the catalog's convention for people). Pronouns ("he says")
resolve to the nearest person named before them.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from allywatch.extract.speech_lexicon import lexicon
from allywatch.types import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from allywatch.nlp.catalog import Catalog

__all__ = ["PersonIndex", "Speaker", "person_slug"]

_NP_POS = {"DET", "NUM", "ADJ", "NOUN", "PROPN", "PART"}
_NP_ADP = {"of", "at", "on", "from", "in", "for", "with", "to"}
_TITLE_WORDS = {"mr", "mrs", "ms", "dr", "prof", "sir"}


def person_slug(name: str) -> str:
    """The id we give a person not in the catalog: a slug of the canonical name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker. ``id`` is None for an unnamed description."""

    id: str | None
    text: str
    affiliation: str | None = None
    start: int = 0
    end: int = 0

    @property
    def named(self) -> bool:
        return self.id is not None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:—–-\n")


def skippable(token: Token) -> bool:
    """Whitespace and link-only tokens (PDF link blocks interleaved mid-sentence)."""
    return token.is_space or token.like_url or token.text.startswith(("http", "www."))


class PersonIndex:
    """Names of people in one document, for short-name coreference and pronoun resolution."""

    def __init__(self, sdoc: Doc, mentions: list[Mention], catalog: Catalog) -> None:
        self.sdoc = sdoc
        self.catalog = catalog
        self.mentions = sorted((m for m in mentions if m.kind == "person"), key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        names: list[tuple[int, int, str]] = [(m.start, m.end, m.text) for m in self.mentions]
        names += [(e.start_char, e.end_char, e.text) for e in sdoc.ents if e.label_ == "PERSON"]
        self.full_names: dict[str, str] = {}  # last name (lower) -> longest full name
        for _, _, name in sorted(names):
            words = _name_words(name)
            if len(words) >= 2:
                key = words[-1].lower()
                if len(words) > len(_name_words(self.full_names.get(key, ""))):
                    self.full_names[key] = " ".join(words)
        self.positions = sorted((s, e) for s, e, _ in names)
        self.described: list[Speaker] = []
        self.affiliations: dict[str, str] = {}  # person id -> first affiliation seen  # named speakers with a role, in text order

    def mention_at(self, start: int, end: int) -> Mention | None:
        i = bisect_left(self._mention_starts, start - 200)
        for m in self.mentions[i:]:
            if m.start >= end:
                break
            if m.start < end and start < m.end:
                return m
        return None

    def is_name(self, token: Token) -> bool:
        """A token that belongs to a person's name in this document."""
        if token.ent_type_ == "PERSON" or self.mention_at(token.idx, token.idx + 1):
            return True
        return token.pos_ == "PROPN" and token.text.lower() in self.full_names

    def name_span(self, token: Token) -> Span:
        """The whole name around ``token``: its PERSON entity, else its PROPN compounds."""
        doc = token.doc
        if token.ent_type_ == "PERSON":
            for ent in doc.ents:
                if ent.start <= token.i < ent.end:
                    return ent
        start = end = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
            start -= 1
        while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and doc[end + 1].head == token:
            end += 1
        return doc[start : end + 1]

    def full_name(self, name: str) -> str:
        words = _name_words(name)
        if not words:
            return name
        fuller = self.full_names.get(words[-1].lower())
        if fuller and len(_name_words(fuller)) > len(words):
            return fuller
        return " ".join(words)

    def person(self, token: Token, role: str | None = None) -> Speaker:
        """The named person whose name contains ``token``."""
        span = self.name_span(token)
        mention = self.mention_at(span.start_char, span.end_char)
        name = self.full_name(span.text)
        person_id = mention.actor_id if mention and mention.actor_id else None
        if person_id is None:
            person_id = person_slug(name)
        actor = self.catalog.get(person_id) if person_id else None
        if actor is not None:
            name = actor.name
        affiliation = (mention.affiliation if mention else None) or role
        if affiliation:
            self.affiliations.setdefault(person_id, affiliation)
        else:
            affiliation = self.affiliations.get(person_id)
        found = Speaker(person_id, name, affiliation, span.start_char, span.end_char)
        if affiliation or (mention and mention.role):
            self.described.append(found)
        return found

    def definite(self, noun: str, offset: int, exclude: list[tuple[int, int]]) -> Speaker | None:
        """"the minister", "the analyst": the last person named before ``offset`` whose role
        or affiliation contains ``noun``; else the nearest person named before."""
        for speaker in reversed(self.described):
            if speaker.start < offset and noun in (speaker.affiliation or "").lower():
                return speaker
        return self.nearest_before(offset, exclude)

    def nearest_before(self, offset: int, exclude: list[tuple[int, int]]) -> Speaker | None:
        """The person named last before ``offset`` (outside quoted spans), for pronouns."""
        for start, end in reversed(self.positions):
            if end > offset or any(a <= start < b for a, b in exclude):
                continue
            span = self.sdoc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            return self.person(span[-1])
        return None


def _name_words(name: str) -> list[str]:
    words = [w.strip(",()") for w in re.split(r"\s+", name.strip())]
    words = [w.rstrip(".") if len(w) > 2 else w for w in words]
    words = [w for w in words if w and w.lower().rstrip(".") not in _TITLE_WORDS]
    if words and words[-1].lower() in {"'s", "’s"}:
        words.pop()
    return [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]


def _org_name(text: str) -> str:
    text = _clean(text.removeprefix("the ").removeprefix("The "))
    return re.sub(r"['’]s$", "", text)


def is_person_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    nouns = lexicon().person_nouns
    if lemma in nouns or token.text.lower() in nouns:
        return True
    prev = token.doc[token.i - 1] if token.i > 0 else None
    return prev is not None and f"{prev.lemma_.lower()} {lemma}" in nouns


def _role_and_affiliation(head: Token, name: Span) -> str | None:
    """Affiliation as written: an organisation in the appositive or after "at/of"; else the
    role title before the name ("Ukraine's Foreign Minister") or the appositive itself."""
    doc = head.doc
    appos = [
        c
        for c in head.children
        if c.dep_ == "appos"
        and not (name.start <= c.i < name.end)
        and (c.right_edge.i + 1 >= len(doc) or doc[c.right_edge.i + 1].text in {",", ")", "—", "."})
    ]
    for child in appos:
        orgs = [
            e
            for e in head.doc.ents
            if e.label_ in ("ORG", "FAC") and child.left_edge.i <= e.start < child.right_edge.i + 1
        ]
        if orgs:
            return _org_name(orgs[0].text)
    i = name.start
    while i > 0 and head.doc[i - 1].dep_ in ("compound", "amod", "poss", "case", "nmod") and (
        head.doc[i - 1].pos_ in ("PROPN", "NOUN", "ADJ", "PART")
    ):
        i -= 1
    if i < name.start:
        return _clean(head.doc[i : name.start].text)
    if appos:
        child = appos[0]
        return _clean(head.doc[child.left_edge.i : child.right_edge.i + 1].text)
    return None


def describe(head: Token) -> Speaker:
    """An unnamed speaker: the noun phrase headed by ``head`` as written."""
    doc = head.doc
    tokens = [t for t in head.subtree if not skippable(t) and t.dep_ not in ("relcl", "acl")]
    # keep the contiguous stretch around the head (drops clauses hanging off it)
    left = head.i
    while left - 1 >= 0 and doc[left - 1] in tokens:
        left -= 1
    right = head.i
    while right + 1 < len(doc) and (doc[right + 1] in tokens or skippable(doc[right + 1])):
        right += 1
    span = doc[left : right + 1]
    text = _clean("".join(t.text_with_ws for t in span if not skippable(t)))
    orgs = [e for e in doc.ents if e.label_ in ("ORG", "FAC") and left <= e.start <= right]
    if orgs:
        affiliation = _org_name(orgs[0].text)
    else:
        words = [
            t.text
            for t in span
            if t.dep_ not in ("det", "nummod") and not t.is_punct and not skippable(t)
        ]
        affiliation = " ".join(words) if words else None
    return Speaker(None, text, affiliation, span.start_char, span.end_char)


def surface_np_head(doc: Doc, end: int) -> Token | None:
    """The head of the noun phrase ending just before token ``end`` (skipping link blocks),
    found without the parse: for sentences a PDF link block broke apart."""
    i = end - 1
    while i >= 0 and (skippable(doc[i]) or doc[i].pos_ == "ADV"):
        i -= 1
    tokens: list[Token] = []
    while i >= 0:
        tok = doc[i]
        if skippable(tok):
            i -= 1
            continue
        ok = tok.pos_ in _NP_POS or (tok.pos_ == "ADP" and tok.lower_ in _NP_ADP)
        ok = ok or tok.text in {"-", "–"}
        if not ok or tok.is_sent_start and tok.pos_ not in _NP_POS:
            break
        tokens.insert(0, tok)
        if tok.is_sent_start:
            break
        i -= 1
    while tokens and tokens[0].pos_ == "ADP":
        tokens.pop(0)
    head: Token | None = None
    for tok in tokens:
        if tok.pos_ == "ADP":
            break
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):
            head = tok
    return head


def speaker_from_head(head: Token, index: PersonIndex, quoted: list[tuple[int, int]]) -> (
    Speaker | None
):
    """A speaker for the subject token ``head``; None when it is not a person (an outlet,
    a state, "it")."""
    lex = lexicon()
    if head.lower_ in lex.pronouns:
        return index.nearest_before(head.idx, quoted)
    if index.is_name(head):
        name = index.name_span(head)
        return index.person(head, role=_role_and_affiliation(head, name))
    # "analyst Dara Massicot": the name may be a compound under a role noun, or vice versa
    for child in head.children:
        if child.dep_ in ("compound", "appos") and index.is_name(child):
            if child.i > head.i:  # "Ukraine's Foreign Minister Andrii Sybiha"
                role = _clean(head.doc[head.left_edge.i : head.i + 1].text)
            else:  # "analyst Dara Massicot" parsed with the role as head
                role = _clean(head.text)
            return index.person(child, role=role)
    if head.pos_ in ("NOUN", "PROPN") and is_person_noun(head) and head.ent_type_ not in (
        "ORG", "GPE", "NORP"
    ):
        dets = [c.lower_ for c in head.children if c.dep_ == "det"]
        modifiers = [c for c in head.children if c.dep_ in ("prep", "appos", "relcl", "acl")]
        if dets == ["the"] and not modifiers and head.tag_ != "NNS":
            return index.definite(head.lemma_.lower(), head.idx, quoted)
        return describe(head)
    return None
