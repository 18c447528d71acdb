"""Server-rendered pages: every page answers, article strings are escaped, the document
page marks mentions, events and quotes at their offsets."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from allywatch.serve.web.highlight import Mark, segments
from tests.serve.fakes import article_extraction, payload_extraction

PAGES = [
    "/", "/documents", "/events", "/events?actor=RUS&type=AID", "/actors",
    "/timeline", "/timeline?actor=RUS", "/reliability?patron=RUS", "/flows?a=IRN&b=RUS",
    "/watchlist?patron=RUS", "/ledger", "/ledger?status=open", "/search?q=iran", "/docs",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")


def test_unknown_document_page_is_html_404(client: TestClient) -> None:
    r = client.get("/documents/nope", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "no document" in r.text and "<html" in r.text


@pytest.mark.parametrize(
    "path",
    ["/documents", "/events?actor=RUS", "/search?q=Breaking", "/documents/{payload}",
     "/timeline?actor=RUS", "/flows?a=RUS&b=<img src=x onerror=window.__xss=7>"],
)
def test_payloads_are_escaped(client: TestClient, path: str) -> None:
    html = client.get(path.format(payload=payload_extraction().document.id)).text
    parser = _Elements()
    parser.feed(html)
    assert "img" not in parser.tags
    for attrs in parser.attrs:
        assert not [k for k in attrs if k.startswith("on")], attrs
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), attrs
    assert all(src.startswith("/static/") for src in parser.scripts), parser.scripts
    assert "window.__xss" not in "".join(parser.script_text)


class _Elements(HTMLParser):
    """Tags, attributes and scripts of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append(dict(attrs))
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "")
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def test_document_page_highlights_records(client: TestClient) -> None:
    doc = article_extraction().document
    html = client.get(f"/documents/{doc.id}").text
    assert '<span class="hl-mention"' in html
    assert re.search(r'<a class="anchor" id="ev-[0-9a-f]+"></a><span class="hl-event', html)
    assert "hl-quote" in html and "hl-prediction" in html
    assert "Shahed drones and ballistic missiles" in html


def test_segments_cover_text_and_nest_marks() -> None:
    text = "Iran armed Russia. Moscow said nothing."
    marks = [Mark(0, 18, "event", "AID", ("ev-1", "c0")), Mark(0, 4, "mention", "IRN"),
             Mark(11, 17, "mention", "RUS"), Mark(19, 25, "mention", "RUS"),
             Mark(30, 99, "quote")]  # fmt: skip
    pieces = segments(text, marks)
    assert "".join(p.text for p in pieces) == text
    first = pieces[0]
    assert first.text == "Iran" and set(first.kinds) == {"event", "mention"}
    assert first.anchors == ["ev-1", "c0"]
    assert [p.text for p in pieces if "mention" in p.kinds] == ["Iran", "Russia", "Moscow"]
    assert pieces[-1].kinds == ["quote"] and pieces[-1].text == " nothing."


def test_segments_drop_bad_marks() -> None:
    assert [p.text for p in segments("abc", [Mark(2, 1, "x"), Mark(5, 9, "y")])] == ["abc"]


def test_search_finds_actor_by_alias_documents_and_events(client: TestClient) -> None:
    html = client.get("/search", params={"q": "tehran"}).text
    assert "<code>IRN</code>" in html
    assert "Events of IRN" in html and "Shahed drones" in html
    html = client.get("/search", params={"q": "smart money"}).text
    assert "Putin&#39;s fallen friends" in html
