"""Each reader, on small inputs we write in the test, and the reader registry."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import httpx
import pytest

from allywatch.errors import InputError
from allywatch.ingest import (
    RawDocument,
    ReadOptions,
    read_inputs,
    register_reader,
    unregister_reader,
)
from allywatch.types import Document
from tests.ingest.conftest import make_pdf

ARTICLE = (
    "Moscow sent no troops when its ally was attacked in March 2025. "
    "Officials in the capital said the treaty had never promised military help, and analysts "
    "said the alliance was weaker than it looked."
)


def docs(inputs: list[str], **kwargs: object) -> list[Document]:
    out = list(read_inputs(inputs, **kwargs))  # type: ignore[arg-type]
    errors = [x for x in out if isinstance(x, InputError)]
    assert not errors, errors
    return [x for x in out if isinstance(x, Document)]


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Patron Stays Home\n\n" + ARTICLE + "\n", encoding="utf-8")
    [doc] = docs([str(path)])
    assert doc.format == "text"
    assert doc.title == "Patron Stays Home"
    assert doc.text == ARTICLE
    assert doc.id == Document.make_id(doc.text)
    assert doc.language == "en"
    assert doc.published == date(2025, 3, 1) and doc.published_inferred


def test_overrides_win(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = docs([str(path)], published=date(2025, 4, 2), outlet="Example Post")
    assert (doc.published, doc.published_inferred, doc.outlet) == (
        date(2025, 4, 2),
        False,
        "Example Post",
    )


HTML = """<!DOCTYPE html><html lang="en"><head><title>Ally Abandoned | Example Post</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="Example Post">
<meta property="article:published_time" content="2025-05-06T10:00:00Z">
<script>var secret = "tracker";</script></head><body>
<nav><a href="/">Home</a><a href="/sub">Subscribe</a></nav>
<article><h1>Ally Abandoned</h1>
<p>{p1}</p>
<p>Analysts expect the government to fall within a year. <img src="x.png" onerror="alert('pwned')">
<script>document.write("injected")</script>They cite the army's collapse and the lack of
foreign help.</p>
<p>The embassy said it had received no request for assistance, and the patron's foreign ministry
declined to comment on the reports of a withdrawal from the airbase.</p>
</article><footer>Copyright Example Post</footer></body></html>"""


def test_html_reader_main_text_metadata_and_no_markup(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(HTML.format(p1=ARTICLE), encoding="utf-8")
    [doc] = docs([str(path)])
    assert doc.format == "html"
    assert doc.title and doc.title.startswith("Ally Abandoned")
    assert doc.author == "Jane Roe"
    assert doc.outlet == "Example Post"
    assert doc.published == date(2025, 5, 6) and not doc.published_inferred
    assert ARTICLE in doc.text
    for bad in ("<script", "onerror", "alert(", "injected", "tracker", "<img", "Subscribe"):
        assert bad not in doc.text


def test_pdf_reader_keeps_pages(tmp_path: Path) -> None:
    page1 = "First page. " + ARTICLE
    page2 = "Second page. The ministry later denied that any agreement had been signed."
    path = make_pdf(tmp_path / "a.pdf", [page1, page2], title="PDF Title")
    [doc] = docs([str(path)])
    assert doc.format == "pdf" and doc.title == "PDF Title" and doc.author == "Jane Roe"
    assert len(doc.pages) == 2
    first, second = (doc.text[s.start : s.end] for s in doc.pages)
    assert first.startswith("First page.") and "Second page" not in first
    assert second.startswith("Second page.")


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Feed</title>
<item><title>One</title><link>https://example.com/2025/02/03/one</link>
<pubDate>Mon, 03 Feb 2025 08:00:00 +0000</pubDate>
<description><![CDATA[<p>{text}</p><p>See
<a href="https://example.org/2025/01/30/src">the source</a>.</p>]]></description></item>
<item><title>Two</title><link>https://example.com/two</link>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">
<![CDATA[<p>Full text of entry two. {text}</p>]]></content:encoded>
<description>Teaser for two.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Atom</title><entry><title>Atom entry</title>
<link href="https://example.com/atom/1"/><updated>2025-06-07T00:00:00Z</updated>
<author><name>Jane Roe</name></author>
<content type="html">&lt;p&gt;{text}&lt;/p&gt;</content></entry></feed>"""


