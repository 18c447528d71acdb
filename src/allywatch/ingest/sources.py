"""Where inputs come from: paths, directories, globs and URLs, read into checked bytes.

Every failure becomes an :class:`~allywatch.errors.InputError` subclass that names the
input and the reason; nothing here raises anything else for a bad input.
"""

from __future__ import annotations

import glob
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from allywatch.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    FetchError,
    InputError,
    MissingInputError,
    OversizedInputError,
)
from allywatch.ingest.registry import claims_suffix

__all__ = ["Loaded", "decode_text", "expand_inputs", "fetch_url", "is_url", "load_file"]

logger = logging.getLogger(__name__)

_GLOB_CHARS = frozenset("*?[")
# Files a directory walk skips: a folder's own documentation is not an article.
_NOT_ARTICLES = ("README", "LICENSE", "CHANGELOG", "CONTRIBUTING", "NOTICE")

# Magic numbers of common binary formats that no text reader should try to decode.
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF",
    b"MZ", b"\xd0\xcf\x11\xe0", b"7z\xbc\xaf", b"Rar!", b"OggS", b"ID3", b"fLaC",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Loaded:
    """The bytes of one input, with the name readers route on."""

    source: str
    data: bytes
    content_type: str = ""
    url: str | None = None


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def expand_inputs(inputs: list[str] | tuple[str, ...]) -> Iterator[str | InputError]:
    """Each input as concrete file paths or URLs, in a stable order.

    A directory is walked recursively (hidden entries and README/LICENSE-style files
    skipped), keeping only files a reader claims by suffix; a glob expands (``**``
    recursive); a missing path yields :class:`MissingInputError`.
    """
    for item in inputs:
        if is_url(item):
            yield item
            continue
        path = Path(item).expanduser()
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                logger.info("%s: no readable files in directory", item)
            yield from found
        elif path.is_file():
            yield str(path)
        elif _GLOB_CHARS & set(item):
            matches = sorted(glob.glob(os.path.expanduser(item), recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                yield MissingInputError(item, "no file matches this pattern")
            yield from files
        elif path.exists():
            yield MissingInputError(item, "not a regular file or directory")
        else:
            yield MissingInputError(item, "no such file or directory")


def _walk(root: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or name.upper().startswith(_NOT_ARTICLES):
                continue
            if claims_suffix(name):
                yield os.path.join(dirpath, name)


def check_size(source: str, size: int, limit: int) -> None:
    if size > limit:
        raise OversizedInputError(
            source, f"{size:,} bytes is over the limit of {limit:,} (max_input_bytes)"
        )


def load_file(path: str, max_bytes: int) -> Loaded:
    """Read a file, refusing missing, oversized and empty ones."""
    try:
        size = os.path.getsize(path)
        check_size(path, size, max_bytes)
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise MissingInputError(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise MissingInputError(path, "is a directory") from exc
    except PermissionError as exc:
        raise MissingInputError(path, "permission denied") from exc
    check_size(path, len(data), max_bytes)
    if not data.strip():
        raise EmptyInputError(path, "file is empty")
    return Loaded(source=path, data=data)


def fetch_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    transport: httpx.BaseTransport | None = None,
) -> Loaded:
    """GET a URL with httpx (following redirects), refusing errors and oversized bodies.

    ``transport`` is injectable so tests and offline deployments can answer without the
    network (``httpx.MockTransport``).
    """
    headers = {"User-Agent": "allywatch/0.1 (+https://github.com/allywatch)"}
    try:
        with (
            httpx.Client(
                transport=transport, timeout=timeout, follow_redirects=True, headers=headers
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(url, f"server answered HTTP {response.status_code}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit():
                check_size(url, int(declared), max_bytes)
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                check_size(url, total, max_bytes)
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "")
            final_url = str(response.url)
    except httpx.TimeoutException as exc:
        raise FetchError(url, f"timed out after {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(url, f"unreachable ({type(exc).__name__}: {exc})") from exc
    data = b"".join(chunks)
    if not data.strip():
        raise EmptyInputError(url, "server sent an empty body")
    return Loaded(source=url, data=data, content_type=content_type, url=final_url)


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first 8 KB, or a known binary magic number."""
    return data.startswith(_BINARY_MAGIC) or b"\x00" in data[:8192]


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode text bytes: BOM, then the declared charset, then UTF-8, then a detected one.

    Refuses binary content and bytes that no encoding explains (charset-normalizer is used
    only as the last resort, since it is slow and guesses on short inputs).
    """
    if looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinaryInputError(source, "binary content, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", source)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            logger.debug("%s: declared charset %s does not fit", source, declared)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise EncodingError(source, "bytes are not valid UTF-8 and match no known encoding")
    text = str(best)
    if _control_share(text) > 0.05:
        raise EncodingError(source, f"undecodable: best guess {best.encoding} gives control bytes")
    logger.info("%s: decoded as %s", source, best.encoding)
    return text


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(source, f"invalid {encoding} at byte {exc.start}") from exc


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / len(text)
