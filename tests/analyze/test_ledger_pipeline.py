"""The prediction ledger through the real pipeline (ingest -> NLP -> every extractor ->
store): an article with a prediction, then a later wire story reporting the predicted event;
the prediction resolves with a link to that event and the Brier scores update."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from allywatch.analyze.ledger import brier_scores, resolve_predictions
from allywatch.pipeline import ingest_paths
from allywatch.store import connect, repository
from allywatch.store.ledger import ledger_rows

pytestmark = pytest.mark.slow

FORECAST = """Assad Fell, Maduro Fell. Lukashenko Next?

By Jane Roe

Moscow has watched three of its partners fall in just over a year. The smart money remains on \
Cuba, where rolling blackouts and economic collapse are pushing the regime toward the brink \
within a year.
"""

REPORT = """Cuba's Regime Collapses

HAVANA — Cuban President Miguel Díaz-Canel was ousted after weeks of blackouts and street \
protests, state television said.
"""


def test_prediction_resolves_from_a_later_article(tmp_path: Path) -> None:
    # Dates relative to today: ingest resolves the ledger as of today, so a fixed forecast
    # date would see its deadline pass (and the forecast fail) once the calendar moves on.
    made = date.today().replace(day=13) - timedelta(days=62)
    made = made.replace(day=13)
    reported = made + timedelta(days=40)
    (tmp_path / "forecast.txt").write_text(FORECAST, encoding="utf-8")
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    store = connect(f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    try:
        ingest_paths([str(tmp_path / "forecast.txt")], store, published=made,
                     outlet="The Moscow Times")  # fmt: skip
        rows = {row.subject: row for row in ledger_rows(store)}
        cuba = rows["CUB"]
        assert cuba.outcome == "LEADER_OUSTED" and cuba.status == "open"
        assert cuba.predictor == "Jane Roe" and cuba.predictor_is_author
        assert cuba.likelihood == pytest.approx(0.875)  # "the smart money"
        assert cuba.deadline == made.replace(year=made.year + 1)  # "within a year"
        # the headline question, read from the title (outside Document.text)
        belarus = rows["BLR"]
        assert belarus.claim == "Lukashenko Next?" and belarus.outcome == "LEADER_OUSTED"
        stored = repository.query_predictions(store)
        headline = next(p for p in stored if p.subject == "BLR")
        assert headline.evidence.in_title and headline.evidence.sentence == "Lukashenko Next?"
        assert all(s.brier is None for s in brier_scores(store).by_outlet)

        # ingesting the later report resolves the forecast automatically
        report = ingest_paths([str(tmp_path / "report.txt")], store,
                              published=reported)  # fmt: skip
        (event,) = [e for e in repository.query_events(store, type="LEADER_OUSTED")]
        assert event.event.target == ("CUB",)
        assert report.resolved == 1
        assert resolve_predictions(store, today=reported + timedelta(days=7)) == []
        rows = {row.subject: row for row in ledger_rows(store)}
        assert rows["CUB"].status == "came_true" and rows["CUB"].resolved_by == event.id
        assert rows["BLR"].status == "open"  # no deadline, no event: still open
        outlet = next(s for s in brier_scores(store).by_outlet if s.source == "The Moscow Times")
        assert outlet.resolved == 1 and outlet.came_true == 1
        assert outlet.brier == pytest.approx((0.875 - 1) ** 2)
    finally:
        store.close()
