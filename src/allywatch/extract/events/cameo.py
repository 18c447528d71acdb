"""PETRARCH-2's CAMEO verb dictionary as a lexicon on spaCy parses.

The data is ``resources/events/cameo_verbs.jsonl``, derived from PETRARCH-2's
``CAMEO.2.0.txt`` (MIT) by ``scripts/derive_cameo_lexicon.py``, with each CAMEO code mapped to
its PLOVER type. :meth:`CameoLexicon.hits` reads a verb token the way PETRARCH-2 reads a verb
phrase: the verb's own code (from its block, or its own), then every pattern of its block
whose words are found around it -- the words after the verb in its phrase (objects and their
modifiers), prepositional phrases by preposition, and the words before it (its subject
phrase). A pattern's weight is how many of its items matched, so "deliver aid" (AID) is more
specific than "deliver" (no code). The hits are features of the decision step, not decisions.

PETRARCH matches patterns on a constituency parse; this reads them on a dependency parse,
which is why matching is by word sets over a phrase rather than by exact positions.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Token

from allywatch.errors import ConfigError

__all__ = ["CameoHit", "CameoLexicon", "load_cameo"]

log = logging.getLogger(__name__)

#: Dependencies whose subtrees are another clause: their words do not belong to the verb's
#: own phrase.
_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "parataxis", "conj", "csubj", "mark"})
#: How far after the verb a pattern's words are looked for (tokens).
_WINDOW = 14


@dataclass(frozen=True, slots=True)
class CameoHit:
    """One reading of a verb by the dictionary: a CAMEO code, its PLOVER type/mode, and how
    specific the reading is (0: the verb alone; n: a pattern with n matched items)."""

    code: str
    type: str | None
    mode: str | None
    specificity: int
    block: str
    target_pp: str | None = None  # a pattern's "(TO +)": the object of "to" is the target
    source_pp: str | None = None


@dataclass(frozen=True, slots=True)
class _Verb:
    block: str
    code: str | None
    type: str | None
    mode: str | None
    after: tuple[str, ...]
    before: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Pattern:
    block: str
    code: str | None
    type: str | None
    mode: str | None
    pre: tuple[Any, ...]
    post: tuple[Any, ...]
    words: frozenset[str]  # every literal word (a quick test before the full match)


class CameoLexicon:
    """Verbs, multi-word verbs, patterns and synsets of the CAMEO dictionary."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.about: dict[str, Any] = {}
        self.synsets: dict[str, tuple[tuple[str, ...], ...]] = {}
        self.verbs: dict[str, list[_Verb]] = {}
        self.forms: dict[str, str] = {}
        self.patterns: dict[str, list[_Pattern]] = {}
        for rec in records:
            kind = rec.get("kind")
            if kind == "about":
                self.about = rec
            elif kind == "synset":
                self.synsets[rec["name"]] = tuple(tuple(p) for p in rec["phrases"])
            elif kind == "verb":
                plover = rec.get("plover") or {}
                verb = _Verb(rec["block"], rec.get("code"), plover.get("type"),
                             plover.get("mode"), tuple(rec.get("after", ())),
                             tuple(rec.get("before", ())))  # fmt: skip
                self.verbs.setdefault(rec["lemma"], []).append(verb)
                for form in rec.get("forms", ()):
                    self.forms.setdefault(form, rec["lemma"])
            elif kind == "pattern":
                plover = rec.get("plover") or {}
                pre, post = tuple(rec["pre"]), tuple(rec["post"])
                self.patterns.setdefault(rec["block"], []).append(_Pattern(
                    rec["block"], rec.get("code"), plover.get("type"), plover.get("mode"),
                    pre, post, frozenset(_literal_words(pre + post)),
                ))  # fmt: skip

    def lemma_of(self, token: Token) -> str:
        lemma = token.lemma_.lower()
        if lemma in self.verbs:
            return lemma
        return self.forms.get(token.lower_, lemma)

    def has_verb(self, lemma: str) -> bool:
        return lemma in self.verbs

    def noun_codes(self, lemma: str) -> list[_Verb]:
        """The blocks of a verb spelt like ``lemma`` (an event noun such as "attack",
        "visit", "strike" reads like its verb)."""
        return self.verbs.get(lemma, [])

    def hits(self, token: Token) -> list[CameoHit]:
        """Every reading of verb ``token``: its entries (multi-word verbs only with their
        particle), then the patterns of their blocks that match around it."""
        lemma = self.lemma_of(token)
        entries = self.verbs.get(lemma)
        if not entries:
            return []
        after = _after_words(token)
        before = _before_words(token)
        out: list[CameoHit] = []
        blocks: set[str] = set()
        for verb in entries:
            if verb.after and not all(w in after.near for w in verb.after):
                continue
            if verb.before and not all(w in before.near for w in verb.before):
                continue
            if (
                not verb.after
                and any(c.dep_ == "prt" for c in token.children)
                # "call off": a particle verb's plain entry yields to the multi-word one
                and any(v.after and all(w in after.near for w in v.after) for v in entries)
            ):
                continue
            if verb.code:
                out.append(CameoHit(verb.code, verb.type, verb.mode, len(verb.after), verb.block))
            blocks.add(verb.block)
        for block in sorted(blocks):
            for pat in self.patterns.get(block, ()):
                if pat.code is None and pat.type is None:
                    continue
                if pat.words and not pat.words <= (after.all | before.all):
                    continue
                hit = self._match(pat, after, before)
                if hit is not None:
                    out.append(hit)
        return out

    # --- pattern matching -------------------------------------------------------------
    def _match(self, pat: _Pattern, after: _Words, before: _Words) -> CameoHit | None:
        score = 0
        roles: dict[str, str | None] = {"target": None, "source": None}
        for item in pat.post:
            got = self._item(item, after, roles)
            if got < 0:
                return None
            score += got
        for item in pat.pre:
            got = self._item(item, before, roles)
            if got < 0:
                return None
            score += got
        if score == 0 and not (pat.post or pat.pre):
            return None
        return CameoHit(pat.code or "", pat.type, pat.mode, max(score, 1), pat.block,
                        target_pp=roles["target"], source_pp=roles["source"])  # fmt: skip

    def _item(self, item: dict[str, Any], words: _Words, roles: dict[str, str | None]) -> int:
        """Matched weight of one pattern item, or -1 when it does not match."""
        if "role" in item:
            return 0
        if "w" in item:
            return 1 if _has_phrase(words.seq, tuple(item["w"])) else -1
        if "syn" in item:
            return 1 if self._syn(item["syn"], words.seq) else -1
        if "phrase" in item:
            return self._phrase(item["phrase"], words.seq)
        if "pp" in item:
            prep = item["pp"]
            if prep is None:
                return sum(max(self._item(i, words, roles), 0) for i in item["items"])
            objects = words.pps.get(prep)
            if objects is None:
                return -1
            inner = _Words(seq=objects, all=frozenset(objects), near=frozenset(), pps={})
            score = 1
            for sub in item["items"]:
                if "role" in sub:
                    roles[sub["role"]] = prep
                    continue
                got = self._item(sub, inner, roles)
                if got < 0:
                    return -1
                score += got
            return score
        return 0

    def _syn(self, name: str, seq: tuple[str, ...]) -> bool:
        return any(_has_phrase(seq, phrase) for phrase in self.synsets.get(name, ()))

    def _phrase(self, parts: list[dict[str, Any]], seq: tuple[str, ...]) -> int:
        """A phrase mixing words and synsets ("{&CEASEFIRE PROPOSAL}"): every part found, in
        order."""
        pos = 0
        for part in parts:
            options = [tuple(part["w"])] if "w" in part else list(self.synsets.get(part["syn"], ()))
            found = -1
            for opt in options:
                at = _find(seq, opt, pos)
                if at >= 0 and (found < 0 or at < found):
                    found = at
                    width = len(opt)
            if found < 0:
                return -1
            pos = found + width
        return len(parts)


