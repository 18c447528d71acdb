"""The list endpoints' fast path (``serve/api/fastpath.py``) answers exactly what FastAPI
answers: on generated query strings (plain and not), over the in-memory backend and a real
store, the body, status and headers equal those of the same request made to go through
FastAPI (an extra unknown parameter, which FastAPI ignores and the fast path never takes).
Each check equals the endpoint's OpenAPI declaration, so the two cannot drift apart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allywatch.serve import create_app
from allywatch.serve.api.fastpath import (
    PAGING,
    ROUTES,
    Choice,
    Flag,
    Integer,
    IsoDate,
    Text,
)
from tests.serve.conftest import TOKEN
from tests.serve.fakes import article_extraction, make_backend, payload_extraction

TEXTS = ["RUS", "IRN", "SYR", "CUB", "", "a" * 121, "a" * 201, "Ru s", "é", "RUS\n", "%", "<x>"]
VALUES: dict[type, list[str]] = {
    Text: TEXTS,
    IsoDate: ["2020-01-01", "2026-03-01", "2020-02-30", "2020-1-1", "20200101", "2020-01-01\n",
              "٢٠٢٠-٠١-٠١", "0000-01-01", "", "1e3"],
    Integer: ["0", "1", "2", "5", "50", "1000", "1001", "10000000", "10000001", "-1", "+5",
              " 5", "5.0", "007", "99999999999", "", "٣"],
    Flag: ["true", "false", "1", "0", "yes", "True", "TRUE", "", "maybe"],
}  # fmt: skip
CHOICES = {"type": ["AID", "SUPPORT", "aid", "AID\n", "FOO", ""],
           "status": ["open", "failed", "came_true", "OPEN", ""],
           "format": ["json", "csv", "JSON", "xml", ""]}  # fmt: skip
FALLBACK = "zz_through_fastapi=1"


def _values(key: str, check: Any) -> list[str]:
    return CHOICES[key] if isinstance(check, Choice) else VALUES[type(check)]


def _queries(path: str) -> st.SearchStrategy[str]:
    checks = {**ROUTES[path].params, **PAGING}
    pair = st.sampled_from(sorted(checks)).flatmap(
        lambda k: st.tuples(st.just(k), st.sampled_from(_values(k, checks[k])))
    )
    unknown = st.tuples(st.sampled_from(["Limit", "zz"]), st.just("1"))
    pairs = st.lists(st.one_of(pair, pair, pair, unknown), max_size=5)
    raw = st.sampled_from(["actor=%FF", "limit=5&limit=6", "type", "&&", "since=2020-01-01&x"])
    return st.one_of(pairs.map(urlencode), raw)


def _same(client: TestClient, path: str, query: str) -> None:
    fast = client.get(f"{path}?{query}")
    slow = client.get(f"{path}?{query}&{FALLBACK}" if query else f"{path}?{FALLBACK}")
    assert (fast.status_code, fast.content) == (slow.status_code, slow.content), query
    assert fast.headers == slow.headers, query


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from allywatch.store import connect, repository

    url = f"sqlite:///{Path(tmp_path_factory.mktemp('fast')) / 'fast.sqlite'}"
    store = connect(url)
    for extraction in (article_extraction(), payload_extraction()):
        repository.save_document(store, extraction.document)
        repository.save_extraction(store, extraction)
    store.close()
    return url


@pytest.fixture(scope="module", params=["memory", "store"])
def client(request: pytest.FixtureRequest, store_url: str) -> Iterator[TestClient]:
    if request.param == "memory":
        app = create_app(token=TOKEN, backend=make_backend(), cache=False)
    else:
        app = create_app(db_url=store_url, token=TOKEN, cache=False)
    with TestClient(app) as running:
        yield running


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_every_parameter_value_alone_gets_fastapis_answer(client: TestClient, path: str) -> None:
    checks = {**ROUTES[path].params, **PAGING}
    for key, check in checks.items():
        for value in _values(key, check):
            _same(client, path, urlencode([(key, value)]))


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_generated_queries_get_fastapis_answers(client: TestClient, path: str) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(query=_queries(path))
    def check(query: str) -> None:
        _same(client, path, query)

    check()


PLAIN = [
    ("/api/events", ""), ("/api/events", "limit=2&offset=1"),
    ("/api/events", "actor=RUS&type=AID&since=2020-01-01&until=2026-12-31&negated=false"),
    ("/api/events", "negated=true&format=csv"), ("/api/documents", "limit=1"),
    ("/api/quotes", "speaker=Ruohomaki"), ("/api/predictions", "status=open&subject=CUB"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "query"), PLAIN)
def test_plain_requests_take_the_fast_path_and_others_do_not(
    client: TestClient, path: str, query: str
) -> None:
    stats = client.app.state.fast_path  # type: ignore[attr-defined]
    before = stats.answered
    _same(client, path, query)
    assert stats.answered == before + 1  # the first request only
    assert client.get(f"{path}?{query}&limit=5&limit=6").status_code in (200, 422)
    assert client.get("/api/events?negated=1").status_code == 200
    assert stats.answered == before + 1


def test_an_error_while_computing_is_answered_by_the_app() -> None:
    from allywatch.errors import StoreError

    backend = make_backend()

    def broken(**_: Any) -> Any:
        raise StoreError("store offline")

    backend.event_listing = broken  # type: ignore[method-assign]
    app = create_app(token=TOKEN, backend=backend, cache=False)
    with TestClient(app) as client:
        r = client.get("/api/events")
    assert r.status_code == 503 and r.json()["detail"] == "store offline"
    assert app.state.fast_path.failed == 1


def _declared(schema: dict[str, Any]) -> dict[str, Any]:
    """The non-null alternative of a parameter's schema."""
    for alt in schema.get("anyOf", [schema]):
        if alt.get("type") != "null":
            return dict(alt)
    raise AssertionError(schema)


def test_each_check_is_the_endpoints_declaration() -> None:
    spec = create_app(token=TOKEN, backend=make_backend()).openapi()
    for path, route in ROUTES.items():
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        checks = {**route.params, **PAGING}
        assert set(params) == set(checks), path
        for name, check in checks.items():
            declared = _declared(params[name]["schema"])
            if isinstance(check, Text):
                assert declared == {"type": "string", "maxLength": check.max_length}, name
            elif isinstance(check, Choice):
                if "enum" in declared:
                    assert set(declared["enum"]) == check.values, name
                else:
                    match = re.fullmatch(r"\^\((.*)\)\$", declared["pattern"])
                    assert match and set(match.group(1).split("|")) == check.values, name
            elif isinstance(check, Integer):
                assert (declared["minimum"], declared["maximum"]) == (check.ge, check.le), name
            elif isinstance(check, IsoDate):
                assert declared == {"type": "string", "format": "date"}, name
            else:
                assert isinstance(check, Flag) and declared == {"type": "boolean"}, name
