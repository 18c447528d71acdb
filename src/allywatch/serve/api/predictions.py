"""Predictions, the ledger (Brier scores) and resolving a prediction (token required)."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from allywatch.serve.api.deps import (
    FormatDep,
    PageDep,
    Paging,
    ReadsDep,
    StoreDep,
    TokenDep,
)
from allywatch.serve.api.export import page_response
from allywatch.serve.api.responses import AUTH_ERRORS, CSV
from allywatch.serve.api.results import result_response
from allywatch.serve.backend import Backend
from allywatch.serve.schemas import Page, PredictionOut, ResolveIn

router = APIRouter(tags=["predictions"])

STATUSES = ("open", "came_true", "failed")
SUBJECT_MAX = 120
DOCUMENT_MAX = 64


@router.get(
    "/api/predictions", response_model=Page[PredictionOut], responses=CSV,
    summary="List predictions",
)  # fmt: skip
async def list_predictions(
    store: StoreDep,
    page: PageDep,
    reads: ReadsDep,
    status: Annotated[str | None, Query(pattern="^(" + "|".join(STATUSES) + ")$")] = None,
    subject: Annotated[str | None, Query(max_length=SUBJECT_MAX)] = None,
    document: Annotated[str | None, Query(max_length=DOCUMENT_MAX)] = None,
    format: FormatDep = "json",
) -> Response:
    return await reads.run(partial(
        predictions_page, store, page, status=status, subject=subject, document=document,
        format=format,
    ))  # fmt: skip


def predictions_page(
    store: Backend, page: Paging, *, status: str | None = None, subject: str | None = None,
    document: str | None = None, format: str = "json",
) -> Response:  # fmt: skip
    """The page ``GET /api/predictions`` answers for these (validated) parameters."""
    preds = store.query_predictions(
        status=status, subject=subject, doc_id=document, limit=page.limit + 1,
        offset=page.offset,
    )  # fmt: skip
    return page_response([PredictionOut.row(p) for p in preds], page, format, "predictions")


@router.get(
    "/api/ledger", responses=CSV,
    summary="Brier scores per speaker and outlet over resolved predictions",
)  # fmt: skip
def ledger(store: StoreDep, format: FormatDep = "json") -> Any:
    return result_response(store.ledger(), format, "ledger")


@router.post(
    "/api/predictions/{pred_id}/resolve", dependencies=[TokenDep],
    responses=AUTH_ERRORS,
    summary="Resolve a prediction as came true or failed (token required)",
)  # fmt: skip
def resolve_prediction(pred_id: str, body: ResolveIn, store: StoreDep) -> Any:
    return store.resolve_prediction(pred_id, came_true=body.came_true, note=body.note)
