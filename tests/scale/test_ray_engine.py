"""The Ray engine builds the same store as the local engine, survives a killed worker, and
reports bad inputs the same way (each test here runs one Ray job on the session's Ray)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import psutil
import pytest

from allywatch.scale import RayOptions, ingest_ray
from allywatch.store import Store
from tests.scale.conftest import Snapshot, corpus_inputs, snapshot

pytestmark = [pytest.mark.ray, pytest.mark.slow, pytest.mark.shared]


def test_ray_engine_builds_the_same_store_as_the_local_engine(
    ray_cluster: str, store: Store, local_snapshot: Snapshot
) -> None:
    report = ingest_ray(corpus_inputs(), store, options=RayOptions(batch_size=3))
    assert report.errors == []
    assert report.new == len(local_snapshot["documents"])
    got = snapshot(store)
    for table in ("documents", "events", "event_actors", "evidence", "quotes", "predictions",
                  "mentions", "dates", "actors", "ingested_inputs"):  # fmt: skip
        assert got[table] == local_snapshot[table], table
    assert got == local_snapshot
    assert got["events"] and got["quotes"] and got["predictions"] and got["mentions"]
    again = ingest_ray(corpus_inputs(), store, options=RayOptions(batch_size=3))
    assert (again.new, again.extracted, again.errors) == (0, 0, [])
    assert again.skipped == report.new
    assert snapshot(store) == local_snapshot


def _workers() -> list[psutil.Process]:
    """This session's Ray worker processes running our actor."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if "DocumentWorker" in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.Error:
            continue
    return found


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_worker_killed_mid_job_loses_and_duplicates_nothing(
    ray_cluster: str, store: Store, local_snapshot: Snapshot
) -> None:
    killed: list[int] = []
    at_kill: list[int] = []
    total_inputs: list[int] = []

    def progress(phase: str, done: int, total: int) -> None:
        total_inputs[:] = [total]
        if killed or done >= total:
            return
        workers = _workers()
        if workers:  # the first batch is in; the workers are busy with the next ones
            os.kill(workers[0].pid, signal.SIGKILL)
            killed.append(workers[0].pid)
            at_kill.append(done)

    report = ingest_ray(corpus_inputs(), store, options=RayOptions(batch_size=1),
                        progress=progress)  # fmt: skip
    assert killed, "no worker was running to kill"
    assert at_kill[0] < total_inputs[0], "the kill came after the last batch"
    assert report.errors == []
    assert len(report.documents) == len(set(report.documents))
    assert len(report.documents) == len(local_snapshot["documents"])
    assert snapshot(store) == local_snapshot


def test_cli_engine_ray_prints_the_local_engines_error_lines_and_exit_status(
    ray_cluster: str, tmp_path: Path
) -> None:
    from tests.conftest import run_cli

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(
        "Iran supplied Russia with drones in 2024, officials said on Monday.\n", encoding="utf-8"
    )
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "zbinary.txt").write_bytes(b"\x00\x01garbage\x00" * 40)
    args = [str(tmp_path / "missing.txt"), str(tmp_path / "in"), "--no-extract", "--json"]
    local = run_cli("ingest", *args, "--db", f"sqlite:///{tmp_path / 'local.sqlite'}")
    ray = run_cli("ingest", *args, "--db", f"sqlite:///{tmp_path / 'ray.sqlite'}",
                  "--engine", "ray", "--ray-address", ray_cluster, "--batch-size", "1")  # fmt: skip
    assert (local.returncode, ray.returncode) == (1, 1), ray.stderr
    errors = [line for line in ray.stderr.splitlines() if line.startswith("error:")]
    assert errors == [line for line in local.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3 and "missing.txt" in errors[0] and "empty.txt" in errors[1]
    assert "zbinary.txt" in errors[2]
    assert '"new": 1' in ray.stdout
