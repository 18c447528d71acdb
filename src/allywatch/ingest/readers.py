"""Built-in readers: plain text, HTML, PDF, RSS/Atom, JSONL and CSV.

Each reader turns bytes into :class:`RawDocument` records and raises (or, for one bad
record in a corpus, yields) an :class:`~allywatch.errors.InputError` naming the input.
They are registered at import time; see ``registry.py`` to add your own.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from allywatch.errors import EmptyInputError, InputError, MalformedInputError
from allywatch.ingest.clean import date_from_url
from allywatch.ingest.registry import RawDocument, ReadOptions, register_reader
from allywatch.ingest.sources import decode_text
from allywatch.types import CitedLink

__all__ = [
    "DEFAULT_FIELD_NAMES",
    "html_fragment_text",
    "parse_date",
    "read_csv",
    "read_feed",
    "read_html",
    "read_jsonl",
    "read_pdf",
    "read_text",
]

logger = logging.getLogger(__name__)

#: Field roles in JSONL/CSV corpora and the names tried, in order, when the user gives none.
DEFAULT_FIELD_NAMES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "articleBody", "article", "full_text", "maintext"),
    "title": ("title", "headline", "name"),
    "date": ("date", "published", "published_at", "publish_date", "datePublished", "pubdate"),
    "url": ("url", "link", "source_url", "href"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher", "domain"),
    "author": ("author", "authors", "byline", "creator"),
}

# Elements whose content is never article text (and must not leak as markup).
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg",
              "form", "button", "nav", "aside", "footer")  # fmt: skip
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "header",
        "tr",
        "table",
        "pre",
        "figure",
        "figcaption",
        "dd",
        "dt",
    ]
)


def parse_date(value: object) -> date | None:
    """A date from a metadata value: ISO 8601, RFC 2822, or free text via dateparser."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    parsed = dateparser.parse(text, settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


# --- plain text ----------------------------------------------------------------------


def read_text(data: bytes, source: str, options: ReadOptions) -> Iterator[RawDocument]:
    text = decode_text(data, source, _charset(options.content_type))
    if not text.strip():
        raise EmptyInputError(source, "file has only whitespace")
    yield RawDocument(text=text, source=source, format="text", url=options.url)


# --- HTML ------------------------------------------------------------------------------


def _looks_html(head: bytes) -> bool:
    start = head[:1024].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:512]


def read_html(data: bytes, source: str, options: ReadOptions) -> Iterator[RawDocument]:
    """Main text and metadata with trafilatura (title, author, date, site name, language)."""
    import trafilatura

    text = decode_text(data, source, _charset(options.content_type))
    if "<" not in text:
        raise MalformedInputError(source, "no HTML markup found")
    result = trafilatura.bare_extraction(
        text,
        url=options.url,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_tables=True,
        deduplicate=False,
    )
    body = getattr(result, "text", None) if result is not None else None
    if not body or not body.strip():
        raise MalformedInputError(source, "no article text found in the HTML")
    yield RawDocument(
        text=body,
        source=source,
        format="html",
        title=getattr(result, "title", None) or None,
        author=getattr(result, "author", None) or None,
        outlet=getattr(result, "sitename", None) or None,
        published=parse_date(getattr(result, "date", None)),
        url=options.url or getattr(result, "url", None) or None,
        language=getattr(result, "language", None) or None,
        summary=None,
        wrapped=False,
    )


def html_fragment_text(html: str) -> tuple[str, tuple[CitedLink, ...]]:
    """Text of an HTML fragment (a feed entry), paragraphs on their own lines, and its links.

    Scripts, styles and event-handler attributes are dropped with their elements; only text
    nodes survive, so no markup reaches the stored text. (trafilatura is tuned for whole
    pages and returns nothing for short fragments, hence this small walker over lxml.)
    """
    import lxml.html
    from lxml import etree

    if "<" not in html:
        return html, ()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return "", ()
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    links = tuple(
        CitedLink(url=a.get("href", ""), text=" ".join(a.text_content().split()),
                  date=date_from_url(a.get("href", "")))
        for a in root.iter("a")
        if a.get("href", "").startswith(("http://", "https://"))
    )  # fmt: skip
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line), links


# --- PDF -------------------------------------------------------------------------------


def read_pdf(data: bytes, source: str, options: ReadOptions) -> Iterator[RawDocument]:
    """Text per page with pypdf (pages become ``Document.pages``), title/author/date."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    if not data.lstrip().startswith(b"%PDF-"):
        raise MalformedInputError(source, "not a PDF (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise MalformedInputError(source, "PDF is encrypted")
        pages = tuple(page.extract_text() or "" for page in reader.pages)
        info = reader.metadata
    # pypdf reports broken files through several exception types (its own, plus
    # ValueError/KeyError/TypeError from deep in the object parser); all mean "malformed".
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, OSError, RecursionError) as exc:  # fmt: skip
        raise MalformedInputError(source, f"unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not any(p.strip() for p in pages):
        raise EmptyInputError(source, f"PDF has {len(pages)} page(s) but no text layer")
    title = author = None
    published = None
    if info is not None:
        title = (info.title or "").strip() or None
        author = (info.author or "").strip() or None
        try:
            created = info.creation_date
        except (ValueError, TypeError):
            created = None
        published = created.date() if created else None
    yield RawDocument(
        text="", source=source, format="pdf", title=title, author=author,
        published=published, url=options.url, pages=pages,
    )  # fmt: skip


# --- RSS / Atom ------------------------------------------------------------------------


def _looks_feed(head: bytes) -> bool:
    start = head[:2048].lower()
    return b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start


def read_feed(data: bytes, source: str, options: ReadOptions) -> Iterator[RawDocument | InputError]:
    """One document per entry: link, date, author, content (else summary), feed title."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = parsed.get("bozo_exception") if parsed.get("bozo") else "feed has no entries"
        raise MalformedInputError(source, f"not a readable RSS/Atom feed: {reason}")
    outlet = parsed.feed.get("title") or None
    language = (parsed.feed.get("language") or "")[:2] or None
    for i, entry in enumerate(parsed.entries, start=1):
        name = f"{source}#{i}"
        html = ""
        if entry.get("content"):
            html = entry.content[0].get("value", "")
        summary_html = entry.get("summary", "")
        text, links = html_fragment_text(html or summary_html)
        if not text.strip():
            yield EmptyInputError(name, "feed entry has no content or summary")
            continue
        summary = None
        if html and summary_html:
            summary = html_fragment_text(summary_html)[0] or None
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        yield RawDocument(
            text=text, source=name, format="feed", title=entry.get("title") or None,
            author=(entry.get("author_detail") or {}).get("name") or entry.get("author") or None,
            outlet=outlet,
            published=date(when.tm_year, when.tm_mon, when.tm_mday) if when else None,
            url=entry.get("link") or None, language=language, summary=summary,
            links=links, wrapped=False,
        )  # fmt: skip


