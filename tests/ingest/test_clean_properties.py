"""Invariants of cleaning on arbitrary text (hypothesis): it never crashes, paragraph and
page spans always index the stored text, and quote normalisation keeps every offset."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from allywatch.ingest.clean import clean_text, normalize_quotes

# Text made of the pieces real articles are made of, so the rules actually fire.
PIECES = st.sampled_from([
    "Moscow", "sent", "no", "troops", "neo-", "intercep-", "tors", "imperialist", ".", ",",
    "“", "”", "’", "\n", "\n\n", " ", "https://example.com/2025/01/02/a", "Related article:",
    "2 comments:", "Post a Comment", "By Jane Roe", "Jane Roe reports in the Example Post:",
    "kremlin.ru", "The views expressed here do not necessarily reflect the position of X.",
    "\t", "\u00a0", "A", "said", "(AP Photo/Jane Roe)", "-",
])  # fmt: skip
TEXTS = st.lists(PIECES, max_size=60).map(" ".join) | st.text(max_size=300)


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.booleans())
def test_spans_index_the_cleaned_text(raw: str, paged: bool) -> None:
    pages = raw.split("\n\n", 1) if paged else ()
    cleaned = clean_text(raw, pages=pages)
    text = cleaned.text
    assert "\n\n".join(text[s.start : s.end] for s in cleaned.paragraphs) == text
    for span in cleaned.pages:
        assert 0 <= span.start <= span.end <= len(text)
    for span in cleaned.paragraphs:
        part = text[span.start : span.end]
        assert part == part.strip() and part and "\n" not in part
        assert not re.fullmatch(r"https?://\S+", part)  # link lines never stay in the body


@given(st.text(max_size=200))
def test_normalize_quotes_is_length_preserving(text: str) -> None:
    assert len(normalize_quotes(text)) == len(text)
