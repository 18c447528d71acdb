"""Typed dependencies shared by the routers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Header, Query, Request

from allywatch.serve.auth import check_token
from allywatch.serve.backend import Backend

__all__ = ["FormatDep", "PageDep", "Paging", "StoreDep", "TokenDep", "get_backend"]

MAX_LIMIT = 1000


def get_backend(request: Request) -> Backend:
    return request.app.state.backend


#: The data behind the API (see :mod:`allywatch.serve.backend`).
StoreDep = Annotated[Backend, Depends(get_backend)]


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def _paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")] = 0,
) -> Paging:
    return Paging(limit=limit, offset=offset)


PageDep = Annotated[Paging, Depends(_paging)]

FormatDep = Annotated[
    Literal["json", "csv"], Query(description="`csv` downloads the rows as CSV.")
]


def _require_token(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_allywatch_token: Annotated[str | None, Header()] = None,
) -> None:
    check_token(request.app.state.token, authorization, x_allywatch_token)


#: Add to a write endpoint: refuses the request (401/403) before it runs.
TokenDep = Depends(_require_token)
