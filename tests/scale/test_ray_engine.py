"""The Ray engine builds the same store as the local engine, survives a killed worker, and
reports bad inputs the same way."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import psutil
import pytest

from allywatch.pipeline import ingest_paths
from allywatch.scale import RayOptions, ingest_ray
from allywatch.store import Store
from allywatch.store import repository as repo
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
    seen: set[int] = set()

    def progress(phase: str, done: int, total: int) -> None:
        workers = _workers()
        seen.update(p.pid for p in workers)
        if not killed and done < total and workers:
            victim = workers[0].pid
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    report = ingest_ray(corpus_inputs(), store, options=RayOptions(batch_size=1),
                        progress=progress)  # fmt: skip
    assert killed, "no worker was running to kill"
    assert report.errors == []
    assert len(set(report.documents)) == len(local_snapshot["documents"])
    assert snapshot(store) == local_snapshot
    # Ray replaced the killed actor: a new worker process did the rest.
    assert _workers() == [] or seen - set(killed)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_bad_inputs_give_the_same_errors_as_the_local_engine(
    ray_cluster: str, store: Store, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Iran supplied Russia with drones in 2024, officials said on Monday.\n",
                    encoding="utf-8")  # fmt: skip
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01garbage\x00" * 40)
    inputs = [str(good), str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt"),
              str(tmp_path / "missing.txt")]  # fmt: skip
    ray_report = ingest_ray(inputs, store, extract=False, options=RayOptions(batch_size=2))
    from allywatch.store import connect

    with connect(f"sqlite:///{tmp_path / 'local.sqlite'}") as local:
        local_report = ingest_paths(inputs, local, extract=False)
    assert sorted(map(str, ray_report.errors)) == sorted(map(str, local_report.errors))
    assert len(ray_report.errors) == 3
    assert (ray_report.inputs, ray_report.new) == (local_report.inputs, local_report.new) == (3, 1)
    assert repo.count_documents(store) == 1


def test_cli_engine_ray_prints_the_local_engines_error_lines_and_exit_status(
    ray_cluster: str, tmp_path: Path
) -> None:
    from tests.conftest import run_cli

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(
        "Iran supplied Russia with drones in 2024, officials said on Monday.\n", encoding="utf-8"
    )
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    args = [str(tmp_path / "missing.txt"), str(tmp_path / "in"), "--no-extract", "--json"]
    local = run_cli("ingest", *args, "--db", f"sqlite:///{tmp_path / 'local.sqlite'}")
    ray = run_cli("ingest", *args, "--db", f"sqlite:///{tmp_path / 'ray.sqlite'}",
                  "--engine", "ray", "--ray-address", ray_cluster, "--batch-size", "1")  # fmt: skip
    assert (local.returncode, ray.returncode) == (1, 1), ray.stderr
    errors = [line for line in ray.stderr.splitlines() if line.startswith("error:")]
    assert errors == [line for line in local.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and "missing.txt" in errors[0] and "empty.txt" in errors[1]
    assert '"new": 1' in ray.stdout
