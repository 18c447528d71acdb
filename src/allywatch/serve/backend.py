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
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

import platformdirs
import yaml

from allywatch.config import get_settings
from allywatch.errors import InputError, StoreError
from allywatch.serve.schemas import GraphEdgeOut, GraphNodeOut, GraphOut
from allywatch.types import Actor, Document, Mention, Prediction, Quote, StoredEvent

__all__ = [
    "Backend",
    "StoreBackend",
    "add_catalog_entry",
    "api_catalog_file",
    "catalog_paths",
    "graph_from_networkx",
    "jsonable",
]

logger = logging.getLogger(__name__)

#: Seconds a built alliance graph is reused when the store cannot tell whether it changed
#: (PostgreSQL); on SQLite it is rebuilt after any write, by any process (see ``version``).
GRAPH_TTL = 300.0


class Backend(Protocol):
    """The data the API serves. Lists take ``limit``/``offset``; unknown ids raise
    :class:`~allywatch.errors.NotFoundError`."""

    def list_documents(self, *, limit: int, offset: int) -> list[Document]: ...
    def document_listing(self, *, limit: int, offset: int) -> list[dict[str, Any]]:
        """``list_documents`` as :meth:`DocumentOut.row` dicts (the API's pages)."""
        ...
    def get_document(self, doc_id: str) -> Document: ...
    def search_documents(self, query: str, *, limit: int) -> list[Document]: ...
    def list_actors(self, *, kind: str | None, limit: int, offset: int) -> list[Actor]: ...
    def list_mentions(self, doc_id: str) -> list[Mention]: ...
    def query_events(
        self, *, actor: str | None = None, type: str | None = None,
        since: date | None = None, until: date | None = None, negated: bool | None = None,
        doc_id: str | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[StoredEvent]: ...  # fmt: skip
    def event_listing(
        self, *, actor: str | None = None, type: str | None = None,
        since: date | None = None, until: date | None = None, negated: bool | None = None,
        doc_id: str | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[dict[str, Any]]:
        """``query_events`` as :meth:`EventOut.row` dicts (the API's pages)."""
        ...  # fmt: skip
    def query_quotes(
        self, *, speaker: str | None, doc_id: str | None, limit: int, offset: int
    ) -> list[Quote]: ...
    def query_predictions(
        self, *, status: str | None, subject: str | None, doc_id: str | None,
        limit: int, offset: int,
    ) -> list[Prediction]: ...  # fmt: skip
    def pair_events(self, a: str, b: str) -> list[StoredEvent]: ...
    def graph(self, *, since: date | None, until: date | None) -> GraphOut: ...
    def reliability(self, patron: str, *, since: date | None) -> Any: ...
    def flows(self, a: str, b: str) -> Any: ...
    def watchlist(self, patron: str) -> Any: ...
    def timeline(self, actor: str, *, since: date | None) -> Any: ...
    def ledger(self) -> Any: ...
    def resolve_prediction(self, pred_id: str, *, came_true: bool, note: str) -> Any: ...
    def ingest(self, inputs: Sequence[str]) -> Any: ...
    def add_actor(self, actor: Actor) -> None: ...
    def version(self) -> Hashable | None:
        """A value that changes whenever anything the API answers may have changed, or
        None when that cannot be known (then responses are not cached)."""
        ...


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
    """:class:`Backend` over a database URL (None: the configured or default one).

    Records come from ``allywatch.store.repository``, analyses from
    ``allywatch.analyze.api.Allywatch`` over the same store, the ledger from
    ``allywatch.analyze.ledger`` and uploads go through ``allywatch.pipeline.ingest_paths``.
    Actors are the catalog's (shipped files, the ``catalog_paths`` setting, and the entries
    added through the API, kept in :func:`api_catalog_file`).
    """

    def __init__(self, db_url: str | None = None) -> None:
        self.db_url = db_url
        self._store: Any = None
        self._analysis: Any = None
        self._catalog: Any = None
        self._lock = threading.Lock()
        self._graph_lock = threading.Lock()
        self._graphs: dict[tuple[date | None, date | None], tuple[float, Hashable, GraphOut]] = {}
        self._changes: Any = None
        #: Bumped by changes the database does not see (catalog entries added).
        self._generation = 0

    # -- plumbing -------------------------------------------------------------------------
    @property
    def store(self) -> Any:
        with self._lock:
            if self._store is None:
                self._store = _contract("allywatch.store", "connect")(self.db_url)
        return self._store

    def version(self) -> Hashable | None:
        """``(catalog generation, the database's change counter)``; None when the database
        cannot tell (PostgreSQL, in-memory SQLite). See :mod:`allywatch.store.watch`."""
        if self._changes is None:
            counter = _contract("allywatch.store.watch", "ChangeCounter")(self.store)
            with self._lock:
                if self._changes is None:
                    self._changes = counter
        data_version = self._changes()
        return None if data_version is None else (self._generation, data_version)

    def _repo(self, name: str) -> Callable[..., Any]:
        return _contract("allywatch.store.repository", name)

    @property
    def analysis(self) -> Any:
        if self._analysis is None:
            self._analysis = _contract("allywatch.analyze.api", "Allywatch")(self.store)
        return self._analysis

    @property
    def catalog(self) -> Any:
        with self._lock:
            if self._catalog is None:
                catalog_cls: Any = _contract("allywatch.nlp.catalog", "Catalog")
                self._catalog = catalog_cls.load(catalog_paths())
        return self._catalog

    # -- records --------------------------------------------------------------------------
    def list_documents(self, *, limit: int, offset: int) -> list[Document]:
        return list(self._repo("list_documents")(self.store, limit=limit, offset=offset))

    def document_listing(self, *, limit: int, offset: int) -> list[dict[str, Any]]:
        return list(self._repo("document_listing")(self.store, limit=limit, offset=offset))

    def get_document(self, doc_id: str) -> Document:
        doc: Document = self._repo("get_document")(self.store, doc_id)
        return doc

    def search_documents(self, query: str, *, limit: int) -> list[Document]:
        # The store has no text search yet, so this scans documents page by page in
        # Python (fine for a personal archive; a store-side search should replace it).
        needle = query.casefold()
        hits: list[Document] = []
        offset = 0
        while len(hits) < limit:
            page = self.list_documents(limit=500, offset=offset)
            if not page:
                break
            hits.extend(d for d in page if needle in (d.title or "").casefold()
                        or needle in d.text.casefold())  # fmt: skip
            offset += len(page)
        return hits[:limit]

    def list_actors(self, *, kind: str | None, limit: int, offset: int) -> list[Actor]:
        actors = sorted(self.catalog.actors.values(), key=lambda a: (a.kind, a.id))
        rows = [a for a in actors if kind is None or a.kind == kind]
        return rows[offset : offset + limit]

    def list_mentions(self, doc_id: str) -> list[Mention]:
        return list(self._repo("list_mentions")(self.store, doc_id))

    def query_events(self, **filters: Any) -> list[StoredEvent]:
        return list(self._repo("query_events")(self.store, **filters))

    def event_listing(self, **filters: Any) -> list[dict[str, Any]]:
        return list(self._repo("event_listing")(self.store, **filters))

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

    def pair_events(self, a: str, b: str) -> list[StoredEvent]:
        return list(_contract("allywatch.store.analytics", "pair_events")(self.store, a, b))

    # -- analyses -------------------------------------------------------------------------
    def graph(self, *, since: date | None, until: date | None) -> GraphOut:
        """The alliance graph, built once per date range and store :meth:`version` (it
        reads every event in the range; an edge click must not rebuild it). When the
        version is unknown it is kept for :data:`GRAPH_TTL` seconds; writes through this
        app clear it."""
        key = (since, until)
        with self._graph_lock:  # one build at a time; the others wait for its result
            version = self.version()
            cached = self._graphs.get(key)
            if cached and (
                cached[1] == version if version is not None
                else time.monotonic() - cached[0] < GRAPH_TTL
            ):  # fmt: skip
                return cached[2]
            graph = self.analysis.graph(since=since, until=until)
            names = {n: a.name for n in graph.nodes if (a := self.catalog.get(str(n)))}
            kinds = {n: a.kind for n in graph.nodes if (a := self.catalog.get(str(n)))}
            out = graph_from_networkx(graph, names=names, kinds=kinds)
            if len(self._graphs) > 32:
                self._graphs.clear()
            self._graphs[key] = (time.monotonic(), version, out)
            return out

    def reliability(self, patron: str, *, since: date | None) -> Any:
        return jsonable(self.analysis.reliability(patron, since=since))

    def flows(self, a: str, b: str) -> Any:
        return jsonable(self.analysis.flows(a, b))

    def watchlist(self, patron: str) -> Any:
        return jsonable(self.analysis.watchlist(patron))

    def timeline(self, actor: str, *, since: date | None) -> Any:
        return jsonable(self.analysis.timeline(actor, since=since))

    def ledger(self) -> Any:
        return jsonable(_contract("allywatch.analyze.ledger", "brier_scores")(self.store))

    # -- writes ---------------------------------------------------------------------------
    def resolve_prediction(self, pred_id: str, *, came_true: bool, note: str) -> Any:
        if not note.strip():
            raise InputError(f"prediction {pred_id}", "a manual resolution needs a note")
        resolve = _contract("allywatch.analyze.ledger", "resolve_manually")
        result = jsonable(resolve(self.store, pred_id, came_true, note))
        self._graphs.clear()
        return result

    def ingest(self, inputs: Sequence[str]) -> Any:
        ingest_paths = _contract("allywatch.pipeline", "ingest_paths")
        result = jsonable(ingest_paths(list(inputs), self.store, catalog=self.catalog))
        self._graphs.clear()
        return result

    def add_actor(self, actor: Actor) -> None:
        add_catalog_entry(actor)
        with self._lock:
            self._catalog = None  # reload with the new entry
            self._generation += 1
        self._graphs.clear()


def api_catalog_file() -> Path:
    """Where catalog entries added through the API are kept (a user catalog file)."""
    return Path(platformdirs.user_data_dir("allywatch")) / "api-catalog.yaml"


def catalog_paths() -> list[str]:
    """The user's catalog files: the ``catalog_paths`` setting, then the API's file."""
    paths = list(get_settings().catalog_paths)
    if api_catalog_file().is_file():
        paths.append(str(api_catalog_file()))
    return paths


def add_catalog_entry(actor: Actor) -> None:
    """Add (or replace) ``actor`` in :func:`api_catalog_file`, in the catalog's layout:
    states under ``states``, people under ``people``, everything else under ``actors``."""
    path = api_catalog_file()
    data: dict[str, Any] = {}
    if path.is_file():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entry: dict[str, Any] = {"id": actor.id, "name": actor.name,
                             "aliases": list(actor.aliases)}  # fmt: skip
    if actor.kind == "state":
        states = data.setdefault("states", {})
        states[actor.id] = {"name": actor.name, "aliases": list(actor.aliases)}
    else:
        section = "people" if actor.kind == "person" else "actors"
        if actor.kind != "person":
            entry["kind"] = actor.kind
        entry["country"] = actor.country
        rows = [r for r in data.get(section) or [] if r.get("id") != actor.id]
        data[section] = [*rows, entry]
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Catalog entries added through the allywatch API (POST /api/actors).\n"
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")  # fmt: skip
    logger.info("catalog entry %s saved to %s", actor.id, path)


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
    as_dict = getattr(value, "as_dict", None)
    if callable(as_dict) and not isinstance(value, type):
        return jsonable(as_dict(), _depth + 1)
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


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def graph_from_networkx(
    graph: Any, *, names: Mapping[str, str] | None = None, kinds: Mapping[str, str] | None = None
) -> GraphOut:
    """:class:`GraphOut` from the alliance graph (a networkx MultiDiGraph keyed by tie
    category, with ``category``, ``weight``, ``withheld``, ``first``, ``last`` and ``events``
    on each edge, as :func:`allywatch.analyze.graph.alliance_graph` builds it)."""
    names = names or {}
    kinds = kinds or {}
    nodes = [
        GraphNodeOut(
            id=str(n), label=str(names.get(n) or attrs.get("label") or n),
            kind=str(kinds.get(n) or attrs.get("kind") or "unresolved"),
            degree=int(graph.degree(n)),
        )
        for n, attrs in graph.nodes(data=True)
    ]  # fmt: skip
    edges: list[GraphEdgeOut] = []
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        tie = str(attrs.get("category") or key)
        events = [str(e) for e in attrs.get("events") or ()]
        edges.append(
            GraphEdgeOut(
                id=f"{u}|{v}|{tie}", source=str(u), target=str(v), tie=tie,
                weight=float(attrs.get("weight") or 0),
                first_date=_iso(attrs.get("first")), last_date=_iso(attrs.get("last")),
                negated=int(attrs.get("withheld") or 0), events=events,
            )
        )
    return GraphOut(nodes=nodes, edges=edges, ties=sorted({e.tie for e in edges}))
