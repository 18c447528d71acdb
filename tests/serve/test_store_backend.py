"""The app over a real store: a temp SQLite database holding hand-made extractions, read
through the API and pages (records, filters, analyses, ledger), and the writes (resolve,
catalog entry, upload) changing it only with the token."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from allywatch.serve import create_app
from allywatch.serve.backend import api_catalog_file
from tests.serve.conftest import TOKEN
from tests.serve.fakes import article_extraction, payload_extraction

with warnings.catch_warnings():
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    from allywatch.store import connect, repository

    url = f"sqlite:///{tmp_path / 'serve.sqlite'}"
    store = connect(url)
    for extraction in (article_extraction(), payload_extraction()):
        repository.save_document(store, extraction.document)
        repository.save_extraction(store, extraction)
    return url


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    yield TestClient(create_app(db_url=db_url, token=TOKEN))


def test_records_from_the_store(client: TestClient) -> None:
    doc = article_extraction().document
    docs = client.get("/api/documents").json()["items"]
    assert doc.id in {d["id"] for d in docs}
    assert client.get(f"/api/documents/{doc.id}").json()["text"] == doc.text
    mentions = client.get(f"/api/documents/{doc.id}/mentions").json()
    assert {m["actor_id"] for m in mentions} >= {"RUS", "IRN", "SYR", "CUB"}
    withheld = client.get("/api/events", params={"negated": "true"}).json()["items"]
    assert [(e["type"], e["mode"], e["target"]) for e in withheld] == [("AID", "troops", ["SYR"])]
    irn = client.get("/api/events", params={"actor": "IRN", "type": "AID"}).json()["items"]
    ev = irn[0]["evidence"][0]
    assert doc.text[ev["start"] : ev["end"]] == ev["sentence"]
    assert client.get("/api/quotes").json()["items"][0]["speaker_text"] == "the foreign minister"
    subjects = {p["subject"] for p in client.get("/api/predictions").json()["items"]}
    assert subjects == {"CUB", "RUS"}


def test_graph_and_edge_evidence_from_the_store(client: TestClient) -> None:
    graph = client.get("/api/graph").json()
    pairs = {(e["source"], e["target"]) for e in graph["edges"]}
    assert ("IRN", "RUS") in pairs and ("RUS", "IRN") in pairs
    edge = next(e for e in graph["edges"] if (e["source"], e["target"]) == ("IRN", "RUS"))
    detail = client.get("/api/graph/edge", params={
        "source": "IRN", "target": "RUS", "tie": edge["tie"]}).json()  # fmt: skip
    sentences = [ev["sentence"] for e in detail["event_records"] for ev in e["evidence"]]
    assert any("Shahed drones" in s for s in sentences)
    later = client.get("/api/graph", params={"since": "2025-01-01"}).json()
    assert ("IRN", "RUS") not in {(e["source"], e["target"]) for e in later["edges"]
                                  if e["first_date"]}  # fmt: skip


@pytest.mark.parametrize(
    "path",
    ["/api/reliability/RUS", "/api/flows/IRN/RUS", "/api/watchlist/RUS", "/api/timeline/RUS",
     "/api/ledger", "/api/actors?kind=igo"],
)
def test_analyses_answer_from_the_store(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert client.get(path, params={"format": "csv"}).status_code == 200


def test_flows_carry_the_sentences(client: TestClient) -> None:
    assert "Shahed drones" in client.get("/api/flows/IRN/RUS").text


@pytest.mark.parametrize(
    "path",
    ["/", "/documents", "/events?actor=RUS", "/actors", "/timeline?actor=RUS",
     "/reliability?patron=RUS", "/flows?a=IRN&b=RUS", "/watchlist?patron=RUS", "/ledger",
     "/search?q=Shahed"],
)
def test_pages_over_the_store(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert "<script>window" not in r.text


def test_resolve_needs_token_and_then_changes_status(client: TestClient) -> None:
    pred = next(p for p in client.get("/api/predictions").json()["items"]
                if p["subject"] == "CUB")  # fmt: skip
    url = f"/api/predictions/{pred['id']}/resolve"
    body = {"came_true": False, "note": "deadline passed"}
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, json=body, headers={"Authorization": "Bearer no"}).status_code == 403
    still = client.get("/api/predictions", params={"subject": "CUB"}).json()["items"][0]
    assert still["status"] == "open"
    assert client.post(url, json={"came_true": True, "note": " "}, headers=AUTH).status_code == 422
    r = client.post(url, json=body, headers=AUTH)
    assert r.status_code == 200, r.text
    now = client.get("/api/predictions", params={"subject": "CUB"}).json()["items"][0]
    assert now["status"] == "failed"
    ledger = client.get("/api/ledger").json()
    author = next(s for s in ledger["by_predictor"] if s["source"] == "A. Writer")
    assert author["resolved"] == 1 and author["brier"] == pytest.approx(0.49)


def test_catalog_entry_added_with_token(client: TestClient) -> None:
    entry = {"id": "ACME-PMC", "name": "Acme Private Military", "kind": "org",
             "country": "RUS", "aliases": ["Acme"]}  # fmt: skip
    assert client.post("/api/actors", json=entry).status_code == 401
    assert not api_catalog_file().exists()
    assert client.post("/api/actors", json=entry, headers=AUTH).status_code == 201
    orgs = client.get("/api/actors", params={"kind": "org", "limit": 1000}).json()["items"]
    assert "ACME-PMC" in {a["id"] for a in orgs}
    assert "Acme Private Military" in api_catalog_file().read_text(encoding="utf-8")


@pytest.mark.slow
def test_upload_runs_the_pipeline(client: TestClient) -> None:
    text = ("Moscow, March 3, 2026. Russia delivered air defence systems to Belarus last week, "
            "the Belarusian defence ministry said.\n")  # fmt: skip
    files = {"files": ("belarus.txt", text.encode("utf-8"), "text/plain")}
    assert client.post("/api/ingest/files", files=files).status_code == 401
    before = len(client.get("/api/documents").json()["items"])
    r = client.post("/api/ingest/files", files=files, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["result"]["new"] == 1 and r.json()["result"]["errors"] == []
    docs = client.get("/api/documents").json()["items"]
    assert len(docs) == before + 1
    again = client.post("/api/ingest/files", files=files, headers=AUTH).json()
    assert again["result"]["new"] == 0  # re-ingesting the same article changes nothing


def test_graph_is_built_once_and_writes_clear_it(db_url: str) -> None:
    from allywatch.serve.backend import StoreBackend
    from allywatch.types import Actor

    backend = StoreBackend(db_url)
    first = backend.graph(since=None, until=None)
    assert backend.graph(since=None, until=None) is first
    backend.add_actor(Actor("ACME", "Acme", "org"))
    rebuilt = backend.graph(since=None, until=None)
    assert rebuilt is not first and rebuilt == first
