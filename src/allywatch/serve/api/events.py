"""Events, filtered by actor, type, date range, negation and document."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from allywatch.serve.api.deps import (
    DateQuery,
    FormatDep,
    PageDep,
    Paging,
    ReadsDep,
    StoreDep,
)
from allywatch.serve.api.export import page_response
from allywatch.serve.api.responses import CSV
from allywatch.serve.backend import Backend
from allywatch.serve.schemas import EventOut, Page
from allywatch.types import PLOVER_TYPES

router = APIRouter(prefix="/api/events", tags=["events"])

TYPE_PATTERN = "^(" + "|".join(PLOVER_TYPES) + ")$"
ACTOR_MAX = 120
DOCUMENT_MAX = 64


@router.get("", response_model=Page[EventOut], responses=CSV, summary="List events")
async def list_events(
    store: StoreDep,
    page: PageDep,
    reads: ReadsDep,
    actor: Annotated[
        str | None, Query(max_length=ACTOR_MAX, description="Source or target")
    ] = None,
    type: Annotated[str | None, Query(pattern=TYPE_PATTERN)] = None,
    since: DateQuery = None,
    until: DateQuery = None,
    negated: Annotated[bool | None, Query(description="Only withheld/denied (true)")] = None,
    document: Annotated[str | None, Query(max_length=DOCUMENT_MAX)] = None,
    format: FormatDep = "json",
) -> Response:
    return await reads.run(partial(
        events_page, store, page, actor=actor, type=type, since=since, until=until,
        negated=negated, document=document, format=format,
    ))  # fmt: skip


def events_page(
    store: Backend, page: Paging, *, actor: str | None = None, type: str | None = None,
    since: date | None = None, until: date | None = None, negated: bool | None = None,
    document: str | None = None, format: str = "json",
) -> Response:  # fmt: skip
    """The page ``GET /api/events`` answers for these (validated) parameters."""
    rows = store.event_listing(
        actor=actor, type=type, since=since, until=until, negated=negated, doc_id=document,
        limit=page.limit + 1, offset=page.offset,
    )  # fmt: skip
    return page_response(rows, page, format, "events")
