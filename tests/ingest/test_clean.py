"""Cleaning rules on texts we wrote ourselves, one table per rule."""

from __future__ import annotations

from datetime import date

import pytest

from allywatch.ingest.clean import clean_text, date_from_url, join_hyphenated, normalize_quotes
from allywatch.ingest.rules import load_rules

PREFIXES = load_rules().compound_prefixes


@pytest.mark.parametrize(
    ("left", "right", "keep_hyphen"),
    [
        ("intercep", "tors", False),  # broken word, joined form is a word
        ("govern", "ment", False),
        ("negoti", "ations", False),
        ("neo", "imperialist", True),  # prefix compound, joined form is no word
        ("anti", "drone", True),
        ("self", "reliance", True),
        ("short", "term", True),  # both halves are words
        ("U.S.", "Israeli", True),  # capital after the break
        ("COVID", "19", True),
        ("mili", "tary", False),
    ],
)
def test_hyphenation_decision(left: str, right: str, keep_hyphen: bool) -> None:
    assert join_hyphenated(left, right, PREFIXES) is keep_hyphen


def test_hyphenation_follows_the_documents_own_usage() -> None:
    # "co-operation" used elsewhere in the same document wins over the word list.
    assert join_hyphenated("co", "operation", PREFIXES, {"co-operation"}) is True
    assert join_hyphenated("pro", "western", PREFIXES, {"prowestern"}) is False


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The army lost its air-\ndefence radars and\nmost of its intercep-\ntors in a week.\n\n"
         "Second paragraph here.",
         "The army lost its air-defence radars and most of its interceptors in a week."),
        ("Moscow backed a neo-\nimperialist project that\nfew in the region wanted.\n\nNext one.",
         "Moscow backed a neo-imperialist project that few in the region wanted."),
    ],
)  # fmt: skip
def test_wrapped_lines_rejoin_with_hyphenation(raw: str, expected: str) -> None:
    cleaned = clean_text(raw)
    first = cleaned.paragraphs[0]
    assert cleaned.text[first.start : first.end] == expected
    assert len(cleaned.paragraphs) == 2


def test_one_line_per_paragraph_text_keeps_paragraphs() -> None:
    raw = ("First paragraph ends here.\nSecond paragraph ends here.\nA heading\n"
           "Third paragraph, after the heading.")  # fmt: skip
    cleaned = clean_text(raw, has_title=True)
    texts = [cleaned.text[s.start : s.end] for s in cleaned.paragraphs]
    assert texts == [
        "First paragraph ends here.",
        "Second paragraph ends here.",
        "A heading",
        "Third paragraph, after the heading.",
    ]


def test_link_block_inside_a_sentence_is_removed_and_the_sentence_rejoined() -> None:
    raw = (
        "The minister said the talks had stalled, and as one diplomat in\nthe region\n\n"
        "https://example.com/2025/04/02/talks-stall/\n"
        "https://example.net/news/2024-11-30/background-piece\n"
        "- https://example.org/about\n\n"
        "put it, nobody expected a deal.\n\nA second paragraph.\n"
    )
    cleaned = clean_text(raw)
    assert "http" not in cleaned.text
    assert cleaned.text.startswith(
        "The minister said the talks had stalled, and as one diplomat in the region put it, "
        "nobody expected a deal."
    )
    assert [(link.url, link.date) for link in cleaned.links] == [
        ("https://example.com/2025/04/02/talks-stall/", date(2025, 4, 2)),
        ("https://example.net/news/2024-11-30/background-piece", date(2024, 11, 30)),
        ("https://example.org/about", None),
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/2026/03/02/story", date(2026, 3, 2)),
        ("https://news.example/world/2025/1/7/story.html", date(2025, 1, 7)),
        ("https://news.example/articles/2024-12-08/assad", date(2024, 12, 8)),
        ("https://news.example/opinion/no-date-here-99ccb7fc", None),
        ("https://news.example/2026/13/45/bad", None),
    ],
)
def test_date_from_url(url: str, expected: date | None) -> None:
    assert date_from_url(url) == expected


FURNITURE = [
    "Related article: Why the Alliance Failed",
    "Read more: The Kremlin's Other Friends",
    "See also: Timeline of the war",
    "12 comments:",
    "Post a Comment",
    "Leave a comment",
    "Share this article",
    "Subscribe to our newsletter for daily updates",
    "Follow us on Twitter and Telegram",
    "Advertisement",
    "Photo: Jane Roe / Example Agency",
    "The views expressed in this column do not necessarily reflect the position of Example News.",
    "This article was originally published by Example Weekly and is republished with permission.",
    "Leaders meet at a summit in Minsk in 2024. kremlin.ru",
    "Soldiers unload crates at the port of Tartus. (AP Photo/John Doe)",
    "A convoy crosses the border near Kursk. Reuters",
    "(Reporting by Jane Roe; Editing by John Doe)",
    "(Additional reporting by Li Wei in Beijing)",
    "This story has been updated with a statement from the ministry.",
    "Copyright 2025 Example Wire. All rights reserved.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_site_furniture_is_removed(line: str) -> None:
    body = "The first real sentence of the article stays in place.\n\n"
    tail = "\n\nThe last real sentence of the article stays too."
    cleaned = clean_text(body + line + tail, has_title=True)
    assert line not in cleaned.text
    assert cleaned.text == (
        "The first real sentence of the article stays in place.\n\n"
        "The last real sentence of the article stays too."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said the photo was taken in Moscow in 2025.",
        "He shared this assessment with reporters.",
        "The report, published on kremlin.ru, listed the agreements.",
        "Subscribers to the theory say the alliance is finished.",
    ],
)
def test_prose_that_resembles_furniture_stays(sentence: str) -> None:
    cleaned = clean_text("An opening sentence for context.\n\n" + sentence, has_title=True)
    assert sentence in cleaned.text


