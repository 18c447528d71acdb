"""The near-duplicate index with capped buckets against a brute-force reference.

The reference below implements the rule the index documents, by going through every stored
sentence for every query (no dicts of buckets): a stored sentence of a document is reachable
through a band when it shares that band's values with the new sentence and, when its
document was added, fewer than ``bucket`` earlier reachable entries had those values in
that band; it matches when the signatures agree in ``threshold`` of their values. With
``bucket=None`` that is the exact, uncapped behaviour.

The corpora are generated here: news-like stories (syndicated copies with small edits,
excerpts, unrelated stories, a few boilerplate sentences in most articles) and a templated
corpus where every sentence recurs with its numbers changed.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from allywatch.ingest.dedup import (
    BUCKET,
    NUM_PERM,
    NearDuplicateIndex,
    _banding,
    signature_bytes,
    text_signatures,
)

THRESHOLD, SHARE = 0.8, 0.6


class BruteForce:
    """Every stored sentence compared with every new one; see the module docstring."""

    def __init__(self, bucket: int | None) -> None:
        self.bucket = bucket
        self.bands, self.rows = _banding(THRESHOLD)
        self.sentences = np.zeros((0, NUM_PERM), dtype=np.uint32)
        self.reachable = np.zeros((0, self.bands), dtype=bool)  # per entry, per band
        self.doc_of: list[str] = []

    def _band_equal(self, signature: np.ndarray) -> np.ndarray:
        """(entries, bands): whether each entry has the same values as ``signature``."""
        used = self.bands * self.rows
        same = self.sentences[:, :used] == signature[None, :used]
        return same.reshape(len(self.sentences), self.bands, self.rows).all(axis=2)

    def query(self, signatures: np.ndarray) -> str | None:
        hits = self.hits(signatures)
        if not hits:
            return None
        best = max(hits.values())
        if best / len(signatures) < SHARE:
            return None
        return max(doc for doc, n in hits.items() if n == best)

    def hits(self, signatures: np.ndarray) -> dict[str, int]:
        """Stored document -> how many of the new sentences match one of its entries."""
        hits: dict[str, int] = {}
        for signature in signatures:
            candidate = (self._band_equal(signature) & self.reachable).any(axis=1)
            agree = (self.sentences == signature[None, :]).sum(axis=1)
            matched = candidate & (agree >= THRESHOLD * NUM_PERM)
            for doc in {self.doc_of[e] for e in np.flatnonzero(matched)}:
                hits[doc] = hits.get(doc, 0) + 1
        return hits

    def add(self, doc_id: str, signatures: np.ndarray) -> None:
        for signature in signatures:
            same = self._band_equal(signature) & self.reachable
            room = (
                np.ones(self.bands, dtype=bool)
                if self.bucket is None
                else same.sum(axis=0) < self.bucket
            )
            if room.any():
                self.sentences = np.vstack([self.sentences, signature[None, :]])
                self.reachable = np.vstack([self.reachable, room[None, :]])
                self.doc_of.append(doc_id)


def decisions(index: NearDuplicateIndex | BruteForce, corpus: list[tuple[str, str]]) -> list:
    """Query then add each document in order, as ingest does; the answers in order."""
    out = []
    for doc_id, text in corpus:
        signatures = text_signatures(text)
        if isinstance(index, BruteForce):
            out.append(index.query(signatures))
            index.add(doc_id, signatures)
        else:
            out.append(index.query(signature_bytes(signatures)))
            index.add(doc_id, signature_bytes(signatures))
    return out


# ------------------------------------------------------------------ generated corpora


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(3)))
    return sorted(words)


def _sentence(words: list[str]) -> str:
    return " ".join(words).capitalize() + "."


def _text(sentences: list[str]) -> str:
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n\n".join(paragraphs)


def news_corpus(seed: int, stories: int = 40, boilerplate_docs: int = 0) -> list[tuple[str, str]]:
    """Stories of 8-20 sentences; per story up to 5 syndicated copies (a word changed in a
    few sentences, a credit line added), excerpts (the first 60-90% of the sentences) and a
    rewrite sharing a third of the sentences. When ``boilerplate_docs`` is set, that many
    extra articles of their own carry the same three boilerplate sentences, and so do
    about half the stories (at most 3 of their sentences: a minority of each)."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 4000)
    boilerplate = [_sentence(rng.sample(vocab, 9)) for _ in range(3)]

    def story(with_boilerplate: bool) -> list[str]:
        own = [_sentence(rng.sample(vocab, rng.randint(8, 16))) for _ in range(rng.randint(8, 20))]
        if with_boilerplate:
            for line in rng.sample(boilerplate, rng.randint(1, 3)):
                own.insert(rng.randrange(len(own) + 1), line)
        return own

    def edited(sentences: list[str]) -> list[str]:
        out = []
        for s in sentences:
            words = s[:-1].split()
            if rng.random() < 0.3:
                words[rng.randrange(len(words))] = rng.choice(vocab)
            out.append(_sentence(words))
        return [*out, "Additional reporting by a wire service desk in the capital city."]

    docs: list[tuple[int, list[str]]] = []  # (story number, sentences)
    for n in range(boilerplate_docs):
        docs.append((n, story(with_boilerplate=True)))
    for n in range(boilerplate_docs, boilerplate_docs + stories):
        original = story(with_boilerplate=rng.random() < 0.5)
        docs.append((n, original))
        for _ in range(rng.randint(0, 5)):
            kind = rng.random()
            if kind < 0.5:
                docs.append((n, edited(original)))
            elif kind < 0.8:
                cut = max(2, int(len(original) * rng.uniform(0.6, 0.9)))
                docs.append((n, original[:cut]))
            else:
                rewrite = rng.sample(original, len(original) // 3) + story(False)
                docs.append((1000 + len(docs), rewrite))
    rng.shuffle(docs)  # copies arrive before or after their original
    # The id names the story (a rewrite counts as a story of its own).
    return [(f"doc{i:04d}s{n:04d}", _text(d)) for i, (n, d) in enumerate(docs)]


def templated_corpus(seed: int, docs: int) -> list[tuple[str, str]]:
    """Articles of 6-12 sentences drawn from 15 templates whose numbers change per use:
    every sentence recurs, with small variations, in a large share of the corpus."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 500)
    templates = [rng.sample(vocab, rng.randint(8, 12)) for _ in range(15)]

    def filled(template: list[str]) -> str:
        words = list(template)
        if rng.random() < 0.6:
            words[rng.randrange(len(words))] = str(rng.randint(1, 40))
        return _sentence(words)

    return [
        (f"doc{i:04d}", _text([filled(t) for t in rng.sample(templates, rng.randint(6, 12))]))
        for i in range(docs)
    ]


# ------------------------------------------------------------------ tests


@pytest.mark.parametrize("seed", [1, 2])
def test_uncapped_index_equals_brute_force_on_news(seed: int) -> None:
    corpus = news_corpus(seed, boilerplate_docs=20)
    expected = decisions(BruteForce(bucket=None), corpus)
    assert decisions(NearDuplicateIndex(threshold=THRESHOLD, share=SHARE, bucket=None),
                     corpus) == expected  # fmt: skip
    # The corpus has copies to find, and texts that are copies of nothing.
    assert sum(1 for d in expected if d) >= 20 and sum(1 for d in expected if d is None) >= 40


@pytest.mark.parametrize("bucket", [2, 5])
def test_capped_index_follows_the_documented_rule_on_templates(bucket: int) -> None:
    corpus = templated_corpus(3, 120)
    index = NearDuplicateIndex(threshold=THRESHOLD, share=SHARE, bucket=bucket)
    got = decisions(index, corpus)
    assert got == decisions(BruteForce(bucket=bucket), corpus)
    # Not vacuous: the caps left sentences out and changed decisions against the exact index.
    uncapped = decisions(NearDuplicateIndex(threshold=THRESHOLD, share=SHARE, bucket=None),
                         corpus)  # fmt: skip
    assert index.left_out > 0 and got != uncapped
    assert sum(1 for d in uncapped if d) > sum(1 for d in got if d)


@pytest.mark.parametrize("seed", [4, 5])
def test_capped_index_follows_the_documented_rule_on_news(seed: int) -> None:
    corpus = news_corpus(seed, stories=25, boilerplate_docs=30)
    index = NearDuplicateIndex(threshold=THRESHOLD, share=SHARE, bucket=4)
    assert decisions(index, corpus) == decisions(BruteForce(bucket=4), corpus)
    assert index.left_out > 0  # the boilerplate filled its buckets


def _story(doc_id: str) -> str:
    return doc_id.split("s", 1)[1]


def test_default_cap_differs_only_as_documented_when_boilerplate_is_a_minority() -> None:
    """Boilerplate in far more articles than a bucket holds (1-3 sentences of each): the
    default cap decides every text as the exact index does, except where the exact answer
    counted matches the cap leaves out, and then it still names a copy of the same story."""
    corpus = news_corpus(6, stories=40, boilerplate_docs=3 * BUCKET)
    capped = NearDuplicateIndex(threshold=THRESHOLD, share=SHARE)
    got = decisions(capped, corpus)
    exact = NearDuplicateIndex(threshold=THRESHOLD, share=SHARE, bucket=None)
    expected = decisions(exact, corpus)
    assert capped.left_out > 0 and sum(1 for d in got if d) >= 20
    reference = BruteForce(bucket=BUCKET)  # the capped rule, to see each text's counts
    exact_counts = BruteForce(bucket=None)
    differences = 0
    for (doc_id, text), mine, theirs in zip(corpus, got, expected, strict=True):
        signatures = text_signatures(text)
        if mine != theirs:
            differences += 1
            # Only matches are lost: what the exact index found nothing for stays so.
            assert theirs is not None
            # The exact answer relied on matches that the cap leaves out ...
            lost = exact_counts.hits(signatures)[theirs] - reference.hits(signatures).get(theirs, 0)
            assert lost > 0, doc_id
            # ... and the capped answer, if any, is a copy of the same story.
            assert mine is None or _story(mine) == _story(theirs), (doc_id, mine, theirs)
        reference.add(doc_id, signatures)
        exact_counts.add(doc_id, signatures)
    assert differences <= len(corpus) // 20


def test_widely_syndicated_story_is_found_in_every_copy() -> None:
    """More identical copies than a bucket holds: each is still a near-duplicate of the
    story (of the original or of a copy recorded before the buckets filled)."""
    rng = random.Random(7)
    vocab = _vocabulary(rng, 2000)
    story = [_sentence(rng.sample(vocab, 10)) for _ in range(12)]
    index = NearDuplicateIndex(threshold=THRESHOLD, share=SHARE, bucket=4)
    index.add("original", _text(story))
    recorded = {"original"}
    for i in range(20):
        copy = [*story, f"Published by outlet number {i} with permission today."]
        found = index.find(_text(copy))
        assert found is not None and found in recorded
        index.add(f"copy{i:02d}", _text(copy))
        if i < 3:  # the original and the first 3 copies fill the buckets of 4
            recorded.add(f"copy{i:02d}")
    assert index.left_out >= 16 * 12


def test_candidate_work_per_query_stays_bounded_as_boilerplate_copies_grow() -> None:
    """Compared pairs for the same query after 100, 400 and 1,600 stored articles that each
    carry a boilerplate sentence and a variant of a templated one (its number changed):
    constant with the cap, at most bands x bucket per sentence; growing without it."""
    rng = random.Random(8)
    vocab = _vocabulary(rng, 3000)
    boilerplate = "Reporters could not independently verify the claims made in the report."
    template = "The ministry said {} drones were launched at the northern border overnight."

    def article() -> str:
        own = [_sentence(rng.sample(vocab, 10)) for _ in range(3)]
        return _text([boilerplate, template.format(rng.randint(2, 9999)), *own])

    probe = signature_bytes(text_signatures(_text([boilerplate, template.format(12345)])))
    capped = NearDuplicateIndex(threshold=THRESHOLD, share=SHARE)
    exact = NearDuplicateIndex(threshold=THRESHOLD, share=SHARE, bucket=None)
    work: dict[str, list[int]] = {"capped": [], "exact": []}
    stored = 0
    for size in (100, 400, 1600):
        while stored < size:
            text = article()
            capped.add(f"d{stored}", text)
            exact.add(f"d{stored}", text)
            stored += 1
        for name, index in (("capped", capped), ("exact", exact)):
            before = index.compared
            index.query(probe)
            work[name].append(index.compared - before)
    bands, _rows = _banding(THRESHOLD)
    # Constant once the buckets of the recurring sentences have filled.
    assert work["capped"][0] <= work["capped"][1] == work["capped"][2] <= 2 * bands * BUCKET
    assert work["exact"][2] > 10 * work["exact"][0]  # what the cap prevents


def test_bucket_must_be_positive() -> None:
    with pytest.raises(ValueError, match="bucket must be at least 1"):
        NearDuplicateIndex(threshold=THRESHOLD, share=SHARE, bucket=0)