# --- JSONL and CSV corpora -------------------------------------------------------------


def _field(record: Mapping[str, Any], role: str, fields: Mapping[str, str]) -> Any:
    if role in fields:
        return record.get(fields[role])
    for name in DEFAULT_FIELD_NAMES[role]:
        if record.get(name) not in (None, ""):
            return record[name]
    return None


def _record(
    record: Mapping[str, Any], name: str, fmt: str, options: ReadOptions
) -> RawDocument | InputError:
    text = _field(record, "text", options.fields)
    if not isinstance(text, str) or not text.strip():
        wanted = options.fields.get("text") or "/".join(DEFAULT_FIELD_NAMES["text"])
        return EmptyInputError(name, f"record has no text (field {wanted})")
    author = _field(record, "author", options.fields)
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author)
    url = _field(record, "url", options.fields)
    return RawDocument(
        text=text, source=name, format=fmt,
        title=_str_or_none(_field(record, "title", options.fields)),
        author=_str_or_none(author),
        outlet=_str_or_none(_field(record, "outlet", options.fields)),
        published=parse_date(_field(record, "date", options.fields)),
        url=_str_or_none(url),
    )  # fmt: skip


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _looks_jsonl(head: bytes) -> bool:
    return head.lstrip().startswith(b"{")


def read_jsonl(
    data: bytes, source: str, options: ReadOptions
) -> Iterator[RawDocument | InputError]:
    """One document per JSON object line; a bad line is reported and skipped."""
    text = decode_text(data, source)
    first = True
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{source}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            if first:
                raise MalformedInputError(source, f"line {lineno} is not JSON ({exc.msg})") from exc
            yield MalformedInputError(name, f"not valid JSON ({exc.msg})")
            continue
        first = False
        if not isinstance(record, dict):
            yield MalformedInputError(name, f"expected a JSON object, got {type(record).__name__}")
            continue
        yield _record(record, name, "jsonl", options)


def read_csv(data: bytes, source: str, options: ReadOptions) -> Iterator[RawDocument | InputError]:
    """One document per row; the header names the fields (``,`` ``;`` tab or ``|``)."""
    text = decode_text(data, source)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    except csv.Error as exc:
        raise MalformedInputError(source, f"not valid CSV ({exc})") from exc
    if not rows:
        raise MalformedInputError(source, "CSV has a header but no rows")
    columns = list(rows[0].keys())
    wanted = options.fields.get("text")
    has_text = (
        wanted in columns if wanted else any(n in columns for n in DEFAULT_FIELD_NAMES["text"])
    )
    if not has_text:
        raise MalformedInputError(
            source, f"CSV has no text column (columns: {', '.join(map(str, columns))})"
        )
    for rowno, row in enumerate(rows, start=2):
        if None in row:
            yield MalformedInputError(f"{source}:{rowno}", "row has more cells than the header")
            continue
        yield _record(row, f"{source}:{rowno}", "csv", options)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return None


def _looks_pdf(head: bytes) -> bool:
    return head.lstrip().startswith(b"%PDF-")


def register_builtin_readers() -> None:
    """(Re-)register the built-in readers; the text reader is the fallback for text."""
    register_reader(
        "text", read_text, suffixes=(".txt", ".text", ".md"),
        content_types=("text/plain", "text/markdown"),
    )  # fmt: skip
    register_reader("csv", read_csv, suffixes=(".csv", ".tsv"), content_types=("text/csv",))
    register_reader(
        "jsonl", read_jsonl, suffixes=(".jsonl", ".ndjson"),
        content_types=("application/x-ndjson", "application/jsonl"), sniffer=_looks_jsonl,
    )  # fmt: skip
    register_reader(
        "pdf", read_pdf, suffixes=(".pdf",), content_types=("application/pdf",),
        sniffer=_looks_pdf, binary=True,
    )  # fmt: skip
    register_reader(
        "html", read_html, suffixes=(".html", ".htm", ".xhtml"),
        content_types=("text/html", "application/xhtml+xml"), sniffer=_looks_html,
    )  # fmt: skip
    register_reader(
        "feed", read_feed, suffixes=(".rss", ".atom", ".xml"),
        content_types=("application/rss+xml", "application/atom+xml", "application/xml",
                       "text/xml"),
        sniffer=_looks_feed,
    )  # fmt: skip
