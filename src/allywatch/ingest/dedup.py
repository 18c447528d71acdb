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
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain

import numpy as np
from datasketch import MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32

from allywatch.config import Settings, get_settings
from allywatch.types import Document, Span

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
_MAGIC = b"AWMH2"  # uint32 values
_MAGIC_V1 = b"AWMH1"  # uint64 values (read only)
_SCHEME = "affine32"  # datasketch >= 2 asks for the hashing scheme explicitly

# A sentence ends at end punctuation (plus closing quotes) followed by space and a capital
# or digit, or at a paragraph break. The pattern starts with a single character class so
# the regex engine can skip ahead between candidates (a lookbehind first is ~5x slower).
_SENT_END = re.compile(
    r"[.!?…\n]"
    r"(?:(?<=\n)\n+"  # a paragraph break: two or more line breaks
    r"|(?<!\n)[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9]))"  # punctuation, closing quotes, space
)
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
        gap = m.group(0)
        # Where the sentence's last punctuation ends, and what follows it up to the space.
        stop, closing = (m.start(), gap) if gap[0] == "\n" else (m.start() + 1, gap[1:])
        if closing.strip() == "" and _ABBREV.search(text, max(pos, stop - 8), stop):
            continue
        s, e = pos, m.start() + len(gap.rstrip())
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


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower().replace("’", "'"))) - _STOP


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[tuple[Span, ...], tuple[frozenset[str], ...]]:
    """Sentence spans of ``text`` and each sentence's content words.

    Cached: ingest splits a document once for :func:`find_repeated` while cleaning and again
    for its MinHash signature when storing it, a few documents later at most.
    """
    spans = tuple(sentence_spans(text))
    return spans, tuple(_words(text[s.start : s.end]) for s in spans)


def find_repeated(text: str, paragraphs: Iterable[Span] = ()) -> tuple[Span, ...]:
    """Spans of ``text`` that repeat other passages of it (see the module docstring)."""
    paras = list(paragraphs) or [Span(0, len(text))]
    starts = [p.start for p in paras]
    # One pass over the whole text: the splitter also breaks at paragraph breaks.
    spans, sets = _sentences(text)
    para_of = [max(0, bisect_right(starts, s.start) - 1) for s in spans]
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
        if len(echoed) >= 2 and len(echoed) / len(members) >= _DIGEST_SHARE:
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


