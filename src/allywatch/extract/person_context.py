"""What is written around a name: titles, roles and affiliations, datelines.

Helpers of mention resolution (``extract/actors.py``), kept apart so that module stays
readable. The word lists come from ``extract/resources/catalog/lexicon.yaml``.

- ``strip_titles``: "Supreme Leader Ayatollah Ali Khamenei" -> the name and the title;
- ``context_role``: role and affiliation before a name ("China's foreign ministry
  spokesperson Mao Ning", "North Korean leader Kim Jong Un") or in an apposition after it
  ("Olli Ruohomaki, a Middle East expert at the Finnish Institute of International Affairs");
- ``dateline_spans``: wire-story datelines ("SEOUL —", "KYIV, Ukraine (AP) —") — a place
  and an agency credit, never an actor nor anyone's affiliation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from allywatch.nlp import paragraph_spans
from allywatch.nlp.components import dateline_end, lexicon
from allywatch.types import Document, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "Lex",
    "context_role",
    "dateline_spans",
    "inside_title",
    "is_name_like",
    "is_title_word",
    "split_affiliation",
    "strip_titles",
    "word_lists",
]

_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_NAME_PARTICLES = frozenset({"-", "al-", "bin", "de", "da", "von", "van", "der"})

@dataclass(frozen=True, slots=True)
class Lex:
    """The word lists of ``lexicon.yaml`` in the shapes the resolver needs."""

    titles: tuple[str, ...]
    role_nouns: frozenset[str]
    locative: frozenset[str]
    relational: frozenset[str]
    boilerplate: tuple[re.Pattern[str], ...]
    bylines: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def word_lists() -> Lex:
    """The lexicon, loaded once per process (titles longest first)."""
    data = lexicon()
    titles = sorted(data["titles"], key=lambda t: -len(t.split()))
    return Lex(
        titles=tuple(titles),
        role_nouns=frozenset(data["role_nouns"]),
        locative=frozenset(data["locative_prepositions"]),
        relational=frozenset(data.get("relational_nouns", ())),
        boilerplate=tuple(re.compile(p) for p in data["boilerplate_patterns"]),
        bylines=tuple(re.compile(p) for p in data["byline_patterns"]),
    )


def dateline_spans(document: Document) -> tuple[Span, ...]:
    """The dateline at the start of any paragraph ("SEOUL, South Korea (AP) — ")."""
    out = []
    for para in paragraph_spans(document.text, document.paragraphs):
        end = dateline_end(document.text, para)
        if end is not None:
            out.append(Span(para.start, end))
    return tuple(out)


def strip_titles(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """Drop leading title words ("President", "Supreme Leader Ayatollah") -> (rest, role)."""
    lex = word_lists()
    role: list[str] = []
    changed = True
    while tokens and changed:
        changed = False
        for title in lex.titles:
            parts = title.split()
            if len(tokens) > len(parts) and [t.text for t in tokens[: len(parts)]] == parts:
                role.append(title)
                tokens = tokens[len(parts) :]
                changed = True
                break
    while tokens and tokens[-1].text in _POSSESSIVE:
        tokens = tokens[:-1]
    return tokens, (" ".join(role) or None)


def is_title_word(word: str) -> bool:
    """A title or the first word of one ("Supreme" of "Supreme Leader")."""
    return any(title == word or title.startswith(word + " ") for title in word_lists().titles)


def inside_title(doc: Doc, start: int, end: int) -> bool:
    """Tokens [start, end) are part of a written-out title ("State" in "Secretary of
    State Marco Rubio"), which the statistical NER sometimes tags as an organisation."""
    for title in word_lists().titles:
        parts = title.split()
        if len(parts) <= end - start:
            continue
        for offset in range(len(parts) - (end - start) + 1):
            first = start - offset
            if first < 0 or first + len(parts) > len(doc):
                continue
            if [t.text for t in doc[first : first + len(parts)]] == parts:
                return True
    return False


def is_name_like(tokens: list[Token]) -> bool:
    """Capitalised words, name particles, or the lower-case half of a hyphenated given
    name ("Lee Sung-joon", "Kim Ji-young")."""
    doc_tokens = list(tokens)
    return (
        bool(doc_tokens)
        and all(
            t.text[:1].isupper()
            or t.text in _NAME_PARTICLES
            or (t.is_punct and t.text in ".-")
            or (t.i > 0 and t.doc[t.i - 1].text == "-" and t.is_lower and t.is_alpha)
            for t in doc_tokens
        )
        and any(t.is_alpha and len(t.text) > 1 for t in doc_tokens)
    )


def _entity_start(doc: Doc, i: int) -> int:
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _before_role(doc: Doc, i: int, floor: int) -> str | None:
    """The affiliation written before a role: the entity at ``i`` ("North Korean"), its
    possessive ("Ukraine's"), or an institution phrase headed by one ("China's foreign
    ministry", "the Russian defence ministry")."""
    if i < floor:
        return None
    k = _entity_start(doc, i) if doc[i].ent_type_ else i
    if doc[k].text in _POSSESSIVE:
        k -= 1  # "Ukraine's Foreign Minister ..."
    # lower-case institution words before the role ("foreign ministry", "spy agency")
    while k > floor and doc[k].is_lower and doc[k].is_alpha and i - k < 4:
        k -= 1
    if doc[k].text in _POSSESSIVE and k - 1 >= floor and doc[k - 1].ent_type_:
        k -= 1
    if k < floor or not doc[k].ent_type_ or doc[k].ent_type_ not in ("GPE", "NORP", "ORG"):
        return None
    k = _entity_start(doc, k)
    end = i if doc[i].text in _POSSESSIVE else i + 1
    return doc[max(k, floor) : end].text or None


def context_role(
    doc: Doc, start: int, end: int, floor: int = 0
) -> tuple[str | None, str | None]:
    """Role and affiliation written around a person name at tokens [start, end).

    Before the name: "Ukraine's Foreign Minister Andrii Sybiha", "analyst Dara Massicot".
    After it (apposition): "Olli Ruohomaki, a Middle East expert at the Finnish Institute of
    International Affairs, told ...". Nothing before token ``floor`` (a dateline) counts."""
    lex = word_lists()
    # Apposition after the name.
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an", "the"):
        stop = end + 1
        sent_end = doc[end].sent.end
        while (
            stop < sent_end
            and doc[stop].text not in (",", ";", ".", "—", "–", "(")
            and not (doc[stop].pos_ in ("VERB", "AUX") and doc[stop].tag_ != "VBN")
        ):
            stop += 1
        words = doc[end + 2 : stop]
        if len(words) >= 1:
            return split_affiliation(list(words))
    if end < len(doc) and doc[end].text == "," and end + 1 < len(doc):
        # "Richard Betts, professor emeritus of ... at Columbia University,"
        first = doc[end + 1]
        second = doc[end + 2] if end + 2 < len(doc) else first
        if any(t.lower_ in lex.role_nouns or t.text in lex.titles for t in (first, second)) and (
            first.pos_ in ("ADJ", "NOUN", "PROPN")
        ):
            stop = end + 1
            while stop < first.sent.end and doc[stop].text not in (",", ";", "."):
                stop += 1
            return split_affiliation(list(doc[end + 1 : stop]))
    # Title or role noun before the name.
    floor = max(floor, doc[start].sent.start)
    i = start - 1
    role_tokens: list[Token] = []
    while i >= floor and (
        doc[i].text in lex.titles
        or doc[i].lower_ in lex.role_nouns
        or (role_tokens and doc[i].text[:1].isupper() and doc[i].pos_ == "PROPN"
            and doc[i].ent_type_ not in ("GPE", "NORP"))
        # "Secretary-General": a hyphenated title
        or (role_tokens and doc[i].text == "-" and i > floor and not doc[i - 1].whitespace_
            and not doc[i].whitespace_)
    ):  # fmt: skip
        role_tokens.insert(0, doc[i])
        i -= 1
    if not role_tokens:
        return None, None
    role = "".join(t.text_with_ws for t in role_tokens).strip()
    return role, _before_role(doc, i, floor)


def split_affiliation(words: list[Token]) -> tuple[str | None, str | None]:
    """ "Middle East expert at the Finnish Institute ..." -> (role, affiliation).

    A participle ends the role: "a lawmaker briefed by the intelligence service" is a
    lawmaker, not a member of that service ("based at ..." keeps its place)."""
    participle = next(
        (k for k, t in enumerate(words) if k > 0 and t.tag_ == "VBN" and t.lower_ != "based"),
        None,
    )
    if participle is not None:
        words = words[:participle]
    cut = next((k for k, t in enumerate(words) if t.lower_ == "at"), None)
    if cut is None:
        cut = next(
            (
                k
                for k, t in enumerate(words)
                if t.lower_ in ("of", "with", "for")
                and k + 1 < len(words)
                and (words[k + 1].ent_type_ in ("ORG", "GPE", "NORP")
                     or (k + 2 < len(words) and words[k + 2].text in _POSSESSIVE))
            ),
            None,
        )  # fmt: skip
    if cut is None:
        return " ".join(t.text for t in words) or None, None
    role = " ".join(t.text for t in words[:cut]) or None
    rest = words[cut + 1 :]
    while rest and rest[0].lower_ == "the":
        rest = rest[1:]
    text = re.sub(r"\s+", " ", "".join(t.text_with_ws for t in rest)).strip()
    text = re.split(r" and the ", text)[0]
    return role, (text or None)