@dataclass(frozen=True, slots=True)
class _Words:
    seq: tuple[str, ...]  # word forms and lemmas in order, two slots per token
    all: frozenset[str]
    near: frozenset[str]  # particles and adjacent words (multi-word verbs)
    pps: dict[str, tuple[str, ...]]  # preposition -> the words of its object phrase


def _forms(tok: Token) -> tuple[str, str]:
    return tok.lower_, tok.lemma_.lower()


def _phrase_tokens(token: Token, right: bool) -> list[Token]:
    """The tokens of ``token``'s own phrase on one side, subordinate clauses cut off."""
    out: list[Token] = []
    for child in token.children:
        if (child.i > token.i) != right or child.dep_ in _CLAUSES:
            continue
        if right and child.i - token.i > _WINDOW:
            continue
        out.extend(t for t in child.subtree if not _crosses_clause(t, child))
    return sorted(out, key=lambda t: t.i)


def _crosses_clause(tok: Token, top: Token) -> bool:
    node = tok
    while node.i != top.i:
        if node.dep_ in {"relcl", "advcl", "ccomp", "acl"}:
            return True
        node = node.head
    return False


def _after_words(token: Token) -> _Words:
    toks = _phrase_tokens(token, right=True)
    seq = tuple(f for t in toks for f in _forms(t))
    pps: dict[str, tuple[str, ...]] = {}
    for t in toks:
        if t.dep_ in {"prep", "agent", "dative"} or (t.pos_ == "ADP" and t.dep_ != "prt"):
            inner = [g for g in t.subtree if g.i != t.i]
            pps.setdefault(t.lower_, tuple(f for g in inner for f in _forms(g)))
    for c in token.children:
        if c.dep_ in {"prep", "agent", "dative"}:
            inner = [g for g in c.subtree if g.i != c.i]
            pps.setdefault(c.lower_, tuple(f for g in inner for f in _forms(g)))
    near = {c.lower_ for c in token.children if c.dep_ in {"prt", "advmod", "prep"}}
    if token.i + 1 < len(token.doc):
        near.add(token.doc[token.i + 1].lower_)
    return _Words(seq=seq, all=frozenset(seq), near=frozenset(near), pps=pps)


