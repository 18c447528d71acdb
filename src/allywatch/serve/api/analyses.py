"""Analyses: reliability of a patron, flows between two actors, watchlist, timeline.

The definitions live in :mod:`allywatch.analyze`; these routes only pass parameters on and
return what it answers (every row with its evidence)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from allywatch.serve.api.deps import DateQuery, FormatDep, StoreDep
from allywatch.serve.api.responses import CSV
from allywatch.serve.api.results import result_response

ActorPath = Annotated[str, Path(max_length=120, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
SinceQuery = DateQuery

reliability_router = APIRouter(prefix="/api/reliability", tags=["reliability"])
flows_router = APIRouter(prefix="/api/flows", tags=["flows"])
watchlist_router = APIRouter(prefix="/api/watchlist", tags=["watchlist"])
timeline_router = APIRouter(prefix="/api/timeline", tags=["timeline"])


@reliability_router.get(
    "/{patron}", responses=CSV, summary="What a patron delivered in its allies' crises"
)  # fmt: skip
def reliability(
    patron: ActorPath, store: StoreDep, since: SinceQuery = None, format: FormatDep = "json"
) -> Any:
    return result_response(store.reliability(patron, since=since), format, f"reliability-{patron}")


@flows_router.get("/{a}/{b}", responses=CSV, summary="What flows each way between two actors")
def flows(a: ActorPath, b: ActorPath, store: StoreDep, format: FormatDep = "json") -> Any:
    return result_response(store.flows(a, b), format, f"flows-{a}-{b}")


@watchlist_router.get("/{patron}", responses=CSV, summary="A patron's allies ranked by risk")
def watchlist(patron: ActorPath, store: StoreDep, format: FormatDep = "json") -> Any:
    return result_response(store.watchlist(patron), format, f"watchlist-{patron}")


@timeline_router.get("/{actor}", responses=CSV, summary="Dated events involving an actor")
def timeline(
    actor: ActorPath, store: StoreDep, since: SinceQuery = None, format: FormatDep = "json"
) -> Any:
    return result_response(store.timeline(actor, since=since), format, f"timeline-{actor}")
