"""What makes a tie: mediation and events that are not facts make none, in Python
(``reliability.partners``) and in SQL (the store's tie counts), which must agree."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import allywatch
from allywatch.analyze.reliability import is_mediation, partners, reliability, tie_stats
from allywatch.store import analytics, connect
from allywatch.types import StoredEvent
from tests.analyze.builders import ev


def _modal(stored: StoredEvent, modality: str) -> StoredEvent:
    return replace(stored, event=replace(stored.event, modality=modality))


def _trigger(stored: StoredEvent, trigger: str) -> StoredEvent:
    return replace(stored, event=replace(stored.event, trigger=trigger))


@pytest.mark.parametrize(("sentence", "trigger", "mode", "detail", "expected"), [
    ("Aland offered instead to mediate between Bolt and Carth.", "offered", None, "", True),
    ("Aland offered its good offices to Bolt and Carth.", "offered", None, "", True),
    ("Aland agreed to help broker a ceasefire between Bolt and Carth.", "agreed", None, "",
     True),
    ("Aland signed a pact with Bolt.", "signed", None, "", False),
    ("Aland proposed talks.", "proposed", "mediation", "", True),
    ("Aland backed the peace talks.", "backed", None, "mediation talks", True),
    # the mediation word is outside the trigger's phrase: another clause, or too far
    ("Aland supplied Bolt with drones, and Carth offered to mediate.", "supplied", None, "",
     False),
    ("Aland supplied Bolt with drones after the mediation failed.", "supplied", None, "",
     False),
    # a third party mediated the event's own deal
    ("Aland and Bolt signed a deal brokered by Carth.", "signed", None, "", False),
    ("Aland signed a Carthian-brokered deal with Bolt.", "signed", None, "", False),
    ("Aland and Bolt signed a pact.", "signed", None, "a deal mediated by Carth", False),
    # not at a word start
    ("Aland agreed to share intermediate-range missiles with Bolt.", "agreed", None, "",
     False),
])  # fmt: skip
def test_mediation_is_read_in_the_events_words_or_right_after_its_trigger(
    sentence: str, trigger: str, mode: str | None, detail: str, expected: bool
) -> None:
    stored = _trigger(ev("AGREE", "AAA", ("BBB", "CCC"), sentence, mode=mode, detail=detail),
                      trigger)
    assert is_mediation(stored.event) is expected


def _events() -> list[StoredEvent]:
    return [
        _trigger(ev("AGREE", "AAA", "BBB", "Aland and Bolt signed a defence pact.",
                    date_="2024-05"), "signed"),
        _trigger(ev("AGREE", "AAA", ("CCC", "DDD"),
                    "Aland offered instead to mediate between Carth and Dorn."), "offered"),
        _trigger(ev("COOPERATE", "EEE", "AAA",
                    "Eldor and Aland worked together to broker talks with Carth."), "worked"),
        _trigger(ev("REQUEST", "FFF", "AAA",
                    "Fenn asked Aland for help brokering a truce with Carth."), "asked"),
        _modal(ev("AID", "AAA", "GGG", "Even if Aland were willing to ship arms to Gord, "
                  "it could not pay for them."), "hypothetical"),
        _modal(ev("MOBILIZE", "AAA", "HHH", "Aland will send troops to Hale.",
                  date_="2027"), "future"),
        _modal(ev("AID", "AAA", "JJJ", "Aland denied sending arms to Jor."), "denied"),
        ev("AID", "AAA", "BBB", "Aland shipped missiles to Bolt.", date_="2023-01"),
        ev("SUPPORT", "AAA", "JJJ", "Aland stood by Jor.", negated=True),
        ev("SUPPORT", "AAA", ("KKK", "CCC"), "Aland backed the talks.",
           detail="mediation between Kor and Carth"),
    ]


def test_python_ties_leave_out_mediation_and_what_did_not_happen() -> None:
    ties = partners("AAA", _events())
    # a denied event and a withheld one still show the two are partners
    assert set(ties) == {"BBB", "JJJ"}
    assert len(ties["BBB"]) == 2 and len(ties["JJJ"]) == 2


def test_sql_tie_counts_and_samples_agree_with_python(db_url: str) -> None:
    events = _events()
    store = connect(db_url)
    docs = [{"id": "doc1", "source": "x", "format": "text", "text": "x", "words": 1}]
    analytics.bulk_insert(store, docs, events)
    report = allywatch.open(store).reliability("AAA")
    python = reliability("AAA", events)
    assert [(a.ally, a.n_ties) for a in report.allies] == [
        (a.ally, a.n_ties) for a in python.allies] == [("BBB", 2), ("JJJ", 2)]
    expected = tie_stats("AAA", events)
    unreal = ["future", "hypothetical"]
    mediation = {s.id for s in events if is_mediation(s.event)}
    assert len(mediation) == 4
    counts = analytics.tie_counts(store, "AAA", ["AGREE", "AID", "COOPERATE", "MOBILIZE",
                                                 "SUPPORT"], exclude_modalities=unreal,
                                  exclude_ids=mediation)  # fmt: skip
    assert {a: (st.n, st.first, st.undated) for a, st in expected.items()} == counts
    samples = analytics.tie_samples(store, "AAA", ["CCC", "GGG", "HHH", "JJJ"],
                                    ["AGREE", "AID", "MOBILIZE", "SUPPORT"],
                                    exclude_modalities=unreal, exclude_ids=mediation)
    assert set(samples) == {"JJJ"}
    words = analytics.tie_words(store, "AAA", ["AGREE", "COOPERATE", "AID", "SUPPORT"],
                                ["mediat", "broker"])
    assert {w.id for w in words} == {s.id for s in (*events[1:3], events[-1])}
    store.close()


def test_denied_and_unreal_responses_are_neither_delivered_nor_withheld() -> None:
    events = [
        ev("AGREE", "AAA", "BBB", "Aland and Bolt signed a defence pact.", date_="2024-05"),
        ev("ASSAULT", "CCC", "BBB", "Carth bombed Bolt.", date_="2025-06-03"),
        _modal(ev("AID", "AAA", "BBB", "Aland denied sending drones to Bolt.",
                  date_="2025-06"), "denied"),
        _modal(ev("MOBILIZE", "AAA", "BBB", "Aland will send troops to Bolt.",
                  date_="2025-06"), "future"),
        _modal(ev("AID", "AAA", "BBB", "Had Aland shipped arms, Bolt would have held.",
                  date_="2025-06", negated=True), "hypothetical"),
        ev("SUPPORT", "AAA", "BBB", "Aland condemned the bombing.", date_="2025-06-04"),
    ]
    crisis = reliability("AAA", events).crises[0]
    assert [r.type for r in crisis.delivered] == ["SUPPORT"] and crisis.withheld == ()
    assert crisis.summary == "words only"


ARTICLE = """Moscow and its partners

