"""CLI commands: actors."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from allywatch.errors import AllywatchError

_COLUMNS = ("actor_id", "name", "kind", "state", "mentions", "documents")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("actors")(actors)


def actors(
    kind: Annotated[
        str | None, typer.Option("--kind", help="state, person or org (orgs include IGOs).")
    ] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document id.")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database URL or SQLite path.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show (0: all).")] = 50,
    catalog_files: Annotated[
        list[str] | None,
        typer.Option("--catalog", help="Extra catalog file (YAML/CSV) for actor names."),
    ] = None,
) -> None:
    """Actors mentioned in the stored documents, with mention counts.

    Example: allywatch actors --kind state --limit 10
    """
    from allywatch.config import get_settings
    from allywatch.nlp.catalog import Catalog
    from allywatch.store import connect
    from allywatch.store.actors import KIND_GROUPS, count_mentions

    if kind is not None and kind not in KIND_GROUPS:
        raise typer.BadParameter(f"choose one of {', '.join(KIND_GROUPS)}", param_hint="--kind")
    try:
        catalog = Catalog.load([*get_settings().catalog_paths, *(catalog_files or [])])
        with connect(db) as store:
            rows = count_mentions(store, kind=kind, doc_id=doc)
    except AllywatchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if limit:
        rows = rows[:limit]
    records: list[dict[str, object]] = []
    for row in rows:
        actor = catalog.get(row.actor_id) if row.actor_id else None
        records.append(
            {
                "actor_id": row.actor_id,
                "name": actor.name if actor else row.text,
                "kind": row.kind,
                "state": row.state,
                "mentions": row.mentions,
                "documents": row.documents,
            }
        )
    if as_json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*_COLUMNS)
    for r in records:
        table.add_row(*("" if r[k] is None else str(r[k]) for k in _COLUMNS))
    Console().print(table)
