"""The FastAPI application: REST API under ``/api``, web UI at ``/``, docs at ``/docs``."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allywatch import __version__
from allywatch.errors import AllywatchError, InputError
from allywatch.serve.api import api_router
from allywatch.serve.api.fastpath import FastPathStats, ListFastPath
from allywatch.serve.auth import resolve_token
from allywatch.serve.backend import Backend, StoreBackend
from allywatch.serve.cache import CacheMiddleware, ResponseCache
from allywatch.serve.web import STATIC_DIR, TEMPLATES, web_router

__all__ = ["DEFAULT_READ_THREADS", "DEFAULT_THREADS", "SECURITY_HEADERS", "SecurityHeaders",
           "cache_enabled", "create_app"]

logger = logging.getLogger(__name__)

#: Threads that run the (synchronous) endpoints at once. Each one holds the GIL while it
#: turns rows into records, so past a few per core more threads add only waiting: with
#: anyio's default of 40, every request, and the event loop itself, queued behind 40 others
#: for the GIL. ``ALLYWATCH_SERVE_THREADS`` (or ``create_app(threads=...)``) changes it.
DEFAULT_THREADS = 4

#: Threads that compute the list endpoints' pages (documents, events, quotes, predictions),
#: a pool of their own: an ingest or an analysis running in the pool above cannot take
#: every thread from them, and one or two threads keep them in arrival order. Each page
#: is a few milliseconds of Python holding the GIL, so more threads only make them queue
#: for it: on 100k events with 50 clients and no cache, 1 thread answered in p50/p99
#: 122/145 ms, 2 in 110/203, 4 (sharing the pool above) in 122/224 ms
#: (``ALLYWATCH_SERVE_READ_THREADS``, ``create_app(read_threads=...)``).
DEFAULT_READ_THREADS = 1

#: Sent with every response. No inline script or style anywhere, so the CSP can forbid them:
#: article text that slipped through escaping still could not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response (plain ASGI
    rather than ``@app.middleware``, which costs a task and a stream per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cache_enabled() -> bool:
    """The response cache is on unless ``ALLYWATCH_SERVE_CACHE`` is 0/false/no/off."""
    value = os.environ.get("ALLYWATCH_SERVE_CACHE", "1").strip().lower()
    return value not in ("0", "false", "no", "off")


def create_app(
    db_url: str | None = None, token: str | None = None, *, backend: Backend | None = None,
    threads: int | None = None, cache: bool | None = None, read_threads: int | None = None,
) -> FastAPI:
    """The allywatch web app over the store at ``db_url`` (None: configured/default).

    ``token`` is the write token (None: the ``api_token`` setting, else the one saved in the
    user data dir, else a new one; ``app.state.token_generated`` says which). ``backend``
    replaces the store-backed data source (tests). ``threads``: see :data:`DEFAULT_THREADS`;
    ``read_threads``: :data:`DEFAULT_READ_THREADS`.
    ``cache``: keep read responses in memory until the store changes (None:
    :func:`cache_enabled`; see :mod:`allywatch.serve.cache`; ETags are sent either way).
    """
    n_threads = threads or int(os.environ.get("ALLYWATCH_SERVE_THREADS") or DEFAULT_THREADS)
    n_reads = read_threads or int(
        os.environ.get("ALLYWATCH_SERVE_READ_THREADS") or DEFAULT_READ_THREADS
    )

    @asynccontextmanager
    async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = n_threads
        yield

    app = FastAPI(
        lifespan=_lifespan,
        title="allywatch",
        version=__version__,
        description=(
            "Evidence-linked graph of who backs whom, extracted from news. Every record links "
            "to the sentence it rests on. Write endpoints need `Authorization: Bearer TOKEN`."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.backend = data = backend if backend is not None else StoreBackend(db_url)
    version = getattr(data, "version", None)
    app.state.response_cache = ResponseCache(
        version=version if callable(version) else (lambda: None),
        enabled=cache_enabled() if cache is None else cache,
    )
    app.state.token, app.state.token_generated = resolve_token(token)
    app.state.read_limiter = anyio.CapacityLimiter(n_reads)

    @app.exception_handler(AllywatchError)
    async def _allywatch_error(request: Request, exc: AllywatchError) -> Response:
        if exc.status >= 500:
            logger.error("%s %s failed: %s", request.method, request.url.path, exc)
        body: dict[str, object] = {"error": type(exc).__name__, "detail": str(exc)}
        if isinstance(exc, InputError):
            body["input"] = exc.source
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get(
            "accept", ""
        ):
            return JSONResponse(body, status_code=exc.status)
        return TEMPLATES.TemplateResponse(
            request, "error.html", {"error": body, "status": exc.status}, status_code=exc.status
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette's Allow names only the first route matching the path; a path with a
            # GET route and a POST route must list both.
            path = request.url.path
            methods = {
                m for r in app.routes if isinstance(r, Route) and r.path_regex.match(path)
                for m in (r.methods or ()) if m != "HEAD"
            }  # fmt: skip
            headers["Allow"] = ", ".join(sorted(methods))
        body = {"error": "HTTPError", "detail": str(exc.detail)}
        return JSONResponse(body, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
        body = {"error": "ValidationError", "detail": detail, "errors": errors}
        return JSONResponse(body, status_code=422)

    @app.get("/docs", include_in_schema=False)
    def _docs(request: Request) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "docs.html", {})

    # Innermost first: the fast path runs inside the cache (its answers are kept and get
    # ETags), the cache inside SecurityHeaders (cached answers get the headers too).
    app.state.fast_path = FastPathStats()
    app.add_middleware(ListFastPath, state=app.state, stats=app.state.fast_path)
    app.add_middleware(CacheMiddleware, cache=app.state.response_cache)
    app.add_middleware(SecurityHeaders)
    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=Path(STATIC_DIR)), name="static")
    return app
