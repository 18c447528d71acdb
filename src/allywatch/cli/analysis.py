"""CLI commands: reliability, flows, watchlist, timeline, export, report."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from allywatch.errors import AllywatchError

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database path or URL (default: the settings').")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="Only from this day on (YYYY-MM-DD).")
]


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)",
                                 param_hint=option) from exc  # fmt: skip


def _open(db: str | None) -> Any:
    from allywatch.analyze.api import open_db

    return open_db(db)


def _fail(exc: AllywatchError) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {exc}")
    return typer.Exit(1)


def _cite(evidence: Any, limit: int = 2) -> str:
    parts = [f"“{e.sentence.strip()}” [{e.doc_id[:8]}:{e.start}]" for e in list(evidence)[:limit]]
    more = len(list(evidence)) - limit
    return "\n".join(parts) + (f"\n(+{more} more)" if more > 0 else "")


#: Below this many columns a table with a sentence column is unreadable (rich folds each
#: sentence into a strip a few characters wide), so rows are printed as blocks instead.
WIDE_ENOUGH = 120


def _render(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table whose last column is evidence; on a narrow console, one block per row:
    the other cells as ``header: value`` on one line, the evidence indented below it."""
    if console.width >= WIDE_ENOUGH:
        table = Table(title=title)
        for col in headers:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    console.print(f"[bold]{escape(title)}[/bold]")
    if not rows:
        console.print("  (none)")
    for row in rows:
        cells = [f"{h}: {v}" for h, v in zip(headers[:-1], row[:-1], strict=True)]
        console.print(escape(" · ".join(cells)))
        for line in row[-1].splitlines():
            console.print(f"    {escape(line)}")


