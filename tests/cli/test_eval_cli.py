"""``allywatch eval`` with several gold files, ``--folds``, ``--backend`` and ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allywatch.cli import app

DOCS = [
    ("Ruritania sent artillery shells to Freedonia in March.", "AID"),
    ("Freedonia signed a trade pact with Ruritania.", "AGREE"),
    ("Ruritanian jets bombed a depot inside Freedonia.", "ASSAULT"),
    ("Freedonia expelled the Ruritanian ambassador.", "SANCTION"),
]


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    documents = []
    for i, (sentence, type_) in enumerate(DOCS):
        (tmp_path / f"d{i}.txt").write_text(sentence + "\n", encoding="utf-8")
        event = {"type": type_, "source": ["RUR"], "target": ["FRE"], "evidence": sentence}
        documents.append({"document": f"d{i}.txt", "events": [event]})
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"documents": documents}), encoding="utf-8")
    return path


@pytest.mark.slow
def test_eval_cli_folds_json(gold: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(gold), "--folds", "2", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["k"], out["seed"], out["backend"], out["documents"]) == (2, 3, "rules", 4)
    assert [f["documents"] for f in out["folds"]] == [2, 2]
    assert sorted(s for f in out["folds"] for s in f["sources"]) == sorted(
        f"{gold}#d{i}.txt" for i in range(4))  # fmt: skip
    pooled = out["pooled"]
    assert {"events", "events_lenient", "event_dates", "quotes", "predictions", "confusion"} <= set(
        pooled)  # fmt: skip
    assert pooled["events"]["tp"] + pooled["events"]["fn"] == 4
    assert out["summary"]["events.f1"]["folds"] == 2
    assert out["files"] == [{"path": str(gold), "format": "allywatch", "documents": 4,
                             "left_out": 0, "left_out_reasons": {}}]  # fmt: skip


@pytest.mark.slow
def test_eval_cli_folds_table_and_union(gold: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(gold), str(gold), "--folds", "2"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "2-fold cross-validation by document (seed 0), events backend 'rules'" in text
    assert "4 documents listed twice were scored once" in text
    for row in ("fold 1", "fold 2", "mean", "sd", "pooled", "confusion"):
        assert row in text


def test_eval_cli_unknown_backend_names_the_known_ones(gold: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(gold), "--backend", "nope"])
    assert result.exit_code == 2
    assert "unknown events backend 'nope' (known: rules" in result.output


def test_eval_cli_train_extra_needs_folds(gold: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(gold), "--train-extra", str(gold)])
    assert result.exit_code == 2
    assert "--train-extra trains the backend per fold: give --folds too" in result.output
