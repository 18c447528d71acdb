"""The Ray engine's worker and writer without Ray: the local engine's decisions, one commit
per batch, and writing a batch twice changes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import event

from allywatch.config import get_settings
from allywatch.pipeline import IngestReport, _NearDuplicates, _Run
from allywatch.scale.worker import DocumentWorker, InputResult, ReadDocument, decode
from allywatch.scale.writer import BatchWriter
from allywatch.store import Store, connect
from allywatch.store import repository as repo
from allywatch.store.extraction import extraction_rows
from allywatch.types import Event, Evidence, Extraction
from tests.pipeline_helpers import article
from tests.scale.conftest import snapshot


def _results(paths: list[Path]) -> list[InputResult]:
    """What a worker with extraction off returns, plus a stand-in extraction per document
    (one AID event naming its first sentence), as a worker with extraction on would."""
    worker = DocumentWorker(get_settings(), extract=False)
    batch = {"seq": np.arange(len(paths)), "input": np.array([str(p) for p in paths]),
             "key": np.array([f"key-{p.name}" for p in paths])}  # fmt: skip
    out = []
    for blob in worker(batch)["result"]:
        result = decode(blob)
        docs = []
        for item in result.documents:
            doc = item.document
            end = doc.text.index(".") + 1
            event = Event(type="AID", source=("IRN",), target=("RUS",),
                          evidence=Evidence(doc.id, 0, end, doc.text[:end]))  # fmt: skip
            rows = extraction_rows(Extraction(doc, events=(event,)))
            docs.append(ReadDocument(doc, item.signature, rows))
        out.append(replace(result, documents=tuple(docs)))
    return out


def _writer(store: Store) -> BatchWriter:
    settings = get_settings()
    run = _Run(store, settings, None, None, {}, True, IngestReport(),
               _NearDuplicates(store, settings))  # fmt: skip
    return BatchWriter(run)


def test_writer_stores_copies_once_marks_near_duplicates_and_is_idempotent(
    store: Store, tmp_path: Path
) -> None:
    body = article(3, sentences=12)
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.txt").write_text(body, encoding="utf-8")  # same text: one document
    (tmp_path / "c.txt").write_text("Republished from elsewhere today.\n\n" + body,
                                    encoding="utf-8")  # fmt: skip
    (tmp_path / "d.txt").write_text(article(4), encoding="utf-8")
    results = _results(sorted(tmp_path.glob("*.txt")))
    writer = _writer(store)
    writer.write(results[:2])
    writer.write(results[2:])
    report = writer.run.report
    assert (report.new, report.skipped, report.duplicates, report.extracted) == (3, 1, 1, 2)
    by_name = {Path(d.source).name: d for d in repo.list_documents(store)}
    assert set(by_name) == {"a.txt", "c.txt", "d.txt"}
    assert by_name["c.txt"].duplicate_of == by_name["a.txt"].id
    assert repo.unextracted_documents(store) == []
    (event,) = repo.query_events(store)  # the copy's sentence is not counted again
    assert {e.doc_id for e in event.evidence} == {by_name["a.txt"].id, by_name["d.txt"].id}
    recorded = repo.ingested_inputs(store, [f"key-{n}.txt" for n in "abcd"])
    assert all(extracted for _, extracted in recorded.values()) and len(recorded) == 4
    before = snapshot(store)
    writer.write(results)  # a retried task delivers batches again: ignored
    again = _writer(store)  # a new driver writing the same results: upserts change nothing
    again.write(results)
    assert (again.run.report.new, again.run.report.extracted) == (0, 0)
    assert snapshot(store) == before


def test_a_failed_extraction_is_reported_once_and_its_input_not_marked_done(
    store: Store, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(article(5), encoding="utf-8")
    (result,) = _results([tmp_path / "a.txt"])
    item = result.documents[0]
    broken = replace(result, documents=(replace(item, rows=None,
                                                error="extraction failed: boom"),))  # fmt: skip
    writer = _writer(store)
    writer.write([broken])
    assert [str(e) for e in writer.run.report.errors] == [
        f"{item.document.source}: extraction failed: boom"
    ]
    assert repo.unextracted_documents(store) == [item.document.id]
    ((_, extracted),) = repo.ingested_inputs(store, [result.key or ""]).values()
    assert extracted is False


@pytest.mark.postgres
def test_a_batch_whose_connection_drops_mid_way_is_written_again_whole(
    postgres_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The server ends the connection after the batch's documents went in, as its events
    are being written: the transaction rolls back, the batch is written again on a new
    connection, and every document and extraction is stored once."""
    server = request.getfixturevalue("postgres_server")
    for i in range(4):
        (tmp_path / f"a{i}.txt").write_text(article(20 + i), encoding="utf-8")
    results = _results(sorted(tmp_path.glob("*.txt")))
    statements: list[str] = []

    def kill_once(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        table = statement.split()[2].lower() if statement.lstrip().upper().startswith(
            "INSERT INTO") else ""  # fmt: skip
        statements.append(table)
        if table == "events" and statements.count("events") == 1:  # mid-batch
            pid = conn.connection.dbapi_connection.info.backend_pid
            server.admin(f"SELECT pg_terminate_backend({pid})")

    with connect(postgres_url) as store:
        event.listen(store.engine, "before_cursor_execute", kill_once)
        writer = _writer(store)
        writer.write(results)
        assert statements.count("documents") == 2, "the batch was not written again"
        assert (writer.run.report.new, writer.run.report.extracted) == (4, 4)
        assert repo.count_documents(store) == 4
        assert repo.unextracted_documents(store) == []
        (stored,) = repo.query_events(store)
        assert len(stored.evidence) == 4