def test_rss_file_each_entry_a_document(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS.format(text=ARTICLE), encoding="utf-8")
    one, two = docs([str(path)])
    assert (one.title, one.url, one.published, one.outlet) == (
        "One", "https://example.com/2025/02/03/one", date(2025, 2, 3), "Example Feed",
    )  # fmt: skip
    assert ARTICLE in one.text and "<p>" not in one.text
    assert [(link.url, link.date) for link in one.links] == [
        ("https://example.org/2025/01/30/src", date(2025, 1, 30))
    ]
    assert two.text.startswith("Full text of entry two.")
    assert two.summary == "Teaser for two."


def test_atom_feed_from_loopback_url(loopback: tuple[str, dict]) -> None:
    base, routes = loopback
    routes["/feed"] = (200, "application/atom+xml", ATOM.format(text=ARTICLE).encode())
    [doc] = docs([f"{base}/feed"])
    assert (doc.title, doc.author, doc.format) == ("Atom entry", "Jane Roe", "feed")
    assert doc.published == date(2025, 6, 7)


def test_html_from_loopback_url(loopback: tuple[str, dict]) -> None:
    base, routes = loopback
    routes["/news/story"] = (200, "text/html; charset=utf-8", HTML.format(p1=ARTICLE).encode())
    [doc] = docs([f"{base}/news/story"])
    assert doc.format == "html" and ARTICLE in doc.text
    assert doc.url == f"{base}/news/story"


def test_injectable_transport() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=ARTICLE, headers={"content-type": "text/plain"})

    [doc] = docs(["https://offline.example/a"], transport=httpx.MockTransport(answer))
    assert doc.text == ARTICLE


URL = "https://x.example/a"


@pytest.mark.parametrize(
    ("records", "fields"),
    [
        (
            [{"text": ARTICLE, "title": "T", "date": "2025-01-02", "url": URL, "outlet": "O"}],
            None,
        ),
        (
            [{"body": ARTICLE, "headline": "T", "published": "2025-01-02", "link": URL,
              "source": "O"}],
            None,
        ),
        (
            [{"txt": ARTICLE, "hd": "T", "when": "2 January 2025", "u": URL, "pub": "O"}],
            {"text": "txt", "title": "hd", "date": "when", "url": "u", "outlet": "pub"},
        ),
    ],
)  # fmt: skip
def test_jsonl_and_csv_with_field_names(
    tmp_path: Path, records: list[dict[str, str]], fields: dict[str, str] | None
) -> None:
    import csv

    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    csv_path = tmp_path / "c.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    for path in (jsonl, csv_path):
        [doc] = docs([str(path)], fields=fields)
        assert (doc.title, doc.published, doc.url, doc.outlet) == (
            "T", date(2025, 1, 2), "https://x.example/a", "O",
        ), path  # fmt: skip
        assert doc.text == ARTICLE


