"""Mention resolution: spaCy Doc -> ``Mention`` records.

Sources of mentions, in order of trust:

1. catalog matches (``doc.spans["actors"]``, put there by the NLP stage's SpanRuler):
   names, short forms, demonyms, and capitals/seats of power — the last only when the
   context makes them an actor (not the object of a locative preposition: "talks in
   Moscow" is a place, "Moscow said" is Russia);
2. compounds inside one token ("U.S.–Israeli" -> USA and ISR);
3. statistical NER persons and organisations the catalog does not know: persons get a slug
   id (so quotes can name them), organisations stay unresolved (``actor_id`` None);
4. short names of persons already named in full ("Waller" -> "Julian G. Waller");
5. "he"/"she" -> the last-mentioned person, only when exactly one candidate exists.

Nothing is taken from page furniture: headlines and section headings, bylines, author bios,
comment widgets, disclaimers, link lists (see ``lexicon.yaml``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from allywatch.extract.person_context import (
    context_role,
    dateline_spans,
    inside_title,
    is_name_like,
    is_title_word,
    strip_titles,
    word_lists,
)
from allywatch.extract.speech_lexicon import lexicon as speech_lexicon
from allywatch.nlp import ACTOR_MATCHES_KEY, doc_text, paragraph_spans
from allywatch.nlp.catalog import slugify
from allywatch.types import Document, Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from allywatch.nlp.catalog import Catalog

__all__ = ["noise_spans", "resolve_mentions"]

_COMPOUND_SPLIT = re.compile(r"[-–—/]")
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by", "with", "as"}
)
_PRONOUNS = frozenset({"he", "she"})
_CONFIDENCE = {"name": 0.95, "demonym": 0.85, "capital": 0.8, "seat": 0.8}


# --------------------------------------------------------------------------- noise
def _is_heading(text: str, names: frozenset[str] = frozenset()) -> bool:
    """A headline or section heading: short, without sentence-final punctuation, or
    title-cased throughout ("Iran's Khamenei, Another Russian Ally, Follows Assad").

    ``names`` are words inside named entities: they are capitalised anyway, so only the
    other words tell a title-cased headline from a sentence full of names."""
    words = text.split()
    if not words:
        return False
    if len(words) <= 12 and text.rstrip()[-1] not in ".!?:;\"”’'":
        return True
    content = [
        w for w in words
        if w[0].isalpha() and w.lower() not in _SMALL_WORDS and w.strip(".,;:?!'’s") not in names
    ]  # fmt: skip
    if len(words) <= 25 and len(content) >= 2:
        capitalised = sum(1 for w in content if w[0].isupper())
        return capitalised / len(content) >= 0.8
    return False


def _is_link_list(text: str) -> bool:
    words = text.split()
    urls = sum(1 for w in words if w.startswith(("http://", "https://", "www.")))
    return bool(words) and urls / len(words) >= 0.5


def noise_spans(document: Document, sdoc: Doc | None = None) -> tuple[Span, ...]:
    """Paragraphs that are page furniture (headline, heading, byline, bio, widget, links).

    With the parsed ``sdoc``, words inside named entities do not count as title case."""
    lex = word_lists()
    out = []
    ents = sdoc.ents if sdoc is not None else ()  # built once, not once per paragraph
    for para in paragraph_spans(document.text, document.paragraphs):
        text = " ".join(document.text[para.start : para.end].split())
        names: frozenset[str] = frozenset()
        if sdoc is not None:
            names = frozenset(
                t.text for e in ents if para.start <= e.start_char < para.end
                and e.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC") for t in e
            )  # fmt: skip
        if (
            _is_heading(text, names)
            or _is_link_list(text)
            or (document.title and text == " ".join(document.title.split()))
            or any(p.search(text) for p in lex.boilerplate)
            or (len(text.split()) <= 16 and any(p.search(text) for p in lex.bylines))
        ):
            out.append(para)
    return tuple(out)


def _in_noise(noise: tuple[Span, ...], start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in noise)


# --------------------------------------------------------------------------- helpers
_STANCE_PREFIXES = frozenset({"pro", "anti", "non"})


def _prefixed(span: SpacySpan) -> bool:
    """ "pro-Russian", "anti-Western": a stance toward the actor, not the actor."""
    i = span.start
    doc = span.doc
    return (
        i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_
        and doc[i - 2].lower_ in _STANCE_PREFIXES
    )  # fmt: skip


def _is_place(span: SpacySpan) -> bool:
    """A capital or seat used as a location: object of a locative preposition ("in
    Moscow", "strikes across Tehran"), or a place modifier of such an object."""
    root = span.root
    locative = word_lists().locative
    if root.dep_ == "poss":
        return False  # "in Moscow's view": the state's view
    if root.dep_ == "pobj" and root.head.lower_ in locative:
        return True
    # The parser sometimes hangs "over Kyiv" off the verb: look at the word before, too.
    i = span.start - 1
    while i >= 0 and span.doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and span.doc[i].lower_ in locative and span.doc[i].pos_ in ("ADP", "ADV"):
        return True
    # "in the Kremlin in Moscow": conjoined/appositive locations share the preposition.
    return bool(
        root.dep_ in ("conj", "appos") and _is_place(root.head.doc[root.head.i : root.head.i + 1])
    )


# --------------------------------------------------------------------------- resolution
class _Resolver:
    def __init__(self, sdoc: Doc, document: Document, catalog: Catalog) -> None:
        self.doc = sdoc
        self.document = document
        self.catalog = catalog
        self.when: date | None = document.published
        self.datelines = dateline_spans(document)
        self.noise = noise_spans(document, sdoc) + self.datelines
        self.mentions: list[Mention] = []
        self.taken: set[int] = set()  # token indexes covered by a mention
        self.surnames: dict[str, tuple[str, str]] = {}  # surname -> (person id, full name)
        self.lex = word_lists()

    def floor(self, start_tok: int) -> int:
        """First token a person's role may be read from: after a dateline."""
        idx = self.doc[start_tok].idx
        for span in self.datelines:
            if span.start <= idx and span.end <= idx:
                end = self.doc.char_span(span.start, span.end, alignment_mode="expand")
                if end is not None and end.sent == self.doc[start_tok].sent:
                    return end.end
        return 0

    def text(self, start: int, end: int) -> str:
        return self.document.text[start:end]

    def usable(self, span: SpacySpan) -> bool:
        if _in_noise(self.noise, span.start_char, span.end_char):
            return False
        return not any(t.like_url or t.like_email for t in span)

    def add(self, start_tok: int, end_tok: int, start: int, end: int, **kw: object) -> None:
        self.mentions.append(
            Mention(doc_id=self.document.id, start=start, end=end, text=self.text(start, end), **kw)  # type: ignore[arg-type]
        )
        self.taken.update(range(start_tok, end_tok))

    # -- catalog
    def catalog_matches(self) -> None:
        for span in self.doc.spans.get(ACTOR_MATCHES_KEY, []):
            if not self.usable(span):
                continue
            alias, kind = span.label_.split(":", 1)
            actor_id = span.id_
            if alias in ("capital", "seat") and _is_place(span):
                continue
            if _prefixed(span):
                continue  # "pro-Russian forces", "anti-American protests": not the state
            if kind == "person":
                self.person(span.start, span.end, actor_id, _CONFIDENCE[alias])
                continue
            state = self.catalog.state_of(actor_id, self.when)
            self.add(
                span.start,
                span.end,
                span.start_char,
                span.end_char,
                kind=kind,
                actor_id=actor_id,
                state=state,
                confidence=_CONFIDENCE[alias],
            )

    def person(self, start: int, end: int, person_id: str, confidence: float) -> None:
        span = self.doc[start:end]
        role, affiliation = context_role(self.doc, start, end, self.floor(start))
        if role is None:
            role = self.catalog_role(person_id)
        actor = self.catalog.get(person_id)
        if actor is not None:
            short = actor.name.split()[-1]
            found = self.catalog.surface(short)
            if found is not None and found.actor_id == person_id:
                self.surnames.setdefault(short, (person_id, actor.name))
        state = self.catalog.state_of(person_id, self.when)
        self.add(
            start,
            end,
            span.start_char,
            span.end_char,
            kind="person",
            actor_id=person_id,
            state=state,
            confidence=confidence,
            role=role,
            affiliation=affiliation,
        )

    def catalog_role(self, person_id: str) -> str | None:
        """The office held at the document date, or "former <last office>" after it."""
        current = self.catalog.role_of(person_id, self.when)
        if current is not None:
            return current.title
        actor = self.catalog.get(person_id)
        past = [
            r for r in (actor.roles if actor else ())
            if r.end is not None and (self.when is None or r.end <= self.when)
        ]  # fmt: skip
        if not past:
            return None
        return f"former {max(past, key=lambda r: r.end or date.min).title}"

    # -- compounds inside one token: "U.S.–Israeli"
    def compounds(self) -> None:
        for tok in self._tokens_with_separators():
            if tok.i in self.taken or tok.like_url:
                continue
            if _in_noise(self.noise, tok.idx, tok.idx + len(tok)):
                continue
            parts, pos = [], 0
            for piece in _COMPOUND_SPLIT.split(tok.text):
                offset = tok.text.index(piece, pos)
                pos = offset + len(piece)
                parts.append((piece, tok.idx + offset))
            found = [(p, s, self.catalog.surface(p)) for p, s in parts]
            if len(found) < 2 or any(f is None or f.kind not in ("name", "demonym")
                                     for _, _, f in found):  # fmt: skip
                continue
            for piece, start, surface in found:
                assert surface is not None
                actor = self.catalog.actors[surface.actor_id]
                if actor.kind not in ("state", "substate"):
                    break
                self.add(
                    tok.i,
                    tok.i + 1,
                    start,
                    start + len(piece),
                    kind=actor.kind,
                    actor_id=actor.id,
                    state=actor.id,
                    confidence=_CONFIDENCE[surface.kind],
                )

    def _tokens_with_separators(self) -> Iterable[Token]:
        """Tokens containing a hyphen, dash or slash, in order: found by scanning the text
        (rather than visiting every token, which costs a Python object each)."""
        starts = self.doc.to_array("IDX").tolist()
        seen: set[int] = set()
        for m in _COMPOUND_SPLIT.finditer(doc_text(self.doc)):
            i = bisect_right(starts, m.start()) - 1
            if i < 0 or i in seen:
                continue
            tok = self.doc[i]
            if m.start() < tok.idx + len(tok.text):  # not in the space after it
                seen.add(i)
                yield tok

    # -- NER persons and organisations the catalog does not know
    def ner(self) -> None:
        # Full names first, so a short name resolves even when it comes first.
        ents = sorted(self.doc.ents, key=lambda e: (e.label_ != "PERSON", len(e) < 2, e.start))
        for ent in ents:
            if ent.kb_id_ or ent.label_ not in ("PERSON", "ORG"):
                continue
            if any(i in self.taken for i in range(ent.start, ent.end)) or not self.usable(ent):
                continue
            if ent.label_ == "PERSON" or self.person_by_apposition(ent) or self.titled(ent):
                self.ner_person(ent)
            else:
                self.ner_org(ent)

    def titled(self, ent: SpacySpan) -> bool:
        """An "organisation" written right after a role noun or title is a person's name
        ("opposition leader María Corina Machado")."""
        before = self.doc[ent.start - 1] if ent.start > 0 else None
        org_words = speech_lexicon().org_words
        return (
            before is not None
            and (before.lower_ in self.lex.role_nouns or before.text in self.lex.titles)
            and 2 <= len(ent) <= 4
            and all(t.is_title and t.lower_ not in org_words for t in ent)
        )

    def person_by_apposition(self, ent: SpacySpan) -> bool:
        """An "organisation" that is a person's name: two to four capitalised words, none
        an organisation word, followed by ", a/an <role noun> ..." ("According to Hanna
        Notte, a Russia specialist at ...": the tagger took "Hanna Notte" for an ORG)."""
        doc, end = self.doc, ent.end
        org_words = speech_lexicon().org_words
        return (
            2 <= len(ent) <= 4
            and all(t.is_title and t.pos_ == "PROPN" and t.lower_ not in org_words for t in ent)
            and end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an")
            and any(t.lower_ in self.lex.role_nouns for t in doc[end + 2 : end + 8])
        )  # fmt: skip

    def ner_person(self, ent: SpacySpan) -> None:
        tokens, title = strip_titles([t for t in ent if not t.is_space])
        if not is_name_like(tokens):
            return
        start, end = tokens[0].i, tokens[-1].i + 1
        # "(Bashar) Assad", "(Russian President Vladimir) Putin": a first name in brackets
        # belongs to the name after them.
        if (
            end + 1 < len(self.doc)
            and self.doc[end].text == ")"
            and self.doc[end + 1].text[:1].isupper()
            and any(t.text == "(" for t in self.doc[max(0, start - 6) : start])
        ):
            return
        name = " ".join(t.text for t in tokens)
        known = self.catalog.lookup(name)
        if known is not None and known.kind == "person":
            self.person(start, end, known.id, 0.9)
            return
        before = self.paren_first_name(start)
        if before:
            name = f"{before} {name}"
        person_id = slugify(name)
        if len(tokens) == 1 and tokens[0].text in self.surnames:
            person_id, name = self.surnames[tokens[0].text]
        elif len(tokens) > 1:
            self.surnames.setdefault(tokens[-1].text, (person_id, name))
        role, affiliation = context_role(self.doc, start, end, self.floor(start))
        span = self.doc[start:end]
        self.add(
            start,
            end,
            span.start_char,
            span.end_char,
            kind="person",
            actor_id=person_id,
            state=None,
            confidence=0.75 if len(tokens) > 1 else 0.6,
            role=role or title,
            affiliation=affiliation,
        )

    def paren_first_name(self, start: int) -> str | None:
        """ "(Nicolas) Maduro" -> "Nicolas"; "(Russian President Vladimir) Putin" -> "Vladimir"."""
        if start < 2 or self.doc[start - 1].text != ")":
            return None
        prev = self.doc[start - 2]
        return prev.text if prev.pos_ == "PROPN" and prev.text[:1].isupper() else None

    def ner_org(self, ent: SpacySpan) -> None:
        tokens = [t for t in ent if not t.is_space]
        while tokens and tokens[0].lower_ == "the":
            tokens = tokens[1:]
        while tokens and tokens[-1].text in ("'s", "’s", "'", "’"):
            tokens = tokens[:-1]
        tokens, _title = strip_titles(tokens)
        if not tokens or not any(t.text[:1].isupper() and t.is_alpha for t in tokens):
            return
        if all(is_title_word(t.text) or t.lower_ in self.lex.role_nouns for t in tokens):
            return  # "Supreme", "President": a title the tagger took for a name
        if inside_title(self.doc, tokens[0].i, tokens[-1].i + 1):
            return  # "State" of "Secretary of State"
        if len(tokens) == 1 and tokens[0].text in self.surnames:
            self.short_name(tokens[0])  # NER calls "Waller" an organisation
            return
        span = self.doc[tokens[0].i : tokens[-1].i + 1]
        self.add(
            span.start,
            span.end,
            span.start_char,
            span.end_char,
            kind="unresolved",
            actor_id=None,
            state=self.owner_state(span.start),
            confidence=0.5,
        )

    def owner_state(self, start_tok: int) -> str | None:
        """The state an organisation the catalog does not know belongs to, when the text
        says so before its name: "Russia's Transneft", "Russian state pipeline operator
        Transneft", "Iran's state-run broadcaster IRIB" (a state mention, then only
        lower-case modifier words)."""
        doc = self.doc
        i = start_tok - 1
        skipped = False
        while i >= 0 and start_tok - i <= 5 and (
            (doc[i].is_lower and doc[i].pos_ in ("NOUN", "ADJ", "PROPN", "VERB"))
            or (doc[i].text == "-" and i > 0 and doc[i - 1].is_lower)
            or doc[i].text in ("'s", "’s")
        ):
            skipped = True
            i -= 1
        # "Israel Hamas" (no modifier between) is two actors, "Russian Transneft" is one's
        if i < 0 or not (skipped or doc[i].ent_type_ == "NORP"):
            return None
        owner = next(
            (m for m in self.mentions if m.kind in ("state", "substate")
             and m.start <= self.doc[i].idx < m.end),
            None,
        )  # fmt: skip
        return owner.state if owner is not None else None

    # -- names the statistical NER missed, recognisable by a role apposition after them
    def appositive_names(self) -> None:
        """ "Ryhor Nizhnikau, a Russia expert at ..." -> a person, even when NER misses it:
        two to four capitalised proper nouns followed by ", a/an ... <role noun>"."""
        doc, role_nouns = self.doc, self.lex.role_nouns
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and j - i < 4 and doc[j].pos_ == "PROPN" and doc[j].is_title:
                j += 1
            if (
                j - i >= 2
                and j + 2 < len(doc)
                and doc[j].text == ","
                and doc[j + 1].lower_ in ("a", "an")
                and any(t.lower_ in role_nouns for t in doc[j + 2 : j + 8])
                and not any(k in self.taken for k in range(i, j))
                and not any(doc[k].ent_type_ in ("GPE", "NORP", "ORG", "FAC") for k in range(i, j))
                and not _in_noise(self.noise, doc[i].idx, doc[j - 1].idx + len(doc[j - 1]))
            ):
                name = " ".join(t.text for t in doc[i:j])
                role, affiliation = context_role(doc, i, j, self.floor(i))
                person_id = slugify(name)
                self.surnames.setdefault(doc[j - 1].text, (person_id, name))
                span = doc[i:j]
                self.add(i, j, span.start_char, span.end_char, kind="person",
                         actor_id=person_id, state=None, confidence=0.7, role=role,
                         affiliation=affiliation)  # fmt: skip
            i = max(j, i + 1)

    # -- short names of people named in full earlier or later in the document
    def short_names(self) -> None:
        for tok in self.doc:
            if tok.i in self.taken or tok.text not in self.surnames or tok.pos_ != "PROPN":
                continue
            if _in_noise(self.noise, tok.idx, tok.idx + len(tok)):
                continue
            self.short_name(tok)

    def short_name(self, tok: Token) -> None:
        person_id, _name = self.surnames[tok.text]
        actor = self.catalog.get(person_id)
        state = self.catalog.state_of(person_id, self.when) if actor else None
        role, affiliation = context_role(self.doc, tok.i, tok.i + 1, self.floor(tok.i))
        self.add(
            tok.i,
            tok.i + 1,
            tok.idx,
            tok.idx + len(tok),
            kind="person",
            actor_id=person_id,
            state=state,
            confidence=0.85,
            role=role,
            affiliation=affiliation,
        )

    # -- he/she -> the one person in view
    def pronouns(self) -> None:
        text = self.document.text
        people = sorted(
            (m for m in self.mentions if m.kind == "person" and m.actor_id
             # an interview label ("McFaul: ...") names the speaker, not a referent
             and text[m.end : m.end + 1] != ":"),
            key=lambda m: m.start,
        )  # fmt: skip
        sents = list(self.doc.sents)
        for k, sent in enumerate(sents):
            for tok in sent:
                if tok.lower_ not in _PRONOUNS or tok.pos_ != "PRON":
                    continue
                if _in_noise(self.noise, tok.idx, tok.idx + len(tok)):
                    continue
                here = {m.actor_id for m in people if sent.start_char <= m.start < tok.idx}
                if not here and k > 0:
                    prev = sents[k - 1]
                    here = {
                        m.actor_id for m in people if prev.start_char <= m.start < prev.end_char
                    }
                if len(here) != 1:
                    continue
                person_id = next(iter(here))
                assert person_id is not None
                self.add(
                    tok.i,
                    tok.i + 1,
                    tok.idx,
                    tok.idx + len(tok),
                    kind="person",
                    actor_id=person_id,
                    state=self.person_state(person_id),
                    confidence=0.6,
                )

    def person_state(self, person_id: str) -> str | None:
        for m in self.mentions:
            if m.actor_id == person_id:
                return m.state
        return None


def resolve_mentions(sdoc: Doc, document: Document, catalog: Catalog) -> list[Mention]:
    """Every actor mention in ``sdoc`` with its actor id (or unresolved), by offset."""
    resolver = _Resolver(sdoc, document, catalog)
    resolver.catalog_matches()
    resolver.compounds()
    resolver.ner()
    resolver.appositive_names()
    resolver.short_names()
    resolver.pronouns()
    return _dedupe(resolver.mentions)


def _dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        seen.setdefault((m.start, m.end), m)
    return sorted(seen.values(), key=lambda m: (m.start, m.end))
