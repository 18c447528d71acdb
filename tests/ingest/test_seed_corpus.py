"""Both seed articles in ../shared/corpus read and clean as their README says they must."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from allywatch.ingest import read_inputs
from allywatch.types import Document

pytestmark = pytest.mark.shared


@pytest.fixture
def seed(corpus_dir: Path) -> dict[str, Document]:
    found = {}
    for item in read_inputs([str(corpus_dir / "000_6377b5014e770c7d.txt"),
                             str(corpus_dir / "004_cef1e786f9411633.txt")]):  # fmt: skip
        assert isinstance(item, Document), item
        found[Path(item.source).name[:3]] = item
    return found


def test_no_urls_or_site_furniture_in_either_body(seed: dict[str, Document]) -> None:
    for doc in seed.values():
        assert not re.search(r"https?://|www\.", doc.text)
        furniture = ("Related article", "Post a Comment", "comments:", "Learn more",
                     "do not necessarily reflect", "kremlin.ru", "reports in the")  # fmt: skip
        for line in furniture:
            assert line not in doc.text, line


def test_hyphenation_and_line_breaks_rejoined_in_004(seed: dict[str, Document]) -> None:
    text = seed["004"].text
    assert "neo-imperialist crusade" in text
    assert "anti-drone defenses" in text
    assert "inventory of interceptors" in text
    assert "\n" not in text.replace("\n\n", "")  # only paragraph breaks remain
    # A sentence cut by a link block is whole again.
    assert "as one expert on Russian-Iranian relations said, “Russia is reliant on Iran" in text
    assert "It is the culmination of a years-long trend" in text


def test_authors_and_outlets(seed: dict[str, Document]) -> None:
    assert (seed["000"].author, seed["000"].outlet) == ("Martin Fornusek", "Kyiv Independent")
    assert (seed["004"].author, seed["004"].outlet) == ("Casey Michel", "The Moscow Times")


def test_blog_wrapper_of_000(seed: dict[str, Document]) -> None:
    doc = seed["000"]
    assert (
        doc.title
        == "Iran's Khamenei, Another Russian Ally, Follows Assad, Maduro In Falling. Putin Next?"
    )
    assert doc.summary and doc.summary.startswith("Three of Russia's most prominent allies")
    assert not doc.summary.endswith("JL")
    assert "Three of Russia's most prominent allies" not in doc.text
    assert doc.text.endswith('primary energy provider for the European market."')


def test_repeated_summary_of_000_is_marked(seed: dict[str, Document]) -> None:
    doc = seed["000"]
    assert len(doc.repeated) == 1
    span = doc.repeated[0]
    marked = doc.text[span.start : span.end]
    assert marked.startswith("Russia's image as a reliable ally just suffered another blow")
    assert marked.endswith('to fight many fronts."')
    # The full, attributed sentences later on are not marked.
    later = doc.text.index("Ukraine's Foreign Minister Andrii Sybiha")
    assert all(not (s.start <= later < s.end) for s in doc.repeated)


def test_cited_links_with_dates_from_004(seed: dict[str, Document]) -> None:
    links = {link.url: link.date for link in seed["004"].links}
    assert len(links) == 14  # 16 lines, two URLs cited twice
    assert links[
        "https://www.cnn.com/2026/03/11/middleeast/russia-iran-advice-drone-tactics-intl"
    ] == date(2026, 3, 11)
    assert links[
        "https://www.bloomberg.com/news/articles/2025-01-17/russia-and-iran-to-sign-partnership-pact-ahead-of-new-trump-term"
    ] == date(2025, 1, 17)
    assert links["https://www.csis.org/analysis/russias-grinding-war-ukraine"] is None


def test_caption_removed_and_quotes_kept_as_written_in_004(seed: dict[str, Document]) -> None:
    text = seed["004"].text
    assert "signing ceremony" not in text
    assert text.startswith("The war in Iran")
    assert "“this is not their problem and not their war.”" in text


def test_publication_dates_are_inferred_and_plausible(seed: dict[str, Document]) -> None:
    # Gold: 000 published 2026-03-01, 004 on 2026-03-13. Inference may be a day early, and
    # must not take 004's own "related article" links dated July 2026.
    for key, gold in (("000", date(2026, 3, 1)), ("004", date(2026, 3, 13))):
        doc = seed[key]
        assert doc.published_inferred
        assert doc.published is not None and 0 <= (gold - doc.published).days <= 3, doc.published


def test_paragraph_spans_cover_the_text(seed: dict[str, Document]) -> None:
    for doc in seed.values():
        rebuilt = "\n\n".join(doc.text[s.start : s.end] for s in doc.paragraphs)
        assert rebuilt == doc.text