def reliability_cmd(
    patron: Annotated[str, typer.Argument(help="Patron actor id, e.g. RUS.")],
    since: SinceOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """What PATRON delivered when its allies faced crises, and how often.

    Example: allywatch reliability RUS --since 2024-01-01
    """
    from allywatch.analyze.export import dumps

    try:
        report = _open(db).reliability(patron, since=_day(since, "--since"))
    except AllywatchError as exc:
        raise _fail(exc) from exc
    if as_json:
        print(dumps(report))
        return
    rows = []
    for ally in report.allies:
        for c in ally.crises:
            when = f"{c.start}..{c.end}" if c.start else "date unknown"
            what = ", ".join(c.kinds) + (f" ({', '.join(c.leaders)})" if c.leaders else "")
            rows.append((ally.ally, what, when, c.summary,
                         ", ".join(c.withheld_categories) or "-",
                         _cite([*c.evidence, *(e for r in (*c.delivered, *c.withheld)
                                               for e in r.evidence)], 3)))  # fmt: skip
    _render(
        f"Reliability of {patron}: allies in crisis and what {patron} delivered",
        ("ally", "crisis", "when", "delivered", "withheld", "evidence"),
        rows,
    )
    calm = [a.ally for a in report.allies if not a.crises]
    if calm:
        console.print(f"Allies with no crisis on record: {', '.join(calm)}")
    if report.index is None:
        console.print("No crisis of an ally on record: no reliability index.")
    else:
        console.print(
            f"Reliability index: {report.n_material} of {report.n_crises} crises with material "
            f"support (troops, arms or intelligence) = {report.index:.0%}. Historical base "
            f"rate: {report.base_rate:.0%} — {report.base_rate_source}."
        )


def flows_cmd(
    a: Annotated[str, typer.Argument(help="First actor id, e.g. IRN.")],
    b: Annotated[str, typer.Argument(help="Second actor id, e.g. RUS.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """What flows each way between A and B, by category, with amounts and evidence.

    Example: allywatch flows IRN RUS --json
    """
    from allywatch.analyze.export import dumps

    try:
        report = _open(db).flows(a, b)
    except AllywatchError as exc:
        raise _fail(exc) from exc
    if as_json:
        print(json.dumps({"a": a, "b": b, "counts": report.counts(),
                          "directions": json.loads(dumps(report.directions())),
                          "withheld": json.loads(dumps(report.withheld()))},
                         indent=2, ensure_ascii=False))  # fmt: skip
        return
    for direction, cats in report.directions().items():
        rows = []
        for cat, items in sorted(cats.items()):
            for f in items:
                what = " — ".join(x for x in (f.mode or f.type, f.detail) if x)
                if f.purchase:
                    what += " (purchase)"
                rows.append((cat, what, "; ".join(x.text for x in f.amounts) or "-",
                             f.date or "?", _cite(f.evidence, 1)))  # fmt: skip
        _render(direction, ("category", "what", "amounts", "date", "evidence"), rows)
    for f in report.withheld():
        console.print(f"withheld {f.direction} {f.category}: {_cite(f.evidence, 1)}")


def watchlist_cmd(
    patron: Annotated[str, typer.Argument(help="Patron actor id, e.g. RUS.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Allies of PATRON ranked by risk of falling next, each with its sentences.

    Example: allywatch watchlist RUS
    """
    from allywatch.analyze.export import dumps

    try:
        wl = _open(db).watchlist(patron)
    except AllywatchError as exc:
        raise _fail(exc) from exc
    if as_json:
        print(dumps(wl))
        return
    ranked = [*((str(i), r) for i, r in enumerate(wl.rows, 1)),
            *(("fallen", r) for r in wl.fallen),
            *((("patron", wl.patron_row),) if wl.patron_row else ())]  # fmt: skip
    rows = [(rank, r.actor, f"{r.score:.1f}", f"{r.prediction_term:.2f}",
             f"{r.signal_term:.2f}", f"{r.recency_term:.2f}",
             ", ".join(r.signal_categories) or "-",
             _cite([*(p.evidence for p in r.predictions),
                    *(s.evidence for s in r.signals)], 2))
            for rank, r in ranked]  # fmt: skip
    _render(
        f"Watchlist of {patron} (risk = 100 × (0.6 P + 0.3 S + 0.1 R))",
        ("rank", "actor", "risk", "P", "S", "R", "signals", "evidence"),
        rows,
    )


def timeline_cmd(
    actor: Annotated[str, typer.Argument(help="Actor id, e.g. IRN.")],
    since: SinceOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Dated events involving ACTOR in order; undated events listed apart.

    Example: allywatch timeline IRN --since 2025-01-01
    """
    from allywatch.analyze.export import event_rows

    try:
        tl = _open(db).timeline(actor, since=_day(since, "--since"))
    except AllywatchError as exc:
        raise _fail(exc) from exc
    if as_json:
        print(json.dumps({"actor": actor, "dated": event_rows(tl.dated),
                          "undated": event_rows(tl.undated)}, indent=2, default=str,
                         ensure_ascii=False))  # fmt: skip
        return
    for title, events in (("dated", tl.dated), ("date unknown", tl.undated)):
        rows = [(s.event.date.value if s.event.date else "?", s.event.type,
                 ";".join(s.event.source), ";".join(s.event.target),
                 "yes" if s.event.negated else "", _cite(s.evidence, 1))
                for s in events]  # fmt: skip
        _render(
            f"{actor}: {title} events",
            ("date", "type", "source", "target", "negated", "evidence"),
            rows,
        )


def export_cmd(
    output: Annotated[Path, typer.Argument(help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="graphml, json, csv or parquet.")] = "csv",
    actor: Annotated[str | None, typer.Option("--actor", help="Only this actor's events.")] = None,
    since: SinceOption = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this day.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export the alliance graph (graphml, json node-link) or events (csv, parquet).

    Example: allywatch export events.parquet --format parquet --actor RUS
    """
    from allywatch.analyze.export import FORMATS, events_frame, write_events
    from allywatch.analyze.graph import alliance_graph, graph_to_json, write_graphml

    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}: use one of {', '.join(FORMATS)}", param_hint="--format")
    start, end = _day(since, "--since"), _day(until, "--until")
    try:
        aw = _open(db)
        events = aw.events(actor, since=start, until=end)
        if fmt in ("graphml", "json"):
            graph = alliance_graph(events, since=start, until=end)
            if fmt == "graphml":
                write_graphml(graph, output)
            else:
                output.write_text(json.dumps(graph_to_json(graph), indent=1, ensure_ascii=False),
                                  encoding="utf-8")  # fmt: skip
            n = graph.number_of_edges()
        else:
            frame = events_frame(events, aw.documents(events))
            write_events(frame, output, fmt)
            n = len(frame)
    except (AllywatchError, OSError) as exc:
        err_console.print(f"[red]error:[/red] {output}: {exc}")
        raise typer.Exit(1) from exc
    what = "edges" if fmt in ("graphml", "json") else "events"
    if as_json:
        print(json.dumps({"path": str(output), "format": fmt, what: n}))
    else:
        console.print(f"wrote {n} {what} to {output}")


def report_cmd(
    patron: Annotated[str, typer.Argument(help="Patron actor id, e.g. RUS.")],
    html: Annotated[Path, typer.Option("--html", help="HTML file to write.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One self-contained HTML report on PATRON that opens offline.

    Example: allywatch report RUS --html russia.html
    """
    from allywatch.analyze.report import write_report

    try:
        write_report(_open(db), patron, html)
    except (AllywatchError, OSError) as exc:
        err_console.print(f"[red]error:[/red] {html}: {exc}")
        raise typer.Exit(1) from exc
    if as_json:
        print(json.dumps({"path": str(html.resolve())}))
    else:
        console.print(str(html.resolve()))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("reliability")(reliability_cmd)
    app.command("flows")(flows_cmd)
    app.command("watchlist")(watchlist_cmd)
    app.command("timeline")(timeline_cmd)
    app.command("export")(export_cmd)
    app.command("report")(report_cmd)
