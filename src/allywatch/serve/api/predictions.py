"""Predictions, the ledger (Brier scores) and resolving a prediction (token required)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from allywatch.serve.api.deps import FormatDep, PageDep, ReadsDep, StoreDep, TokenDep
from allywatch.serve.api.export import page_response
from allywatch.serve.api.responses import AUTH_ERRORS, CSV
from allywatch.serve.api.results import result_response
from allywatch.serve.schemas import Page, PredictionOut, ResolveIn

router = APIRouter(tags=["predictions"])


@router.get(
    "/api/predictions", response_model=Page[PredictionOut], responses=CSV,
    summary="List predictions",
)  # fmt: skip
async def list_predictions(
    store: StoreDep,
    page: PageDep,
    reads: ReadsDep,
    status: Annotated[str | None, Query(pattern="^(open|came_true|failed)$")] = None,
    subject: Annotated[str | None, Query(max_length=120)] = None,
    document: Annotated[str | None, Query(max_length=64)] = None,
    format: FormatDep = "json",
) -> Response:
    def compute() -> Response:
        preds = store.query_predictions(
            status=status, subject=subject, doc_id=document,
            limit=page.limit + 1, offset=page.offset,
        )  # fmt: skip
        return page_response([PredictionOut.row(p) for p in preds], page, format, "predictions")

    return await reads.run(compute)


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
