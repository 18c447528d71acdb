"""The list endpoints compute their pages in a thread pool of their own (``read_threads``):
a slow request in the general pool (an ingest, an analysis) does not hold them up."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from allywatch.serve import create_app
from tests.serve.conftest import TOKEN
from tests.serve.fakes import MemoryBackend, make_backend

LISTS = ["/api/events?limit=5", "/api/documents", "/api/quotes", "/api/predictions"]


class SlowLedger(MemoryBackend):
    """The ledger waits until ``release`` is set (it runs in the general pool)."""

    def __init__(self, base: MemoryBackend) -> None:
        self.__dict__.update(base.__dict__)
        self.started = threading.Event()
        self.release = threading.Event()
        self.list_threads: set[str] = set()

    def ledger(self) -> Any:
        self.started.set()
        assert self.release.wait(10), "the test never released the ledger"
        return super().ledger()

    def event_listing(self, **filters: Any) -> list[dict[str, Any]]:
        self.list_threads.add(threading.current_thread().name)
        return super().event_listing(**filters)


@pytest.mark.parametrize("path", LISTS)
def test_a_list_page_is_answered_while_the_general_pool_is_busy(path: str) -> None:
    backend = SlowLedger(make_backend())
    app = create_app(token=TOKEN, backend=backend, threads=1, read_threads=1, cache=False)
    with TestClient(app) as client:
        slow = threading.Thread(target=client.get, args=("/api/ledger",))
        slow.start()
        try:
            assert backend.started.wait(5)
            # The general pool's one thread is taken: the page must not need it.
            answers: list[int] = []
            fast = threading.Thread(target=lambda: answers.append(client.get(path).status_code))
            fast.start()
            fast.join(5)
            assert answers == [200], f"{path} waited for the general pool"
        finally:
            backend.release.set()
            slow.join(10)


def test_pages_run_on_a_worker_thread_and_the_pool_size_is_configurable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend = SlowLedger(make_backend())
    monkeypatch.setenv("ALLYWATCH_SERVE_READ_THREADS", "3")
    app = create_app(token=TOKEN, backend=backend)
    assert app.state.read_limiter.total_tokens == 3
    assert create_app(token=TOKEN, backend=backend, read_threads=2).state.read_limiter \
        .total_tokens == 2  # fmt: skip
    monkeypatch.delenv("ALLYWATCH_SERVE_READ_THREADS")
    assert create_app(token=TOKEN, backend=backend).state.read_limiter.total_tokens == 1
    with TestClient(app) as client:
        assert client.get("/api/events").status_code == 200
    assert backend.list_threads and threading.main_thread().name not in backend.list_threads
