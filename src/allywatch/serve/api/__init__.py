"""The REST API: one router per resource."""

from __future__ import annotations

from fastapi import APIRouter

from allywatch.serve.api import (
    actors,
    analyses,
    documents,
    events,
    graph,
    health,
    ingest,
    predictions,
    quotes,
)
from allywatch.serve.api.responses import ERRORS

__all__ = ["api_router"]

api_router = APIRouter(responses=ERRORS)
for _router in (
    documents.router, actors.router, events.router, quotes.router, predictions.router,
    graph.router, analyses.reliability_router, analyses.flows_router,
    analyses.watchlist_router, analyses.timeline_router, ingest.router, health.router,
):  # fmt: skip
    api_router.include_router(_router)
