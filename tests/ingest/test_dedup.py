"""Near-duplicate detection: across documents (MinHash index) and inside one document."""

from __future__ import annotations

import re
import struct

import numpy as np
import pytest
from datasketch import MinHash

from allywatch.config import Settings
from allywatch.ingest.dedup import (
    _STOP,
    NUM_PERM,
    NearDuplicateIndex,
    find_repeated,
    sentence_spans,
    signature_bytes,
    signatures_from_bytes,
    text_signatures,
)
from allywatch.types import Span

ARTICLE = (
    "Moscow did not send troops when the government in Damascus collapsed in December. "
    "Officials in the Kremlin said the decision to shelter the deposed president was personal. "
    "Analysts argued that the episode showed the limits of Russian protection for its clients. "
    "Iran also withdrew its advisers rather than fight for the capital that weekend. "
    "The navy kept only a small presence at its Mediterranean base in the following months."
)
OTHER = (
    "North Korean soldiers fought alongside Russian units in the Kursk region last winter. "
    "Seoul estimated that about eleven thousand troops had been sent to the front lines. "
    "Pyongyang received oil and air defence equipment in return for the deployment there. "
    "The treaty signed in June obliges both sides to help each other if attacked by others."
)


def test_syndicated_copy_is_found_and_unrelated_text_is_not() -> None:
    index = NearDuplicateIndex(Settings())
    index.add("a", ARTICLE)
    index.add("b", OTHER)
    syndicated = (
        ARTICLE.replace("in December", "in early December") + " Reporting by a wire service."
    )
    assert index.find(syndicated) == "a"
    assert index.find(OTHER) == "b"
    assert (
        index.find("A completely different story about trade tariffs and soybean exports. " * 3)
        is None
    )


def test_partial_overlap_below_the_share_is_not_a_duplicate() -> None:
    index = NearDuplicateIndex(Settings(duplicate_share=0.6))
    index.add("a", ARTICLE)
    mixed = " ".join(ARTICLE.split(". ")[:1]) + ". " + OTHER
    assert index.find(mixed) is None


def test_signatures_round_trip_through_bytes() -> None:
    first = NearDuplicateIndex(Settings())
    blob = first.add("a", ARTICLE)
    restored = signatures_from_bytes(blob)
    original = text_signatures(ARTICLE)
    assert restored.shape == original.shape == (5, NUM_PERM)
    assert (restored == original).all()
    rebuilt = NearDuplicateIndex(Settings())
    rebuilt.add_signatures("a", blob)
    assert rebuilt.find(ARTICLE) == "a" and "a" in rebuilt and len(rebuilt) == 1


def test_signatures_are_datasketch_minhashes_of_each_sentence() -> None:
    """The vectorised signatures equal datasketch's own MinHash of each sentence's words."""
    signatures = text_signatures(ARTICLE + "\n\n" + OTHER)
    sentences = [s for s in sentence_spans(ARTICLE + "\n\n" + OTHER)]
    assert len(signatures) == len(sentences) == 9
    text = ARTICLE + "\n\n" + OTHER
    for row, span in zip(signatures, sentences, strict=True):
        words = {w.lower() for w in re.findall(r"\w+(?:['’]\w+)?", text[span.start : span.end])}
        reference = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
        reference.update_batch([w.encode("utf-8") for w in words - _STOP])
        assert (reference.hashvalues == row).all()


def test_version_1_blobs_of_uint64_values_still_read() -> None:
    signatures = text_signatures(ARTICLE)
    blob = b"AWMH1" + struct.pack("<II", NUM_PERM, len(signatures))
    blob += signatures.astype("<u8").tobytes()
    assert (signatures_from_bytes(blob) == signatures).all()
    index = NearDuplicateIndex(Settings())
    index.add("old", blob)
    assert index.find(ARTICLE) == "old"


def test_blob_with_another_permutation_count_is_refused() -> None:
    blob = b"AWMH2" + struct.pack("<II", 128, 0)
    with pytest.raises(ValueError, match="128 permutations"):
        signatures_from_bytes(blob)


def test_lsh_candidates_below_the_threshold_do_not_count() -> None:
    """A stored sentence that shares one whole LSH band with the new one is a candidate,
    but with only that band's values in common its Jaccard is far below the threshold."""
    index = NearDuplicateIndex(threshold=0.8, share=0.5)
    stored = np.arange(3 * NUM_PERM, dtype=np.uint32).reshape(3, NUM_PERM)
    index.add_signatures("a", stored)
    new = stored + np.uint32(10_000)
    new[:, : index._rows] = stored[:, : index._rows]  # the first band is shared
    assert index.query(signature_bytes(new)) is None
    near = stored.copy()
    near[:, -3:] += np.uint32(10_000)  # 61 of 64 values shared: estimated Jaccard 0.95
    assert index.query(signature_bytes(near)) == "a"


def test_bad_signature_blob_is_refused() -> None:
    with pytest.raises(ValueError, match="signature"):
        signatures_from_bytes(b"not a blob")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith went to Washington. He met the U.S. envoy there.", 2),
        ("“We will not leave,” he said. The talks ended on Feb. 28 without a deal.", 2),
        ("One. Two! Three?", 3),
    ],
)
def test_sentence_spans(text: str, expected: int) -> None:
    assert len(sentence_spans(text)) == expected


def test_digest_paragraph_is_marked_not_the_full_sentences() -> None:
    digest = ("The Kremlin sheltered the deposed president after his regime collapsed. "
              "Analysts said Russian protection for clients has clear limits now.")  # fmt: skip
    body = [
        "Officials said the Kremlin sheltered the deposed president after his regime collapsed "
        "in December.",
        "Analysts said Russian protection for its clients has clear limits now, citing Syria.",
        "An unrelated closing paragraph about energy exports and oil prices in the region.",
    ]
    text = digest + "\n\n" + "\n\n".join(body)
    paragraphs = []
    pos = 0
    for part in text.split("\n\n"):
        paragraphs.append(Span(pos, pos + len(part)))
        pos += len(part) + 2
    assert find_repeated(text, paragraphs) == (Span(0, len(digest)),)


def test_exact_repeat_marks_the_later_sentence() -> None:
    sentence = "Russia delivered air defence systems to its ally in the spring of that year."
    text = f"{sentence} Something else happened in between on the ground.\n\n{sentence}"
    [span] = find_repeated(text)
    assert text[span.start : span.end].endswith(sentence) and span.start > len(sentence)


def test_no_repeats_in_ordinary_text() -> None:
    assert find_repeated(ARTICLE + "\n\n" + OTHER) == ()


def test_signature_interface_used_by_the_store() -> None:
    from allywatch.types import Document

    doc = Document(id="a", text=ARTICLE, source="a.txt", format="text")
    index = NearDuplicateIndex(threshold=0.8, share=0.6)
    assert index.query(index.signature(doc)) is None  # empty index
    index.add("a", index.signature(doc))
    copy = index.signature(ARTICLE + " Additional reporting by a wire service.")
    assert index.query(copy) == "a"
    assert index.query(index.signature(OTHER)) is None
