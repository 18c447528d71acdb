"""HTTP caching of the read API: ETags, 304 answers and an in-process response cache.

:class:`ResponseCache` (run by the plain ASGI :class:`CacheMiddleware`, in front of the app;
``app.state.response_cache`` is the instance, with its :class:`CacheStats`). For
``GET /api/...``
(except the health probe) it

- gives every 200 response a strong ``ETag`` (a hash of its body) and
  ``Cache-Control: no-cache``, so a client may keep the body but must ask again each time;
  a request whose ``If-None-Match`` names the current ETag gets ``304 Not Modified`` with no
  body;
- keeps the response in memory keyed by ``(path, query string, store version)``, where the
  store version (:meth:`allywatch.serve.backend.StoreBackend.version`) changes on *any*
  write to the database, from this process or another one, and on catalog changes. A hit is
  answered without entering FastAPI, a thread or the database. When the version moves,
  every older entry is dropped, so an ingest is visible on the very next request.
- runs one computation per key at a time: requests for a key being computed wait for that
  result instead of running the same query side by side (after a write, fifty clients
  asking for the first page would otherwise run it fifty times).

When the backend cannot tell its version (PostgreSQL, an in-memory store), nothing is kept
and every request is computed; ETags and 304s still work. ``X-Allywatch-Cache`` says
``hit``, ``miss`` (computed and kept), ``shared`` (waited for another request's
computation) or ``bypass`` (not cacheable).

Only bodies are cached, never a request's credentials: the read API takes none, and the
write endpoints (POST) are never cached. Hand-written rather than a library because the
invalidation rule -- the store's own change counter -- is what matters here, and the
generic ASGI caches key by time (TTL), which would serve stale rows after an ingest.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CacheMiddleware", "CacheStats", "ResponseCache"]

logger = logging.getLogger(__name__)

#: Bytes of responses kept (the least recently used go first).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Larger responses are sent as they come and not kept (nor given an ETag).
DEFAULT_MAX_ENTRY = 4 * 1024 * 1024
#: Paths never cached: the liveness probe must show the server's own state.
UNCACHED_PATHS = frozenset({"/api/health"})

_CACHE_HEADER = b"x-allywatch-cache"
#: Response headers the cache sets itself (an endpoint's own values are replaced).
_OWN_HEADERS = frozenset({b"etag", b"cache-control", _CACHE_HEADER, b"content-length"})


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    shared: int = 0
    bypassed: int = 0
    not_modified: int = 0
    invalidations: int = 0


@dataclass(frozen=True)
class _Entry:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes


def _etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    """RFC 9110 weak comparison of ``If-None-Match`` (a list, or ``*``) with ``etag``."""
    value = if_none_match.strip()
    if value == b"*":
        return True
    return any(tag.strip().removeprefix(b"W/") == etag for tag in value.split(b","))


class CacheMiddleware:
    """ASGI middleware running ``cache`` in front of ``app``."""

    def __init__(self, app: ASGIApp, *, cache: ResponseCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.cache.handle(self.app, scope, receive, send)


class ResponseCache:
    """See the module docstring. ``version()`` answers the store version or None (do not
    cache); ``enabled=False`` keeps ETags and 304s but caches nothing."""

    def __init__(
        self, *, version: Callable[[], Hashable | None], enabled: bool = True,
        max_bytes: int = DEFAULT_MAX_BYTES, max_entry: int = DEFAULT_MAX_ENTRY,
    ) -> None:  # fmt: skip
        self.version = version
        self.enabled = enabled
        self.max_bytes = max_bytes
        self.max_entry = min(max_entry, max_bytes)
        self.stats = CacheStats()
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._bytes = 0
        self._current: Hashable | None = None
        self._inflight: dict[Hashable, asyncio.Future[_Entry | None]] = {}

    def _version(self) -> Hashable | None:
        try:
            return self.version()
        except Exception as exc:  # e.g. the store cannot be opened: let the app answer that
            logger.debug("no store version (%s): not caching", exc)
            return None

    # -- the store ------------------------------------------------------------------------
    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _get(self, key: Hashable) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def _put(self, key: Hashable, entry: _Entry) -> None:
        size = len(entry.body) + 64
        if size > self.max_entry:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body) + 64
        self._entries[key] = entry
        self._bytes += size
        while self._bytes > self.max_bytes and self._entries:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body) + 64

    def _observe(self, version: Hashable) -> None:
        """Drop every entry of an older version the first time a new one is seen."""
        if version != self._current:
            if self._entries:
                self.stats.invalidations += 1
            self.clear()
            self._current = version

    # -- ASGI -----------------------------------------------------------------------------
    async def handle(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http" or scope["method"] != "GET"
            or not path.startswith("/api/") or path in UNCACHED_PATHS
        ):  # fmt: skip
            await app(scope, receive, send)
            return
        if_none_match = b""
        for name, value in scope.get("headers", ()):
            if name == b"if-none-match":
                if_none_match = value
                break
        version = self._version() if self.enabled else None
        if version is None:
            self.stats.bypassed += 1
            await self._compute(app, scope, receive, send, if_none_match, b"bypass")
            return
        self._observe(version)
        key = (path, scope.get("query_string", b""), version)
        entry = self._get(key)
        if entry is not None:
            self.stats.hits += 1
            await self._answer(entry, send, if_none_match, b"hit")
            return
        pending = self._inflight.get(key)
        if pending is not None:
            shared = await asyncio.shield(pending)
            if shared is not None:
                self.stats.shared += 1
                await self._answer(shared, send, if_none_match, b"shared")
                return
            # The other computation was not cacheable (an error, a large body): run ours.
            self.stats.bypassed += 1
            await self._compute(app, scope, receive, send, if_none_match, b"bypass")
            return
        future: asyncio.Future[_Entry | None] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        result: _Entry | None = None
        try:
            result = await self._compute(app, scope, receive, send, if_none_match, b"miss")
            # Kept only while its version is current (a write during the computation has
            # already dropped the version's other entries; this one would never be read).
            if result is not None and version == self._current:
                self._put(key, result)
                self.stats.misses += 1
            else:
                self.stats.bypassed += 1
        finally:
            del self._inflight[key]
            future.set_result(result)

    async def _compute(
        self, app: ASGIApp, scope: Scope, receive: Receive, send: Send, if_none_match: bytes,
        label: bytes,
    ) -> _Entry | None:  # fmt: skip
        """Run the app; answer from its full response when it is a 200 that fits in
        ``max_entry`` (with ETag, maybe as a 304), else pass it through as it comes.
        Returns what can be kept, or None."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:
                    passing = True
                    await send(message)
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body = message.get("body", b"")
            chunks.append(body)
            size += len(body)
            if size > self.max_entry:  # too large to keep: send what we have, then stream
                passing = True
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks),
                            "more_body": message.get("more_body", False)})  # fmt: skip
                chunks.clear()

        await app(scope, receive, capture)
        if passing or start is None:
            return None
        body = b"".join(chunks)
        headers = tuple(
            (k, v) for k, v in start.get("headers", ()) if k.lower() not in _OWN_HEADERS
        )
        cacheable = not any(
            (k.lower() == b"cache-control" and b"no-store" in v.lower())
            or k.lower() == b"set-cookie"
            for k, v in start.get("headers", ())
        )  # fmt: skip
        entry = _Entry(start["status"], headers, body, _etag(body))
        await self._answer(entry, send, if_none_match, label if cacheable else b"bypass")
        return entry if cacheable else None

    async def _answer(self, entry: _Entry, send: Send, if_none_match: bytes, label: bytes) -> None:
        own = [(b"etag", entry.etag), (b"cache-control", b"no-cache"), (_CACHE_HEADER, label)]
        if if_none_match and _matches(if_none_match, entry.etag):
            # 304 carries the validators and no body (nor the body's length or type).
            self.stats.not_modified += 1
            kept = [(k, v) for k, v in entry.headers if k.lower() != b"content-type"]
            await send({"type": "http.response.start", "status": 304, "headers": kept + own})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [*entry.headers, (b"content-length", str(len(entry.body)).encode()), *own]
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": entry.body})
