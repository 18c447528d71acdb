"""REST API over hand-made records: lists, filters, paging, CSV, errors, write auth."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from allywatch.serve import SECURITY_HEADERS
from tests.serve.fakes import ARTICLE, MemoryBackend, article_extraction


def test_documents_list_and_detail(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert {d["title"] for d in body["items"]} >= {"Putin's fallen friends"}
    assert body["next_offset"] is None
    doc_id = article_extraction().document.id
    detail = client.get(f"/api/documents/{doc_id}").json()
    assert detail["text"] == ARTICLE
    assert detail["published"] == "2026-03-01"


def test_unknown_document_is_404_with_reason(client: TestClient) -> None:
    r = client.get("/api/documents/nope")
    assert r.status_code == 404
    assert r.json() == {"error": "NotFoundError", "detail": "no document 'nope'"}


def test_paging_reports_next_offset(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    ids = [e["id"] for e in first["items"]]
    rest = client.get("/api/events", params={"limit": 100, "offset": 2}).json()
    assert rest["next_offset"] is None
    assert not set(ids) & {e["id"] for e in rest["items"]}
    assert len(ids) + len(rest["items"]) == 6  # 5 article events + 1 payload event


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "IRN"}, {("AID", "IRN"), ("AGREE", "RUS")}),
        ({"type": "AID", "negated": "true"}, {("AID", "RUS")}),
        ({"type": "AID", "negated": "false", "actor": "IRN"}, {("AID", "IRN")}),
        ({"since": "2024-06-01", "until": "2024-12-31"}, {("LEADER_OUSTED", ""),
                                                          ("SUPPORT", "RUS"), ("AID", "RUS")}),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, str], expected: set) -> None:
    items = client.get("/api/events", params=params).json()["items"]
    assert {(e["type"], (e["source"] or [""])[0]) for e in items} == expected


def test_events_by_document_carry_evidence_offsets(client: TestClient) -> None:
    doc = article_extraction().document
    items = client.get("/api/events", params={"document": doc.id}).json()["items"]
    assert len(items) == 5
    for e in items:
        for ev in e["evidence"]:
            assert doc.text[ev["start"] : ev["end"]] == ev["sentence"]


def test_bad_filter_is_422(client: TestClient) -> None:
    assert client.get("/api/events", params={"type": "HUG"}).status_code == 422
    assert client.get("/api/events", params={"since": "yesterday"}).status_code == 422
    assert client.get("/api/events", params={"until": "0"}).status_code == 422
    assert client.get("/api/events", params={"limit": 0}).status_code == 422


def test_events_csv_export(client: TestClient) -> None:
    r = client.get("/api/events", params={"format": "csv", "actor": "IRN"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["type"] for row in rows} == {"AID", "AGREE"}
    assert "Shahed drones" in next(row["evidence"] for row in rows if row["type"] == "AID")


def test_csv_neutralises_formula_cells(backend: MemoryBackend, client: TestClient) -> None:
    from allywatch.types import Actor

    backend.add_actor(Actor("EVIL", "=HYPERLINK(\"http://x\")", "org"))
    r = client.get("/api/actors", params={"format": "csv", "kind": "org"})
    assert "'=HYPERLINK" in r.text


def test_quotes_and_predictions(client: TestClient) -> None:
    quotes = client.get("/api/quotes").json()["items"]
    assert any(q["speaker_text"] == "the foreign minister" for q in quotes)
    assert {q["speaker_type"] for q in quotes} <= {"person", "institution", "anonymous",
                                                   "unattributed"}  # fmt: skip
    assert all(q["co_speakers"] == [] for q in quotes)
    preds = client.get("/api/predictions", params={"status": "open"}).json()["items"]
    assert {p["subject"] for p in preds} == {"CUB", "RUS"}
    cuba = client.get("/api/predictions", params={"subject": "CUB"}).json()["items"]
    assert cuba[0]["likelihood"] == 0.7 and cuba[0]["deadline"] == "2027-09-01"


def test_graph_filter_by_tie_and_edge_evidence(client: TestClient) -> None:
    graph = client.get("/api/graph").json()
    assert {"arms", "treaty", "diplomatic"} <= set(graph["ties"])
    arms = client.get("/api/graph", params={"tie": "arms"}).json()
    assert arms["edges"] and {e["tie"] for e in arms["edges"]} == {"arms"}
    edge = client.get(
        "/api/graph/edge", params={"source": "IRN", "target": "RUS", "tie": "arms"}
    ).json()
    assert [e["detail"] for e in edge["event_records"]] == ["Shahed drones and ballistic missiles"]
    assert "Iran has supplied Russia" in edge["event_records"][0]["evidence"][0]["sentence"]
    missing = client.get("/api/graph/edge", params={"source": "X", "target": "Y", "tie": "arms"})
    assert missing.status_code == 404


def test_graph_max_edges_keeps_the_heaviest(client: TestClient) -> None:
    full = client.get("/api/graph").json()
    top = client.get("/api/graph", params={"max_edges": 2}).json()
    assert top["total_edges"] == len(full["edges"]) == 5
    assert len(top["edges"]) == 2
    cut = min(e["weight"] for e in top["edges"])
    assert all(e["weight"] <= cut for e in full["edges"] if e["id"] not in
               {x["id"] for x in top["edges"]})  # fmt: skip
    assert {n["id"] for n in top["nodes"]} == {e[k] for e in top["edges"]
                                              for k in ("source", "target")}  # fmt: skip


def test_graph_date_range(client: TestClient) -> None:
    graph = client.get("/api/graph", params={"since": "2025-01-01"}).json()
    assert [(e["source"], e["target"], e["tie"]) for e in graph["edges"]] == [
        ("RUS", "IRN", "treaty")
    ]


@pytest.mark.parametrize(
    "path",
    ["/api/reliability/RUS", "/api/flows/IRN/RUS", "/api/watchlist/RUS", "/api/timeline/RUS",
     "/api/ledger"],
)
def test_analyses_json_and_csv(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200
    r = client.get(path, params={"format": "csv"})
    assert r.status_code == 200 and r.text.count("\n") >= 2


def test_flows_both_ways(client: TestClient) -> None:
    body = client.get("/api/flows/IRN/RUS").json()
    assert [f["type"] for f in body["a_to_b"]] == ["AID"]
    assert [f["type"] for f in body["b_to_a"]] == ["AGREE"]


def test_security_headers_on_api_and_pages(client: TestClient) -> None:
    for path in ("/api/documents", "/", "/static/app.css", "/docs"):
        r = client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert r.headers[name] == value, (path, name)
    assert "'unsafe-inline'" not in SECURITY_HEADERS["Content-Security-Policy"]


def test_openapi_lists_every_resource(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ["/api/documents", "/api/actors", "/api/events", "/api/quotes", "/api/predictions",
              "/api/graph", "/api/reliability/{patron}", "/api/flows/{a}/{b}",
              "/api/watchlist/{patron}", "/api/timeline/{actor}", "/api/ingest/files",
              "/api/ingest/urls",
              "/api/predictions/{pred_id}/resolve"]:
        assert p in paths


def test_health_answers_without_the_store(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"


@pytest.mark.parametrize(("threads", "env", "expected"), [(None, None, 4), (3, None, 3),
                                                          (None, "6", 6)])  # fmt: skip
def test_endpoint_thread_pool_size(threads: int | None, env: str | None, expected: int,
                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    import anyio.to_thread

    from allywatch.serve import create_app
    from tests.serve.conftest import TOKEN
    from tests.serve.fakes import make_backend

    if env is None:
        monkeypatch.delenv("ALLYWATCH_SERVE_THREADS", raising=False)
    else:
        monkeypatch.setenv("ALLYWATCH_SERVE_THREADS", env)
    app = create_app(token=TOKEN, backend=make_backend(), threads=threads)
    with TestClient(app) as running:
        assert running.get("/api/health").status_code == 200
        tokens = running.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == expected
