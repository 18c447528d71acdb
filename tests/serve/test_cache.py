"""HTTP caching of the read API: ETag/If-None-Match, the in-process response cache and its
invalidation on any write (through the app, by another connection, by another process),
the store's change counter, and the cache's own rules (what is kept, bounds, one
computation per key)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from allywatch.serve import create_app
from allywatch.serve.app import SECURITY_HEADERS
from allywatch.serve.cache import ResponseCache
from tests.conftest import SRC
from tests.serve.conftest import TOKEN
from tests.serve.fakes import article_extraction, payload_extraction

with warnings.catch_warnings():
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

AUTH = {"Authorization": f"Bearer {TOKEN}"}
CACHE = "x-allywatch-cache"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    from allywatch.store import connect, repository

    url = f"sqlite:///{tmp_path / 'cache.sqlite'}"
    store = connect(url)
    x = article_extraction()
    repository.save_document(store, x.document)
    repository.save_extraction(store, x)
    store.close()
    return url


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    yield TestClient(create_app(db_url=db_url, token=TOKEN))


def _save_payload(url: str) -> None:
    """A write by another connection (another Store, as another process would have)."""
    from allywatch.store import connect, repository

    store = connect(url)
    x = payload_extraction()
    repository.save_document(store, x.document)
    repository.save_extraction(store, x)
    store.close()


# -- ETags and hits -----------------------------------------------------------------------------
def test_second_read_is_a_hit_with_the_same_body_etag_and_headers(client: TestClient) -> None:
    first = client.get("/api/events?actor=RUS")
    second = client.get("/api/events?actor=RUS")
    assert first.status_code == second.status_code == 200
    assert (first.headers[CACHE], second.headers[CACHE]) == ("miss", "hit")
    assert first.content == second.content and first.json()["items"]
    assert first.headers["etag"] == second.headers["etag"]
    assert second.headers["cache-control"] == "no-cache"
    assert second.headers["content-type"] == "application/json"
    for name, value in SECURITY_HEADERS.items():  # cached answers keep the CSP and the rest
        assert second.headers[name] == value
    # Another query string is another entry.
    assert client.get("/api/events?actor=IRN").headers[CACHE] == "miss"


def test_if_none_match_answers_304_without_a_body(client: TestClient) -> None:
    etag = client.get("/api/documents").headers["etag"]
    r = client.get("/api/documents", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    assert r.headers["etag"] == etag
    listed = client.get("/api/documents", headers={"If-None-Match": f'"other", W/{etag}'})
    assert listed.status_code == 304  # a list, and the weak form, match too
    assert client.get("/api/documents", headers={"If-None-Match": '"other"'}).status_code == 200
    cache: ResponseCache = client.app.state.response_cache  # type: ignore[attr-defined]
    assert cache.stats.not_modified == 2


def test_csv_export_is_cached_with_its_headers(client: TestClient) -> None:
    first = client.get("/api/events?format=csv")
    second = client.get("/api/events?format=csv")
    assert second.headers[CACHE] == "hit" and second.content == first.content
    assert second.headers["content-type"].startswith("text/csv")
    assert "events.csv" in second.headers["content-disposition"]


def test_errors_writes_and_health_are_never_cached(client: TestClient) -> None:
    cache: ResponseCache = client.app.state.response_cache  # type: ignore[attr-defined]
    for _ in range(2):
        missing = client.get("/api/documents/nope")
        assert missing.status_code == 404 and missing.json()["error"] == "NotFoundError"
        assert "etag" not in missing.headers and CACHE not in missing.headers
        assert CACHE not in client.get("/api/health").headers
        assert client.post("/api/actors", json={}).status_code == 401  # a write
    assert len(cache) == 0 and cache.stats.hits == 0


# -- invalidation -------------------------------------------------------------------------------
def test_a_write_by_another_connection_shows_on_the_next_request(
    client: TestClient, db_url: str
) -> None:
    before = client.get("/api/documents")
    assert client.get("/api/documents").headers[CACHE] == "hit"
    _save_payload(db_url)
    after = client.get("/api/documents", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers[CACHE] == "miss"
    assert len(after.json()["items"]) == len(before.json()["items"]) + 1
    assert after.headers["etag"] != before.headers["etag"]
    # Every other cached page went too (the version moved for all of them).
    assert client.get("/api/events?actor=RUS").headers[CACHE] == "miss"


def test_a_write_by_another_process_shows_on_the_next_request(
    client: TestClient, db_url: str
) -> None:
    before = client.get("/api/events", params={"actor": "RUS", "limit": 1000}).json()["items"]
    assert client.get("/api/events", params={"actor": "RUS", "limit": 1000}).headers[
        CACHE] == "hit"  # fmt: skip
    script = ("import sys; sys.path.insert(0, sys.argv[2]); "
              "from tests.serve.test_cache import _save_payload; _save_payload(sys.argv[1])")
    env = dict(os.environ, PYTHONPATH=str(SRC))
    subprocess.run([sys.executable, "-c", script, db_url, str(SRC.parent)], env=env,
                   check=True, timeout=120)  # fmt: skip
    after = client.get("/api/events", params={"actor": "RUS", "limit": 1000}).json()["items"]
    assert len(after) == len(before) + 1
    assert any("<script>" in e["detail"] for e in after)  # served as data, in JSON


def test_writes_through_the_app_show_at_once(client: TestClient) -> None:
    pred = next(p for p in client.get("/api/predictions").json()["items"]
                if p["subject"] == "CUB")  # fmt: skip
    assert client.get("/api/predictions").headers[CACHE] == "hit"
    url = f"/api/predictions/{pred['id']}/resolve"
    assert client.post(url, json={"came_true": False, "note": "n"}).status_code == 401
    assert client.get("/api/predictions").headers[CACHE] == "hit"  # refused: nothing changed
    assert client.post(url, json={"came_true": False, "note": "n"}, headers=AUTH).status_code \
        == 200  # fmt: skip
    now = client.get("/api/predictions")
    assert now.headers[CACHE] == "miss"
    assert next(p for p in now.json()["items"] if p["id"] == pred["id"])["status"] == "failed"


def test_a_catalog_entry_shows_at_once(client: TestClient) -> None:
    entry = {"id": "ACME-PMC", "name": "Acme", "kind": "org", "country": "RUS"}
    ids = {a["id"] for a in client.get("/api/actors?kind=org&limit=1000").json()["items"]}
    assert "ACME-PMC" not in ids
    assert client.post("/api/actors", json=entry, headers=AUTH).status_code == 201
    now = client.get("/api/actors?kind=org&limit=1000")
    assert now.headers[CACHE] == "miss"
    assert "ACME-PMC" in {a["id"] for a in now.json()["items"]}


def test_the_cache_can_be_turned_off(db_url: str) -> None:
    client = TestClient(create_app(db_url=db_url, token=TOKEN, cache=False))
    first = client.get("/api/documents")
    second = client.get("/api/documents", headers={"If-None-Match": first.headers["etag"]})
    assert first.headers[CACHE] == "bypass" and second.status_code == 304  # ETags stay


def test_graph_is_rebuilt_after_a_write_by_another_connection(db_url: str) -> None:
    from allywatch.serve.backend import StoreBackend

    backend = StoreBackend(db_url)
    first = backend.graph(since=None, until=None)
    assert backend.graph(since=None, until=None) is first
    _save_payload(db_url)
    rebuilt = backend.graph(since=None, until=None)
    assert rebuilt is not first and len(rebuilt.edges) > len(first.edges)


# -- the store's change counter -----------------------------------------------------------------
def test_change_counter_moves_on_commits_only(db_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    from allywatch.store import connect
    from allywatch.store.watch import ChangeCounter

    store = connect(db_url)
    counter = ChangeCounter(store)
    first = counter()
    assert first is not None and counter() == first  # reading changes nothing
    with store.read() as conn:
        conn.execute(text("SELECT count(*) FROM events")).scalar_one()
    assert counter() == first
    with store.write() as conn:  # the same process's pool: still "another connection"
        conn.execute(text("UPDATE documents SET title = 'changed'"))
    assert counter() != first
    store.close()
    assert ChangeCounter(connect("sqlite://"))() is None  # in memory: cannot tell
    counter.close()


# -- the cache's own rules, on a bare ASGI app --------------------------------------------------
class _App:
    """Answers ``/api/...`` with its path and a call count; ``/api/slow`` waits for an
    event; ``/api/big`` sends a body in two chunks; ``/api/fail`` answers 500."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = asyncio.Event()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        path = scope["path"]
        if path == "/api/slow":
            await self.release.wait()
        status = 500 if path == "/api/fail" else 200
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain")]})  # fmt: skip
        body = f"{path} {self.calls}".encode()
        if path == "/api/big":
            await send({"type": "http.response.body", "body": b"x" * 600, "more_body": True})
        await send({"type": "http.response.body", "body": body})


