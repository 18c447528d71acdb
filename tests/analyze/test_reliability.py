"""Reliability on hand-built event sets: withheld support, unknown dates, duplicates."""

from __future__ import annotations

from datetime import date

import pytest

from allywatch.analyze.reliability import BASE_RATE, reliability, support_categories
from allywatch.types import Evidence
from tests.analyze.builders import ev

PUB = {"doc1": date(2026, 3, 1), "doc2": date(2026, 3, 13)}


def _fallen_allies_set():
    return [
        ev("AGREE", "AAA", "BBB", "Aland and Bolt signed a strategic partnership treaty.",
           date_="2025-01"),
        ev("ASSAULT", ("CCC",), ("BBB",), "Carth bombed Bolt on June 3, 2025.", date_="2025-06-03"),
        ev("SUPPORT", "AAA", "BBB", "Aland stood by during the war.", date_="2025-06",
           negated=True),
        ev("LEADER_OUSTED", "CCC", "BBB", "Bolt's leader was killed in Carth strikes.",
           date_="2026-02-28", leader="Jan Bolt"),
        ev("AID", "AAA", "BBB", "Aland began sharing targeting information with Bolt.",
           doc="doc2"),
        ev("AID", "AAA", "BBB", "Absent any troop or arms shipments to Bolt.", doc="doc2",
           negated=True),
        ev("SUPPORT", "AAA", "DDD", "Aland offered the despot a home for exile but little else."),
        ev("LEADER_OUSTED", "", "DDD", "Dorn's regime collapsed.", leader="Ed Dorn"),
        ev("REQUEST", "EEE", "AAA", "Eston's president pleaded for Aland's aid."),
        ev("SUPPORT", "AAA", "EEE", "Eston received only rhetorical support."),
        ev("LEADER_OUSTED", "CCC", "EEE", "Carth forces snatched Eston's president.",
           leader="Al Eston"),
        ev("AGREE", "AAA", "FFF", "Aland and Fenn signed a mutual defense pact."),
    ]


def test_reliability_lists_crises_deliveries_and_withheld_support() -> None:
    report = reliability("AAA", _fallen_allies_set(), published=PUB)
    by_ally = {a.ally: a for a in report.allies}
    assert set(by_ally) == {"BBB", "DDD", "EEE", "FFF"}
    bbb = by_ally["BBB"].crises
    assert [(c.start, c.kinds) for c in bbb] == [
        (date(2025, 6, 3), ("ASSAULT",)), (date(2026, 2, 28), ("LEADER_OUSTED",))]
    june, feb = bbb
    assert june.delivered == () and june.withheld_categories == ("unspecified",)
    assert june.summary == "nothing" and not june.material
    assert feb.delivered_categories == ("intelligence",) and feb.material
    assert feb.withheld_categories == ("arms", "troops")
    assert [c.summary for c in by_ally["DDD"].crises] == ["exile only"]
    assert by_ally["DDD"].crises[0].start is None  # unknown date kept, listed as such
    assert [c.summary for c in by_ally["EEE"].crises] == ["words only"]
    assert by_ally["FFF"].crises == ()  # an ally with no crisis is listed, with no crisis
    assert (report.n_crises, report.n_material) == (4, 1)
    assert report.index == pytest.approx(0.25)
    assert report.base_rate == BASE_RATE and "Leeds" in report.base_rate_source
    assert set(report.fallen) == {"BBB", "DDD", "EEE"}


def test_duplicate_evidence_counts_once() -> None:
    events = _fallen_allies_set()
    dup = ev("LEADER_OUSTED", "CCC", "BBB", "Bolt's leader was killed in Carth strikes.",
             date_="2026-02-28", leader="Jan Bolt", doc="doc2",
             extra_evidence=(Evidence("doc1", 5, 9, "Bolt's leader was killed."),))
    undated_dup = ev("LEADER_OUSTED", "CCC", "BBB", "the now-deceased Bolt", leader="J. Bolt",
                     doc="doc2")
    report = reliability("AAA", [*events, dup, undated_dup, events[4]], published=PUB)
    bbb = next(a for a in report.allies if a.ally == "BBB")
    assert len(bbb.crises) == 2
    assert len(bbb.crises[1].delivered) in (1, 2)  # the same event listed, no new category
    assert bbb.crises[1].delivered_categories == ("intelligence",)
    assert report.n_crises == 4


