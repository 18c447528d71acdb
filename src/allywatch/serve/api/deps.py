"""Typed dependencies shared by the routers.

They are ``async def`` although none of them awaits: FastAPI runs a plain ``def`` dependency
on the thread pool, and a list request used to make three thread hops (backend, paging,
endpoint) where one (the endpoint's) is enough; under load each hop queues for the GIL."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator

from allywatch.serve.auth import check_token
from allywatch.serve.backend import Backend

__all__ = [
    "DateQuery",
    "FormatDep",
    "PageDep",
    "Paging",
    "Reads",
    "ReadsDep",
    "StoreDep",
    "TokenDep",
    "get_backend",
]

#: Paging bounds (the fast path, ``api/fastpath.py``, checks the same ones).
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000

T = TypeVar("T")


async def get_backend(request: Request) -> Backend:
    return request.app.state.backend


#: The data behind the API (see :mod:`allywatch.serve.backend`).
StoreDep = Annotated[Backend, Depends(get_backend)]


@dataclass(frozen=True)
class Reads:
    """Runs a list endpoint's page in the app's read pool (``app.state.read_limiter``, see
    :data:`allywatch.serve.app.DEFAULT_READ_THREADS`) instead of the general one."""

    limiter: anyio.CapacityLimiter

    async def run(self, func: Callable[[], T]) -> T:
        return await anyio.to_thread.run_sync(func, limiter=self.limiter)


async def _reads(request: Request) -> Reads:
    return Reads(request.app.state.read_limiter)


#: Add to a list endpoint (``async def``): ``await reads.run(compute_page)``.
ReadsDep = Annotated[Reads, Depends(_reads)]


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


async def _paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")] = 0,
) -> Paging:
    return Paging(limit=limit, offset=offset)


PageDep = Annotated[Paging, Depends(_paging)]

FormatDep = Annotated[
    Literal["json", "csv"], Query(description="`csv` downloads the rows as CSV.")
]


_bearer = HTTPBearer(auto_error=False, description="The API write token")


async def _require_token(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
    x_allywatch_token: Annotated[str | None, Header()] = None,
) -> None:
    authorization = f"Bearer {bearer.credentials}" if bearer else None
    check_token(request.app.state.token, authorization, x_allywatch_token)


#: Add to a write endpoint: refuses the request (401/403) before it runs.
TokenDep = Depends(_require_token)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would also take a number as a Unix timestamp."""
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


#: An optional date query parameter, YYYY-MM-DD.
DateQuery = Annotated[date | None, BeforeValidator(_iso_date), Query(description="YYYY-MM-DD")]
