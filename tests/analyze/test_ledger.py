"""The prediction ledger end to end: an article with a prediction is extracted and stored,
a later article reports the predicted event, the prediction resolves with a link to that
event, and the Brier scores update."""

from __future__ import annotations

import json
from datetime import date

import pytest

from allywatch.analyze.ledger import (
    brier_scores,
    parse_outcome,
    resolve,
    resolve_manually,
    resolve_predictions,
)
from allywatch.errors import NotFoundError
from allywatch.extract.predictions import extract_predictions
from allywatch.extract.quotes import extract_quotes
from allywatch.nlp.catalog import Catalog
from allywatch.store import connect, repository
from allywatch.store.ledger import ledger_rows
from allywatch.types import Document, Event, Evidence, Extraction
from tests.conftest import run_cli
from tests.extract.speech_support import gazetteer_mentions, nlp  # noqa: F401

FORECAST = (
    "The smart money remains on Cuba falling within a year. "
    "Lukashenko will be toppled within six months. "
    '"Russia will not rescue Havana," said Anna Petrova, an analyst at the Kiel Institute.'
)
REPORT = "Cuba's regime collapsed on 2 November 2026 after weeks of blackouts."


def _document(text: str, published: date, outlet: str) -> Document:
    return Document(id=Document.make_id(text), text=text, source=f"{outlet}.txt", format="txt",
                    published=published, author="Casey Michel", outlet=outlet)  # fmt: skip


@pytest.fixture
def store(tmp_path, nlp):  # noqa: F811
    """A database holding the forecast article, extracted by our extractors."""
    db = connect(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    doc = _document(FORECAST, date(2026, 3, 13), "The Moscow Times")
    sdoc = nlp(doc.text)
    mentions = gazetteer_mentions(doc)
    quotes = extract_quotes(sdoc, doc, mentions, Catalog())
    predictions = extract_predictions(sdoc, doc, mentions, quotes, [], Catalog())
    repository.save_document(db, doc)
    repository.save_extraction(
        db, Extraction(doc, tuple(mentions), quotes=tuple(quotes), predictions=tuple(predictions))
    )
    yield db
    db.close()


def _report_event(store) -> Event:
    """A later article (by hand) reporting Cuba's regime collapse."""
    doc = _document(REPORT, date(2026, 11, 3), "Example Wire")
    event = Event(type="LEADER_OUSTED", source=(), target=("CUB",),
                  evidence=Evidence(doc.id, 0, len(REPORT), REPORT))  # fmt: skip
    repository.save_document(store, doc)
    repository.save_extraction(store, Extraction(doc, events=(event,)))
    return event


def _by_subject(store) -> dict[str | None, object]:
    return {row.subject: row for row in ledger_rows(store)}


def test_ledger_resolves_prediction_from_later_event(store):
    rows = _by_subject(store)
    assert set(rows) == {"CUB", "BLR", "RUS"}
    cuba = rows["CUB"]
    assert cuba.status == "open" and cuba.likelihood == pytest.approx(0.875)
    assert cuba.deadline == date(2027, 3, 13)
    before = brier_scores(store)
    assert all(s.brier is None for s in before.by_predictor)

    event = _report_event(store)
    changed = resolve_predictions(store, today=date(2026, 11, 10))
    statuses = {c.prediction_id: c for c in changed}
    rows = _by_subject(store)
    assert rows["CUB"].status == "came_true"
    assert rows["CUB"].resolved_by == event.key
    assert statuses[rows["CUB"].id].resolved_by == event.key
    # "Russia will not rescue Havana" (SUPPORT negated, no deadline) stays open
    assert rows["RUS"].status == "open" and parse_outcome(rows["RUS"].outcome) == ("SUPPORT", True)
    # Lukashenko's deadline (2026-09-13) passed with no event: failed
    assert rows["BLR"].status == "failed" and rows["BLR"].resolved_by is None

    after = brier_scores(store)
    author = next(s for s in after.by_predictor if s.source == "Casey Michel")
    assert author.resolved == 2 and author.came_true == 1
    assert author.scored == 1 and author.unscored == 1  # "will be toppled" states no likelihood
    assert author.brier == pytest.approx((0.875 - 1) ** 2)
    outlet = next(s for s in after.by_outlet if s.source == "The Moscow Times")
    assert outlet.brier == pytest.approx((0.875 - 1) ** 2)
    assert "excluded" in after.policy

    # running it again changes nothing
    assert resolve_predictions(store, today=date(2026, 11, 10)) == []


def test_event_after_deadline_does_not_resolve_true(store):
    _report_event(store)
    resolve_predictions(store, today=date(2028, 1, 1))
    # the collapse (2026-11-02) is inside Cuba's window; Belarus has no event: failed
    rows = _by_subject(store)
    assert rows["CUB"].status == "came_true"
    assert rows["BLR"].status == "failed"


def test_open_until_deadline(store):
    assert resolve_predictions(store, today=date(2026, 4, 1)) == []
    assert {r.status for r in ledger_rows(store)} == {"open"}


def test_manual_resolution_with_note(store):
    rus = _by_subject(store)["RUS"]
    done = resolve_manually(store, rus.id[:8], False, "Russia sent no troops (Reuters, 2026-12-01)")
    assert done.status == "failed"
    row = _by_subject(store)["RUS"]
    assert row.status == "failed" and row.resolution_note.startswith("Russia sent no troops")
    again = resolve(store, rus.id, came_true=True, note="corrected")
    assert again.status == "came_true"
    with pytest.raises(ValueError, match="needs a note"):
        resolve_manually(store, rus.id, True, "  ")
    with pytest.raises(NotFoundError, match="no such prediction"):
        resolve_manually(store, "ffffffffff", True, "note")


@pytest.mark.slow
def test_cli_predictions_resolve_ledger(store, tmp_path):
    url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    _report_event(store)
    listed = run_cli("predictions", "--status", "open", "--json", "--db", url)
    assert listed.returncode == 0, listed.stderr
    assert {p["subject"] for p in json.loads(listed.stdout)} == {"CUB", "BLR", "RUS"}
    ledger = run_cli("ledger", "--today", "2026-11-10", "--json", "--db", url)
    assert ledger.returncode == 0, ledger.stderr
    data = json.loads(ledger.stdout)
    assert {p["subject"]: p["status"] for p in data["predictions"]}["CUB"] == "came_true"
    assert "excluded from Brier" in data["policy"]
    rus = next(p for p in data["predictions"] if p["subject"] == "RUS")
    done = run_cli("resolve", rus["id"], "--false", "--note", "no rescue", "--db", url)
    assert done.returncode == 0, done.stderr
    assert "failed" in done.stdout
    missing = run_cli("resolve", rus["id"], "--true", "--db", url)
    assert missing.returncode != 0 and "--note" in missing.stderr
    quotes = run_cli("quotes", "--speaker", "Anna Petrova", "--json", "--db", url)
    assert quotes.returncode == 0, quotes.stderr
    assert [q["speaker"] for q in json.loads(quotes.stdout)] == ["anna-petrova"]
