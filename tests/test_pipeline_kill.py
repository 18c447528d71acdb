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

import pytest

from allywatch.store import connect
from allywatch.store import repository as repo
from allywatch.types import Document
from tests.conftest import EXAMPLES, SRC, run_cli
from tests.pipeline_helpers import example_sentences, make_corpus, write_articles

TOTAL = 200
KILL_AFTER = 10


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


def _extraction_fingerprint(url: str) -> dict[str, tuple[object, ...]]:
    """Per document: its events (key, evidence start) and its mention spans."""
    with connect(url) as store:
        out: dict[str, tuple[object, ...]] = {}
        for doc in repo.list_documents(store):
            events = sorted(
                (e.id, x.start)
                for e in repo.query_events(store, doc_id=doc.id)
                for x in e.evidence
                if x.doc_id == doc.id
            )
            mentions = [(m.start, m.end, m.actor_id) for m in repo.list_mentions(store, doc.id)]
            out[doc.id] = (tuple(events), tuple(mentions))
        return out


@pytest.mark.slow
def test_ingest_killed_while_extracting_resumes_to_the_same_store(tmp_path: Path) -> None:
    """Killed mid-extraction, then re-run: the store equals an uninterrupted run's."""
    folder = tmp_path / "in"
    make_corpus(folder, 30, example_sentences(EXAMPLES), sentences_per_doc=(3, 5))
    reference = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    done = run_cli("ingest", str(folder), "--db", reference)
    assert done.returncode == 0, done.stderr
    url = f"sqlite:///{tmp_path / 'killed.sqlite'}"
    env = dict(os.environ, PYTHONPATH=str(SRC))
    with connect(url) as store, (tmp_path / "stderr.txt").open("w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "allywatch", "ingest", str(folder),
                                 "--db", url], env=env, stdout=subprocess.DEVNULL,
                                stderr=stderr)  # fmt: skip
        try:
            deadline = time.monotonic() + 300
            while True:
                stored = repo.count_documents(store)
                extracted = stored - len(repo.unextracted_documents(store))
                if stored == 30 and extracted >= 2:
                    break
                assert proc.poll() is None, (tmp_path / "stderr.txt").read_text()
                assert time.monotonic() < deadline, "ingest too slow to reach extraction"
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait()
        left = len(repo.unextracted_documents(store))
    assert 0 < left < 30, "the kill came too late to test anything"
    rerun = run_cli("ingest", str(folder), "--db", url, "--json")
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert (report["new"], report["extracted"]) == (0, left)
    assert _extraction_fingerprint(url) == _extraction_fingerprint(reference)
