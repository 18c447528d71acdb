"""Gold loaders: our format, PLOVER GSR records and PETRARCH-2 unit-test records, all as
GoldExamples with events in the allywatch layout (CONTRACT.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allywatch.analyze.gold_examples import detect_format, load_gold_examples, read_gold
from allywatch.analyze.gold_peer import cameo_to_plover, toy_catalog
from allywatch.errors import EvaluationError

from ..conftest import shared_path


@pytest.mark.parametrize(
    ("code", "plover"),
    [
        ("064", "COOPERATE"),  # share intelligence
        ("0874", "RETREAT"),  # exact entry
        ("0831", "CONCEDE"),
        ("084", "RETREAT"),  # root 08 splits into CONCEDE and RETREAT
        ("1712", "ASSAULT"),  # an exception inside COERCE's block
        ("163", "COERCE"),  # embargo: COERCE although root 16 is SANCTION
        ("174L", "COERCE"),  # a suffix the table does not list: its prefix 174
        ("1717", "COERCE"),  # no 1717 entry: longest prefix 171
        ("023", None),  # the table has no 01/02 codes
        ("010", None),
        ("903", None),  # synthetic test code
        ("345", None),
        ("", None),
    ],
)
def test_cameo_to_plover_longest_prefix(code: str, plover: str | None) -> None:
    found = cameo_to_plover(code)
    assert (found.type if found else None) == plover


def test_detect_format(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"documents": []}', encoding="utf-8")
    (tmp_path / "b.json").write_text("  [{}]", encoding="utf-8")
    (tmp_path / "c.xml").write_text("<Validation/>", encoding="utf-8")
    (tmp_path / "d.txt").write_text("hello", encoding="utf-8")
    assert [detect_format(tmp_path / n) for n in ("a.json", "b.json", "c.xml")] == [
        "allywatch", "plover-gsr", "petrarch-xml"]  # fmt: skip
    with pytest.raises(EvaluationError, match=r"d\.txt: not a gold file"):
        detect_format(tmp_path / "d.txt")
    with pytest.raises(EvaluationError, match="unknown gold format 'csv'"):
        read_gold(tmp_path / "a.json", "csv")


@pytest.mark.slow
def test_allywatch_gold_examples(tmp_path: Path) -> None:
    text = "Ruritania sent tanks to Freedonia on 3 March 2024.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    gold = {"documents": [{"document": "a.txt", "published": "2024-05-02", "events": [
        {"type": "AID", "source": ["RUR"], "target": ["FRE"], "evidence": text.strip()}]}]}
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (example,) = load_gold_examples(tmp_path / "gold.json", "allywatch")
    assert example.document.text.strip() == text.strip()
    assert example.document.published is not None
    assert example.document.published.isoformat() == "2024-05-02"
    assert example.source.endswith("gold.json#a.txt")
    assert [s.text for s in example.sdoc.sents] == [text.strip()]
    assert [d.value for d in example.dates] == ["2024-03-03"]
    assert example.gold["events"][0]["type"] == "AID" and example.catalog is None


@pytest.mark.slow
@pytest.mark.shared
def test_plover_gsr_gold_examples() -> None:
    path = shared_path("peer-data", "plover-gsr", "PLOVER_GSR_dev.json")
    gold = read_gold(path, "plover-gsr")
    records = sum(len(ex.gold["plover"]) for ex in gold.examples)
    assert records == 161 and len(gold.examples) == 160  # two records code one sentence
    types = {e["type"] for ex in gold.examples for e in ex.gold["events"]}
    assert not types & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT"}  # 0.5b1 -> 2.0
    assert {"REQUEST", "ACCUSE", "ASSAULT"} <= types
    (two,) = [ex for ex in gold.examples if len(ex.gold["events"]) == 2]
    assert {e["type"] for e in two.gold["events"]} == {"AID", "REJECT"}
    for ex in gold.examples:
        assert ex.gold["scored"] == ["events"]
        assert all(e["evidence"] == ex.document.text for e in ex.gold["events"])
    first = "PLOVER-GSR01-AGREE-0001"
    reciprocal = next(ex for ex in gold.examples if ex.gold["plover"][0]["id"] == first)
    (event,) = reciprocal.gold["events"]
    assert event["source"] == event["target"] == ["HUN", "ROU"]  # SRC/TAR: each the other's


@pytest.mark.slow
@pytest.mark.shared
def test_petrarch_gold_examples() -> None:
    path = shared_path("peer-data", "petrarch2-unittest", "PETR.UnitTest.records.xml")
    gold = read_gold(path, "petrarch-xml")
    by_id = {ex.gold["document"]: ex for ex in gold.examples}
    demo = by_id["DEMO-00"]
    assert [(e["type"], e["source"], e["target"]) for e in demo.gold["events"]] == [
        ("COOPERATE", ["ARN"], ["GON"])]  # fmt: skip
    assert {(m.text, m.actor_id) for m in demo.mentions} >= {("Arnor", "ARN"), ("Gondor", "GON")}
    assert demo.catalog is not None and demo.catalog.get("ARN") is not None
    assert demo.document.published is not None and demo.document.published.year == 1995
    # real actors the toy dictionary codes its own way are our ids, in the gold too
    eu = by_id["COMPOUND-38"]
    assert {a for e in eu.gold["events"] for a in e["source"]} == {"PHL", "EU"}
    # null codings are documents that state no event
    nulls = [ex for ex in gold.examples if not ex.gold["events"]]
    assert len(nulls) >= 19
    # what the table cannot map is left out, with the reason
    reasons = {reason for _, reason in gold.skipped}
    assert any("'023'" in r and "no CAMEO->PLOVER mapping" in r for r in reasons)
    assert any("bad_input_parse" in r for r in reasons)
    left_out = {where.rsplit("#", 1)[1] for where, _ in gold.skipped}
    for sid in left_out & set(by_id):  # a kept sentence lost only unmappable codings
        assert by_id[sid].gold["events"]
    # the toy actors exist for these documents only
    from allywatch.nlp import default_catalog

    assert default_catalog().lookup("Arnor") is None


@pytest.mark.shared
def test_toy_catalog_translates_codes_of_known_actors() -> None:
    from allywatch.nlp import default_catalog

    actors = shared_path("peer-data", "petrarch2-unittest", "PETR.Validate.actors.txt")
    toys = toy_catalog(actors, default_catalog())
    assert toys.gold_id("ARNGOV") == "ARN" and "ARN" in toys.toy_ids
    assert toys.gold_id("IGOEEU") == "EU"  # EUROPEAN_UNION [IGOEEU]
    assert toys.gold_id("UAR") == "EGY"  # EGYPT [UAR]
    assert toys.gold_id("JAP") == "JPN"
    assert toys.gold_id("USAGOV") == "USA"  # our own id stays ours
    assert toys.gold_id("---GOV") is None and toys.gold_id("###") is None
    names = {a["name"] for a in toys.data["actors"]}
    assert {"Arnor", "Gondor", "Minas Tirith"} & names == {"Arnor", "Gondor"}
    gondor = next(a for a in toys.data["actors"] if a["id"] == "GON")
    assert "Minas Tirith" in gondor["aliases"]
