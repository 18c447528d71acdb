"""`allywatch actors`: mention counts from the store, filtered by kind and document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allywatch.store import connect, repository
from allywatch.store.actors import count_mentions
from allywatch.types import Document, Extraction, Mention
from tests.conftest import run_cli


def _doc(text: str) -> Document:
    return Document(id=Document.make_id(text), text=text, source="t.txt", format="text")


def _mention(doc: Document, word: str, kind: str, actor_id: str | None, state: str | None,
             nth: int = 0) -> Mention:  # fmt: skip
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(word, start + 1)
    return Mention(doc.id, start, start + len(word), word, kind, actor_id, state)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    one = _doc("Moscow and Russia helped Iran. Putin said Acme Corp would help Russia.")
    two = _doc("Russia watched while Iran fell.")
    with connect(url) as store:
        for doc in (one, two):
            repository.save_document(store, doc)
        repository.save_extraction(store, Extraction(one, mentions=(
            _mention(one, "Moscow", "state", "RUS", "RUS"),
            _mention(one, "Russia", "state", "RUS", "RUS"),
            _mention(one, "Iran", "state", "IRN", "IRN"),
            _mention(one, "Putin", "person", "vladimir-putin", "RUS"),
            _mention(one, "Acme Corp", "unresolved", None, None),
            _mention(one, "Russia", "state", "RUS", "RUS", nth=1),
        )))  # fmt: skip
        repository.save_extraction(store, Extraction(two, mentions=(
            _mention(two, "Russia", "state", "RUS", "RUS"),
            _mention(two, "Iran", "state", "IRN", "IRN"),
        )))  # fmt: skip
    return url


def test_count_mentions(db: str) -> None:
    with connect(db) as store:
        rows = count_mentions(store)
        assert (rows[0].actor_id, rows[0].mentions, rows[0].documents) == ("RUS", 4, 2)
        states = count_mentions(store, kind="state")
        assert [(r.actor_id, r.mentions) for r in states] == [("RUS", 4), ("IRN", 2)]
        orgs = count_mentions(store, kind="org")
        assert [(r.actor_id, r.text) for r in orgs] == [(None, "Acme Corp")]
        doc_id = _doc("Russia watched while Iran fell.").id
        assert sum(r.mentions for r in count_mentions(store, doc_id=doc_id)) == 2
        with pytest.raises(ValueError, match="kind must be one of"):
            count_mentions(store, kind="planet")


@pytest.mark.slow
def test_cli_json_and_table(db: str) -> None:
    result = run_cli("actors", "--db", db, "--kind", "person", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows == [{"actor_id": "vladimir-putin", "name": "Vladimir Putin", "kind": "person",
                     "state": "RUS", "mentions": 1, "documents": 1}]  # fmt: skip
    table = run_cli("actors", "--db", db)
    assert table.returncode == 0, table.stderr
    assert "vladimir-putin" in table.stdout and "Acme" in table.stdout


def test_cli_bad_kind(db: str) -> None:
    result = run_cli("actors", "--db", db, "--kind", "planet")
    assert result.returncode != 0
    assert "--kind" in result.stderr


def test_cli_bad_catalog_file_is_a_clear_error(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "mine.yaml"
    bad.write_text("actors:\n  - {name: No Id}\n")
    result = run_cli("actors", "--db", db, "--catalog", str(bad))
    assert result.returncode == 1
    assert "mine.yaml" in result.stderr and "needs an id" in result.stderr


@pytest.mark.slow
def test_cli_catalog_file_names_actors(db: str, tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("people:\n  - {id: vladimir-putin, name: V. V. Putin}\n")
    result = run_cli("actors", "--db", db, "--kind", "person", "--json", "--catalog", str(extra))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["name"] == "Vladimir Putin"  # merged: first name kept


@pytest.mark.slow
def test_show_mentions_highlights_actors_and_dates(tmp_path: Path) -> None:
    """`allywatch show DOC --mentions` on an article ingested through the real pipeline:
    resolved mentions bold cyan, unresolved ones cyan, dates bold magenta, in the text."""
    import os
    import subprocess
    import sys

    from tests.conftest import SRC

    article = tmp_path / "a.txt"
    article.write_text("Moscow warned Tehran in December, Acme Widgets Inc. said.\n", "utf-8")
    url = f"sqlite:///{tmp_path / 'show.sqlite'}"
    ingested = run_cli("ingest", str(article), "--db", url, "--published", "2026-03-01")
    assert ingested.returncode == 0, ingested.stderr
    with connect(url) as store:
        (doc,) = repository.list_documents(store)
    env = dict(os.environ, PYTHONPATH=str(SRC), FORCE_COLOR="1", COLUMNS="200")
    env.pop("NO_COLOR", None)
    shown = subprocess.run(
        [sys.executable, "-m", "allywatch", "show", doc.id, "--mentions", "--db", url],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    bold_cyan, bold_magenta = "\x1b[1;36m", "\x1b[1;35m"
    assert f"{bold_cyan}Moscow" in shown.stdout and f"{bold_cyan}Tehran" in shown.stdout
    assert f"{bold_magenta}in December" in shown.stdout
    assert "2025-12" in shown.stdout  # the dates table: "In December" -> last December
