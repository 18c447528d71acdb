"""End to end on the two seed articles: ingest through the pipeline, then the analyses.

What the issue asks the seeds to show (../shared/corpus/gold.json, ``analysis``):
reliability RUS lists SYR (exile only), VEN (words only) and IRN (intelligence, no troops or
arms) as fallen allies with evidence; flows IRN RUS shows arms one way and security,
intelligence and the launcher deal the other; watchlist RUS puts CUB and MDA-PMR on top and
gives the patron its own row. Nothing here is special-cased: these are the generic analyses
over whatever the extractors stored. Targets the extractors do not reach yet are marked
``xfail(strict=True)`` with the reason, so CI says so when they start passing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.shared]

SEEDS = (("000_6377b5014e770c7d.txt", date(2026, 3, 1)),
         ("004_cef1e786f9411633.txt", date(2026, 3, 13)))  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.conftest import shared_path

    corpus = shared_path("corpus")
    import allywatch
    from allywatch.pipeline import ingest_paths
    from allywatch.store import connect

    path = tmp_path_factory.mktemp("seed") / "seed.sqlite"
    store = connect(f"sqlite:///{path}")
    for name, published in SEEDS:  # the gold's publication dates
        ingest_paths([str(Path(corpus) / name)], store, published=published)
    aw = allywatch.open(store)
    if not aw.events():
        pytest.skip("the event extractor stored no event (not in this checkout)")
    return aw


def _crises(aw: Any) -> dict[str, list[Any]]:
    report = aw.reliability("RUS")
    return {a.ally: [c for c in a.crises if "LEADER_OUSTED" in c.kinds] for a in report.allies}


def test_reliability_iran_intelligence_but_no_troops_or_arms(seeded: Any) -> None:
    (iran,) = _crises(seeded)["IRN"]
    assert "intelligence" in iran.delivered_categories
    assert not {"troops", "arms"} & set(iran.delivered_categories)
    assert {"troops"} <= set(iran.withheld_categories)
    assert any("Khamenei" in e.sentence for e in iran.evidence)


def test_reliability_syria_exile_only(seeded: Any) -> None:
    (syria,) = _crises(seeded)["SYR"]
    assert syria.summary == "exile only"


def test_reliability_venezuela_words_only(seeded: Any) -> None:
    (venezuela,) = _crises(seeded)["VEN"]
    assert venezuela.summary == "words only"


def test_flows_iran_russia(seeded: Any) -> None:
    dirs = seeded.flows("IRN", "RUS").directions()
    assert "arms" in dirs["IRN->RUS"]
    to_iran = dirs["RUS->IRN"]
    assert any(f.purchase for f in to_iran.get("arms", []))  # the launcher deal, reversed
    assert "intelligence" in to_iran or "security" in to_iran


def test_watchlist_cuba_and_transnistria_on_top_and_the_patron_apart(seeded: Any) -> None:
    wl = seeded.watchlist("RUS")
    assert {r.actor for r in wl.rows[:2]} == {"CUB", "MDA-PMR"}
    assert all(r.predictions for r in wl.rows[:2])
    assert wl.patron_row is not None and wl.patron_row.actor == "RUS"
