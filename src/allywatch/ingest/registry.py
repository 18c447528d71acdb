"""The reader registry: which reader handles an input, and the raw record readers return.

A reader turns the bytes of one input into one or more :class:`RawDocument` records (a feed
or a JSONL corpus gives many). Cleaning and metadata inference happen afterwards, in
:func:`allywatch.ingest.read_inputs`, so a reader only extracts what its format carries.

Users add a reader with :func:`register_reader`::

    def read_docx(data: bytes, source: str, options: ReadOptions) -> Iterable[RawDocument]:
        ...

    register_reader("docx", read_docx, suffixes=(".docx",))

A reader is picked by file suffix first, then by content type (URLs), then by asking each
reader's ``sniffer`` about the first bytes. A reader raises an
:class:`~allywatch.errors.InputError` subclass for an input it cannot read, or yields one
for a bad record inside a corpus (the other records still come through).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from allywatch.errors import InputError
from allywatch.types import CitedLink

__all__ = [
    "RawDocument",
    "ReadOptions",
    "Reader",
    "ReaderFn",
    "Sniffer",
    "get_reader",
    "pick_reader",
    "readers",
    "register_reader",
    "unregister_reader",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a reader extracts from one article, before cleaning.

    ``pages`` holds the raw text of each page when the format has pages (PDF); ``text`` is
    then ignored. ``wrapped`` says whether single line breaks inside the text are hard wraps
    (``True``), paragraph ends (``False``) or unknown (``None``: the cleaner decides).
    """

    text: str
    source: str
    format: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    summary: str | None = None
    links: tuple[CitedLink, ...] = ()
    pages: tuple[str, ...] = ()
    wrapped: bool | None = None


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What readers may need besides the bytes.

    ``fields`` maps a record field role (``text``, ``title``, ``date``, ``url``, ``outlet``,
    ``author``) to the column or key name that holds it in JSONL/CSV corpora; roles not given
    fall back to common names (see ``readers.DEFAULT_FIELD_NAMES``).
    ``content_type`` is the HTTP content type for URLs, else empty.
    """

    fields: Mapping[str, str] = field(default_factory=dict)
    content_type: str = ""
    url: str | None = None


ReaderFn = Callable[[bytes, str, ReadOptions], Iterable["RawDocument | InputError"]]
Sniffer = Callable[[bytes], bool]


@dataclass(frozen=True, slots=True)
class Reader:
    """A registered reader: its name, function, and how inputs are routed to it."""

    name: str
    fn: ReaderFn
    suffixes: tuple[str, ...] = ()
    content_types: tuple[str, ...] = ()
    sniffer: Sniffer | None = None
    binary: bool = False


_READERS: dict[str, Reader] = {}


def register_reader(
    name: str,
    fn: ReaderFn,
    *,
    suffixes: Iterable[str] = (),
    content_types: Iterable[str] = (),
    sniffer: Sniffer | None = None,
    binary: bool = False,
) -> Reader:
    """Register (or replace) the reader ``name``.

    ``suffixes`` are lower-case file endings with the dot (``".docx"``); ``content_types``
    are MIME types for URLs; ``sniffer`` gets the first 4 KB and says whether it is this
    format; ``binary`` lets the input contain NUL bytes (otherwise it is refused as binary).
    A reader registered later wins over an earlier one for the same suffix.
    """
    reader = Reader(
        name=name,
        fn=fn,
        suffixes=tuple(s.lower() for s in suffixes),
        content_types=tuple(c.lower() for c in content_types),
        sniffer=sniffer,
        binary=binary,
    )
    _READERS.pop(name, None)
    _READERS[name] = reader
    logger.debug("registered reader %s for %s", name, reader.suffixes)
    return reader


def unregister_reader(name: str) -> None:
    """Remove a reader (mainly for tests)."""
    _READERS.pop(name, None)


def readers() -> list[Reader]:
    """The registered readers, latest first."""
    return list(reversed(_READERS.values()))


def get_reader(name: str) -> Reader:
    return _READERS[name]


def _suffix_match(name: str, suffixes: tuple[str, ...]) -> bool:
    lower = name.lower()
    return any(lower.endswith(s) for s in suffixes)


def claims_suffix(name: str) -> bool:
    """Whether some reader claims this file name by its suffix (used for directory walks)."""
    return any(_suffix_match(name, r.suffixes) for r in _READERS.values())


def pick_reader(name: str, head: bytes, content_type: str = "") -> Reader | None:
    """The reader for an input called ``name`` whose content starts with ``head``.

    Order: a sniffer that recognises the content among readers claiming the suffix, the
    suffix alone, the content type, then any sniffer. ``None`` when no reader fits.
    """
    by_suffix = [r for r in readers() if r.suffixes and _suffix_match(name, r.suffixes)]
    for reader in by_suffix:
        if reader.sniffer is not None and reader.sniffer(head):
            return reader
    if by_suffix:
        return by_suffix[0]
    mime = content_type.split(";")[0].strip().lower()
    if mime:
        for reader in readers():
            if mime in reader.content_types:
                return reader
    for reader in readers():
        if reader.sniffer is not None and reader.sniffer(head):
            return reader
    return None
