"""CLI: ingest, documents, show (in-process with Typer's runner; exit codes and messages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allywatch.cli import app
from allywatch.store import connect
from allywatch.store import repository as repo
from tests.conftest import run_cli
from tests.pipeline_helpers import article, write_articles
from tests.store.records import extraction, full_document, make_document

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_ingest_then_documents_then_show(tmp_path: Path, db: str) -> None:
    paths = write_articles(tmp_path / "in", 3)
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--no-extract",
                                 "--outlet", "Test Wire", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["inputs"], report["new"], report["errors"]) == (3, 3, [])

    listed = runner.invoke(app, ["documents", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    docs = json.loads(listed.stdout)
    assert {Path(d["source"]).name for d in docs} == {p.name for p in paths}
    assert {d["outlet"] for d in docs} == {"Test Wire"}
    assert all(d["words"] > 20 and d["duplicate_of"] is None for d in docs)

    first = docs[0]
    shown = runner.invoke(app, ["show", first["id"][:8], "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    value = json.loads(shown.stdout)
    assert value["id"] == first["id"]
    assert value["text"].split()[:3] == Path(first["source"]).read_text().split()[:3]


def test_ingest_summary_table_and_re_ingest(tmp_path: Path, db: str) -> None:
    write_articles(tmp_path, 2)
    args = ["ingest", str(tmp_path), "--db", db, "--no-extract"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "new documents" in first.stdout and "ingest summary" in first.stdout
    again = runner.invoke(app, [*args, "--json"])
    assert json.loads(again.stdout)["skipped"] == 2


def test_bad_inputs_get_one_line_each_and_exit_status_1(tmp_path: Path, db: str) -> None:
    (good,) = write_articles(tmp_path, 1)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    missing = tmp_path / "missing.html"
    # A real process, so the CLI's logging set-up is what a user gets.
    result = run_cli("ingest", str(good), str(empty), str(missing), "--db", db, "--no-extract")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 2, result.stderr
    assert any("empty.txt" in line for line in lines)
    assert any("missing.html" in line for line in lines)
    assert all(line.startswith("error: ") for line in lines)
    with connect(db) as store:
        assert repo.count_documents(store) == 1


def test_ingest_refuses_a_bad_date(tmp_path: Path, db: str) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--published", "March"])
    assert result.exit_code == 2
    assert "--published" in result.output and "YYYY-MM-DD" in result.output


def test_unusable_database_url_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["documents", "--db", "mysql://u@h/x"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: mysql://u@h/x: unsupported database")


def test_show_unknown_document(db: str) -> None:
    result = runner.invoke(app, ["show", "deadbeef", "--db", db])
    assert result.exit_code == 1
    assert "deadbeef: no such document" in result.stderr


def test_show_with_mentions_events_and_quotes(db: str) -> None:
    doc = full_document()
    with connect(db) as store:
        repo.save_document(store, doc)
        repo.save_extraction(store, extraction(doc))
    result = runner.invoke(app, ["show", doc.id, "--db", db, "--mentions", "--events",
                                 "--quotes"])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.stdout
    for expected in ("Allies fall", "Example Times", "2026-03-01 (inferred)",
                     "https://example.org/2025/12/08/x", "cited links", "mentions", "IRN",
                     "December 2025", "events", "SUPPORT", "quotes", "olli-ruohomaki"):  # fmt: skip
        assert expected in out, expected
    as_json = json.loads(runner.invoke(app, ["show", doc.id, "--db", db, "--mentions",
                                             "--events", "--quotes", "--json"]).stdout)  # fmt: skip
    assert [m["actor_id"] for m in as_json["mentions"]] == ["IRN", "RUS"]
    assert {e["type"] for e in as_json["events"]} == {"AID", "SUPPORT"}
    aid = next(e for e in as_json["events"] if e["type"] == "AID")
    assert len(aid["evidence"]) == 2
    assert as_json["quotes"][0]["speaker"] == "olli-ruohomaki"


def test_documents_table_pages(db: str) -> None:
    with connect(db) as store:
        for i in range(3):
            repo.save_document(store, make_document(f"Document number {i}."))
    result = runner.invoke(app, ["documents", "--db", db, "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "2 of 3 documents" in result.stdout
    assert len(json.loads(runner.invoke(app, ["documents", "--db", db, "--json",
                                              "--limit", "0"]).stdout)) == 3  # fmt: skip


def test_documents_table_marks_inferred_dates(db: str) -> None:
    with connect(db) as store:
        repo.save_document(store, full_document())
    result = runner.invoke(app, ["documents", "--db", db])
    assert result.exit_code == 0, result.output
    assert "2026-03-01*" in result.stdout
    assert "inferred" in result.stdout


@pytest.mark.parametrize("command", ["ingest", "documents", "show"])
def test_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: allywatch {command}" in result.stdout


def test_field_option_maps_corpus_fields(tmp_path: Path, db: str) -> None:
    rows = [{"body": article(i), "headline": f"Headline {i}"} for i in range(2)]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--no-extract", "--json",
                                 "--field", "text=body", "--field", "title=headline"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 2
    listed = json.loads(runner.invoke(app, ["documents", "--db", db, "--json"]).stdout)
    assert sorted(d["title"] for d in listed) == ["Headline 0", "Headline 1"]


def test_field_option_refuses_unknown_roles(tmp_path: Path, db: str) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--field", "body"])
    assert result.exit_code == 2
    assert "ROLE=NAME" in result.output
