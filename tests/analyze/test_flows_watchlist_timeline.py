"""Flows, watchlist, timeline and graph on hand-built event sets."""

from __future__ import annotations

from datetime import date

from allywatch.analyze.asymmetry import flows
from allywatch.analyze.graph import alliance_graph, edge_category, graph_to_json, write_graphml
from allywatch.analyze.timeline import timeline
from allywatch.analyze.watchlist import risk_score, watchlist
from allywatch.types import Amount, Evidence
from tests.analyze.builders import ev, pred


def _pair():
    return [
        ev("AID", "IRN", "RUS", "Tehran supplied Russia with drones, missiles, and ammunition."),
        ev("AGREE", "IRN", "RUS", "Iran signed a deal to purchase 500 Russian launchers.",
           date_="2025-12", mode="arms deal"),
        ev("AID", "RUS", "IRN", "Russia provided Iran with interception systems and training.",
           mode="security"),
        ev("AGREE", ("IRN", "RUS"), ("RUS", "IRN"), "They inked a partnership agreement."),
        ev("AID", "RUS", "IRN", "Absent any troop or arms shipments to Tehran.", negated=True),
        ev("ASSAULT", "ISR", "IRN", "Israel struck Iran.", date_="2025-06"),
    ]


def test_flows_by_direction_with_purchase_reversed_and_withheld_apart() -> None:
    items = _pair()
    amount = ev("AID", "IRN", "RUS", "Iran sent $2.7 billion of missiles.", doc="d2")
    amount = amount.__class__(amount.id, amount.event.__class__(
        **{**{f: getattr(amount.event, f) for f in amount.event.__dataclass_fields__},
           "amounts": (Amount(2.7e9, "USD", "$2.7 billion"),)}), amount.evidence)
    report = flows("IRN", "RUS", [*items, items[0], amount])  # a duplicate is listed once
    dirs = report.directions()
    assert {f.event_id for f in dirs["IRN->RUS"]["arms"]} == {items[0].id, amount.id}
    assert dirs["RUS->IRN"]["arms"][0].purchase  # Iran buys: flows from Russia
    assert "security" in dirs["RUS->IRN"]
    assert list(dirs["mutual"]) == ["treaty"]
    assert [f.event_id for f in report.withheld()] == [items[4].id]
    assert report.counts() == {"IRN->RUS": 2, "RUS->IRN": 2, "mutual": 1}
    assert any(f.amounts and f.amounts[0].unit == "USD" for f in dirs["IRN->RUS"]["arms"])


def test_edge_categories_and_graph_weights(tmp_path) -> None:
    e = _pair()
    assert edge_category(e[0].event) == "arms"  # from the sentence: drones, missiles
    assert edge_category(e[2].event) == "security"  # from the mode
    assert edge_category(e[3].event) == "treaty"
    assert edge_category(e[5].event) == "hostile"
    dup = ev("AID", "IRN", "RUS", "Tehran supplied Russia with drones, missiles, and ammunition.",
             mode="military aid", eid="dup")
    g = alliance_graph([*e, dup])
    arms = g.edges["IRN", "RUS", "arms"]
    # drones (stored twice from one sentence: weight 1) + the launcher deal
    assert arms["weight"] == 2 and set(arms["events"]) == {e[0].id, "dup", e[1].id}
    assert g.edges["RUS", "IRN", "arms"]["withheld"] == 1
    assert g.edges["RUS", "IRN", "arms"]["weight"] == 0
    assert g.edges["ISR", "IRN", "hostile"]["first"] == date(2025, 6, 1)
    assert g.edges["IRN", "RUS", "arms"]["first"] == date(2025, 12, 1)
    assert g.edges["IRN", "RUS", "arms"]["undated"] == 2
    write_graphml(g, tmp_path / "g.graphml")
    assert "<graphml" in (tmp_path / "g.graphml").read_text()
    data = graph_to_json(g)
    assert {n["id"] for n in data["nodes"]} >= {"IRN", "RUS", "ISR"}
    assert all(isinstance(link["events"], list) for link in data["links"])


def test_graph_time_window_keeps_undated_unless_asked() -> None:
    e = _pair()
    g = alliance_graph(e, since=date(2025, 7, 1))
    assert not g.has_edge("ISR", "IRN")
    assert g.has_edge("IRN", "RUS")
    assert not alliance_graph(e, include_undated=False).has_edge("RUS", "IRN", "security")


