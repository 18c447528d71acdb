"""Documents: list, one document with its text, its mentions."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from allywatch.serve.api.deps import FormatDep, PageDep, Paging, ReadsDep, StoreDep
from allywatch.serve.api.export import page_response
from allywatch.serve.api.responses import CSV
from allywatch.serve.backend import Backend
from allywatch.serve.schemas import DocumentDetailOut, DocumentOut, MentionOut, Page

router = APIRouter(prefix="/api/documents", tags=["documents"])


@router.get("", response_model=Page[DocumentOut], responses=CSV, summary="List stored documents")
async def list_documents(
    store: StoreDep, page: PageDep, reads: ReadsDep, format: FormatDep = "json"
) -> Response:
    return await reads.run(partial(documents_page, store, page, format=format))


def documents_page(store: Backend, page: Paging, *, format: str = "json") -> Response:
    """The page ``GET /api/documents`` answers for these (validated) parameters."""
    rows = store.document_listing(limit=page.limit + 1, offset=page.offset)
    return page_response(rows, page, format, "documents")


@router.get("/{doc_id}", response_model=DocumentDetailOut, summary="One document with its text")
def get_document(doc_id: str, store: StoreDep) -> DocumentDetailOut:
    return DocumentDetailOut.from_record(store.get_document(doc_id))


@router.get(
    "/{doc_id}/mentions", response_model=list[MentionOut], responses=CSV,
    summary="Actor mentions in a document",
)  # fmt: skip
def list_mentions(doc_id: str, store: StoreDep, format: FormatDep = "json") -> Any:
    store.get_document(doc_id)  # 404 for an unknown document
    rows = [MentionOut.from_record(m) for m in store.list_mentions(doc_id)]
    if format == "csv":
        from allywatch.serve.api.export import rows_to_csv

        return Response(rows_to_csv([r.model_dump() for r in rows]), media_type="text/csv")
    return rows
