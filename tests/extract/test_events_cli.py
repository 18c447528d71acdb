"""`allywatch events` on a store we fill with records we build (no model needed)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from allywatch.store import connect, repository
from allywatch.types import DateValue, Document, Event, Evidence, Extraction

from ..conftest import run_cli

TEXT = "Moscow has stood by during Iran's war. Tehran has supplied Russia with drones."


def _store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ev.db'}"
    store = connect(url)
    doc = Document(id=Document.make_id(TEXT), text=TEXT, source="t.txt", format="text",
                   published=date(2026, 3, 1))  # fmt: skip
    repository.save_document(store, doc)
    s1, s2 = TEXT[:38], TEXT[39:]
    withheld = Event(type="SUPPORT", source=("RUS",), target=("IRN",), negated=True,
                     evidence=Evidence(doc.id, 0, 38, s1), mode="stood by")  # fmt: skip
    aid = Event(type="AID", source=("IRN",), target=("RUS",), mode="military",
                evidence=Evidence(doc.id, 39, len(TEXT), s2),
                date=DateValue("2025-12", "month"))  # fmt: skip
    repository.save_extraction(store, Extraction(document=doc, events=(withheld, aid)))
    return url


def test_events_cli_filters_and_shows_sentence(tmp_path: Path) -> None:
    url = _store(tmp_path)
    out = run_cli("events", "--db", url, "--actor", "RUS", "--negated")
    assert out.returncode == 0, out.stderr
    assert "SUPPORT NOT RUS -> IRN" in out.stdout
    assert "Moscow has stood by" in out.stdout
    assert "AID" not in out.stdout


def test_events_cli_json(tmp_path: Path) -> None:
    url = _store(tmp_path)
    out = run_cli("events", "--db", url, "--type", "aid", "--json")
    assert out.returncode == 0, out.stderr
    (item,) = json.loads(out.stdout)
    assert item["type"] == "AID" and item["date"] == "2025-12"
    assert item["evidence"][0]["sentence"].startswith("Tehran has supplied")


def test_events_cli_bad_since_names_the_option(tmp_path: Path) -> None:
    out = run_cli("events", "--db", _store(tmp_path), "--since", "last year")
    assert out.returncode != 0
    assert "--since" in out.stdout + out.stderr