Russia and Belarus signed a mutual defence treaty in 2024, and Moscow has since supplied \
Minsk with missiles.

Kremlin officials offered to mediate between Caracas and Washington. Turkey also offered its \
good offices to broker talks between Armenia and Azerbaijan.

Even if Russia were willing to ship arms to Cuba, it could not pay for them. Russia will send \
troops to Mali next year, officials hinted.
"""


@pytest.mark.slow
def test_pipeline_mediation_and_unreal_events_make_no_ally(tmp_path: Path) -> None:
    from datetime import date

    from allywatch.pipeline import ingest_paths

    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    store = connect(f"sqlite:///{tmp_path / 'p.sqlite'}")
    ingest_paths([str(tmp_path / "article.txt")], store, published=date(2026, 3, 1))
    aw = allywatch.open(store)
    events = aw.events()
    # what the extractor stored (so the analysis below has something to leave out)
    by_target = {frozenset(s.event.target): s.event for s in events}
    assert by_target[frozenset({"VEN", "USA"})].type == "AGREE"
    assert by_target[frozenset({"CUB"})].modality == "hypothetical"
    assert by_target[frozenset({"MLI"})].modality == "future"
    assert {a.ally for a in aw.reliability("RUS").allies} == {"BLR"}
    assert aw.reliability("TUR").allies == ()
    assert {r.actor for r in aw.watchlist("RUS").rows} == {"BLR"}
    assert set(partners("RUS", events)) == {"BLR"}
    store.close()
