"""The alliance graph (filtered by tie type and date range) and the evidence of one edge."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from allywatch.errors import NotFoundError
from allywatch.serve.api.deps import DateQuery, StoreDep
from allywatch.serve.schemas import EventOut, GraphEdgeOut, GraphOut

router = APIRouter(prefix="/api/graph", tags=["graph"])

#: The tie types of DESIGN.md (what ``allywatch.analyze.graph`` labels edges with).
TieType = Literal[
    "treaty", "arms", "intelligence", "security", "energy", "trade", "diplomatic", "hostile"
]
TiesQuery = Annotated[
    list[TieType] | None, Query(description="Keep only these tie types (repeat the parameter)")
]


def filtered_graph(
    store: StoreDep, since: date | None, until: date | None, ties: list[TieType] | None,
    max_edges: int | None = None,
) -> GraphOut:  # fmt: skip
    """The graph with only ``ties`` (all when None), and at most ``max_edges`` edges (the
    heaviest, by evidence weight then event count); ``total_edges`` counts them all."""
    graph = store.graph(since=since, until=until)
    edges = graph.edges if not ties else [e for e in graph.edges if e.tie in set(ties)]
    total = len(edges)
    if max_edges is not None and total > max_edges:
        edges = sorted(edges, key=lambda e: (-e.weight, -len(e.events), e.id))[:max_edges]
    if len(edges) == len(graph.edges):
        return graph.model_copy(update={"total_edges": total})
    used = {e.source for e in edges} | {e.target for e in edges}
    nodes = [n for n in graph.nodes if n.id in used]
    return GraphOut(nodes=nodes, edges=edges, ties=graph.ties, total_edges=total)


@router.get("", response_model=GraphOut, summary="Actors and the typed ties between them")
def graph(
    store: StoreDep, since: DateQuery = None, until: DateQuery = None, tie: TiesQuery = None,
    max_edges: Annotated[int | None, Query(ge=1, le=100_000,
                                           description="Keep the heaviest N edges")] = None,
) -> GraphOut:  # fmt: skip
    return filtered_graph(store, since, until, tie, max_edges)


class EdgeEvidenceOut(GraphEdgeOut):
    """One edge with its events, each with the sentences it rests on."""

    event_records: list[EventOut]


@router.get("/edge", response_model=EdgeEvidenceOut, summary="The events behind one edge")
def edge(
    store: StoreDep,
    source: Annotated[str, Query(max_length=120)],
    target: Annotated[str, Query(max_length=120)],
    tie: TieType,
    since: DateQuery = None,
    until: DateQuery = None,
) -> EdgeEvidenceOut:
    graph = store.graph(since=since, until=until)
    found = next(
        (e for e in graph.edges if (e.source, e.target, e.tie) == (source, target, tie)), None
    )
    if found is None:
        raise NotFoundError(f"no {tie!r} edge from {source!r} to {target!r}")
    wanted = set(found.events)
    events = [e for e in store.pair_events(source, target) if e.id in wanted]
    return EdgeEvidenceOut(
        **found.model_dump(), event_records=[EventOut.from_record(e) for e in events]
    )