def test_disclaimer_names_the_outlet() -> None:
    raw = ("Body text of an opinion piece.\n\nThe views expressed in opinion pieces do not "
           "necessarily reflect the position of The Example Herald.")  # fmt: skip
    assert clean_text(raw, has_title=True).outlet == "The Example Herald"


@pytest.mark.parametrize(
    ("byline", "author", "outlet"),
    [
        ("Jane Roe reports in the Example Independent:", "Jane Roe", "Example Independent"),
        ("Piotr van Dam writes for Example Weekly:", "Piotr van Dam", "Example Weekly"),
        ("Ana Maria Souza argues in The Example Review:", "Ana Maria Souza", "Example Review"),
    ],
)
def test_blog_wrapper_gives_author_outlet_title_and_summary(
    byline: str, author: str, outlet: str
) -> None:
    raw = (
        "Patron Stays Home as Ally Falls\n"
        "The blogger's own note on why this matters, written before the repost. XY\n"
        f"{byline}\n"
        "The article itself starts here and says what happened.\n"
        "It goes on for a second paragraph.\n"
    )
    cleaned = clean_text(raw)
    assert (cleaned.author, cleaned.outlet) == (author, outlet)
    assert cleaned.title == "Patron Stays Home as Ally Falls"
    assert (
        cleaned.summary == "The blogger's own note on why this matters, written before the repost."
    )
    assert cleaned.text.startswith("The article itself starts here")
    assert "blogger" not in cleaned.text and byline not in cleaned.text


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Roe", "Jane Roe"),
        ("by John A. Smith", "John A. Smith"),
        ("By Li Wei, Reuters", "Li Wei"),
    ],
)
def test_by_line_gives_author(line: str, author: str) -> None:
    raw = f"Headline Without A Period\n\n{line}\n\nThe story begins here. It continues."
    cleaned = clean_text(raw)
    assert cleaned.author == author
    assert cleaned.title == "Headline Without A Period"
    assert cleaned.text == "The story begins here. It continues."


def test_author_bio_at_the_end_is_removed() -> None:
    raw = ("A title line\nThe article says something.\nIt says a second thing.\n"
           "Jane Roe is a senior fellow at the Example Institute and writes about Russia. "
           "Learn more...")  # fmt: skip
    cleaned = clean_text(raw)
    assert "Jane Roe" not in cleaned.text
    assert cleaned.text.endswith("It says a second thing.")


def test_quoted_bio_like_sentence_inside_the_article_stays() -> None:
    raw = ("A title line\n\"She is an analyst at the institute and knows it well,\" he said.\n"
           "The article goes on.\nAnd ends.")  # fmt: skip
    assert "She is an analyst" in clean_text(raw).text


@pytest.mark.parametrize(
    "text",
    [
        "“Russia’s allies,” he said, ‘won’t wait.’",
        "«Moscow» — „Kyiv“ ‚x‛ ″y″",
        "plain 'ascii' \"text\"",
    ],
)
def test_normalize_quotes_keeps_length_and_maps_to_ascii(text: str) -> None:
    out = normalize_quotes(text)
    assert len(out) == len(text)
    assert not set(out) & set("“”‘’«»„‚‛″")


def test_curly_quotes_are_stored_as_written() -> None:
    raw = "“We will not abandon our allies,” the minister said on Tuesday."
    assert clean_text(raw, has_title=True).text == raw


def test_paragraph_spans_index_the_text() -> None:
    cleaned = clean_text("One para here.\n\nTwo para here.\n\nThree para here.", has_title=True)
    assert [cleaned.text[s.start : s.end] for s in cleaned.paragraphs] == [
        "One para here.", "Two para here.", "Three para here.",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("note", "summary"),
    [
        ("Why this matters for the region. JL", "Why this matters for the region."),
        ("Why this matters for the region. ABC.", "Why this matters for the region."),
        ("Why this matters for the EU", "Why this matters for the EU"),
    ],
)
def test_signature_initials_stripped_from_the_summary_only_after_a_sentence(
    note: str, summary: str
) -> None:
    raw = f"A Headline Here\n{note}\nJane Roe writes in Example Weekly:\nThe body.\nMore body."
    assert clean_text(raw).summary == summary


def test_running_headers_and_page_numbers_of_paged_text_are_dropped() -> None:
    pages = [
        "THE EXAMPLE REVIEW\nThe first page says the patron stayed home and\n1",
        "THE EXAMPLE REVIEW\nsent nothing at all. The second page ends here.\nPage 2 of 3",
        "THE EXAMPLE REVIEW\nThe third page concludes the article.\n3",
    ]
    cleaned = clean_text("", pages=pages, has_title=True)
    assert cleaned.text == (
        "The first page says the patron stayed home and sent nothing at all. The second page "
        "ends here.\n\nThe third page concludes the article."
    )
    assert len(cleaned.pages) == 3
