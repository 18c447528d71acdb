"""Analyses: reliability of a patron, flows between two actors, watchlist, timeline.

The definitions live in :mod:`allywatch.analyze`; these routes only pass parameters on and
return what it answers (every row with its evidence)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from allywatch.serve.api.deps import FormatDep, StoreDep
from allywatch.serve.api.results import result_response

ActorPath = Annotated[str, Path(max_length=120, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
SinceQuery = Annotated[date | None, Query(description="Only from this date")]

reliability_router = APIRouter(prefix="/api/reliability", tags=["reliability"])
flows_router = APIRouter(prefix="/api/flows", tags=["flows"])
watchlist_router = APIRouter(prefix="/api/watchlist", tags=["watchlist"])
timeline_router = APIRouter(prefix="/api/timeline", tags=["timeline"])


@reliability_router.get("/{patron}", summary="What a patron delivered in its allies' crises")
def reliability(
    patron: ActorPath, store: StoreDep, since: SinceQuery = None, format: FormatDep = "json"
) -> Any:
    return result_response(store.reliability(patron, since=since), format, f"reliability-{patron}")


@flows_router.get("/{a}/{b}", summary="What flows each way between two actors")
def flows(a: ActorPath, b: ActorPath, store: StoreDep, format: FormatDep = "json") -> Any:
    return result_response(store.flows(a, b), format, f"flows-{a}-{b}")


@watchlist_router.get("/{patron}", summary="A patron's allies ranked by risk")
def watchlist(patron: ActorPath, store: StoreDep, format: FormatDep = "json") -> Any:
    return result_response(store.watchlist(patron), format, f"watchlist-{patron}")


@timeline_router.get("/{actor}", summary="Dated events involving an actor")
def timeline(
    actor: ActorPath, store: StoreDep, since: SinceQuery = None, format: FormatDep = "json"
) -> Any:
    return result_response(store.timeline(actor, since=since), format, f"timeline-{actor}")
