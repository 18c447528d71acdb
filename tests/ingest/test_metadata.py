"""Metadata inference: publication dates, author links, outlets, language."""

from __future__ import annotations

from datetime import date

import pytest

from allywatch.ingest import RawDocument, build_document
from allywatch.ingest.metadata import (
    author_from_links,
    detect_language,
    infer_published,
    outlet_for_url,
    text_dates,
)
from allywatch.types import CitedLink

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The summit took place on March 3, 2025, in Minsk.", date(2025, 3, 3)),
        ("It ended on 14 February 2026 after talks.", date(2026, 2, 14)),
        ("The decree (2025-11-30) was published late.", date(2025, 11, 30)),
        ("Troops arrived in October 2024 and left.", date(2024, 10, 1)),
        # A day without a year follows the latest "Month Year" mention, or the next year.
        ("Strikes in June 2025 were followed by a new attack on Feb. 28.", date(2026, 2, 28)),
        ("Talks in January 2025 resumed on Aug. 4 in Geneva.", date(2025, 8, 4)),
        ("May I add that nothing happened in 2025?", None),
        ("No dates at all in this sentence.", None),
    ],
)
def test_infer_published_from_text(text: str, expected: date | None) -> None:
    assert infer_published(text, (), today=TODAY) == expected


def test_future_dates_are_not_publication_dates() -> None:
    assert infer_published(
        "A target for December 1, 2040 was set on May 5, 2025.", (), today=TODAY
    ) == date(2025, 5, 5)


def test_own_site_links_do_not_count_for_the_date() -> None:
    links = (
        CitedLink("https://other.example/2026/03/12/story", date=date(2026, 3, 12)),
        CitedLink("https://own.example/2026/05/09/related", date=date(2026, 5, 9)),
    )
    assert infer_published("", links, own_domain="own.example", today=TODAY) == date(2026, 3, 12)
    assert infer_published("", links, today=TODAY) == date(2026, 5, 9)


def test_text_dates_ignore_impossible_days() -> None:
    assert text_dates("It happened on February 30, 2025.") == []


@pytest.mark.parametrize(
    ("url", "author"),
    [
        ("https://www.themoscowtimes.com/author/casey-michel", "Casey Michel"),
        ("https://news.example/authors/jane-roe/", "Jane Roe"),
        ("https://news.example/contributors/li-wei", "Li Wei"),
        ("https://news.example/2025/01/02/author-interview", None),
    ],
)
def test_author_from_author_page_link(url: str, author: str | None) -> None:
    assert author_from_links([CitedLink(url)])[0] == author


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.themoscowtimes.com/2026/03/13/x", "The Moscow Times"),
        ("https://kyivindependent.com/russia-iran/", "Kyiv Independent"),
        ("https://edition.cnn.com/2026/03/11/x", "CNN"),
        ("https://unknown.example/x", None),
    ],
)
def test_outlet_for_url(url: str, outlet: str | None) -> None:
    assert outlet_for_url(url) == outlet


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The government said that it was not going to send any troops to the region, "
         "and the ministry of defence confirmed this in a statement on Monday evening.", "en"),
        ("Правительство заявило, что не собирается направлять войска в регион, и "
         "министерство обороны подтвердило это в заявлении в понедельник вечером.", None),
        ("Die Regierung erklärte, sie werde keine Truppen in die Region entsenden, und das "
         "Verteidigungsministerium bestätigte dies am Montagabend in einer Erklärung.", None),
        ("too short", None),
    ],
)  # fmt: skip
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_metadata_precedence_override_then_format_then_text() -> None:
    raw = RawDocument(
        text="Jane Roe reports in the Example Independent:\nBody sentence one.\nBody two.",
        source="x.txt", format="text", outlet="Reposting Blog", published=date(2025, 1, 2),
    )  # fmt: skip
    doc = build_document(raw)
    assert doc.outlet == "Example Independent"  # the wrapper names the article's outlet
    assert doc.published == date(2025, 1, 2) and not doc.published_inferred
    overridden = build_document(raw, outlet="Chosen", published=date(2025, 2, 3))
    assert (overridden.outlet, overridden.published) == ("Chosen", date(2025, 2, 3))