def _before_words(token: Token) -> _Words:
    toks = _phrase_tokens(token, right=False)
    seq = tuple(f for t in toks for f in _forms(t))
    near = {token.doc[token.i - 1].lower_} if token.i > 0 else set()
    return _Words(seq=seq, all=frozenset(seq), near=frozenset(near), pps={})


def _find(seq: tuple[str, ...], phrase: tuple[str, ...], start: int = 0) -> int:
    """Where ``phrase`` starts in ``seq`` (two slots per token: form, lemma), or -1."""
    if not phrase:
        return -1
    n = len(phrase)
    for i in range(start - start % 2, len(seq), 2):
        ok = True
        for k in range(n):
            j = i + 2 * k
            if j >= len(seq) or phrase[k] not in (seq[j], seq[j + 1]):
                ok = False
                break
        if ok:
            return i
    return -1


def _has_phrase(seq: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return _find(seq, phrase) >= 0


def _literal_words(items: tuple[Any, ...]) -> list[str]:
    """The words a pattern needs whatever its synsets match (a quick pre-filter). Pattern
    words are written as word forms ("SANCTIONS"); a token offers its form and lemma."""
    out: list[str] = []
    for item in items:
        if "w" in item and len(item["w"]) == 1:
            out.append(item["w"][0])
        elif "pp" in item and item["pp"] is not None:
            out.extend(_literal_words(tuple(item["items"])))
    return out


@cache
def load_cameo() -> CameoLexicon:
    """Read the derived CAMEO lexicon (package data, cached)."""
    path = (
        resources.files("allywatch.extract.resources")
        .joinpath("events")
        .joinpath("cameo_verbs.jsonl")
    )
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the CAMEO lexicon: {exc}") from exc
    lex = CameoLexicon(records)
    log.debug("CAMEO lexicon: %d verb lemmas, %d pattern blocks", len(lex.verbs), len(lex.patterns))
    return lex
