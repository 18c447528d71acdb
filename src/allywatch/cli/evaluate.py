"""CLI commands: eval (thin wrapper over :mod:`allywatch.analyze.evaluate`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from allywatch.errors import AllywatchError


def _table(result: dict[str, Any]) -> str:
    lines = [f"{'category':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for cat in ("events", "quotes", "predictions"):
        r = result[cat]
        lines.append(
            f"{cat:<12} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} "
            f"{r['tp']:>4} {r['fp']:>4} {r['fn']:>4}"
        )
    d = result["event_dates"]
    lines.append(f"{'event dates':<12} accuracy {d['accuracy']:.3f} on {d['n']} matched events")
    by_type = result.get("quotes_by_speaker_type")
    if by_type:
        lines.append(f"quotes by speaker type (speaker precision "
                     f"{by_type['speaker_precision']:.3f} on {by_type['text_matched']} quotes "
                     f"whose text matched):")  # fmt: skip
        for kind, c in by_type["by_type"].items():
            lines.append(f"  {kind:<13} gold {c['gold']:>3}  found {c['tp']:>3}  wrong speaker "
                         f"{c['wrong_speaker']:>3}  predicted {c['predicted']:>3}")  # fmt: skip
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("eval")
    def eval_command(
        gold: Annotated[Path, typer.Argument(help="Gold file (ours, or PLOVER GSR).")],
        docs_dir: Annotated[
            Path | None, typer.Option("--docs-dir", help="Gold documents (default: beside it).")
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", help="Gold format: allywatch or plover-gsr.")
        ] = "allywatch",
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    ) -> None:
        """Score extraction against a gold file.

        Example: allywatch eval ../shared/corpus/gold.json --json
        Example: allywatch eval --format plover-gsr PLOVER_GSR_dev.json
        """
        from allywatch.analyze.evaluate import evaluate_gold, evaluate_plover

        try:
            if fmt == "plover-gsr":
                result = evaluate_plover(gold)
            elif fmt == "allywatch":
                result = evaluate_gold(gold, docs_dir=docs_dir)
            else:
                raise typer.BadParameter(f"unknown format {fmt!r} (allywatch or plover-gsr)")
        except AllywatchError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        if as_json:
            typer.echo(json.dumps(result, indent=2))
        elif fmt == "plover-gsr":
            typer.echo(
                f"n={result['n']}  event type {result['event_type']['accuracy']:.3f}  "
                f"source {result['source']['accuracy']:.3f}  "
                f"target {result['target']['accuracy']:.3f}"
            )
        else:
            typer.echo(_table(result))
