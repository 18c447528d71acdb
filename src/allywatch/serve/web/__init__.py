"""The web UI: server-rendered pages (Jinja2, autoescaped) and small scripts in ``static/``.

Every string from an article is data: templates escape it (autoescape is on for ``.html``),
scripts set it with ``textContent``, and the CSP forbids inline script.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from allywatch.serve.api.deps import StoreDep
from allywatch.serve.web.highlight import Mark, segments

__all__ = ["STATIC_DIR", "TEMPLATES", "web_router"]

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
web_router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
ActorQuery = Annotated[str, Query(max_length=120)]
_ACTOR_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def _actor(value: str) -> str | None:
    value = value.strip()
    return value if _ACTOR_RE.match(value) else None


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, context)


@web_router.get("/", response_class=HTMLResponse)
def graph_page(request: Request) -> HTMLResponse:
    return _render(request, "graph.html", page="graph")


@web_router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request, store: StoreDep, offset: Annotated[int, Query(ge=0)] = 0
) -> HTMLResponse:
    docs = store.list_documents(limit=PAGE_SIZE + 1, offset=offset)
    return _render(
        request, "documents.html", page="documents", documents=docs[:PAGE_SIZE],
        offset=offset, more=len(docs) > PAGE_SIZE, size=PAGE_SIZE,
    )  # fmt: skip


@web_router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, store: StoreDep) -> HTMLResponse:
    doc = store.get_document(doc_id)
    mentions = store.list_mentions(doc_id)
    events = store.query_events(doc_id=doc_id)
    quotes = store.query_quotes(speaker=None, doc_id=doc_id, limit=10_000, offset=0)
    predictions = store.query_predictions(
        status=None, subject=None, doc_id=doc_id, limit=10_000, offset=0
    )
    marks = [
        Mark(m.start, m.end, "mention", f"{m.actor_id or 'unresolved'} ({m.kind})")
        for m in mentions
    ]
    for e in events:
        for ev in e.evidence or (e.event.evidence,):
            if ev.doc_id == doc_id:
                label = f"event {e.event.type}{' (negated)' if e.event.negated else ''}"
                marks.append(Mark(ev.start, ev.end, "event", label, (f"ev-{e.id}", f"c{ev.start}")))
    for q in quotes:
        marks.append(Mark(q.start, q.end, "quote", f"quote: {q.speaker or q.speaker_text}",
                          (f"q-{q.key}", f"c{q.evidence.start}")))  # fmt: skip
    for p in predictions:
        ev = p.evidence
        marks.append(Mark(ev.start, ev.end, "prediction", f"prediction: {p.outcome}",
                          (f"p-{p.key}", f"c{ev.start}")))  # fmt: skip
    return _render(
        request, "document.html", page="documents", doc=doc, pieces=segments(doc.text, marks),
        events=events, quotes=quotes, predictions=predictions, mentions=mentions,
    )  # fmt: skip


@web_router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    store: StoreDep,
    actor: ActorQuery = "",
    type: Annotated[str, Query(max_length=20)] = "",
    since: date | None = None,
    until: date | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    from allywatch.types import PLOVER_TYPES

    events = store.query_events(
        actor=_actor(actor), type=type if type in PLOVER_TYPES else None, since=since,
        until=until, limit=PAGE_SIZE + 1, offset=offset,
    )  # fmt: skip
    return _render(
        request, "events.html", page="events", events=events[:PAGE_SIZE],
        more=len(events) > PAGE_SIZE, offset=offset, size=PAGE_SIZE, types=PLOVER_TYPES,
        actor=actor, type=type, since=since, until=until,
        csv_query=urlencode({k: v for k, v in (("actor", actor), ("type", type),
                             ("since", since or ""), ("until", until or ""), ("format", "csv"))
                             if v}),
    )  # fmt: skip


@web_router.get("/actors", response_class=HTMLResponse)
def actors_page(
    request: Request, store: StoreDep, offset: Annotated[int, Query(ge=0)] = 0
) -> HTMLResponse:
    actors = store.list_actors(kind=None, limit=PAGE_SIZE + 1, offset=offset)
    return _render(
        request, "actors.html", page="actors", actors=actors[:PAGE_SIZE],
        more=len(actors) > PAGE_SIZE, offset=offset, size=PAGE_SIZE,
    )  # fmt: skip


def _analysis_page(
    request: Request, page: str, title: str, fields: list[tuple[str, str, str]],
    result: Any, explain: str,
) -> HTMLResponse:  # fmt: skip
    return _render(
        request, "analysis.html", page=page, title=title, fields=fields, result=result,
        explain=explain,
    )  # fmt: skip


@web_router.get("/reliability", response_class=HTMLResponse)
def reliability_page(request: Request, store: StoreDep, patron: ActorQuery = "") -> HTMLResponse:
    key = _actor(patron)
    result = store.reliability(key, since=None) if key else None
    return _analysis_page(
        request, "reliability", "Reliability", [("patron", "Patron", patron)], result,
        "The crises of each ally and what the patron delivered (or withheld) in each.",
    )  # fmt: skip


@web_router.get("/flows", response_class=HTMLResponse)
def flows_page(request: Request, store: StoreDep, a: ActorQuery = "", b: ActorQuery = "")\
        -> HTMLResponse:  # fmt: skip
    ka, kb = _actor(a), _actor(b)
    result = store.flows(ka, kb) if ka and kb else None
    return _analysis_page(
        request, "flows", "Flows", [("a", "Actor A", a), ("b", "Actor B", b)], result,
        "What flows each way between two actors, by category, with amounts where stated.",
    )  # fmt: skip


@web_router.get("/watchlist", response_class=HTMLResponse)
def watchlist_page(request: Request, store: StoreDep, patron: ActorQuery = "") -> HTMLResponse:
    key = _actor(patron)
    result = store.watchlist(key) if key else None
    return _analysis_page(
        request, "watchlist", "Watchlist", [("patron", "Patron", patron)], result,
        "A patron's allies ranked by risk signals, each with the sentences behind it.",
    )  # fmt: skip


@web_router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, store: StoreDep, actor: ActorQuery = "") -> HTMLResponse:
    key = _actor(actor)
    result = store.timeline(key, since=None) if key else None
    return _analysis_page(
        request, "timeline", "Timeline", [("actor", "Actor", actor)], result,
        "Dated events involving the actor; events with unknown dates are listed apart.",
    )  # fmt: skip


@web_router.get("/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    store: StoreDep,
    status: Annotated[str, Query(pattern="^(|open|came_true|failed)$")] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    predictions = store.query_predictions(
        status=status or None, subject=None, doc_id=None, limit=PAGE_SIZE + 1, offset=offset
    )
    scores = store.ledger()
    if isinstance(scores, dict):  # the predictions are listed below the scores already
        scores = {k: v for k, v in scores.items() if k != "predictions"}
    return _render(
        request, "ledger.html", page="ledger", predictions=predictions[:PAGE_SIZE],
        scores=scores, status=status, offset=offset, more=len(predictions) > PAGE_SIZE,
        size=PAGE_SIZE,
    )  # fmt: skip


@web_router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, store: StoreDep, q: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    query = q.strip()
    actors: list[Any] = []
    documents: list[Any] = []
    events: list[Any] = []
    actor_id: str | None = None
    if query:
        needle = query.casefold()
        actors = [
            a for a in store.list_actors(kind=None, limit=100_000, offset=0)
            if needle in a.id.casefold() or needle in a.name.casefold()
            or any(needle in alias.casefold() for alias in a.aliases)
        ][:50]  # fmt: skip
        documents = store.search_documents(query, limit=50)
        # events of the actor the query names: an exact id, else the first actor matched
        exact = next((a.id for a in actors if a.id.casefold() == needle), None)
        actor_id = exact or (actors[0].id if actors else None)
        events = store.query_events(actor=actor_id, limit=50) if actor_id else []
    return _render(
        request, "search.html", page="search", q=q, actors=actors, documents=documents,
        events=events, events_actor=actor_id if query else None,
    )  # fmt: skip