def test_watchlist_ranks_predicted_and_signalled_allies_patron_apart() -> None:
    pub = {"a": date(2026, 3, 13), "b": date(2026, 3, 1)}
    events = [
        ev("AGREE", "RUS", "PRK", "Russia signed a mutual defense pact with North Korea.", doc="a"),
        ev("SUPPORT", "RUS", "VEN", "Venezuela received only rhetorical support.", doc="a"),
        ev("LEADER_OUSTED", "USA", "VEN", "American forces snatched Maduro.", doc="a"),
        ev("AID", "RUS", "BLR", "Russia sent fuel to Belarus amid protests and unrest.", doc="b",
           date_="2020-01"),
    ]
    preds = [
        (pred("CUB", "LEADER_OUSTED", "The smart money remains on Cuba, where rolling blackouts "
              "and economic collapse push the regime to the brink.", doc="a", likelihood=0.7,
              deadline=date(2027, 9, 13)), pub["a"]),
        (pred("MDA-PMR", "LEADER_OUSTED", "Or perhaps Transnistria, facing the most serious "
              "economic and social crisis.", doc="a", likelihood=0.4), pub["a"]),
        (pred("RUS", "LEADER_OUSTED", "Putin's fall one day is inevitable.", doc="b",
              likelihood=0.95), pub["b"]),
        (pred("CHN", "LEADER_OUSTED", "China will collapse.", doc="elsewhere"), pub["b"]),
        (pred("some-expert", "LEADER_OUSTED", "He will fall amid unrest.", doc="a"), pub["a"]),
    ]
    wl = watchlist("RUS", events, preds, published=pub)
    order = [r.actor for r in wl.rows]
    assert order[:2] == ["CUB", "MDA-PMR"]
    assert "CHN" not in order  # predicted in an article that is not about the patron
    assert "some-expert" not in order  # a person id is no watchlist candidate
    assert {r.actor for r in wl.fallen} == {"VEN"}
    assert wl.patron_row is not None and wl.patron_row.actor == "RUS"
    cub = wl.rows[0]
    assert set(cub.signal_categories) >= {"blackouts", "economic collapse"}
    assert cub.signals[0].evidence.doc_id == "a"
    assert cub.score == risk_score(cub.prediction_term, cub.signal_term, cub.recency_term)
    blr = next(r for r in wl.rows if r.actor == "BLR")
    assert blr.prediction_term == 0 and blr.signal_term > 0 and blr.recency_term < 0.25
    prk = next(r for r in wl.rows if r.actor == "PRK")
    assert prk.score == 0


def test_consultations_and_hypothetical_aid_are_not_flows() -> None:
    consult = ev("CONSULT", "IRN", "RUS", "Iran turned to Russia for air defense.")
    maybe = ev("AID", "RUS", "IRN", "It is unlikely Russia will come to save Iran.")
    maybe = maybe.__class__(maybe.id, maybe.event.__class__(**{
        **{f: getattr(maybe.event, f) for f in maybe.event.__dataclass_fields__},
        "modality": "hypothetical"}), maybe.evidence)
    report = flows("IRN", "RUS", [consult, maybe])
    assert report.flows == ()


def test_timeline_orders_dated_and_lists_unknown_apart() -> None:
    events = [
        ev("ASSAULT", "ISR", "IRN", "x", date_="2026-02-28"),
        ev("AGREE", "RUS", "IRN", "y", date_="2025-01"),
        ev("AID", "IRN", "RUS", "z"),
        ev("ASSAULT", "USA", "VEN", "w", date_="2026-01-03"),
    ]
    t = timeline("IRN", events)
    assert [s.event.evidence.sentence for s in t.dated] == ["y", "x"]
    assert [s.event.evidence.sentence for s in t.undated] == ["z"]
    t2 = timeline("IRN", events, since=date(2026, 1, 1))
    assert [s.event.evidence.sentence for s in t2.dated] == ["x"] and len(t2.undated) == 1


def test_evidence_key_ignores_whitespace() -> None:
    from allywatch.analyze.graph import evidence_key

    a, b = Evidence("d", 0, 3, "a  b\nc"), Evidence("d", 9, 12, "A b c")
    assert evidence_key(a) == evidence_key(b)


def test_crisis_signal_keywords_inside_names_are_no_signal() -> None:
    """Keywords match as word prefixes, so "revolution" would find "Revolutionary" in an
    organisation's name: a capitalised word inside running text is part of a name."""
    from allywatch.analyze.watchlist import find_signals

    def categories(sentence: str) -> set[str]:
        return {s.category for s in find_signals([Evidence("d", 0, len(sentence), sentence)])}

    assert "unrest" not in categories(
        "Strikes killed a commander of the Islamic Revolutionary Guard Corps in Tehran."
    )
    assert "unrest" not in categories("Veterans of the Orange Revolution met in Kyiv.")
    assert "unrest" in categories("The revolutionary mood spread through the provinces.")
    assert "unrest" in categories("Protests spread to twelve cities overnight.")
    assert "unrest" in categories("“Riots are now daily,” the mayor said.")
    # a headline capitalises every word: its keywords still count
    assert "unrest" in categories("Havana Braces for Blackouts and Unrest")
    assert "blackouts" in categories("Havana Braces for Blackouts and Unrest")