async def _get(cache: ResponseCache, app: _App, path: str, method: str = "GET") -> list[Any]:
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "headers": []}
    await cache.handle(app, scope, receive, send)
    return sent


def _body(sent: list[Any]) -> bytes:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_one_computation_per_key_at_a_time() -> None:
    async def main() -> None:
        app = _App()
        cache = ResponseCache(version=lambda: 1)
        waiting = [asyncio.create_task(_get(cache, app, "/api/slow")) for _ in range(5)]
        await asyncio.sleep(0.01)
        app.release.set()
        answers = await asyncio.gather(*waiting)
        assert app.calls == 1
        assert len({_body(a) for a in answers}) == 1
        assert cache.stats.misses == 1 and cache.stats.shared == 4

    asyncio.run(main())


def test_what_is_kept_and_for_how_long() -> None:
    async def main() -> None:
        app = _App()
        version = [1]
        cache = ResponseCache(version=lambda: version[0], max_bytes=2000, max_entry=500)
        assert _body(await _get(cache, app, "/api/a")) == _body(await _get(cache, app, "/api/a"))
        assert app.calls == 1
        await _get(cache, app, "/api/fail")
        await _get(cache, app, "/api/fail")
        assert app.calls == 3  # a 500 is not kept
        big = await _get(cache, app, "/api/big")
        assert len(_body(big)) > 600 and app.calls == 4
        await _get(cache, app, "/api/big")
        assert app.calls == 5  # larger than max_entry: streamed, not kept
        await _get(cache, app, "/api/a", method="HEAD")
        assert app.calls == 6  # only GET
        version[0] = 2
        await _get(cache, app, "/api/a")
        assert app.calls == 7 and cache.stats.invalidations == 1
        for i in range(40):  # bounded by max_bytes: the oldest entries go
            await _get(cache, app, f"/api/p{i}")
        assert len(cache) < 40 and cache._bytes <= 2000
        await _get(cache, app, "/api/p39")
        assert app.calls == 7 + 40  # the newest is still there

    asyncio.run(main())


def test_no_version_means_no_caching() -> None:
    def broken() -> int:
        raise RuntimeError("store unavailable")

    async def main() -> None:
        for version in (lambda: None, broken):
            app = _App()
            cache = ResponseCache(version=version)
            await _get(cache, app, "/api/a")
            await _get(cache, app, "/api/a")
            assert app.calls == 2 and len(cache) == 0

    asyncio.run(main())
