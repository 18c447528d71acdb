"""Near-duplicates: repeated passages inside one document, and copies across documents.

*Within a document* (:func:`find_repeated`): two sentences are similar when the shorter
shares at least 70% of its words with the other. A paragraph where at least half the
sentences are similar to sentences of *other* paragraphs is a digest (a blog's lead that
condenses the article) and is marked whole, so the full, attributed sentences later stay
unmarked. Of the remaining similar pairs, the sentence that says less is marked (for equal
ones, the later). Adjacent marked sentences merge into one span. Sentences of fewer than 6
words are ignored (headings, "he said." fragments).

*Across documents* (:class:`NearDuplicateIndex`): sentence-level MinHash (datasketch) with
LSH. A new text is a near-duplicate of a stored document when at least
``duplicate_share`` of its sentences match one of that document's sentences at Jaccard ≥
``minhash_threshold`` (both from settings). Signatures serialise to bytes
(:func:`signature_bytes`) so the store can persist them and rebuild the index.

Sentences are split with a regex, not spaCy: this runs for every ingested document and must
stay cheap (spaCy is loaded later, in the NLP stage).
"""

from __future__ import annotations

import re
import struct
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from allywatch.config import Settings, get_settings
from allywatch.types import Span

__all__ = [
    "NUM_PERM",
    "NearDuplicateIndex",
    "find_repeated",
    "sentence_spans",
    "signature_bytes",
    "signatures_from_bytes",
    "text_signatures",
]

NUM_PERM = 64
_SEED = 1
_MIN_WORDS = 6
_CONTAINMENT = 0.7
_DIGEST_SHARE = 0.5
_MAGIC = b"AWMH1"

_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n{2,}")
_WORD = re.compile(r"\w+(?:['’]\w+)?")
# Abbreviations after which a period does not end a sentence.
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sen|Rep|Gov|St|Jr|Sr|Inc|Co|Corp|Ltd|vs|No|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|U\.K|E\.U|[A-Z])\.$"
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Rough sentence spans of ``text[start:end]`` (regex; abbreviations respected)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if m.group(0).strip() == "" and _ABBREV.search(text, max(pos, m.start() - 8), m.start()):
            continue
        s, e = pos, m.start() + len(m.group(0).rstrip())
        if text[s:e].strip():
            spans.append(_trimmed(text, s, e))
        pos = m.end()
    if text[pos:end].strip():
        spans.append(_trimmed(text, pos, end))
    return spans