def test_patron_attacks_and_self_attacks_are_not_crises() -> None:
    events = [
        ev("COOPERATE", "AAA", "BBB", "Aland and Bolt held military drills."),
        ev("ASSAULT", "BBB", "BBB", "Bolt's crackdown left 7,000 dead."),
        ev("ASSAULT", "AAA", "BBB", "Aland shelled Bolt.", date_="2024-01"),
    ]
    report = reliability("AAA", events)
    assert report.n_crises == 0 and report.index is None


def test_since_drops_older_crises() -> None:
    report = reliability("AAA", _fallen_allies_set(), published=PUB, since=date(2026, 1, 1))
    starts = [c.start for c in report.crises]
    assert date(2025, 6, 3) not in starts and date(2026, 2, 28) in starts


@pytest.mark.parametrize(("sentence", "mode", "negated", "expected"), [
    ("Russia has aided Iranian forces in identifying targets and in drone tactics.", None,
     False, ("intelligence",)),
    ("Iran supplied drones and missiles.", None, False, ("arms",)),
    ("Moscow offered him a home for exile.", None, False, ("exile",)),
    ("Putin expressed condolences.", None, False, ("words",)),
    ("Russia tried to delay the snapback U.N. sanctions.", None, False, ("diplomatic cover",)),
    ("Moscow sent help.", "military", False, ("arms",)),
    ("Moscow has stood by.", None, True, ("unspecified",)),
    ("No troops were sent.", None, True, ("troops",)),
])
def test_support_categories(sentence: str, mode: str | None, negated: bool,
                            expected: tuple[str, ...]) -> None:
    stored = ev("AID" if mode else "SUPPORT", "RUS", "IRN", sentence, mode=mode, negated=negated)
    assert support_categories(stored.event) == expected


def test_hypothetical_events_are_neither_crises_nor_deliveries() -> None:
    events = [
        ev("AGREE", "AAA", "BBB", "Aland and Bolt signed a treaty."),
        ev("LEADER_OUSTED", "CCC", "BBB", "Bolt's leader was ousted.", date_="2026-01-03"),
        ev("AID", "AAA", "BBB", "It is unlikely Aland will come to save Bolt.", date_="2026-01"),
        ev("LEADER_OUSTED", "CCC", "BBB", "Carth could oust Bolt's next leader.",
           date_="2026-06-01"),
    ]
    hypo = [s.__class__(s.id, s.event.__class__(**{
        **{f: getattr(s.event, f) for f in s.event.__dataclass_fields__},
        "modality": "hypothetical"}), s.evidence) for s in events[2:]]
    report = reliability("AAA", [*events[:2], *hypo])
    assert report.n_crises == 1
    assert report.crises[0].summary == "nothing"


@pytest.mark.parametrize(("sentence", "ally"), [
    ("Bolt's president pleaded for Aland's aid.", True),
    ("Bolt asked Aland to broker a peace deal.", False),
])
def test_requests_make_a_tie_only_when_they_ask_for_help(sentence: str, ally: bool) -> None:
    report = reliability("AAA", [ev("REQUEST", "BBB", "AAA", sentence)])
    assert ("BBB" in {a.ally for a in report.allies}) is ally


def test_words_count_only_toward_the_attackers_of_that_crisis() -> None:
    """Aland protesting at Carth answers Carth's attack on Bolt, not Dax's attack on Bolt
    in the same months; words at an actor who attacked no ally answer nothing."""
    events = [
        ev("AGREE", "AAA", "BBB", "Aland and Bolt signed a defence treaty.", date_="2024-01"),
        ev("ASSAULT", "CCC", "BBB", "Carth shelled Bolt.", date_="2025-03-01"),
        ev("ASSAULT", "XXX", "BBB", "Dax raided Bolt.", date_="2025-09-01"),
        ev("PROTEST", "AAA", "CCC", "Aland protested at Carth's shelling.", date_="2025-03-05"),
        ev("ACCUSE", "AAA", "CCC", "Aland accused Carth again.", date_="2025-09-03"),
        ev("ACCUSE", "AAA", "ZZZ", "Aland accused Zor of meddling.", date_="2025-03-02"),
    ]
    report = reliability("AAA", events)
    march, september = report.allies[0].crises
    assert [r.type for r in march.delivered] == ["PROTEST"]
    assert september.attackers == ("XXX",) and september.delivered == ()
    assert [c.summary for c in (march, september)] == ["words only", "nothing"]
