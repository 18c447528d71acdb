"""Fixtures: an app over the in-memory backend, a TestClient, the write token."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    # Starlette 1.x prefers the httpx2 package for its TestClient and warns (an error under
    # our filterwarnings) when it finds httpx; the client works the same with httpx.
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from allywatch.serve import create_app
from tests.serve.fakes import MemoryBackend, make_backend

TOKEN = "test-token-0123456789"


@pytest.fixture
def backend() -> MemoryBackend:
    return make_backend()


@pytest.fixture
def client(backend: MemoryBackend) -> TestClient:
    return TestClient(create_app(token=TOKEN, backend=backend))


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
