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
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from allywatch.extract.institutions import collective_before, institution_speaker
from allywatch.extract.person_names import fold, same_person, word_key
from allywatch.extract.speech_lexicon import lexicon
from allywatch.types import Mention, SpeakerType

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from allywatch.nlp.catalog import Catalog

__all__ = ["PersonIndex", "Speaker", "person_slug"]

#: How far back (characters) a pronoun looks for a main-clause subject.
_PRONOUN_REACH = 600
_NP_POS = {"DET", "NUM", "ADJ", "NOUN", "PROPN", "PART"}
_NP_ADP = {"of", "at", "on", "from", "in", "for", "with", "to"}


def person_slug(name: str) -> str:
    """The id we give a person not in the catalog: a slug of the canonical name (accents
    and letters such as "ł" folded: "Mariusz Błaszczak" -> "mariusz-blaszczak")."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: a person (``id`` their person id), an institution (``id`` its
    actor id when it is one, else None) or an unnamed description (``id`` None); ``co``
    holds the other speakers of a joint statement."""

    id: str | None
    text: str
    affiliation: str | None = None
    start: int = 0
    end: int = 0
    kind: SpeakerType = "person"
    co: tuple[str, ...] = ()

    @property
    def named(self) -> bool:
        return self.id is not None and self.kind == "person"


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
        #: states, organisations and other non-person actors named, for institutions
        self.actors = sorted(
            (m for m in mentions if m.kind in ("state", "substate", "igo", "org")),
            key=lambda m: m.start,
        )
        self._actor_starts = [m.start for m in self.actors]
        names: list[tuple[int, int, str]] = [(m.start, m.end, m.text) for m in self.mentions]
        names += [(e.start_char, e.end_char, e.text) for e in sdoc.ents if e.label_ == "PERSON"]
        names += _name_chain_offsets(sdoc)
        #: (start, words) of every name of two words or more, in text order
        self._full: list[tuple[int, list[str]]] = []
        for start, _, name in sorted(names):
            words = _name_words(name)
            if len(words) >= 2:
                self._full.append((start, words))
        self._word_keys = {word_key(w) for _, words in self._full for w in words} - {""}
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

    def actor_at(self, start: int, end: int) -> Mention | None:
        """A non-person actor mention overlapping [start, end) ("Moscow", "NATO")."""
        i = bisect_left(self._actor_starts, start - 200)
        for m in self.actors[i:]:
            if m.start >= end:
                break
            if start < m.end:
                return m
        return None

    def organisation_before(self, offset: int) -> Mention | None:
        """The latest organisation or IGO (not a state) named before ``offset`` within a
        pronoun's reach: what "the group" or "the alliance" refers back to."""
        i = bisect_left(self._actor_starts, offset)
        for m in reversed(self.actors[:i]):
            if offset - m.end > _PRONOUN_REACH:
                break
            if m.kind in ("org", "igo") and m.actor_id and m.end <= offset:
                return m
        return None

    def actors_in(self, start: int, end: int) -> list[Mention]:
        """Non-person actor mentions inside [start, end)."""
        out = []
        for m in self.actors[bisect_left(self._actor_starts, start) :]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out

    def is_name(self, token: Token) -> bool:
        """A token that belongs to a person's name in this document (not one the actors
        stage read as a state, a demonym or an organisation: "Moldovan")."""
        if self.mention_at(token.idx, token.idx + 1):
            return True
        if self.actor_at(token.idx, token.idx + 1):
            return False
        if token.ent_type_ == "PERSON":
            return True
        if token.pos_ != "PROPN":
            return False
        if token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i:
            return self.is_name(token.head)  # "Wall Street" in "the Wall Street Journal"
        if word_key(token.text) in self._word_keys:
            return True  # a word of a person's name written in full elsewhere ("Li")
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

    def full_name(self, name: str, offset: int | None = None) -> str:
        """The fullest form of ``name`` in the document: "Waller" -> "Julian G. Waller",
        "Li" -> "Li Wei" (a family name written first), "Ahmed al-Sharaa" -> the form
        the document first used for that person ("Ahmad al-Sharaa"). A one-word name takes
        the latest full name before ``offset`` that ends with it (else begins with it)."""
        words = _name_words(name)
        if not words:
            return name
        joined = " ".join(words)
        if len(words) >= 2:
            same = [ws for _, ws in self._full if same_person(joined, " ".join(ws))]
            best = max(same, key=len, default=words)
            return " ".join(best) if len(best) >= len(words) else joined
        key = word_key(words[0])
        pool = [(s, ws) for s, ws in self._full if word_key(ws[-1]) == key] or [
            (s, ws) for s, ws in self._full if word_key(ws[0]) == key
        ]
        if not pool:
            return joined
        before = [item for item in pool if offset is None or item[0] <= offset]
        chosen: list[str] = (before or pool)[-1 if before else 0][1]
        for _, ws in pool:  # the longest written form of the same person
            if len(ws) > len(chosen) and same_person(" ".join(chosen), " ".join(ws)):
                chosen = ws
        return " ".join(chosen)

    def person(self, token: Token, role: str | None = None) -> Speaker:
        """The named person whose name contains ``token``."""
        span = self.name_span(token)
        mention = self.mention_at(span.start_char, span.end_char)
        name = self.full_name(span.text, span.start_char)
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

    def latest_group(self, offset: int, exclude: list[tuple[int, int]]) -> Speaker | None:
        """"The leaders said": the latest coordination of people named before ``offset``
        ("Brandt, Haddad and Costa met ..."), as one joint speaker."""
        for start, end in reversed(self.positions):
            if end > offset or any(a <= start < b for a, b in exclude):
                continue
            if offset - end > 2 * _PRONOUN_REACH:
                break
            span = self.sdoc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            head = span.root
            if head.dep_ == "conj":
                continue  # the coordination is read from its first member
            group = _with_conjuncts(self.person(head), head, self)
            if group.co:
                return group
        return None

    def nearest_before(
        self, offset: int, exclude: list[tuple[int, int]], *, subjects_only: bool = False
    ) -> Speaker | None:
        """The person a pronoun at ``offset`` refers to: among people named (outside quotes)
        within the last few sentences, the latest one who is the subject of a main clause or
        of a speech verb ("Tsikhanouskaya said … that Lukashenko would …. '…,' she told"),
        else (unless ``subjects_only``) the latest one named."""
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
        if subjects_only:
            return None
        return self.person(nearest[-1]) if nearest is not None else None


