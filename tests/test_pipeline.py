"""ingest_paths: idempotent re-ingest, near-duplicates, bad inputs, resumable extraction."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import allywatch.ingest
from allywatch.pipeline import IngestReport, ingest_paths
from allywatch.store import Store, connect
from allywatch.store import repository as repo
from tests.pipeline_helpers import FakeStages, article, write_articles


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with connect(db_url) as opened:
        yield opened


def test_re_ingest_is_a_no_op_that_does_not_read_again(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(tmp_path / "in", 6)
    first = ingest_paths([str(tmp_path / "in")], store, extract=False)
    assert (first.inputs, first.new, first.skipped, first.errors) == (6, 6, 0, [])
    stored = {d.id: d for d in repo.list_documents(store)}
    assert len(stored) == 6

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr(allywatch.ingest, "read_inputs", no_reading)
    second = ingest_paths([str(tmp_path / "in")], store, extract=False)
    assert (second.new, second.skipped, second.errors) == (0, 6, [])
    assert {d.id: d for d in repo.list_documents(store)} == stored


def test_changed_file_is_read_again_and_stored_as_new(store: Store, tmp_path: Path) -> None:
    (path,) = write_articles(tmp_path, 1)
    ingest_paths([str(path)], store, extract=False)
    path.write_text(article(99), encoding="utf-8")
    report = ingest_paths([str(path)], store, extract=False)
    assert (report.new, report.skipped) == (1, 0)
    assert repo.count_documents(store) == 2


def test_same_text_in_two_files_is_stored_once(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    (tmp_path / "b.txt").write_text(article(1), encoding="utf-8")
    report = ingest_paths([str(tmp_path)], store, extract=False)
    assert (report.new, report.skipped) == (1, 1)


def test_syndicated_copy_with_a_different_header_is_marked_duplicate(
    store: Store, tmp_path: Path
) -> None:
    body = article(7, sentences=12)
    (tmp_path / "original.txt").write_text(body, encoding="utf-8")
    ingest_paths([str(tmp_path / "original.txt")], store, extract=False)
    (original,) = repo.list_documents(store)
    copy = "Reposted with permission from a partner outlet.\n\n" + body + "\nShare this story.\n"
    (tmp_path / "copy.txt").write_text(copy, encoding="utf-8")
    (tmp_path / "other.txt").write_text(article(8, sentences=12), encoding="utf-8")
    report = ingest_paths([str(tmp_path / "copy.txt"), str(tmp_path / "other.txt")], store,
                          extract=False)  # fmt: skip
    assert (report.new, report.duplicates) == (2, 1)
    by_source = {Path(d.source).name: d for d in repo.list_documents(store)}
    assert by_source["copy.txt"].id != original.id
    assert by_source["copy.txt"].duplicate_of == original.id
    assert by_source["other.txt"].duplicate_of is None


def test_bad_inputs_are_reported_and_the_batch_goes_on(store: Store, tmp_path: Path) -> None:
    good = write_articles(tmp_path, 2)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 50)
    missing = tmp_path / "missing.txt"
    report = ingest_paths([str(missing), *map(str, good), str(tmp_path / "empty.txt"),
                           str(tmp_path / "binary.txt")], store, extract=False)  # fmt: skip
    assert report.new == 2
    failed = {Path(f.input).name: f.reason for f in report.errors}
    assert set(failed) == {"missing.txt", "empty.txt", "binary.txt"}
    assert all(reason for reason in failed.values())


def test_extraction_runs_once_and_loads_the_model_only_when_needed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = FakeStages(monkeypatch)
    write_articles(tmp_path, 3)
    report = ingest_paths([str(tmp_path)], store)
    assert (report.new, report.extracted, stages.loads) == (3, 3, 1)
    (event,) = repo.query_events(store)  # one event (same key), stated in three documents
    assert len(event.evidence) == 3
    again = ingest_paths([str(tmp_path)], store)
    assert (again.new, again.extracted, stages.loads) == (0, 0, 1)


def test_a_loaded_pipeline_is_reused_instead_of_loading_one(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = FakeStages(monkeypatch)
    write_articles(tmp_path, 2)
    report = ingest_paths([str(tmp_path)], store, nlp=object())  # type: ignore[arg-type]
    assert (report.new, report.extracted, stages.loads) == (2, 2, 0)


def test_stored_but_unextracted_documents_are_extracted_on_re_run(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = FakeStages(monkeypatch)
    write_articles(tmp_path, 4)
    ingest_paths([str(tmp_path)], store, extract=False)
    assert stages.loads == 0
    assert len(repo.unextracted_documents(store)) == 4
    report = ingest_paths([str(tmp_path)], store)
    assert (report.new, report.skipped, report.extracted) == (0, 4, 4)
    assert repo.unextracted_documents(store) == []


def test_a_failing_extraction_is_reported_and_retried_next_run(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = FakeStages(monkeypatch)
    paths = write_articles(tmp_path, 3)
    stages.fail_on = paths[1].read_text(encoding="utf-8")[:40]
    report = ingest_paths([str(tmp_path)], store)
    assert report.extracted == 2
    assert [Path(f.input).name for f in report.errors] == [paths[1].name]
    assert "extractor broke" in report.errors[0].reason
    stages.fail_on = None
    stages.extracted.clear()
    again = ingest_paths([str(tmp_path)], store)
    assert (again.extracted, again.errors) == (1, [])
    assert len(stages.extracted) == 1
    (event,) = repo.query_events(store)
    assert len(event.evidence) == 3


def test_near_duplicates_are_not_extracted(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = FakeStages(monkeypatch)
    body = article(3, sentences=12)
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Republished from elsewhere today.\n\n" + body,
                                    encoding="utf-8")  # fmt: skip
    report = ingest_paths([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], store)
    assert (report.new, report.duplicates, report.extracted) == (2, 1, 1)
    assert repo.unextracted_documents(store) == []
    assert len(stages.extracted) == 1


def test_progress_reports_every_input(store: Store, tmp_path: Path) -> None:
    write_articles(tmp_path, 3)
    seen: list[tuple[str, int, int]] = []
    ingest_paths([str(tmp_path)], store, extract=False,
                 progress=lambda *a: seen.append(a))  # fmt: skip
    assert seen == [("read", 1, 3), ("read", 2, 3), ("read", 3, 3)]


def test_two_concurrent_ingests_of_one_folder_store_each_document_once(
    db_url: str, tmp_path: Path
) -> None:
    write_articles(tmp_path, 30)
    reports: list[IngestReport] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with connect(db_url) as own:
                reports.append(ingest_paths([str(tmp_path)], own, extract=False))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.new for r in reports) == 30
    assert all(r.new + r.skipped == 30 and not r.errors for r in reports)
    with connect(db_url) as store:
        assert repo.count_documents(store) == 30
