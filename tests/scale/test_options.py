"""Ray options fail fast with a clear message."""

from __future__ import annotations

import socket

import pytest

from allywatch.errors import ConfigError
from allywatch.scale import RayOptions
from allywatch.scale.job import _check_reachable


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_cluster_address_is_one_clear_error() -> None:
    address = f"127.0.0.1:{_closed_port()}"
    with pytest.raises(ConfigError, match=f"cannot reach a Ray cluster at {address}"):
        _check_reachable(address)


def test_a_listening_address_passes_the_check() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        _check_reachable(f"ray://127.0.0.1:{server.getsockname()[1]}")


@pytest.mark.parametrize("field", ["concurrency", "batch_size"])
def test_zero_workers_or_batch_size_is_refused(field: str) -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        RayOptions(**{field: 0})  # type: ignore[arg-type]
