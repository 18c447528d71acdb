"""The benchmark's generator and timings run on a small store."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _bench():
    path = ROOT / "benchmarks" / "analyze.py"
    spec = importlib.util.spec_from_file_location("bench_analyze", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_benchmark_generates_and_times_a_small_store(tmp_path: Path, capsys) -> None:
    bench = _bench()
    code = bench.main(["--size", "600", "--actors", "40", "--db", str(tmp_path / "b.sqlite"),
                       "--limit", "60"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "store: 600 events" in out and "reliability RUS" in out and "x baseline" in out
    assert out.count(" PASS") == 7 and "PASS: every analysis" in out
    from allywatch.store import analytics

    engine = analytics.open_engine(f"sqlite:///{tmp_path / 'b.sqlite'}")
    assert analytics.count_events(engine) == 600
    engine.dispose()
