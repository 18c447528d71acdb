"""Ingest stage: sources -> cleaned ``Document`` records (see DESIGN.md and docs/ingest.md).

>>> for item in read_inputs(["examples/"]):
...     if isinstance(item, InputError):
...         print("skipped", item)
...     else:
...         print(item.id, item.title)

Each input is a file, a directory (walked recursively), a glob or an http(s) URL. A bad
input never stops the batch: its :class:`~allywatch.errors.InputError` is yielded in place
of a document and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from datetime import date

import httpx

from allywatch.config import Settings, get_settings
from allywatch.errors import BinaryInputError, EmptyInputError, InputError
from allywatch.ingest.clean import Cleaned, clean_text, domain_of, normalize_quotes
from allywatch.ingest.dedup import NearDuplicateIndex, find_repeated
from allywatch.ingest.metadata import (
    author_from_links,
    detect_language,
    infer_published,
    outlet_for_url,
)
from allywatch.ingest.readers import register_builtin_readers
from allywatch.ingest.registry import (
    RawDocument,
    Reader,
    ReadOptions,
    pick_reader,
    register_reader,
    unregister_reader,
)
from allywatch.ingest.sources import expand_inputs, fetch_url, is_url, load_file, looks_binary
from allywatch.types import CitedLink, Document

__all__ = [
    "Cleaned",
    "InputError",
    "NearDuplicateIndex",
    "RawDocument",
    "ReadOptions",
    "Reader",
    "build_document",
    "clean_text",
    "normalize_quotes",
    "read_inputs",
    "register_reader",
    "unregister_reader",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

register_builtin_readers()


def read_inputs(
    inputs: Sequence[str],
    *,
    published: date | None = None,
    outlet: str | None = None,
    settings: Settings | None = None,
    fields: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[Document | InputError]:
    """Read, clean and describe every input; yield a ``Document`` or the input's error.

    ``published`` and ``outlet`` override what the inputs say (and mark the date as not
    inferred). ``fields`` maps JSONL/CSV field roles (text, title, date, url, outlet,
    author) to the names a corpus uses. ``transport`` replaces httpx's network transport
    for URLs (tests, offline mirrors).
    """
    settings = settings or get_settings()
    for item in expand_inputs(tuple(inputs)):
        if isinstance(item, InputError):
            logger.warning("%s", item)
            yield item
            continue
        try:
            yield from _read_one(item, settings, fields or {}, transport, published, outlet)
        except InputError as exc:
            logger.warning("%s", exc)
            yield exc


def _read_one(
    item: str,
    settings: Settings,
    fields: Mapping[str, str],
    transport: httpx.BaseTransport | None,
    published: date | None,
    outlet: str | None,
) -> Iterator[Document | InputError]:
    if is_url(item):
        loaded = fetch_url(
            item,
            max_bytes=settings.max_input_bytes,
            timeout=settings.fetch_timeout,
            transport=transport,
        )
    else:
        loaded = load_file(item, settings.max_input_bytes)
    name = loaded.url or loaded.source
    if is_url(name):
        # A URL path like /news/story names no format; route on content type and content.
        name = name.split("?", 1)[0].split("#", 1)[0]
    reader = pick_reader(name, loaded.data[:4096], loaded.content_type)
    binary = looks_binary(loaded.data)
    if reader is None:
        if binary:
            raise BinaryInputError(item, "binary content in a format no reader handles")
        reader = _fallback_text_reader()
    if binary and not reader.binary:
        raise BinaryInputError(item, f"binary content where {reader.name} text was expected")
    options = ReadOptions(fields=fields, content_type=loaded.content_type, url=loaded.url)
    for raw in reader.fn(loaded.data, item if not loaded.url else loaded.source, options):
        if isinstance(raw, InputError):
            logger.warning("%s", raw)
            yield raw
            continue
        try:
            yield build_document(raw, published=published, outlet=outlet)
        except InputError as exc:
            logger.warning("%s", exc)
            yield exc


def _fallback_text_reader() -> Reader:
    from allywatch.ingest.registry import get_reader

    return get_reader("text")


def _merge_links(*groups: Sequence[CitedLink]) -> tuple[CitedLink, ...]:
    seen: set[str] = set()
    out: list[CitedLink] = []
    for group in groups:
        for link in group:
            if link.url and link.url not in seen:
                seen.add(link.url)
                out.append(link)
    return tuple(out)


def build_document(
    raw: RawDocument,
    *,
    published: date | None = None,
    outlet: str | None = None,
    today: date | None = None,
) -> Document:
    """Clean a reader's record and fill in its metadata (overrides win, then metadata,
    then what the text shows, then inference)."""
    cleaned = clean_text(raw.text, pages=raw.pages, wrapped=raw.wrapped, title=raw.title)
    if not cleaned.text.strip():
        raise EmptyInputError(raw.source, "no article text left after cleaning")
    links = _merge_links(raw.links, cleaned.links)
    author = raw.author or cleaned.author
    author_link, author_site = author_from_links(links)
    author = author or author_link
    site = domain_of(raw.url) if raw.url else author_site
    doc_outlet = (
        outlet
        or cleaned.outlet
        or raw.outlet
        or (outlet_for_url(raw.url) if raw.url else None)
        or (outlet_for_url(f"https://{author_site}/") if author_site else None)
    )
    when, inferred = published, False
    if when is None:
        when = raw.published
    if when is None:
        when = infer_published(cleaned.text, links, own_domain=site, today=today)
        inferred = when is not None
    return Document(
        id=Document.make_id(cleaned.text),
        text=cleaned.text,
        source=raw.source,
        format=raw.format,
        title=raw.title or cleaned.title,
        outlet=doc_outlet,
        author=author,
        language=raw.language or detect_language(cleaned.text),
        published=when,
        published_inferred=inferred,
        url=raw.url,
        summary=raw.summary or cleaned.summary,
        links=links,
        paragraphs=cleaned.paragraphs,
        pages=cleaned.pages,
        repeated=find_repeated(cleaned.text, cleaned.paragraphs),
    )