def test_directory_is_walked_recursively_and_globs_expand(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE + " One.", encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE + " Two.", encoding="utf-8")
    (tmp_path / "sub" / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    assert len(docs([str(tmp_path)])) == 2
    assert len(docs([str(tmp_path / "**" / "*.txt")])) == 2


def test_user_registered_reader(tmp_path: Path) -> None:
    def read_shout(data: bytes, source: str, options: ReadOptions) -> Iterable[RawDocument]:
        yield RawDocument(text=data.decode().lower(), source=source, format="shout")

    register_reader("shout", read_shout, suffixes=(".shout",))
    try:
        path = tmp_path / "x.shout"
        path.write_text(ARTICLE.upper(), encoding="utf-8")
        [doc] = docs([str(path)])
        assert doc.format == "shout" and doc.text == ARTICLE.lower()
    finally:
        unregister_reader("shout")


def test_examples_all_read(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    found = docs([str(examples)])
    assert {d.format for d in found} == {"text", "html", "pdf", "feed", "jsonl"}
    assert len(found) >= 8
    assert all(d.published and d.title and d.author for d in found)


def test_html_links_in_the_article_become_cited_links(tmp_path: Path) -> None:
    para = (
        "Officials confirmed that the shipment was cancelled, <a href="
        '"https://news.example/2025/03/04/cancelled">according to a report</a>, and that no '
        'replacement was planned; see <a href="/2025/03/05/follow-up">our follow-up</a>.'
    )
    path = tmp_path / "a.html"
    path.write_text(HTML.format(p1=ARTICLE + " " + para), encoding="utf-8")
    [doc] = docs([str(path)])
    assert "according to a report, and that no replacement" in doc.text
    assert "](" not in doc.text and "news.example" not in doc.text
    assert [(link.url, link.text, link.date) for link in doc.links] == [
        ("https://news.example/2025/03/04/cancelled", "according to a report", date(2025, 3, 4))
    ]


def test_pdf_sentence_across_a_page_break_is_joined(tmp_path: Path) -> None:
    page1 = "The first page has a complete sentence. Then the ministry said that"
    page2 = "no help would come before the winter. A new paragraph would follow."
    path = make_pdf(tmp_path / "b.pdf", [page1, page2])
    [doc] = docs([str(path)])
    assert "the ministry said that no help would come before the winter." in doc.text
    first, second = (doc.text[s.start : s.end] for s in doc.pages)
    assert first.endswith("said that") and second.startswith("no help")


def test_feed_entry_markup_and_scripts_do_not_survive(tmp_path: Path) -> None:
    hostile = (
        '<p onclick="steal()">' + ARTICLE + '</p><script>alert("x")</script>'
        '<img src="a.png" onerror="alert(1)"><iframe src="https://evil.example"></iframe>'
        "<style>p{}</style><p>Closing <b>bold</b> words.</p>"
    )
    feed = RSS.format(text="x").replace("<p>x</p>", hostile)
    path = tmp_path / "h.rss"
    path.write_text(feed, encoding="utf-8")
    doc = docs([str(path)])[0]
    for bad in ("<", "alert", "steal", "onerror", "evil.example", "p{}"):
        assert bad not in doc.text, bad
    assert ARTICLE in doc.text and "Closing bold words." in doc.text


def test_csv_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(f'title;text;date\nT;"{ARTICLE}";2025-01-02\n', encoding="utf-8")
    [doc] = docs([str(path)])
    assert (doc.title, doc.text, doc.published) == ("T", ARTICLE, date(2025, 1, 2))


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_text_in_other_encodings_decodes(tmp_path: Path, encoding: str) -> None:
    text = "“Moscow will not send troops,” the minister said — and it didn’t, in 2025. " * 3
    path = tmp_path / "enc.txt"
    path.write_bytes(text.strip().encode(encoding))
    [doc] = docs([str(path)])
    assert doc.text == text.strip()


def test_corpus_fields_from_settings(tmp_path: Path) -> None:
    from allywatch.config import Settings

    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"body_text": ARTICLE, "hd": "T"}) + "\n", encoding="utf-8")
    settings = Settings(corpus_fields={"text": "body_text", "title": "hd"})
    [doc] = docs([str(path)], settings=settings)
    assert (doc.text, doc.title) == (ARTICLE, "T")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Before <script>alert(1)</script>after.", "Before after."),
        ('Look <img src=x onerror="alert(1)">here.', "Look here."),
        ("Inflation < 5% and growth > 2% this year.", "Inflation < 5% and growth > 2% this year."),
        ("Plain text.", "Plain text."),
    ],
)
def test_strip_markup(text: str, expected: str) -> None:
    from allywatch.ingest.readers import strip_markup

    assert strip_markup(text) == expected


def test_escaped_markup_in_an_html_article_is_not_stored(tmp_path: Path) -> None:
    escaped = (
        ARTICLE + " &lt;script&gt;alert('x')&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;"
    )
    path = tmp_path / "e.html"
    path.write_text(HTML.format(p1=escaped), encoding="utf-8")
    [doc] = docs([str(path)])
    assert ARTICLE in doc.text
    assert "<script" not in doc.text and "onerror" not in doc.text
