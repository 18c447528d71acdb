"""CLI commands: events (list stored events with the sentence each rests on)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from allywatch.errors import AllywatchError
from allywatch.types import StoredEvent


def _as_dict(item: StoredEvent) -> dict[str, object]:
    ev = item.event
    return {
        "id": item.id,
        "type": ev.type,
        "mode": ev.mode,
        "source": list(ev.source) or list(ev.source_text),
        "target": list(ev.target) or list(ev.target_text),
        "negated": ev.negated,
        "modality": ev.modality,
        "date": ev.date.value if ev.date else None,
        "leader": ev.leader,
        "detail": ev.detail,
        "amounts": [{"value": a.value, "unit": a.unit, "text": a.text} for a in ev.amounts],
        "confidence": ev.confidence,
        "evidence": [
            {"doc_id": e.doc_id, "start": e.start, "end": e.end, "sentence": e.sentence}
            for e in item.evidence
        ],
    }


def _line(item: StoredEvent) -> str:
    ev = item.event
    src = ",".join(ev.source or ev.source_text) or "?"
    tgt = ",".join(ev.target or ev.target_text) or "?"
    flags = " NOT" if ev.negated else ""
    flags += f" [{ev.modality}]" if ev.modality != "asserted" else ""
    when = ev.date.value if ev.date else "undated"
    head = f"{ev.type}{flags} {src} -> {tgt} ({ev.mode or '-'}; {when})"
    if ev.leader:
        head += f" leader={ev.leader}"
    sentences = "\n".join(
        f"    “{e.sentence.strip()}” [{e.doc_id}:{e.start}-{e.end}]" for e in item.evidence
    )
    return f"{head}\n{sentences}"


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("events")
    def events_command(
        actor: Annotated[str | None, typer.Option("--actor", help="Actor id (RUS).")] = None,
        type_: Annotated[str | None, typer.Option("--type", help="PLOVER type (AID...).")] = None,
        since: Annotated[str | None, typer.Option("--since", help="Dated on/after.")] = None,
        negated: Annotated[bool, typer.Option("--negated", help="Only withheld.")] = False,
        doc: Annotated[str | None, typer.Option("--doc", help="Document id.")] = None,
        db: Annotated[str | None, typer.Option("--db", help="Database URL or path.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """List stored events, each with the sentence it rests on.

        Example: allywatch events --actor RUS --type AID --negated
        """
        from allywatch.store import connect, repository

        try:
            since_date = date.fromisoformat(since) if since else None
        except ValueError as exc:
            raise typer.BadParameter(f"--since: not an ISO date: {since!r}") from exc
        try:
            store = connect(db)
            items = repository.query_events(
                store, actor=actor, type=type_.upper() if type_ else None, since=since_date,
                negated=True if negated else None, doc_id=doc,
            )  # fmt: skip
        except AllywatchError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        if as_json:
            typer.echo(json.dumps([_as_dict(i) for i in items], indent=2, ensure_ascii=False))
            return
        if not items:
            typer.echo("no events match")
        for item in items:
            typer.echo(_line(item))