def _similar_pairs(sets: Sequence[frozenset[str]]) -> list[tuple[int, int]]:
    """Pairs (i < j) of sentences where the smaller shares >= 70% of its words with the other.

    Prefix filtering keeps this near-linear: if a sentence of n words shares at least 70% of
    them with another, at least one of its ``floor(0.3 n) + 1`` rarest words is shared, so
    only sentences containing one of those are compared. Words found in no other sentence
    are the rarest of all; when there are that many of them, the sentence is skipped at once
    (most sentences of an article).
    """
    frequency = Counter(chain.from_iterable(sets))
    probes: dict[int, list[str]] = {}
    for i, words in enumerate(sets):
        n = len(words)
        if n < _MIN_WORDS:
            continue
        prefix = int((1 - _CONTAINMENT) * n) + 1
        shared = [w for w in words if frequency[w] > 1]
        unique = n - len(shared)  # the rarest words: in no other sentence
        if unique < prefix:
            probes[i] = sorted(shared, key=lambda w: (frequency[w], w))[: prefix - unique]
    # Postings only for the words some sentence probes with.
    needed = set(chain.from_iterable(probes.values()))
    postings: dict[str, list[int]] = {}
    for j, other in enumerate(sets):
        for w in needed.intersection(other):
            postings.setdefault(w, []).append(j)
    pairs: set[tuple[int, int]] = set()
    for i, rarest in probes.items():
        words, n = sets[i], len(sets[i])
        for j in {j for w in rarest for j in postings[w]}:
            other = sets[j]
            # Each pair is checked from its smaller sentence (ties: from both sides).
            if j == i or len(other) < n:
                continue
            if len(words & other) >= _CONTAINMENT * n:
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def _merge_marked(text: str, spans: Sequence[Span], marked: list[bool]) -> tuple[Span, ...]:
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
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations (a, b) of datasketch's MinHash for our seed and size.

    Taken from datasketch so that the signatures computed here are exactly the hash values
    ``MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").update_batch(words)`` gives
    (a test checks this); generating them costs ~1 ms, so it is done once.
    """
    a, b = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


#: 32-bit SHA-1 hash of each word seen (datasketch's default hash function). Vocabulary
#: repeats heavily across articles, so most words are hashed once per process.
_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_MAX = 500_000
_U32 = np.uint32
# MurmurHash3's 32-bit finalizer, which datasketch's "affine32" scheme applies to every hash
# value before permuting it.
_FMIX = (_U32(16), _U32(0x85EBCA6B), _U32(13), _U32(0xC2B2AE35), _U32(16))


def _hash_words(words: list[str]) -> list[int]:
    cache = _WORD_HASHES
    if len(cache) > _WORD_HASHES_MAX:
        cache.clear()
    for word in set(words).difference(cache):
        cache[word] = sha1_hash32(word.encode("utf-8"))
    return list(map(cache.__getitem__, words))


def _signature_matrix(word_sets: Sequence[frozenset[str]]) -> np.ndarray:
    """MinHash signatures of several word sets at once: a (sets, NUM_PERM) uint32 array.

    datasketch's ``MinHash.update_batch`` (and ``MinHash.bulk``, a loop over it) builds one
    object and one permuted array per sentence; a document's ~20 sentences cost ~4 ms that
    way. Here every word of the document is hashed and permuted in one numpy operation and
    the per-sentence minima are taken with ``np.minimum.reduceat`` (~0.2 ms), with
    identical values.
    """
    if not word_sets:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    sizes = [len(words) for words in word_sets]
    hv = np.array(_hash_words([w for words in word_sets for w in words]), dtype=np.uint32)
    s1, m1, s2, m2, s3 = _FMIX
    hv ^= hv >> s1
    hv *= m1
    hv ^= hv >> s2
    hv *= m2
    hv ^= hv >> s3
    a, b = _permutations()
    permuted = hv[:, None] * a[None, :] + b[None, :]
    offsets = np.zeros(len(sizes), dtype=np.intp)
    np.cumsum(sizes[:-1], out=offsets[1:])
    return np.minimum.reduceat(permuted, offsets, axis=0)


def text_signatures(text: str) -> np.ndarray:
    """MinHash signatures of the sentences of ``text`` with at least 6 content words:
    one row of NUM_PERM uint32 hash values per sentence."""
    _spans, sets = _sentences(text)
    return _signature_matrix([words for words in sets if len(words) >= _MIN_WORDS])


def signature_bytes(signatures: np.ndarray) -> bytes:
    """Serialise sentence signatures: header, permutations, count, then uint32 values."""
    values = np.ascontiguousarray(signatures, dtype="<u4").reshape(-1, NUM_PERM)
    return _MAGIC + struct.pack("<II", NUM_PERM, len(values)) + values.tobytes()


def signatures_from_bytes(blob: bytes) -> np.ndarray:
    """Inverse of :func:`signature_bytes`; also reads the uint64 blobs of version 1."""
    if blob.startswith(_MAGIC):
        dtype: str = "<u4"
    elif blob.startswith(_MAGIC_V1):
        dtype = "<u8"
    else:
        raise ValueError("not an allywatch MinHash signature blob")
    offset = len(_MAGIC)
    if len(blob) < offset + 8:
        raise ValueError("truncated allywatch MinHash signature blob")
    num_perm, count = struct.unpack_from("<II", blob, offset)
    if num_perm != NUM_PERM:
        raise ValueError(f"MinHash signature blob has {num_perm} permutations, not {NUM_PERM}")
    values = np.frombuffer(blob, dtype=dtype, count=num_perm * count, offset=offset + 8)
    return values.astype(np.uint32).reshape(count, num_perm)


@lru_cache(maxsize=8)
def _banding(threshold: float) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for ``threshold`` (it integrates the
    false positive and negative rates numerically: ~0.1 s, so once per threshold)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


#: Entries (a sentence of a document) each LSH bucket records at most: what keeps a query's
#: work bounded however often a sentence recurs (see :class:`NearDuplicateIndex`).
BUCKET = 32


class NearDuplicateIndex:
    """Sentence-level MinHash LSH over stored documents.

    Two ways to use it:

    * with texts: ``add(doc_id, text)`` indexes a document and returns its signature bytes;
      ``find(text)`` returns the id of a stored document the text nearly duplicates, or None;
    * with signatures (what the store keeps): ``signature(doc_or_text) -> bytes``,
      ``query(signature) -> doc_id | None`` and ``add(doc_id, signature)``, so the index can
      be rebuilt from ``documents.minhash`` without re-reading any text.

    ``threshold`` (sentence Jaccard) and ``share`` (of the new text's sentences that must
    match one stored document) default to the settings ``minhash_threshold`` and
    ``duplicate_share``. Each sentence of a stored document is an *entry* in one bucket per
    LSH band (keyed by its values in that band). A new sentence *matches* a stored document
    when it shares a bucket with one of the document's entries and their signatures agree
    in at least ``threshold`` of their values. The text nearly duplicates the stored
    document matched by the most of its sentences (ties: the greatest id), when that is at
    least ``share`` of them.

    **Bounded work per query: a bucket records its first ``bucket`` entries** (default
    :data:`BUCKET`). A sentence that recurs across documents (a wire service's "could not
    independently verify the report", a story syndicated to hundreds of sites, a template
    with its numbers changed) would otherwise add an entry per document to the same
    buckets, and every later query of it would go through all of them: the cost of a query
    would grow with the store, and an ingest with the square of the stream. With the cap a
    new sentence is recorded in the bands whose bucket has room (an entry with room in no
    band is not kept), and a query compares each of its sentences with at most ``bands *
    bucket`` entries and credits at most that many documents, whatever the size of the
    store (a test counts the comparisons as copies grow). ``bucket=None`` records every
    entry: the exact reference, the behaviour before the cap.

    What the cap changes, exactly: a match between a new sentence and a sentence s of a
    stored document D is missed when every bucket the two share was full (``bucket``
    entries) when D was added. Only sentences that recur that often, identical or nearly,
    lose matches, and the documents recorded first for them keep theirs, so:

    * a copy of a document whose sentences are mostly its own (a news story, however widely
      syndicated and edited later) finds it as before: the original's sentences were new
      when it was stored, so their buckets had room;
    * among stored documents tied for the most matches (the original of a story and its
      earlier copies), the one chosen is the greatest id among those recorded, an arbitrary
      choice as before;
    * a text that reaches ``share`` only by counting recurring sentences with a document
      stored after their buckets filled is no longer its near-duplicate. Such sentences
      identify no particular document (sharing them is no evidence of copying one rather
      than the hundreds of others that hold them), and finding that document would mean
      going through all their holders, the cost removed here. On the benchmark's templated
      corpus (56 sentences recombined, states and numbers varied) this is what happens to
      the texts that by chance share 60% of their templates with an earlier one.

    Which entries come first is the order documents were added: a run's read order, or id
    order when the index is rebuilt from the store (``iter_minhashes``).

    The banding (``b`` bands of ``r`` rows) is the one datasketch's ``MinHashLSH`` picks for
    the threshold. The index itself is a dict per band written here rather than
    ``MinHashLSH``: that takes one MinHash object per sentence and returns keys only, while
    we band a whole document's signature matrix at once, check each candidate sentence's
    estimated Jaccard against the threshold (so LSH's near-misses above or below the
    threshold do not count) and cap the buckets.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        threshold: float | None = None,
        share: float | None = None,
        bucket: int | None = BUCKET,
    ) -> None:
        if threshold is None or share is None:
            settings = settings or get_settings()
        self.threshold = threshold if threshold is not None else settings.minhash_threshold  # type: ignore[union-attr]
        self.share = share if share is not None else settings.duplicate_share  # type: ignore[union-attr]
        if bucket is not None and bucket < 1:
            raise ValueError(f"NearDuplicateIndex: bucket must be at least 1, not {bucket}")
        self.bucket = bucket
        self._bands, self._rows = _banding(self.threshold)
        # Band key -> the entries (numbers) recorded with those values in that band.
        self._tables: list[dict[bytes, list[int]]] = [{} for _ in range(self._bands)]
        # Every kept entry's signature and its document's number, in a growing buffer.
        self._sentences = np.zeros((1024, NUM_PERM), dtype=np.uint32)
        self._doc_of = np.zeros(1024, dtype=np.int64)
        self._count = 0
        self._doc_ids: list[str] = []
        self._numbers: dict[str, int] = {}
        #: Counters: candidate pairs (new sentence, entry) compared by queries; sentences
        #: of added documents kept as entries, and left out (every bucket full).
        self.compared = 0
        self.kept = 0
        self.left_out = 0

    def __len__(self) -> int:
        return len(self._numbers)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._numbers

    @staticmethod
    def signature(doc_or_text: Document | str) -> bytes:
        """Serialised sentence signatures of a document (or a text)."""
        text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
        return signature_bytes(text_signatures(text))

    def add(self, doc_id: str, text_or_signature: str | bytes) -> bytes:
        """Index a document from its text or its signature bytes; returns the signature."""
        if isinstance(text_or_signature, bytes):
            self.add_signatures(doc_id, text_or_signature)
            return text_or_signature
        signatures = text_signatures(text_or_signature)
        self.add_signatures(doc_id, signatures)
        return signature_bytes(signatures)

    def add_signatures(self, doc_id: str, signatures: np.ndarray | bytes) -> None:
        if isinstance(signatures, bytes):
            signatures = signatures_from_bytes(signatures)
        if doc_id in self._numbers:
            return
        number = len(self._doc_ids)
        self._numbers[doc_id] = number
        self._doc_ids.append(doc_id)
        cap, first = self.bucket, self._count
        rows: list[int] = []  # the sentences kept, in entry order from ``first``
        for i, band_keys in enumerate(zip(*self._band_keys(signatures), strict=True)):
            entry, recorded = first + len(rows), False
            for table, key in zip(self._tables, band_keys, strict=True):
                found = table.get(key)
                if found is None:
                    table[key] = [entry]
                    recorded = True
                elif cap is None or len(found) < cap:
                    found.append(entry)
                    recorded = True
            if recorded:
                rows.append(i)
        self.kept += len(rows)
        self.left_out += len(signatures) - len(rows)
        count = len(rows)
        if first + count > len(self._sentences):
            size = max(2 * len(self._sentences), first + count)
            self._sentences = np.resize(self._sentences, (size, NUM_PERM))
            self._doc_of = np.resize(self._doc_of, size)
        self._sentences[first : first + count] = signatures[rows]
        self._doc_of[first : first + count] = number
        self._count += count

    def find(self, text: str) -> str | None:
        """The stored document this text nearly duplicates, or None."""
        signatures = text_signatures(text)
        return self._best(len(signatures), self._matches(signatures))

    def query(self, signature: bytes | str) -> str | None:
        """Like :meth:`find`, from signature bytes (or a text)."""
        if isinstance(signature, str):
            return self.find(signature)
        signatures = signatures_from_bytes(signature)
        return self._best(len(signatures), self._matches(signatures))

    def _band_keys(self, signatures: np.ndarray) -> list[list[bytes]]:
        """For each band, each sentence's key: the bytes of its ``r`` hash values there."""
        r, count = self._rows, len(signatures)
        out = []
        for band in range(self._bands):
            chunk = np.ascontiguousarray(signatures[:, band * r : (band + 1) * r]).tobytes()
            width = len(chunk) // count if count else 0
            out.append([chunk[i * width : (i + 1) * width] for i in range(count)])
        return out

    def _matches(self, signatures: np.ndarray) -> np.ndarray:
        """The (new sentence, stored document) pairs where the sentence matches one of the
        document's entries, each once, as sorted codes ``sentence * documents + number``."""
        if not len(signatures) or not self._count:
            return np.zeros(0, dtype=np.int64)
        # Candidate pairs (new sentence, entry) sharing at least one band.
        buckets: list[list[int]] = []
        new: list[int] = []
        for table, keys in zip(self._tables, self._band_keys(signatures), strict=True):
            get = table.get
            for i, key in enumerate(keys):
                found = get(key)
                if found:
                    buckets.append(found)
                    new.append(i)
        if not buckets:
            return np.zeros(0, dtype=np.int64)
        sizes = [len(bucket) for bucket in buckets]
        stored = np.fromiter(chain.from_iterable(buckets), dtype=np.int64, count=sum(sizes))
        rows = np.repeat(np.array(new, dtype=np.int64), sizes)
        self.compared += len(rows)
        # Keep the pairs whose estimated Jaccard reaches the threshold.
        agree = (signatures[rows] == self._sentences[stored]).sum(axis=1)
        similar = agree >= self.threshold * NUM_PERM
        # Each new sentence counts once per document it matches.
        return np.unique(rows[similar] * len(self._doc_ids) + self._doc_of[stored[similar]])

    def _best(self, count: int, matches: np.ndarray) -> str | None:
        if not len(matches):
            return None
        numbers, hits = np.unique(matches % len(self._doc_ids), return_counts=True)
        best = int(hits.max())
        if best / count < self.share:
            return None
        return max(self._doc_ids[int(n)] for n in numbers[hits == best])
