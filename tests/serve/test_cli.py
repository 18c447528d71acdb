"""`allywatch serve`: prints a generated token once, then serves; the package's __all__."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

import allywatch.serve
from allywatch.serve.auth import token_file
from tests.conftest import SRC


def test_serve_all_names_exist() -> None:
    for name in allywatch.serve.__all__:
        assert hasattr(allywatch.serve, name)


def _serve_once(db: Path) -> tuple[str, int]:
    """Start `allywatch serve`, wait until it answers, stop it; its output and the status
    of a write without token."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(SRC))
    env.pop("ALLYWATCH_API_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "allywatch", "serve", "--db", f"sqlite:///{db}",
         "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "allywatch serve exited"
            assert time.monotonic() < deadline, "allywatch serve did not answer"
            try:
                r = httpx.post(f"http://127.0.0.1:{port}/api/actors",
                               json={"id": "X", "name": "X", "kind": "org"})  # fmt: skip
                break
            except httpx.TransportError:
                time.sleep(0.2)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    return out, r.status_code


def test_serve_prints_generated_token_once(tmp_path: Path) -> None:
    out, status = _serve_once(tmp_path / "a.sqlite")
    assert status == 401
    token = token_file().read_text(encoding="utf-8").strip()
    assert "API write token" in out and token in out
    out2, _ = _serve_once(tmp_path / "a.sqlite")
    assert token not in out2 and "allywatch on http://127.0.0.1:" in out2
