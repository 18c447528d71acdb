"""Quotes, by speaker or document."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from allywatch.serve.api.deps import FormatDep, PageDep, Paging, ReadsDep, StoreDep
from allywatch.serve.api.export import page_response
from allywatch.serve.api.responses import CSV
from allywatch.serve.backend import Backend
from allywatch.serve.schemas import Page, QuoteOut

router = APIRouter(prefix="/api/quotes", tags=["quotes"])

SPEAKER_MAX = 200
DOCUMENT_MAX = 64


@router.get("", response_model=Page[QuoteOut], responses=CSV, summary="List quotes")
async def list_quotes(
    store: StoreDep,
    page: PageDep,
    reads: ReadsDep,
    speaker: Annotated[str | None, Query(max_length=SPEAKER_MAX)] = None,
    document: Annotated[str | None, Query(max_length=DOCUMENT_MAX)] = None,
    format: FormatDep = "json",
) -> Response:
    return await reads.run(partial(
        quotes_page, store, page, speaker=speaker, document=document, format=format
    ))  # fmt: skip


def quotes_page(
    store: Backend, page: Paging, *, speaker: str | None = None, document: str | None = None,
    format: str = "json",
) -> Response:  # fmt: skip
    """The page ``GET /api/quotes`` answers for these (validated) parameters."""
    quotes = store.query_quotes(
        speaker=speaker, doc_id=document, limit=page.limit + 1, offset=page.offset
    )
    return page_response([QuoteOut.row(q) for q in quotes], page, format, "quotes")
