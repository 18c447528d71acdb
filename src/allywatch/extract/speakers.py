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

#: How far back (characters) a pronoun looks for a main-clause subject.
_PRONOUN_REACH = 600
_NP_POS = {"DET", "NUM", "ADJ", "NOUN", "PROPN", "PART"}
_NP_ADP = {"of", "at", "on", "from", "in", "for", "with", "to"}


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
        names += _name_chain_offsets(sdoc)
        self.full_names: dict[str, str] = {}  # last name (lower) -> longest full name
        for _, _, name in sorted(names):
            words = _name_words(name)
            if len(words) >= 2:
                key = words[-1].lower()
                if len(words) > len(_name_words(self.full_names.get(key, ""))):
                    self.full_names[key] = " ".join(words)
        self.positions = sorted((s, e) for s, e, _ in names)
        self.described: list[Speaker] = []  # named speakers with a role, in text order
        self.names_by_id: dict[str, str] = {}  # person id -> longest name in the mentions
        for m in self.mentions:
            if m.actor_id and len(m.text) > len(self.names_by_id.get(m.actor_id, "")):
                self.names_by_id[m.actor_id] = self.full_name(m.text)
        self.affiliations: dict[str, str] = {}  # person id -> first affiliation seen
        for m in self.mentions:  # "Hanna Notte, a Russia specialist at X" ... "Notte argues"
            if m.actor_id and m.affiliation:
                self.affiliations.setdefault(m.actor_id, m.affiliation)

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
        if token.pos_ != "PROPN":
            return False
        if token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i:
            return self.is_name(token.head)  # "Wall Street" in "the Wall Street Journal"
        if token.text.lower() in self.full_names:
            return True
        return _looks_like_name(self.name_span(token))

    def name_span(self, token: Token) -> Span:
        """The whole name around ``token``: its PERSON entity, else its PROPN compounds."""
        doc = token.doc
        if token.ent_type_ == "PERSON":
            for ent in doc.ents:
                if ent.start <= token.i < ent.end:
                    return ent
        start = end = token.i
        titles = lexicon().titles
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].lower_.rstrip(".") not in titles
        ):
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
        elif len(self.names_by_id.get(person_id, "")) > len(name):  # "he", "Waller"
            name = self.names_by_id[person_id]
        affiliation = role or (mention.affiliation if mention else None)
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
        named = next(
            (sp for sp in reversed(self.described)
             if sp.start < offset and noun in (sp.affiliation or "").lower()),
            None,
        )  # fmt: skip
        unnamed = self.introduced(noun, offset, exclude)
        if unnamed is not None and (named is None or unnamed.start > named.start):
            return unnamed  # "A senior Western diplomat ... the diplomat said"
        return named or self.nearest_before(offset, exclude)

    def introduced(self, noun: str, offset: int, exclude: list[tuple[int, int]]) -> Speaker | None:
        """The latest unnamed description "a/an/one ... <noun>" before ``offset`` (outside
        quotes, within the reach of a pronoun) that "the <noun>" refers back to."""
        at = self.sdoc.char_span(offset, offset + 1, alignment_mode="expand")
        for tok in reversed(self.sdoc[: at.start if at is not None else 0]):
            if offset - tok.idx > _PRONOUN_REACH:
                break
            if tok.lemma_.lower() != noun or any(a <= tok.idx < b for a, b in exclude):
                continue
            if tok.dep_ == "appos" or (tok.head.dep_ == "appos" and tok.dep_ != "pobj"):
                return None  # "Maria Lind, a diplomat at ...": a named person's description
            dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "nummod")]
            if dets and dets[0] in ("a", "an", "one") and not any(
                c.dep_ in ("compound", "appos") and self.is_name(c) for c in tok.children
            ):
                return describe(tok)
        return None

    def nearest_before(self, offset: int, exclude: list[tuple[int, int]]) -> Speaker | None:
        """The person a pronoun at ``offset`` refers to: among people named (outside quotes)
        within the last few sentences, the latest one who is the subject of a main clause or
        of a speech verb ("Tsikhanouskaya said … that Lukashenko would …. '…,' she told"),
        else the latest one named."""
        nearest: Span | None = None
        for start, end in reversed(self.positions):
            if end > offset or any(a <= start < b for a, b in exclude):
                continue
            if offset - end > _PRONOUN_REACH and nearest is not None:
                break
            span = self.sdoc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            nearest = nearest or span
            head = span.root
            if head.dep_ == "appos":  # "SEOUL (AP) — Kim Yo Jong, …, warned": a dateline
                head = head.head
            if head.dep_ in ("nsubj", "nsubjpass") and (
                head.head.dep_ == "ROOT" or head.head.lemma_.lower() in lexicon().cue_verbs
            ):
                return self.person(span.root)
        return self.person(nearest[-1]) if nearest is not None else None


