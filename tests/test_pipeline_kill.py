"""The kill test: a real ``allywatch ingest`` process killed with SIGKILL mid-way loses
nothing it had committed, and running it again stores exactly the rest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from allywatch.store import connect
from allywatch.store import repository as repo
from allywatch.types import Document
from tests.conftest import SRC, run_cli
from tests.pipeline_helpers import write_articles

TOTAL = 600
KILL_AFTER = 20


def test_killed_ingest_loses_nothing_and_a_rerun_completes_it(
    db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write_articles(folder, TOTAL)
    env = dict(os.environ, PYTHONPATH=str(SRC))
    cmd = [sys.executable, "-m", "allywatch", "ingest", str(folder), "--db", db_url, "--no-extract"]
    stderr = (tmp_path / "stderr.txt").open("w")
    with connect(db_url) as store, stderr:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 240
            while repo.count_documents(store) < KILL_AFTER:
                if proc.poll() is not None:
                    log = (tmp_path / "stderr.txt").read_text()
                    raise AssertionError(f"ingest ended before the kill: {log}")
                assert time.monotonic() < deadline, "ingest stored too little in 240 s"
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
        assert proc.returncode == -signal.SIGKILL
        before = {d.id: d for d in repo.list_documents(store)}
    assert KILL_AFTER <= len(before) < TOTAL, "the kill came too late to test anything"
    # What was committed is intact: each text still hashes to its id and has its source.
    for doc in before.values():
        assert doc.id == Document.make_id(doc.text)
        assert Path(doc.source).parent == folder

    rerun = run_cli("ingest", str(folder), "--db", db_url, "--no-extract", "--json")
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["new"] == TOTAL - len(before)
    assert report["skipped"] == len(before)
    with connect(db_url) as store:
        after = {d.id: d for d in repo.list_documents(store)}
    assert len(after) == TOTAL
    assert all(after[i] == doc for i, doc in before.items())
    assert sorted(Path(d.source).name for d in after.values()) == sorted(
        f"article_{i:05d}.txt" for i in range(TOTAL)
    )
