"""Resolving reads each (subject, event type) once: the events it keeps for a prediction are
exactly those ``candidate_events(..., reported_after=made_on)`` returns, in its order, and
an event's report date is its first article's, whichever article is stored first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from allywatch.analyze.ledger import _Candidates, resolve_predictions
from allywatch.store import Store, connect, repository
from allywatch.store.ledger import candidate_events, ledger_rows
from allywatch.types import DateValue, Document, Event, Evidence, Extraction, Prediction


def _doc(text: str, published: date | None) -> Document:
    return Document(id=Document.make_id(text), text=text, source=f"{abs(hash(text))}.txt",
                    format="txt", published=published, outlet="Wire")  # fmt: skip


def _event(doc: Document, kind: str, target: str, day: date | None, **kw: object) -> Event:
    when = DateValue(day.isoformat(), "day", day, day) if day else None
    return Event(type=kind, source=("RUS",), target=(target,), date=when,
                 evidence=Evidence(doc.id, 0, len(doc.text), doc.text), **kw)  # type: ignore[arg-type]  # fmt: skip


def _store_events(store: Store, doc: Document, events: tuple[Event, ...]) -> None:
    repository.save_document(store, doc)
    repository.save_extraction(store, Extraction(doc, events=events))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = connect(f"sqlite:///{tmp_path / 'candidates.sqlite'}")
    # One event reported by a late article first (stored first) and an early one later:
    # its report date is the early article's.
    shared = _event(_doc("Russia sent aid to Cuba.", None), "AID", "CUB", date(2026, 5, 1))
    late = _doc("Russia sent aid to Cuba, again reported.", date(2026, 9, 1))
    early = _doc("Russia sent aid to Cuba, first reported.", date(2026, 5, 2))
    for doc in (late, early):
        ev = Event(**{**{f: getattr(shared, f) for f in shared.__dataclass_fields__},
                      "evidence": Evidence(doc.id, 0, len(doc.text), doc.text)})  # fmt: skip
        _store_events(db, doc, (ev,))
    for i, (published, day, negated) in enumerate([
        (date(2026, 3, 1), date(2026, 2, 28), False),
        (date(2026, 7, 1), None, False),
        (date(2026, 8, 1), date(2026, 7, 30), True),
        (None, date(2026, 6, 1), False),
    ]):  # fmt: skip
        doc = _doc(f"Report {i}: Russia and Cuba, aid and more aid.", published)
        _store_events(db, doc, (_event(doc, "AID", "CUB", day, negated=negated),
                                _event(doc, "AID", "BLR", day),
                                _event(doc, "SUPPORT", "CUB", day)))  # fmt: skip
    yield db
    db.close()


@pytest.mark.parametrize(
    "after", [None, date(2026, 1, 1), date(2026, 3, 1), date(2026, 5, 2), date(2026, 6, 15),
              date(2026, 8, 1), date(2027, 1, 1)],
)  # fmt: skip
@pytest.mark.parametrize(("subject", "kind"), [("CUB", "AID"), ("BLR", "AID"), ("CUB", "SUPPORT"),
                                               ("CUB", "COERCE"), ("IRN", "AID")])  # fmt: skip
def test_candidates_equal_one_query_per_prediction(
    store: Store, subject: str, kind: str, after: date | None
) -> None:
    candidates = _Candidates(store)
    expected = candidate_events(store, subject, kind, reported_after=after)
    assert candidates(subject, kind, after) == expected
    assert candidates(subject, kind, after) == expected  # and again, from what it read


def test_report_date_is_the_first_articles(store: Store) -> None:
    events = candidate_events(store, "CUB", "AID", reported_after=None)
    shared = [e for e in events if e.when == date(2026, 5, 1)]
    assert [e.reported_on for e in shared] == [date(2026, 5, 2)]
    # reported after 2026-05-02 means first reported after it: the shared event is out
    later = candidate_events(store, "CUB", "AID", reported_after=date(2026, 5, 2))
    assert shared[0].id not in {e.id for e in later}


def test_resolution_uses_events_reported_after_the_prediction(store: Store) -> None:
    forecast = _doc("Russia will send aid to Cuba by autumn, an analyst said.", date(2026, 6, 1))
    evidence = Evidence(forecast.id, 0, len(forecast.text), forecast.text)
    repository.save_document(store, forecast)
    prediction = Prediction(
        claim=forecast.text, predictor="an analyst", outcome="AID", evidence=evidence,
        subject="CUB", deadline=date(2026, 12, 31),
    )  # fmt: skip
    repository.save_extraction(store, Extraction(forecast, predictions=(prediction,)))
    changed = resolve_predictions(store, today=date(2026, 10, 1))
    # Reported after 2026-06-01 and dated on or after it: report 1 (undated, published
    # 2026-07-01); report 2 is negated; the shared event was first reported before.
    report1 = _doc("Report 1: Russia and Cuba, aid and more aid.", date(2026, 7, 1))
    expected = _event(report1, "AID", "CUB", None).key
    assert [(c.status, c.resolved_by) for c in changed] == [("came_true", expected)]
    assert {r.status for r in ledger_rows(store)} == {"came_true"}
