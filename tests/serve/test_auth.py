"""Write endpoints: refused (401 without a token, 403 with a wrong one) and nothing changes;
accepted with the token. The token: configured, or generated once and kept."""

from __future__ import annotations

import stat

import pytest
from fastapi.testclient import TestClient

from allywatch.serve import create_app
from allywatch.serve.auth import resolve_token, token_file
from tests.serve.fakes import MemoryBackend, make_backend

CUBA = {"id": "VEN", "name": "Venezuela", "kind": "state", "aliases": ["Caracas"]}


def _writes(backend: MemoryBackend) -> list[tuple[str, str, dict]]:
    pred = next(iter(backend.predictions))
    return [
        ("post", "/api/actors", {"json": CUBA}),
        ("post", f"/api/predictions/{pred}/resolve", {"json": {"came_true": True, "note": "x"}}),
        ("post", "/api/ingest/files", {"files": {"files": ("a.txt", b"Russia armed Syria.")}}),
        ("post", "/api/ingest/urls", {"json": {"urls": ["https://example.org/a"]}}),
    ]


def _snapshot(backend: MemoryBackend) -> tuple:
    return (sorted(backend.actors), sorted((k, p.status) for k, p in backend.predictions.items()),
            list(backend.ingested), list(backend.resolutions))  # fmt: skip


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong"}, 403),
        ({"X-Allywatch-Token": "wrong"}, 403),
        ({"Authorization": "Basic dGVzdA=="}, 401),
    ],
)
def test_writes_refused_and_nothing_changes(
    client: TestClient, backend: MemoryBackend, headers: dict[str, str], status: int
) -> None:
    before = _snapshot(backend)
    for method, path, kwargs in _writes(backend):
        r = getattr(client, method)(path, headers=headers, **kwargs)
        assert r.status_code == status, (path, r.text)
    assert _snapshot(backend) == before


def test_writes_accepted_with_token(
    client: TestClient, backend: MemoryBackend, auth: dict[str, str]
) -> None:
    r = client.post("/api/actors", json=CUBA, headers=auth)
    assert r.status_code == 201 and backend.actors["VEN"].aliases == ("Caracas",)
    pred = next(p for p in backend.predictions.values() if p.subject == "CUB").key
    r = client.post(f"/api/predictions/{pred}/resolve", json={"came_true": False, "note": "no"},
                    headers=auth)  # fmt: skip
    assert r.status_code == 200 and backend.predictions[pred].status == "failed"
    r = client.post("/api/ingest/files", headers=auth,
                    files={"files": ("../../etc/a.txt", b"Russia armed Syria.")})  # fmt: skip
    assert r.status_code == 200, r.text
    r = client.post("/api/ingest/urls", headers=auth, json={"urls": ["https://example.org/a"]})
    assert r.status_code == 200, r.text
    assert backend.ingested == [["Russia armed Syria."], ["https://example.org/a"]]


def test_ingest_refuses_bad_input(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/api/ingest/urls", headers=auth, json={"urls": ["file:///etc/passwd"]})
    assert r.status_code == 422 and r.json()["error"] == "ValidationError"
    assert r.json()["errors"][0]["loc"] == ["body", "urls", "0"]
    assert client.post("/api/ingest/urls", headers=auth, json={"urls": []}).status_code == 422
    assert client.post("/api/ingest/files", headers=auth).status_code == 422


def test_resolve_unknown_prediction_is_404(client: TestClient, auth: dict[str, str]) -> None:
    r = client.post("/api/predictions/nope/resolve", json={"came_true": True}, headers=auth)
    assert r.status_code == 404


def test_catalog_entry_validated(client: TestClient, auth: dict[str, str]) -> None:
    bad = dict(CUBA, kind="planet")
    assert client.post("/api/actors", json=bad, headers=auth).status_code == 422


def test_generated_token_is_saved_private_and_reused() -> None:
    token, generated = resolve_token()
    assert generated and len(token) >= 32
    mode = stat.S_IMODE(token_file().stat().st_mode)
    assert mode == 0o600
    assert resolve_token() == (token, False)
    app = create_app(backend=make_backend())
    assert app.state.token == token and app.state.token_generated is False


def test_configured_token_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    from allywatch.config import get_settings

    monkeypatch.setenv("ALLYWATCH_API_TOKEN", "from-settings")
    get_settings.cache_clear()
    assert resolve_token() == ("from-settings", False)
    assert not token_file().exists()
