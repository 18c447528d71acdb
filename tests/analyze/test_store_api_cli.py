"""The analyses over a real SQLite store: SQL filters, Python API, exports, report, CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import allywatch
from allywatch.store import analytics
from tests.analyze.builders import ev, pred
from tests.conftest import run_cli

DOCS = {"doc1": date(2026, 3, 1), "doc2": date(2026, 3, 13)}


def _events():
    return [
        ev("AGREE", "AAA", "BBB", "Aland and Bolt signed a strategic partnership treaty.",
           date_="2025-01"),
        ev("ASSAULT", "CCC", "BBB", "Carth bombed Bolt.", date_="2025-06-03"),
        ev("SUPPORT", "AAA", "BBB", "Aland stood by during the war.", date_="2025-06",
           negated=True),
        ev("LEADER_OUSTED", "CCC", "BBB", "Bolt's leader was killed in Carth strikes.",
           date_="2026-02-28", leader="Jan Bolt"),
        ev("AID", "AAA", "BBB", "Aland began sharing targeting information with Bolt.",
           doc="doc2"),
        ev("AID", "BBB", "AAA", "Bolt has supplied Aland with drones and $2 billion of arms.",
           doc="doc2"),
        ev("SUPPORT", "AAA", "DDD", "Aland offered the despot a home for exile but little else."),
        ev("LEADER_OUSTED", (), "DDD", "Dorn's regime collapsed <script>alert(1)</script>.",
           leader="Ed Dorn"),
        ev("AGREE", "AAA", "FFF", "Aland and Fenn signed a mutual defense pact."),
        ev("ASSAULT", "XXX", "YYY", "Xan attacked Yor.", date_="2025-02"),
    ]


@pytest.fixture
def db(tmp_path: Path) -> str:
    from allywatch.store import connect

    store = connect(f"sqlite:///{tmp_path / 'a.sqlite'}")
    docs = [{"id": k, "source": f"{k}.txt", "format": "text", "text": "x", "words": 1,
             "published": v, "title": f"Title {k}", "url": f"https://example.org/{k}"}
            for k, v in DOCS.items()]
    preds = [(pred("GGG", "LEADER_OUSTED", "The smart money is on Gord, amid rolling blackouts.",
                   doc="doc2", likelihood=0.7), DOCS["doc2"]),
             (pred("AAA", "LEADER_OUSTED", "Aland's fall one day is inevitable.",
                   likelihood=0.95), DOCS["doc1"])]
    analytics.bulk_insert(store, docs, _events(), preds)
    store.close()
    return str(tmp_path / "a.sqlite")


def test_sql_filters_load_only_what_the_analysis_needs(db: str) -> None:
    from allywatch.store import connect

    engine = connect(db).engine
    counts = analytics.tie_counts(engine, "AAA", ["AGREE", "AID", "SUPPORT"])
    assert counts["BBB"] == (4, date(2025, 1, 1), 2) and counts["FFF"] == (1, None, 1)
    samples = analytics.tie_samples(engine, "AAA", ["BBB"], ["AGREE", "AID", "SUPPORT"], 2)
    assert list(samples) == ["BBB"] and len(samples["BBB"]) == 2
    rel = analytics.reliability_events(
        engine, "AAA", ["BBB", "DDD", "FFF"], response_types=["AID", "SUPPORT"],
        verbal_types=["ACCUSE"], crisis_types=["ASSAULT", "LEADER_OUSTED"])
    sentences = {s.event.evidence.sentence for s in rel}
    assert "Xan attacked Yor." not in sentences  # not a partner's crisis
    assert "Carth bombed Bolt." in sentences
    assert len(analytics.pair_events(engine, "AAA", "BBB")) == 4
    since = analytics.actor_events(engine, "BBB", since=date(2026, 1, 1))
    assert all(s.event.date is None or s.event.date.end >= date(2026, 1, 1) for s in since)
    assert analytics.count_events(engine) == 10
    assert analytics.store_size(engine) > 0
    engine.dispose()


def test_python_api_returns_records_and_frames(db: str) -> None:
    aw = allywatch.open(db)
    report = aw.reliability("AAA")
    assert (report.n_material, report.n_crises) == (1, 3)
    frame = aw.frame(report)
    assert isinstance(frame, pd.DataFrame)
    assert set(frame["ally"]) == {"BBB", "DDD", "FFF"}
    assert frame.loc[frame["ally"] == "FFF", "summary"].tolist() == ["no crisis"]
    wl = aw.watchlist("AAA")
    assert wl.rows[0].actor == "GGG" and wl.patron_row is not None
    assert aw.flows("BBB", "AAA").counts()["BBB->AAA"] == 1
    assert isinstance(aw.graph(), nx.MultiDiGraph)
    tl = aw.timeline("BBB")
    assert len(tl.dated) == 4 and len(tl.undated) == 2
    events = aw.events_frame(actor="BBB")
    assert events.loc[0, "title"].startswith("Title") and "evidence" in events


def test_exports_and_report(db: str, tmp_path: Path) -> None:
    from allywatch.analyze.export import EVENT_COLUMNS, write_events
    from allywatch.analyze.graph import graph_to_json, write_graphml
    from allywatch.analyze.report import render_report

    aw = allywatch.open(db)
    frame = aw.events_frame()
    write_events(frame, tmp_path / "e.parquet", "parquet")
    write_events(frame, tmp_path / "e.csv", "csv")
    back = pd.read_parquet(tmp_path / "e.parquet")
    assert list(back.columns) == EVENT_COLUMNS and len(back) == 10
    assert bool(back["negated"].any())
    assert len(pd.read_csv(tmp_path / "e.csv")) == 10
    graph = aw.graph()
    write_graphml(graph, tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_edges() == graph.number_of_edges()
    assert json.dumps(graph_to_json(graph))
    html = render_report(aw, "AAA")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<svg" in html and "http://" not in html.split("<svg", 1)[0].lower().replace(
        "http://www.w3.org", "")
    assert "Leeds" in html and "1 of 3" in html


def _cli(*args: str):
    from typer.testing import CliRunner

    from allywatch.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_commands_json_and_tables(db: str, tmp_path: Path) -> None:
    out = _cli("reliability", "AAA", "--db", db, "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["n_crises"] == 3 and data["index"] == pytest.approx(1 / 3)
    table = _cli("reliability", "AAA", "--db", db)
    assert "Leeds" in table.stdout and "exile only" in table.stdout
    for args in (("flows", "AAA", "BBB"), ("watchlist", "AAA"), ("timeline", "BBB")):
        res = _cli(*args, "--db", db, "--json")
        assert res.exit_code == 0, res.output
        json.loads(res.stdout)
        assert _cli(*args, "--db", db).exit_code == 0
    for fmt in ("graphml", "json", "csv", "parquet"):
        res = _cli("export", str(tmp_path / f"g.{fmt}"), "--format", fmt, "--db", db)
        assert res.exit_code == 0 and (tmp_path / f"g.{fmt}").stat().st_size > 0
    bad = _cli("timeline", "BBB", "--since", "last year", "--db", db)
    assert bad.exit_code != 0 and "not a date" in bad.output


@pytest.mark.slow
def test_cli_report_in_a_subprocess_and_help_examples(db: str, tmp_path: Path) -> None:
    res = run_cli("report", "AAA", "--html", str(tmp_path / "r.html"), "--db", db)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    for cmd in ("reliability", "flows", "watchlist", "timeline", "export", "report"):
        assert "Example: allywatch " + cmd in _cli(cmd, "--help").stdout


def test_tie_counts_need_the_partner_on_the_other_side(tmp_path: Path) -> None:
    from allywatch.analyze.reliability import tie_stats
    from allywatch.store import connect

    store = connect(f"sqlite:///{tmp_path / 'b.sqlite'}")
    events = [ev("AID", "IRN", ("RUS", "UKR"), "Iran armed Russia for its war on Ukraine."),
              ev("AGREE", ("IRN", "RUS"), ("RUS", "IRN"), "Iran and Russia signed a pact.")]
    docs = [{"id": "doc1", "source": "x", "format": "text", "text": "x", "words": 1}]
    analytics.bulk_insert(store, docs, events)
    counts = analytics.tie_counts(store, "RUS", ["AID", "AGREE"])
    assert set(counts) == {"IRN"} == set(tie_stats("RUS", events))
    assert counts["IRN"][0] == tie_stats("RUS", events)["IRN"].n == 2


def test_events_round_trip_dates_and_amounts(tmp_path: Path) -> None:
    from dataclasses import replace

    from allywatch.store import connect
    from allywatch.types import Amount

    store = connect(f"sqlite:///{tmp_path / 'c.sqlite'}")
    base = ev("AID", "IRN", "RUS", "Iran sent $2.7 billion of missiles.", date_="2026-01")
    amount = Amount(2.7e9, "USD", "$2.7 billion")
    stored = replace(base, event=replace(base.event, amounts=(amount,)))
    docs = [{"id": "doc1", "source": "x", "format": "text", "text": "x", "words": 1}]
    analytics.bulk_insert(store, docs, [stored])
    for light in (False, True):
        (back,) = analytics.actor_events(store, "IRN", light=light)
        assert back.event.amounts == stored.event.amounts
        assert back.event.date == stored.event.date


def _edges(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, object]]:
    return {(u, v, k): {**a, "events": sorted(a["events"]), "types": sorted(a["types"])}
            for u, v, k, a in graph.edges(keys=True, data=True)}  # fmt: skip


def test_narrow_graph_read_builds_the_same_graph_as_full_records(db: str) -> None:
    """``Allywatch.graph`` reads EdgeFacts rows instead of full events; the graph must be the
    one ``alliance_graph`` builds from the stored records (weights, dates, event lists)."""
    from allywatch.analyze.graph import alliance_graph, graph_from_facts
    from allywatch.store import connect

    store = connect(db)
    try:
        full = analytics.load_events(store, analytics.all_event_ids())
        facts = analytics.graph_facts(store, analytics.all_event_ids())
        assert sorted(f.id for f in facts) == sorted(s.id for s in full)
        for since in (None, date(2025, 7, 1)):
            expected = alliance_graph(full, since=since)
            assert _edges(graph_from_facts(facts, since=since)) == _edges(expected)
        ego = allywatch.open(store).graph("BBB")
        assert set(ego.nodes) == {"AAA", "BBB", "CCC"}
        assert _edges(ego) == _edges(alliance_graph(analytics.actor_events(store, "BBB")))
    finally:
        store.close()


def test_loads_collect_publication_dates_in_the_same_read(db: str) -> None:
    from allywatch.store import connect

    store = connect(db)
    try:
        published: dict[str, date] = {}
        loaded = analytics.load_events(store, analytics.all_event_ids(), published=published)
        assert {e.doc_id for s in loaded for e in s.evidence} == set(DOCS)
        assert published == DOCS
        got: dict[str, date] = {}
        preds = analytics.predictions_with_dates(store, published=got)
        assert got == {"doc1": DOCS["doc1"], "doc2": DOCS["doc2"]}
        assert {p.subject: made for p, made in preds} == {"GGG": DOCS["doc2"],
                                                          "AAA": DOCS["doc1"]}
    finally:
        store.close()


@pytest.mark.parametrize("width", [80, 160])
def test_cli_tables_keep_sentences_readable_at_any_width(
    db: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sentence column folded into a strip a few characters wide is unreadable: on a
    narrow console each row becomes a block with its sentences on their own lines."""
    from rich.console import Console

    from allywatch.cli import analysis

    monkeypatch.setattr(analysis, "console", Console(width=width))
    out = _cli("reliability", "AAA", "--db", db)
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert all(len(line) <= width for line in lines)
    narrow = width < analysis.WIDE_ENOUGH
    assert any(line.startswith("ally: BBB · crisis: ") for line in lines) is narrow
    assert any("┃ ally" in line for line in lines) is not narrow
    if narrow:
        # the sentence runs on at most two lines: never folded word by word
        evidence = [line for line in lines if "“Aland stood by during the war.”" in line]
        assert evidence and evidence[0].startswith("    ")
    for args in (("flows", "AAA", "BBB"), ("watchlist", "AAA"), ("timeline", "BBB")):
        res = _cli(*args, "--db", db)
        assert res.exit_code == 0 and all(len(x) <= width for x in res.stdout.splitlines())
    flows = _cli("flows", "AAA", "BBB", "--db", db).stdout
    assert "targeting information" in " ".join(flows.split())
