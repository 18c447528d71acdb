"""docs/cli.md is generated from the CLI and must match it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _reference_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cli_reference", ROOT / "scripts" / "cli_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("cli_reference", module)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    module = _reference_module()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == module.render(), (
        "docs/cli.md is stale: run python scripts/cli_reference.py --write"
    )


def test_cli_reference_lists_every_command_with_its_options() -> None:
    text = _reference_module().render()
    for command in ("ingest", "documents", "show", "events", "reliability", "flows", "watchlist",
                    "timeline", "export", "report", "eval", "serve", "quotes", "predictions",
                    "ledger", "resolve", "actors"):  # fmt: skip
        assert f"## `allywatch {command}`" in text
    assert "`--db`" in text and "`--json`" in text