def _looks_like_name(span: Span, ignore_labels: bool = False) -> bool:
    """2-4 capitalised proper nouns, no organisation word, not a place: a person's name the
    small model did not tag ("Nadia Karimi says"). ``ignore_labels``: the NER's place
    labels do not count (a name in a list of names)."""
    lex = lexicon()
    words = [t for t in span if not t.is_punct]
    if not 2 <= len(words) <= 4:
        return False
    if not ignore_labels and any(t.ent_type_ in ("GPE", "NORP", "LOC", "DATE") for t in words):
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
    return Speaker(None, text, affiliation, span.start_char, span.end_char, kind="anonymous")


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


def speaker_from_head(
    head: Token, index: PersonIndex, quoted: list[tuple[int, int]], *, pronouns: bool = True
) -> Speaker | None:
    """A speaker for the subject token ``head``: a person (named, a pronoun, a definite
    description), a group of people (coordinated names: a joint statement), an unnamed
    description, an institution (``extract/institutions.py``), or None ("it" with no
    institution before it, "the report", a place). ``pronouns=False`` resolves no pronoun
    (used while looking for what a pronoun stands for)."""
    lex = lexicon()
    if head.lower_ in lex.pronouns:
        if not pronouns:
            return None
        # a person who was the subject of a main clause or a speech verb first; else the
        # actors stage's reading of the pronoun; else the latest person named
        found = index.nearest_before(head.idx, quoted, subjects_only=True)
        if found is not None:
            return found
        mention = index.mention_at(head.idx, head.idx + len(head.text))
        if mention is not None and mention.actor_id:  # the actors stage resolved "he"
            return index.person(head)
        return index.nearest_before(head.idx, quoted)
    if head.lower_ in lex.singular_collective or head.lower_ in lex.plural_collective:
        if not pronouns:
            return None
        return collective_before(
            head, quoted, lambda tok: speaker_from_head(tok, index, quoted, pronouns=False)
        )
    if index.is_name(head):
        name = index.name_span(head)
        return _with_conjuncts(index.person(head, role=_role_and_affiliation(head, name)),
                               head, index)  # fmt: skip
    # "analyst Dara Massicot": the name may be a compound under a role noun, or vice versa
    for child in head.children:
        if child.dep_ == "compound" and not is_person_noun(head):
            continue
        if child.dep_ in ("compound", "appos") and index.is_name(child):
            if child.i > head.i:  # "Ukraine's Foreign Minister Andrii Sybiha"
                role = _clean(head.doc[head.left_edge.i : head.i + 1].text)
            else:  # "analyst Dara Massicot" parsed with the role as head
                role = _clean(head.text)
            return _with_conjuncts(index.person(child, role=role), head, index)
    if head.pos_ in ("NOUN", "PROPN") and is_person_noun(head) and head.ent_type_ not in (
        "ORG", "GPE", "NORP"
    ):
        dets = [c.lower_ for c in head.children if c.dep_ in ("det", "nummod")]
        modifiers = [c for c in head.children if c.dep_ in ("prep", "appos", "relcl", "acl")]
        if dets and dets[0] == "the" and not modifiers and head.tag_ == "NNS":
            group = index.latest_group(head.idx, quoted)  # "the (three) leaders said"
            if group is not None:
                return group
        if dets == ["the"] and not modifiers and head.tag_ != "NNS":
            return index.definite(head.lemma_.lower(), head.idx, quoted)
        return describe(head)
    if (head.ent_type_ == "NORP" or head.pos_ == "PROPN") and head.tag_ != "NNPS" and any(
        c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in head.children
    ):
        # "a Frenchman based in the capital", "an American": a proper noun with an
        # indefinite article is a person of that nation, unnamed (not an organisation)
        return describe(head)
    return institution_speaker(head, index)


def _with_conjuncts(first: Speaker, head: Token, index: PersonIndex) -> Speaker:
    """"Brandt, Haddad and Costa declared ...": every coordinated person speaks."""
    others: list[str] = []
    listed = [*head.conjuncts]
    for appos in (c for c in head.children if c.dep_ == "appos" and index.is_name(c)):
        if appos.conjuncts:  # "Brandt, Haddad and Costa" parsed as an apposition
            listed += [appos, *appos.conjuncts]
    for conj in listed:
        if conj.i <= head.i:
            continue
        # in a list of names the tagger's place or organisation labels do not count
        listed_name = conj.pos_ == "PROPN" and _looks_like_name(index.name_span(conj), True)
        name = conj if index.is_name(conj) or listed_name else next(
            (c for c in conj.children if c.dep_ == "compound" and index.is_name(c)), None
        )
        if name is not None:
            other = index.person(name)
            if other.id != first.id:
                others.append(other.id or other.text)
    if not others:
        return first
    return replace(first, co=tuple(others))
