"""What the API and web UI need from the rest of allywatch, in one place.

:class:`Backend` is the interface the routers depend on (through ``StoreDep``);
:class:`StoreBackend` implements it over the store (``allywatch.store.repository``), the
analyses (``allywatch.open(db)``, ``allywatch.analyze.ledger``) and the ingest pipeline
(``allywatch.pipeline.ingest_paths``). Those are looked up by their contract names when first
used, so this module is the only one that changes if a signature does; a function that is
missing answers 503 with its name instead of failing at import time.

Analysis results arrive as dataclasses, DataFrames or networkx graphs; :func:`jsonable` turns
them into plain JSON values, and :func:`graph_from_networkx` into :class:`GraphOut`.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol

from allywatch.errors import StoreError
from allywatch.serve.schemas import GraphEdgeOut, GraphNodeOut, GraphOut
from allywatch.types import Actor, Document, Mention, Prediction, Quote, StoredEvent

__all__ = ["Backend", "StoreBackend", "graph_from_networkx", "jsonable"]

logger = logging.getLogger(__name__)


class Backend(Protocol):
    """The data the API serves. Lists take ``limit``/``offset``; unknown ids raise
    :class:`~allywatch.errors.NotFoundError`."""

    def list_documents(self, *, limit: int, offset: int) -> list[Document]: ...
    def get_document(self, doc_id: str) -> Document: ...
    def search_documents(self, query: str, *, limit: int) -> list[Document]: ...
    def list_actors(self, *, kind: str | None, limit: int, offset: int) -> list[Actor]: ...
    def list_mentions(self, doc_id: str) -> list[Mention]: ...
    def query_events(
        self, *, actor: str | None = None, type: str | None = None,
        since: date | None = None, until: date | None = None, negated: bool | None = None,
        doc_id: str | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[StoredEvent]: ...  # fmt: skip
    def query_quotes(
        self, *, speaker: str | None, doc_id: str | None, limit: int, offset: int
    ) -> list[Quote]: ...
    def query_predictions(
        self, *, status: str | None, subject: str | None, doc_id: str | None,
        limit: int, offset: int,
    ) -> list[Prediction]: ...  # fmt: skip
    def graph(self, *, since: date | None, until: date | None) -> GraphOut: ...
    def reliability(self, patron: str, *, since: date | None) -> Any: ...
    def flows(self, a: str, b: str) -> Any: ...
    def watchlist(self, patron: str) -> Any: ...
    def timeline(self, actor: str, *, since: date | None) -> Any: ...
    def ledger(self) -> Any: ...
    def resolve_prediction(self, pred_id: str, *, came_true: bool, note: str) -> Any: ...
    def ingest(self, inputs: Sequence[str]) -> Any: ...
    def add_actor(self, actor: Actor) -> None: ...


def _contract(module: str, name: str) -> Callable[..., Any]:
    """The function ``module.name``, or a StoreError (503) saying it is not available."""
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise StoreError(f"{module} is not available in this installation: {exc}") from exc
    func = getattr(mod, name, None)
    if func is None:
        raise StoreError(f"{module}.{name} is not available in this installation")
    return func


class StoreBackend:
    """:class:`Backend` over a database URL (None: the configured or default one)."""

    def __init__(self, db_url: str | None = None) -> None:
        self.db_url = db_url
        self._store: Any = None
        self._analysis: Any = None

    # -- plumbing -------------------------------------------------------------------------
    @property
    def store(self) -> Any:
        if self._store is None:
            self._store = _contract("allywatch.store", "connect")(self.db_url)
        return self._store

    def _repo(self, name: str) -> Callable[..., Any]:
        return _contract("allywatch.store.repository", name)

    @property
    def analysis(self) -> Any:
        if self._analysis is None:
            opener = _contract("allywatch", "open")
            self._analysis = opener(self.store)
        return self._analysis

    def _analyse(self, name: str, *args: Any, **kwargs: Any) -> Any:
        method = getattr(self.analysis, name, None)
        if method is None:
            raise StoreError(f"allywatch.open(db).{name} is not available in this installation")
        return method(*args, **kwargs)

    # -- records --------------------------------------------------------------------------
    def list_documents(self, *, limit: int, offset: int) -> list[Document]:
        return list(self._repo("list_documents")(self.store, limit=limit, offset=offset))

    def get_document(self, doc_id: str) -> Document:
        return self._repo("get_document")(self.store, doc_id)

    def search_documents(self, query: str, *, limit: int) -> list[Document]:
        return list(self._repo("search_documents")(self.store, query, limit=limit))

    def list_actors(self, *, kind: str | None, limit: int, offset: int) -> list[Actor]:
        return list(self._repo("list_actors")(self.store, kind=kind, limit=limit, offset=offset))

    def list_mentions(self, doc_id: str) -> list[Mention]:
        return list(self._repo("list_mentions")(self.store, doc_id=doc_id))

    def query_events(self, **filters: Any) -> list[StoredEvent]:
        return list(self._repo("query_events")(self.store, **filters))

    def query_quotes(
        self, *, speaker: str | None, doc_id: str | None, limit: int, offset: int
    ) -> list[Quote]:
        return list(
            self._repo("query_quotes")(
                self.store, speaker=speaker, doc_id=doc_id, limit=limit, offset=offset
            )
        )

    def query_predictions(
        self, *, status: str | None, subject: str | None, doc_id: str | None,
        limit: int, offset: int,
    ) -> list[Prediction]:  # fmt: skip
        return list(
            self._repo("query_predictions")(
                self.store, status=status, subject=subject, doc_id=doc_id,
                limit=limit, offset=offset,
            )
        )

    # -- analyses -------------------------------------------------------------------------
    def graph(self, *, since: date | None, until: date | None) -> GraphOut:
        return graph_from_networkx(self._analyse("graph", since=since, until=until))

    def reliability(self, patron: str, *, since: date | None) -> Any:
        return jsonable(self._analyse("reliability", patron, since=since))

    def flows(self, a: str, b: str) -> Any:
        return jsonable(self._analyse("flows", a, b))

    def watchlist(self, patron: str) -> Any:
        return jsonable(self._analyse("watchlist", patron))

    def timeline(self, actor: str, *, since: date | None) -> Any:
        return jsonable(self._analyse("timeline", actor, since=since))

    def ledger(self) -> Any:
        return jsonable(_contract("allywatch.analyze.ledger", "brier_scores")(self.store))

    # -- writes ---------------------------------------------------------------------------
    def resolve_prediction(self, pred_id: str, *, came_true: bool, note: str) -> Any:
        resolve = _contract("allywatch.analyze.ledger", "resolve")
        return jsonable(resolve(self.store, pred_id, came_true=came_true, note=note))

    def ingest(self, inputs: Sequence[str]) -> Any:
        ingest_paths = _contract("allywatch.pipeline", "ingest_paths")
        return jsonable(ingest_paths(list(inputs), self.store))

    def add_actor(self, actor: Actor) -> None:
        self._repo("save_actor")(self.store, actor)


# -- conversions ------------------------------------------------------------------------------
def jsonable(value: Any, _depth: int = 0) -> Any:
    """Plain JSON values from dataclasses, DataFrames, mappings, dates, enums and sequences."""
    if _depth > 20:
        return repr(value)
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return jsonable(value.value, _depth + 1)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {k: jsonable(v, _depth + 1) for k, v in fields.items()}
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and hasattr(value, "columns"):  # a pandas DataFrame
        return [jsonable(row, _depth + 1) for row in to_dict(orient="records")]
    if hasattr(value, "model_dump"):  # a pydantic model
        return jsonable(value.model_dump(), _depth + 1)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [jsonable(v, _depth + 1) for v in value]
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return jsonable(item(), _depth + 1)
    return str(value)


def _edge_dates(attrs: Mapping[str, Any]) -> tuple[str | None, str | None]:
    first = attrs.get("first_date") or attrs.get("start") or attrs.get("since")
    last = attrs.get("last_date") or attrs.get("end") or attrs.get("until") or first
    dates = attrs.get("dates")
    if not first and dates:
        values = sorted(str(d) for d in dates if d)
        first, last = (values[0], values[-1]) if values else (None, None)
    return (str(first) if first else None, str(last) if last else None)


def graph_from_networkx(graph: Any) -> GraphOut:
    """:class:`GraphOut` from a networkx (multi)graph whose edges carry ``tie`` (or ``type``),
    ``events`` (ids or records with ``id``) and optionally ``weight`` and dates."""
    nodes: list[GraphNodeOut] = []
    for node_id, attrs in graph.nodes(data=True):
        nodes.append(
            GraphNodeOut(
                id=str(node_id), label=str(attrs.get("label") or attrs.get("name") or node_id),
                kind=str(attrs.get("kind") or "unresolved"), degree=int(graph.degree(node_id)),
            )
        )
    edges: list[GraphEdgeOut] = []
    ties: set[str] = set()
    edge_iter = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (u, v, None, d) for u, v, d in graph.edges(data=True)
    )  # fmt: skip
    for u, v, key, attrs in edge_iter:
        tie = str(attrs.get("tie") or attrs.get("type") or key or "tie")
        ties.add(tie)
        events = [str(e.get("id") if isinstance(e, Mapping) else getattr(e, "id", e))
                  for e in attrs.get("events") or ()]  # fmt: skip
        first, last = _edge_dates(attrs)
        edges.append(
            GraphEdgeOut(
                id=f"{u}|{v}|{tie}", source=str(u), target=str(v), tie=tie,
                weight=float(attrs.get("weight") or len(events) or 1),
                first_date=first, last_date=last, negated=int(attrs.get("negated") or 0),
                events=events,
            )
        )
    return GraphOut(nodes=nodes, edges=edges, ties=sorted(ties))
