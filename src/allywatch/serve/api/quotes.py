"""Quotes, by speaker or document."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from allywatch.serve.api.deps import FormatDep, PageDep, ReadsDep, StoreDep
from allywatch.serve.api.export import page_response
from allywatch.serve.api.responses import CSV
from allywatch.serve.schemas import Page, QuoteOut

router = APIRouter(prefix="/api/quotes", tags=["quotes"])


@router.get("", response_model=Page[QuoteOut], responses=CSV, summary="List quotes")
async def list_quotes(
    store: StoreDep,
    page: PageDep,
    reads: ReadsDep,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    document: Annotated[str | None, Query(max_length=64)] = None,
    format: FormatDep = "json",
) -> Response:
    def compute() -> Response:
        quotes = store.query_quotes(
            speaker=speaker, doc_id=document, limit=page.limit + 1, offset=page.offset
        )
        return page_response([QuoteOut.row(q) for q in quotes], page, format, "quotes")

    return await reads.run(compute)