def _trimmed(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(s, e)


# Function words carry no content: two sentences sharing only these are not repeats.
_STOP_WORDS = (
    "a an the of and or but to in on at by for from with as is are was were be been has have "
    "had it its this that these those which who whom whose he she they them his her their "
    "not no will would can could may might should than then there also into over about after "
    "before while during since such so only more most any all some other"
)
_STOP = frozenset(_STOP_WORDS.split())


def _words(text: str) -> set[str]:
    words = {w.lower().replace("’", "'") for w in _WORD.findall(text)}
    return words - _STOP


def find_repeated(text: str, paragraphs: Iterable[Span] = ()) -> tuple[Span, ...]:
    """Spans of ``text`` that repeat other passages of it (see the module docstring)."""
    paras = list(paragraphs) or [Span(0, len(text))]
    spans: list[Span] = []
    para_of: list[int] = []
    for p, para in enumerate(paras):
        for span in sentence_spans(text, para.start, para.end):
            spans.append(span)
            para_of.append(p)
    sets = [_words(text[s.start : s.end]) for s in spans]
    pairs = _similar_pairs(sets)
    marked = [False] * len(spans)
    # 1. Digest paragraphs: most of their sentences restate sentences of other paragraphs.
    partners: dict[int, set[int]] = {}
    for i, j in pairs:
        partners.setdefault(i, set()).add(j)
        partners.setdefault(j, set()).add(i)
    by_para: dict[int, list[int]] = {}
    for i, p in enumerate(para_of):
        if len(sets[i]) >= _MIN_WORDS:
            by_para.setdefault(p, []).append(i)
    for _p, members in sorted(by_para.items()):
        if len(members) < 2:
            continue
        echoed = [i for i in members if any(para_of[j] != para_of[i] and not marked[j]
                                            for j in partners.get(i, ()))]  # fmt: skip
        if len(echoed) / len(members) >= _DIGEST_SHARE:
            for i in range(len(spans)):
                if para_of[i] == _p:
                    marked[i] = True
    # 2. Single repeated sentences: the one that says less, or the later of equals.
    for i, j in pairs:
        if marked[i] or marked[j]:
            continue
        a, b = sets[i], sets[j]
        later = j if i < j else i
        if len(a) == len(b):
            marked[later] = True
        else:
            marked[i if len(a) < len(b) else j] = True
    return _merge_marked(text, spans, marked)


def _similar_pairs(sets: list[set[str]]) -> list[tuple[int, int]]:
    """Pairs (i < j) of sentences where the smaller shares >= 70% of its words with the other."""
    index: dict[str, list[int]] = {}
    for i, words in enumerate(sets):
        for w in words:
            index.setdefault(w, []).append(i)
    pairs: list[tuple[int, int]] = []
    for i, words in enumerate(sets):
        if len(words) < _MIN_WORDS:
            continue
        overlap: Counter[int] = Counter()
        for w in words:
            overlap.update(index[w])
        for j, shared in overlap.items():
            if j <= i or len(sets[j]) < _MIN_WORDS:
                continue
            if shared / min(len(words), len(sets[j])) >= _CONTAINMENT:
                pairs.append((i, j))
    return pairs


def _merge_marked(text: str, spans: list[Span], marked: list[bool]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span, is_marked in zip(spans, marked, strict=True):
        if not is_marked:
            continue
        between = text[merged[-1].end : span.start] if merged else None
        if merged and between is not None and between.strip() == "" and "\n\n" not in between:
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return tuple(merged)


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """A MinHash whose permutations are generated once and shared (they cost ~1 ms each)."""
    return MinHash(num_perm=NUM_PERM, seed=_SEED)


def _minhash(words: Iterable[str]) -> LeanMinHash:
    tpl = _template()
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=tpl.permutations)
    m.update_batch([w.encode("utf-8") for w in words])
    return LeanMinHash(m)


def text_signatures(text: str) -> list[LeanMinHash]:
    """One MinHash per sentence of ``text`` with at least 6 words."""
    out = []
    for span in sentence_spans(text):
        words = _words(text[span.start : span.end])
        if len(words) >= _MIN_WORDS:
            out.append(_minhash(words))
    return out


def signature_bytes(signatures: list[LeanMinHash]) -> bytes:
    """Serialise sentence signatures: header, count, then uint64 hash values."""
    values = (
        np.stack([s.hashvalues for s in signatures]).astype(np.uint64)
        if signatures
        else np.zeros((0, NUM_PERM), dtype=np.uint64)
    )
    return _MAGIC + struct.pack("<II", NUM_PERM, len(signatures)) + values.tobytes()


def signatures_from_bytes(blob: bytes) -> list[LeanMinHash]:
    """Inverse of :func:`signature_bytes`."""
    if not blob.startswith(_MAGIC):
        raise ValueError("not an allywatch MinHash signature blob")
    num_perm, count = struct.unpack_from("<II", blob, len(_MAGIC))
    offset = len(_MAGIC) + 8
    values = np.frombuffer(blob, dtype=np.uint64, count=num_perm * count, offset=offset)
    return [LeanMinHash(seed=_SEED, hashvalues=row) for row in values.reshape(count, num_perm)]


class NearDuplicateIndex:
    """Sentence-level MinHash LSH over stored documents.

    ``add(doc_id, text)`` indexes a document; ``find(text)`` returns the id of a stored
    document that the text nearly duplicates, or None. ``add_signatures`` rebuilds the
    index from stored bytes without the text.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        settings = settings or get_settings()
        self.threshold = settings.minhash_threshold
        self.share = settings.duplicate_share
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)
        self._sizes: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._sizes)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._sizes

    def add(self, doc_id: str, text: str) -> bytes:
        """Index ``text`` as ``doc_id``; returns its signature bytes for storage."""
        signatures = text_signatures(text)
        self.add_signatures(doc_id, signatures)
        return signature_bytes(signatures)

    def add_signatures(self, doc_id: str, signatures: list[LeanMinHash] | bytes) -> None:
        if isinstance(signatures, bytes):
            signatures = signatures_from_bytes(signatures)
        if doc_id in self._sizes:
            return
        with self._lsh.insertion_session() as session:
            for i, sig in enumerate(signatures):
                session.insert(f"{doc_id}\x1f{i}", sig, check_duplication=False)
        self._sizes[doc_id] = len(signatures)

    def find(self, text: str) -> str | None:
        """The stored document this text nearly duplicates, or None."""
        signatures = text_signatures(text)
        if not signatures:
            return None
        hits: Counter[str] = Counter()
        for sig in signatures:
            docs = {key.split("\x1f", 1)[0] for key in self._lsh.query(sig)}
            hits.update(docs)
        best = [(n, doc) for doc, n in hits.items() if n / len(signatures) >= self.share]
        return max(best)[1] if best else None
