"""The list endpoints' plain requests, answered without FastAPI's routing and dependency
solving.

A computed list page costs 1-3 ms of store work; FastAPI's route matching through the
nested routers and its per-request validation of nine query parameters added about half a
millisecond more (a third of an events page). :class:`ListFastPath`, an ASGI middleware in
front of the routers, answers ``GET /api/events|documents|quotes|predictions`` itself when
the request is *plain*: every query parameter is one the endpoint declares, given once, with
a value that passes a check at least as strict as the endpoint's (:class:`Text`,
:class:`Choice`, :class:`Integer`, :class:`IsoDate`, :class:`Flag`). It then calls the
same page function the endpoint calls (``events_page`` ...) in the same read pool, so the
answer is the endpoint's, byte for byte.

Anything else -- an unknown or repeated parameter, a value the check does not take (the
endpoint may still accept it, or answer 422), another method or path, an error while
computing -- goes to FastAPI unchanged, which answers as it always did. Only plain requests
take the short way; FastAPI stays the definition (``tests/serve/test_fastpath.py`` checks
that both give the same answers, and that each check matches the endpoint's OpenAPI
declaration).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import anyio.to_thread
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from allywatch.serve.api import documents, events, predictions, quotes
from allywatch.serve.api.deps import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, Paging
from allywatch.types import PLOVER_TYPES

__all__ = ["ROUTES", "Choice", "FastPathStats", "Flag", "Integer", "IsoDate", "ListFastPath",
           "ListRoute", "Text"]  # fmt: skip

logger = logging.getLogger(__name__)


class _NotPlain(Exception):
    """A value the fast path leaves to FastAPI."""


@dataclass(frozen=True)
class Text:
    """A non-empty string of at most ``max_length`` characters."""

    max_length: int

    def __call__(self, value: str) -> str:
        if not value or len(value) > self.max_length:
            raise _NotPlain
        return value


@dataclass(frozen=True)
class Choice:
    """One of ``values``, exactly."""

    values: frozenset[str]

    def __call__(self, value: str) -> str:
        if value not in self.values:
            raise _NotPlain
        return value


@dataclass(frozen=True)
class Integer:
    """ASCII digits only (no sign, space or decimal point), within ``[ge, le]``."""

    ge: int
    le: int

    def __call__(self, value: str) -> int:
        if not (0 < len(value) <= 9 and value.isascii() and value.isdigit()):
            raise _NotPlain
        number = int(value)
        if not self.ge <= number <= self.le:
            raise _NotPlain
        return number


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class IsoDate:
    """``YYYY-MM-DD``, a real calendar day."""

    def __call__(self, value: str) -> date:
        if not _ISO_DATE.fullmatch(value):
            raise _NotPlain
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _NotPlain from None


@dataclass(frozen=True)
class Flag:
    """``true`` or ``false`` (the endpoint also takes 1/0, yes/no...: those go to it)."""

    def __call__(self, value: str) -> bool:
        if value == "true":
            return True
        if value == "false":
            return False
        raise _NotPlain


Check = Text | Choice | Integer | IsoDate | Flag
FORMAT = Choice(frozenset({"json", "csv"}))
PAGING: dict[str, Check] = {"limit": Integer(1, MAX_LIMIT), "offset": Integer(0, MAX_OFFSET)}


@dataclass(frozen=True)
class ListRoute:
    """A list endpoint: its page function ``page(store, paging, **params)`` and the check
    of each query parameter besides ``limit`` and ``offset``."""

    page: Callable[..., Any]
    params: Mapping[str, Check]

    def parse(self, query_string: bytes) -> tuple[Paging, dict[str, Any]] | None:
        """The paging and keyword arguments of a plain request, else None."""
        # Parsed exactly as FastAPI's ``request.query_params``.
        items = QueryParams(query_string).multi_items()
        values: dict[str, Any] = {}
        try:
            for key, value in items:
                check = self.params.get(key) or PAGING.get(key)
                if check is None or key in values:
                    return None
                values[key] = check(value)
        except _NotPlain:
            return None
        paging = Paging(values.pop("limit", DEFAULT_LIMIT), values.pop("offset", 0))
        return paging, values


#: The list endpoints, by path. The checks use the endpoints' own bounds.
ROUTES: dict[str, ListRoute] = {
    "/api/events": ListRoute(events.events_page, {
        "actor": Text(events.ACTOR_MAX), "type": Choice(frozenset(PLOVER_TYPES)),
        "since": IsoDate(), "until": IsoDate(), "negated": Flag(),
        "document": Text(events.DOCUMENT_MAX), "format": FORMAT,
    }),
    "/api/documents": ListRoute(documents.documents_page, {"format": FORMAT}),
    "/api/quotes": ListRoute(quotes.quotes_page, {
        "speaker": Text(quotes.SPEAKER_MAX), "document": Text(quotes.DOCUMENT_MAX),
        "format": FORMAT,
    }),
    "/api/predictions": ListRoute(predictions.predictions_page, {
        "status": Choice(frozenset(predictions.STATUSES)),
        "subject": Text(predictions.SUBJECT_MAX), "document": Text(predictions.DOCUMENT_MAX),
        "format": FORMAT,
    }),
}  # fmt: skip


@dataclass
class FastPathStats:
    answered: int = 0
    passed: int = 0
    #: Computations that failed and were handed to FastAPI (which answers the error).
    failed: int = 0


class ListFastPath:
    """ASGI middleware: plain list requests answered from ``state.backend`` in
    ``state.read_limiter`` (the app's state), the rest passed to ``app``."""

    def __init__(self, app: ASGIApp, *, state: Any, stats: FastPathStats,
                 routes: Mapping[str, ListRoute] = ROUTES) -> None:  # fmt: skip
        self.app = app
        self.state = state
        self.stats = stats
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = (
            self.routes.get(scope.get("path", ""))
            if scope["type"] == "http" and scope["method"] == "GET"
            and not scope.get("root_path") else None
        )  # fmt: skip
        parsed = route.parse(scope.get("query_string", b"")) if route is not None else None
        if route is None or parsed is None:
            self.stats.passed += 1
            await self.app(scope, receive, send)
            return
        paging, params = parsed
        compute = partial(route.page, self.state.backend, paging, **params)
        try:
            response = await anyio.to_thread.run_sync(compute, limiter=self.state.read_limiter)
        except Exception as exc:  # FastAPI's handlers own the error answer: let it compute
            logger.debug("%s: %s; answered by the app", scope.get("path"), exc)
            self.stats.failed += 1
            await self.app(scope, receive, send)
            return
        self.stats.answered += 1
        await response(scope, receive, send)
