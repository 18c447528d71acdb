"""CLI commands: eval (thin wrapper over :mod:`allywatch.analyze.evaluate` and
:mod:`allywatch.analyze.folds`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from allywatch.errors import AllywatchError

_FORMATS = ("allywatch", "plover-gsr", "petrarch-xml", "auto")


def _table(result: Mapping[str, Any]) -> str:
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


def _plover_line(result: Mapping[str, Any]) -> str:
    return (
        f"n={result['n']}  event type {result['event_type']['accuracy']:.3f}  "
        f"source {result['source']['accuracy']:.3f}  "
        f"target {result['target']['accuracy']:.3f}"
    )


_COLUMNS = (
    ("events", "precision", "P"), ("events", "recall", "R"), ("events", "f1", "F1"),
    ("events_lenient", "precision", "lenP"), ("events_lenient", "recall", "lenR"),
    ("events_lenient", "f1", "lenF1"), ("event_dates", "accuracy", "dates"),
    ("quotes", "f1", "quoF1"), ("predictions", "f1", "preF1"),
)  # fmt: skip
_PLOVER_COLUMNS = (
    ("plover.event_type", "accuracy", "type"), ("plover.source", "accuracy", "src"),
    ("plover.target", "accuracy", "tgt"),
)  # fmt: skip


def _get(scores: Mapping[str, Any], path: str, key: str) -> float | None:
    if path == "event_dates" and not scores.get("event_dates", {}).get("n"):
        return None  # no matched event: undefined, not 0
    node: Any = scores
    for part in path.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    value = node.get(key) if isinstance(node, Mapping) else None
    return None if value is None else float(value)


def _cells(values: list[float | None]) -> str:
    return " ".join(f"{'-':>6}" if v is None else f"{v:>6.3f}" for v in values)


def _folds_report(result: Mapping[str, Any]) -> str:
    """Per-fold figures, mean and spread, pooled figures and the confusion table."""
    columns = list(_COLUMNS)
    if "plover" in result["pooled"]:
        columns += _PLOVER_COLUMNS
    k = result["k"]
    lines = []
    if k:
        lines.append(f"{k}-fold cross-validation by document (seed {result['seed']}), "
                     f"events backend {result['backend']!r}: {result['documents']} documents, "
                     f"+{result['train_extra']} extra training documents per fold")  # fmt: skip
    else:
        lines.append(f"events backend {result['backend']!r} on {result['documents']} "
                     "documents (no folds: in-sample for a trained backend)")  # fmt: skip
    for f in result["files"]:
        left = f" ({f['left_out']} gold entries left out)" if f["left_out"] else ""
        lines.append(f"  {f['path']}  [{f['format']}]  {f['documents']} documents{left}")
    if result.get("repeats"):
        lines.append(f"  {result['repeats']} documents listed twice were scored once")
    header = f"{'':<8}{'docs':>5} " + " ".join(f"{c[2]:>6}" for c in columns)
    lines += ["", header]
    for i, fold in enumerate(result.get("folds", []), start=1):
        values = [_get(fold, path, key) for path, key, _ in columns]
        lines.append(f"{'fold ' + str(i):<8}{fold['documents']:>5} {_cells(values)}")
    summary = result.get("summary", {})
    for stat in ("mean", "sd"):
        if summary:
            values = [summary.get(f"{p}.{key}", {}).get(stat) for p, key, _ in columns]
            lines.append(f"{stat:<8}{'':>5} {_cells(values)}")
    pooled = result["pooled"]
    values = [_get(pooled, path, key) for path, key, _ in columns]
    lines.append(f"{'pooled':<8}{pooled['documents']:>5} {_cells(values)}")
    strict, lenient = pooled["events"], pooled["events_lenient"]
    lines.append(f"pooled events: strict tp {strict['tp']} fp {strict['fp']} fn {strict['fn']}; "
                 f"lenient tp {lenient['tp']} fp {lenient['fp']} fn {lenient['fn']}")  # fmt: skip
    lines += ["", "confusion on sentence-matched events (gold -> predicted; (none): missed "
              "in the column, spurious in the row):"]  # fmt: skip
    for gold, predicted in pooled["confusion"].items():
        cells = ", ".join(f"{name} {n}" for name, n in sorted(predicted.items(),
                                                              key=lambda kv: -kv[1]))  # fmt: skip
        lines.append(f"  {gold:<20} {cells}")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("eval")
    def eval_command(
        gold: Annotated[
            list[Path], typer.Argument(help="Gold files (ours, PLOVER GSR, PETRARCH XML).")
        ],
        docs_dir: Annotated[
            Path | None, typer.Option("--docs-dir", help="Gold documents (default: beside it).")
        ] = None,
        fmt: Annotated[
            str,
            typer.Option(
                "--format",
                help="Gold format: allywatch, plover-gsr, petrarch-xml or auto (per file).",
            ),
        ] = "allywatch",
        folds: Annotated[
            int, typer.Option("--folds", help="Cross-validate by document over K folds.")
        ] = 0,
        seed: Annotated[int, typer.Option("--seed", help="Seed of the fold split.")] = 0,
        train_extra: Annotated[
            list[Path] | None,
            typer.Option(
                "--train-extra", help="Extra training gold (any format; with --folds; not scored)."
            ),
        ] = None,
        backend: Annotated[
            str | None,
            typer.Option("--backend", help="Events backend (default: the events_backend setting)."),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    ) -> None:
        """Score extraction against gold files, optionally by cross-validation.

        Example: allywatch eval ../shared/corpus/gold.json --json
        Example: allywatch eval --format plover-gsr PLOVER_GSR_dev.json
        Example: allywatch eval dev/gold.json gold.json examples/gold.json --folds 5
        """
        if fmt not in _FORMATS:
            raise typer.BadParameter(f"unknown format {fmt!r} ({', '.join(_FORMATS)})")
        plain = (len(gold) == 1 and not folds and not train_extra and backend is None
                 and fmt in ("allywatch", "plover-gsr"))  # fmt: skip
        try:
            if plain:
                result = _plain(gold[0], fmt, docs_dir)
            else:
                from allywatch.analyze.folds import evaluate_files

                result = evaluate_files(gold, fmt=None if fmt == "auto" else fmt, folds=folds,
                                        seed=seed, train_extra=train_extra or [],
                                        docs_dir=docs_dir, backend=backend)  # fmt: skip
        except AllywatchError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        if as_json:
            typer.echo(json.dumps(result, indent=2))
        elif plain and fmt == "plover-gsr":
            typer.echo(_plover_line(result))
        elif plain:
            typer.echo(_table(result))
        else:
            typer.echo(_folds_report(result))


def _plain(gold: Path, fmt: str, docs_dir: Path | None) -> dict[str, Any]:
    """One gold file, no folds: the scores as ``allywatch eval`` has always printed them."""
    from allywatch.analyze.evaluate import evaluate_gold, evaluate_plover

    if fmt == "plover-gsr":
        return evaluate_plover(gold)
    return evaluate_gold(gold, docs_dir=docs_dir)
