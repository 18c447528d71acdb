"""CLI commands: quotes, predictions, resolve, ledger (thin wrappers over the store and
``analyze.ledger``)."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from allywatch.errors import AllywatchError

__all__ = ["register"]

DB_HELP = "Database URL (sqlite:///path or postgresql+psycopg://...); default: user data dir."
DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
SHORT_ID = 10

out = Console(highlight=False, width=160)
err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _open(db: str | None) -> Any:
    from allywatch.store import connect  # type: ignore[attr-defined,unused-ignore]

    try:
        return connect(db)
    except AllywatchError as exc:
        raise _fail(str(exc)) from exc


def _json(value: object) -> None:
    def default(v: object) -> object:
        if isinstance(v, date):
            return v.isoformat()
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return dataclasses.asdict(v)
        raise TypeError(f"not JSON serialisable: {type(v).__name__}")

    sys.stdout.write(json.dumps(value, default=default, ensure_ascii=False, indent=2) + "\n")


def quotes(
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Person id, name, or words of a description.")
    ] = None,
    about: Annotated[
        str | None, typer.Option("--about", help="Only quotes that mention this actor id.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 200,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Attributed quotes, with speaker, affiliation and evidence.

    Example: allywatch quotes --speaker "Julian G. Waller" --about RUS --db sqlite:///demo.sqlite
    """
    from allywatch.extract.speakers import person_slug
    from allywatch.store import repository  # type: ignore[attr-defined,unused-ignore]

    with _open(db) as store:
        try:
            found = repository.query_quotes(store, speaker=speaker, limit=None)
            if speaker and not found:
                found = repository.query_quotes(store, speaker=person_slug(speaker), limit=None)
            if about:
                found = _about(store, repository, found, about)
        except AllywatchError as exc:
            raise _fail(str(exc)) from exc
    found = found[:limit]
    if as_json:
        _json([dataclasses.asdict(q) | {"id": q.key} for q in found])
        return
    table = Table("speaker", "type", "affiliation", "cue", "quote", "doc", show_lines=False)
    for q in found:
        who = "; ".join([q.speaker_text or q.speaker or "?", *q.co_speakers])
        table.add_row(escape(who), q.speaker_type, escape(q.affiliation or ""), q.cue,
                      escape(q.text), q.evidence.doc_id[:SHORT_ID])  # fmt: skip
    out.print(table)
    out.print(f"{len(found)} quote(s)")


def _about(store: Any, repository: Any, found: list[Any], actor: str) -> list[Any]:
    """Quotes whose sentence mentions ``actor`` (as itself or as the state a mention counts as)."""
    by_doc: dict[str, list[Any]] = {}
    kept = []
    for q in found:
        doc_id = q.evidence.doc_id
        if doc_id not in by_doc:
            by_doc[doc_id] = repository.list_mentions(store, doc_id)
        if any(
            (m.actor_id == actor or m.state == actor)
            and q.evidence.start <= m.start < q.evidence.end
            for m in by_doc[doc_id]
        ):
            kept.append(q)
    return kept


def predictions(
    status: Annotated[
        str | None, typer.Option("--status", help="open, came_true or failed.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stored predictions with predictor, subject, outcome, deadline, likelihood, status.

    Example: allywatch predictions --status open --db sqlite:///demo.sqlite
    """
    from allywatch.store import ledger as sql

    with _open(db) as store:
        try:
            rows = sql.ledger_rows(store, status=status)
        except AllywatchError as exc:
            raise _fail(str(exc)) from exc
    if as_json:
        _json([dataclasses.asdict(r) for r in rows])
        return
    table = Table("id", "predictor", "subject", "outcome", "deadline", "p", "status", "claim")
    for r in rows:
        likelihood = f"{r.likelihood:.2f} ({r.likelihood_text})" if r.likelihood is not None else ""
        table.add_row(r.id[:SHORT_ID], escape(r.predictor), r.subject or "", escape(r.outcome),
                      str(r.deadline or ""), likelihood, r.status,
                      escape(r.claim[:120]))  # fmt: skip
    out.print(table)
    out.print(f"{len(rows)} prediction(s)")


def resolve(
    prediction: Annotated[str, typer.Argument(help="Prediction id (or a unique prefix).")],
    came_true: Annotated[
        bool | None, typer.Option("--true/--false", help="Did the predicted outcome happen?")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Why (source, date).")] = "",
    db: DbOption = None,
) -> None:
    """Resolve a prediction by hand.

    Example: allywatch resolve 3f2a9c1b --true --note "Regime fell 2027-05-01 (Reuters)"
    """
    from allywatch.analyze.ledger import resolve_manually

    if came_true is None:
        raise _fail("say --true or --false")
    if not note.strip():
        raise _fail("a manual resolution needs --note TEXT")
    with _open(db) as store:
        try:
            done = resolve_manually(store, prediction, came_true, note)
        except AllywatchError as exc:
            raise _fail(str(exc)) from exc
    out.print(f"prediction {done.prediction_id}: {done.status} ({escape(done.note)})")


def ledger(
    auto: Annotated[
        bool, typer.Option("--resolve/--no-resolve", help="First resolve against stored events.")
    ] = True,
    today: Annotated[
        str | None, typer.Option("--today", help="Date to judge deadlines by (YYYY-MM-DD).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The prediction ledger: statuses and Brier scores per predictor and per outlet.

    Example: allywatch ledger --db sqlite:///demo.sqlite --json
    """
    from allywatch.analyze.ledger import brier_scores, resolve_predictions

    try:
        when = date.fromisoformat(today) if today else None
    except ValueError as exc:
        raise _fail(f"--today {today!r}: not a YYYY-MM-DD date") from exc
    with _open(db) as store:
        try:
            changed = resolve_predictions(store, today=when) if auto else []
            summary = brier_scores(store)
        except AllywatchError as exc:
            raise _fail(str(exc)) from exc
    if as_json:
        _json(summary.as_dict() | {"resolved_now": [dataclasses.asdict(c) for c in changed]})
        return
    for c in changed:
        out.print(f"resolved {c.prediction_id[:SHORT_ID]}: {c.status} ({escape(c.note)})")
    for title, scores in (("predictor", summary.by_predictor), ("outlet", summary.by_outlet)):
        table = Table(title, "predictions", "open", "resolved", "came true", "scored",
                      "unscored", "Brier", "hit rate", title=f"By {title}")  # fmt: skip
        for s in scores:
            table.add_row(escape(s.source), str(s.predictions), str(s.open), str(s.resolved),
                          str(s.came_true), str(s.scored), str(s.unscored),
                          "" if s.brier is None else f"{s.brier:.3f}",
                          "" if s.hit_rate is None else f"{s.hit_rate:.2f}")  # fmt: skip
        out.print(table)
    out.print(summary.policy)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("quotes")(quotes)
    app.command("predictions")(predictions)
    app.command("resolve")(resolve)
    app.command("ledger")(ledger)