def _looks_like_name(span: Span) -> bool:
    """2-4 capitalised proper nouns, no organisation word, not a place: a person's name the
    small model did not tag ("Nadia Karimi says")."""
    lex = lexicon()
    words = [t for t in span if not t.is_punct]
    if not 2 <= len(words) <= 4:
        return False
    if any(t.ent_type_ in ("GPE", "NORP", "LOC", "DATE") for t in words):
        return False
    return all(
        t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in lex.org_words
        and t.lower_.rstrip(".") not in lex.titles
        for t in words
    )  # fmt: skip


#: ``Doc.user_data`` key of :func:`_name_chain_offsets` (quotes and predictions both build
#: a PersonIndex of the same parse).
_CHAINS_KEY = "allywatch_name_chains"


def _name_chain_offsets(sdoc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, text) of :func:`_name_like_chains`, computed once per parse."""
    cached = sdoc.user_data.get(_CHAINS_KEY)
    if not isinstance(cached, list):
        cached = [(s.start_char, s.end_char, s.text) for s in _name_like_chains(sdoc)]
        sdoc.user_data[_CHAINS_KEY] = cached
    return [(int(start), int(end), str(text)) for start, end, text in cached]


def _name_like_chains(sdoc: Doc) -> list[Span]:
    """Untagged person names: maximal runs of proper nouns that look like names."""
    from spacy.attrs import ENT_TYPE, POS, SENT_START
    from spacy.symbols import PROPN

    # The scan reads integer columns; Token objects are made only for the runs found.
    pos, ent, starts = (sdoc.to_array(a).tolist() for a in (POS, ENT_TYPE, SENT_START))
    person = sdoc.vocab.strings["PERSON"]
    found: list[Span] = []
    i = 0
    n = len(sdoc)
    while i < n:
        if pos[i] != PROPN or ent[i] == person:
            i += 1
            continue
        j = i
        while j + 1 < n and pos[j + 1] == PROPN and starts[j + 1] != 1:
            j += 1
        run = sdoc[i : j + 1]
        while len(run) and run[0].lower_.rstrip(".") in lexicon().titles:
            run = run[1:]
        if _looks_like_name(run):
            found.append(run)
        i = j + 1
    return found


def _name_words(name: str) -> list[str]:
    words = [w.strip(",()") for w in re.split(r"\s+", name.strip())]
    words = [w.rstrip(".") if len(w) > 2 else w for w in words]
    titles = lexicon().titles
    words = [w for w in words if w and w.lower().rstrip(".") not in titles]
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
            # "a lawmaker briefed by the intelligence service": not the service's
            and not any(t.tag_ == "VBN" and t.lower_ != "based"
                        for t in doc[child.left_edge.i : e.start])
        ]  # fmt: skip
        if orgs:
            return _org_name(orgs[0].text)
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "at", "from")):
        orgs = [e for e in doc.ents if e.label_ in ("ORG", "FAC")
                and prep.i < e.start <= prep.right_edge.i]  # fmt: skip
        if orgs:  # "Phil Gunson of the International Crisis Group"
            return _org_name(orgs[0].text)
    i = name.start
    while i > 0 and (
        (head.doc[i - 1].dep_ in ("compound", "amod", "poss", "case", "nmod")
         and head.doc[i - 1].pos_ in ("PROPN", "NOUN", "ADJ", "PART"))
        # "NATO Secretary-General Mark Rutte": the hyphen of a compound title
        or (head.doc[i - 1].text == "-" and i > 1 and not head.doc[i - 2].whitespace_
            and head.doc[i - 2].pos_ in ("PROPN", "NOUN"))
    ):  # fmt: skip
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
    clauses = [c for c in head.subtree if c.dep_ in ("relcl", "acl") and c != head]
    dropped = {t.i for c in clauses for t in c.subtree}
    tokens = [t for t in head.subtree if not skippable(t) and t.i not in dropped]
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
    affiliation: str | None
    if orgs:
        affiliation = _org_name(orgs[0].text)
    else:
        words = [
            t.text
            for t in span
            if t.dep_ not in ("det", "nummod") and not t.is_punct and not skippable(t)
        ]
        affiliation = " ".join(words) or None
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
        if not ok or (tok.is_sent_start and tok.pos_ not in _NP_POS):
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
        mention = index.mention_at(head.idx, head.idx + len(head.text))
        if mention is not None and mention.actor_id:  # the actors stage resolved "he"
            return index.person(head)
        return index.nearest_before(head.idx, quoted)
    if index.is_name(head):
        name = index.name_span(head)
        return index.person(head, role=_role_and_affiliation(head, name))
    # "analyst Dara Massicot": the name may be a compound under a role noun, or vice versa
    for child in head.children:
        if child.dep_ == "compound" and not is_person_noun(head):
            continue
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
