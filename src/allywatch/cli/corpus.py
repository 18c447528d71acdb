"""CLI commands: ingest, documents, show."""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from allywatch.config import get_settings
from allywatch.errors import AllywatchError
from allywatch.types import Document

__all__ = ["register"]

DB_HELP = "Database URL (sqlite:///path or postgresql+psycopg://...); default: user data dir."

#: Id characters shown in tables (``show`` accepts any unique prefix; --json has full ids).
SHORT_ID = 10

FIELD_ROLES = ("text", "title", "date", "url", "outlet", "author")

DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP)]


class Engine(enum.StrEnum):
    """Where ``ingest`` runs the pipeline."""

    local = "local"
    ray = "ray"

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _error_line(message: str) -> None:
    """One line on stderr, never wrapped, so each failure stays one greppable line."""
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    _error_line(message)
    return typer.Exit(code)


@contextmanager
def _bad_inputs_reported_once() -> Iterator[None]:
    """The ingest stage logs each bad input as a warning, and this command prints it as an
    error line: unless --verbose asked for the log, keep it to that one line."""
    logger = logging.getLogger("allywatch.ingest")
    if logging.getLogger().getEffectiveLevel() <= logging.INFO:
        yield
        return
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _open(db: str | None) -> Any:
    from allywatch.store import connect

    try:
        return connect(db)
    except AllywatchError as exc:
        raise _fail(str(exc)) from exc


def _json_default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, default=_json_default, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def _published(doc: Document, *, short: bool = False) -> str:
    if doc.published is None:
        return ""
    mark = ("*" if short else " (inferred)") if doc.published_inferred else ""
    return f"{doc.published.isoformat()}{mark}"


# ------------------------------------------------------------------------------ ingest


def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH|DIR|GLOB|URL...", help="Files, directories, glob patterns or URLs."
        ),
    ],
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option("--published", metavar="YYYY-MM-DD", help="Publication date for every input."),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Outlet name for every input.")
    ] = None,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="ROLE=NAME",
            help="JSONL/CSV corpora: which field holds text, title, date, url, outlet or "
            "author (repeatable), e.g. --field text=body.",
        ),
    ] = None,
    no_extract: Annotated[
        bool,
        typer.Option("--no-extract", help="Only read, clean and store (no NLP and extraction)."),
    ] = False,
    n_process: Annotated[
        int | None,
        typer.Option("--n-process", min=1, help="spaCy worker processes [default: n_process "
                     "setting, 1]."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    engine: Annotated[
        Engine,
        typer.Option("--engine", help="local: this process; ray: a Ray Data job (see "
                     "docs/scale.md)."),
    ] = Engine.local,
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", metavar="ADDRESS", help="--engine ray: an existing Ray "
                     "cluster (default: start a local Ray for the job)."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, help="--engine ray: worker actors, one CPU "
                          "and one spaCy pipeline each.")
    ] = 2,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="--engine ray: inputs per task and per "
                          "database transaction.")
    ] = 16,
) -> None:
    """Read articles, clean them, extract events, quotes and predictions, and store them.

    Re-ingesting stored documents is a no-op; an interrupted ingest resumes where it
    stopped. Exits with status 1 when any input failed (each failure is one line on stderr).

    Example: allywatch ingest examples/ ../shared/corpus/*.txt --db sqlite:///demo.sqlite
    """
    from allywatch.pipeline import ingest_paths

    when = None
    if published:
        try:
            when = date.fromisoformat(published)
        except ValueError as exc:
            raise typer.BadParameter(f"{published!r} is not a YYYY-MM-DD date",
                                     param_hint="--published") from exc  # fmt: skip
    fields: dict[str, str] = {}
    for item in field or ():
        role, sep, name = item.partition("=")
        if not sep or role not in FIELD_ROLES or not name:
            raise typer.BadParameter(
                f"{item!r}: expected ROLE=NAME with ROLE one of {', '.join(FIELD_ROLES)}",
                param_hint="--field",
            )
        fields[role] = name
    store = _open(db)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with store, _bad_inputs_reported_once(), Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                label = "reading" if phase == "read" else "extracting"
                tasks[phase] = bar.add_task(label, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        try:
            if engine is Engine.ray:
                report = _ingest_ray(inputs, store, published=when, outlet=outlet,
                                     fields=fields, extract=not no_extract,
                                     address=ray_address, concurrency=concurrency,
                                     batch_size=batch_size, progress=progress)  # fmt: skip
            else:
                report = ingest_paths(inputs, store, published=when, outlet=outlet,
                                      fields=fields, extract=not no_extract,
                                      n_process=n_process or get_settings().n_process,
                                      progress=progress)  # fmt: skip
        except AllywatchError as exc:
            raise _fail(str(exc)) from exc
    for failure in report.errors:
        _error_line(str(failure))
    if as_json:
        _print_json({
            "inputs": report.inputs, "new": report.new, "skipped": report.skipped,
            "duplicates": report.duplicates, "extracted": report.extracted,
            "predictions_resolved": report.resolved,
            "errors": [dataclasses.asdict(f) for f in report.errors],
            "documents": report.documents, "seconds": round(report.seconds, 3),
            "db": store.url,
        })  # fmt: skip
    else:
        table = Table(title="ingest summary", show_header=False)
        table.add_column("what")
        table.add_column("count", justify="right")
        for label, value in [
            ("inputs", report.inputs), ("new documents", report.new),
            ("already stored", report.skipped), ("near-duplicates", report.duplicates),
            ("extracted", report.extracted), ("predictions resolved", report.resolved),
            ("failed", len(report.errors)),
        ]:  # fmt: skip
            table.add_row(label, str(value))
        out.print(table)
        out.print(f"database: {escape(store.url)}  ({report.seconds:.1f}s)")
    if report.errors:
        raise typer.Exit(1)


def _ingest_ray(inputs: list[str], store: Any, *, address: str | None, concurrency: int,
                batch_size: int, **kwargs: Any) -> Any:  # fmt: skip
    """``ingest_ray`` with Ray's own INFO logs (job start and end) kept to --verbose."""
    from allywatch.scale import RayOptions, ingest_ray

    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        import ray.data  # noqa: F401  (configures its loggers on import: quiet them after)

        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)
    options = RayOptions(address=address, concurrency=concurrency, batch_size=batch_size)
    return ingest_ray(inputs, store, options=options, **kwargs)


# --------------------------------------------------------------------------- documents


def documents(
    db: DbOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Show at most this many (0: all).")
    ] = 100,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List stored documents: id, title, outlet, author, published, words, duplicate-of.

    Example: allywatch documents --db sqlite:///demo.sqlite --json
    """
    from allywatch.store import repository

    with _open(db) as store:
        docs = repository.list_documents(store, limit=limit or None, offset=offset)
        total = repository.count_documents(store)
    if as_json:
        _print_json([
            {"id": d.id, "title": d.title, "outlet": d.outlet, "author": d.author,
             "published": d.published, "published_inferred": d.published_inferred,
             "words": d.words, "duplicate_of": d.duplicate_of, "source": d.source,
             "format": d.format, "url": d.url}
            for d in docs
        ])  # fmt: skip
        return
    inferred = any(d.published_inferred for d in docs)
    table = Table(
        title=f"{len(docs)} of {total} documents"
        + (f" (from {offset + 1}; --limit/--offset for more)" if len(docs) < total else ""),
        caption="* publication date inferred from the text or cited links" if inferred else None,
    )
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=3, min_width=16)
    table.add_column("outlet", ratio=1, overflow="ellipsis")
    table.add_column("author", ratio=1, overflow="ellipsis")
    table.add_column("published", no_wrap=True)
    table.add_column("words", justify="right")
    table.add_column("dup. of", overflow="fold")
    for d in docs:
        table.add_row(
            d.id[:SHORT_ID], escape(d.title or ""), escape(d.outlet or ""),
            escape(d.author or ""), _published(d, short=True), str(d.words),
            (d.duplicate_of or "")[:SHORT_ID],
        )  # fmt: skip
    out.print(table)


# -------------------------------------------------------------------------------- show


def _highlighted(doc: Document, spans: list[tuple[int, int, str]]) -> Text:
    text = Text(doc.text)
    for start, end, style in spans:
        text.stylize(style, start, end)
    return text


def show(
    doc_id: Annotated[str, typer.Argument(metavar="DOC", help="Document id or a unique prefix.")],
    db: DbOption = None,
    mentions: Annotated[
        bool, typer.Option("--mentions", help="Highlight actors and dates.")
    ] = False,
    events: Annotated[
        bool, typer.Option("--events", help="List events with their sentences.")
    ] = False,
    quotes: Annotated[
        bool, typer.Option("--quotes", help="List quotes and their speakers.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one document's clean text with its metadata and cited links.

    Example: allywatch show 3fa2 --mentions --events
    """
    from allywatch.store import repository

    with _open(db) as store:
        try:
            doc = repository.get_document(store, doc_id)
        except AllywatchError as exc:
            raise _fail(str(exc), code=1) from exc
        found_mentions = repository.list_mentions(store, doc.id) if mentions else []
        found_dates = repository.list_dates(store, doc.id) if mentions else []
        found_events = repository.query_events(store, doc_id=doc.id) if events else []
        found_quotes = repository.query_quotes(store, doc_id=doc.id) if quotes else []
    if as_json:
        value: dict[str, Any] = dataclasses.asdict(doc)
        value["words"] = doc.words
        if mentions:
            value["mentions"] = [dataclasses.asdict(m) for m in found_mentions]
            value["dates"] = [dataclasses.asdict(d) for d in found_dates]
        if events:
            value["events"] = [
                {"id": e.id, **dataclasses.asdict(e.event),
                 "evidence": [dataclasses.asdict(x) for x in e.evidence if x.doc_id == doc.id]}
                for e in found_events
            ]  # fmt: skip
        if quotes:
            value["quotes"] = [dataclasses.asdict(q) for q in found_quotes]
        _print_json(value)
        return
    _show_metadata(doc)
    spans = [(m.start, m.end, "bold cyan" if m.actor_id else "cyan") for m in found_mentions]
    spans += [(d.start_char, d.end_char, "bold magenta") for d in found_dates
              if d.start_char is not None and d.end_char is not None]  # fmt: skip
    out.print(Panel(_highlighted(doc, spans), title=escape(doc.title or doc.id)))
    if mentions:
        _show_mentions(found_mentions, found_dates)
    if events:
        _show_events(doc, found_events)
    if quotes:
        _show_quotes(found_quotes)


def _show_metadata(doc: Document) -> None:
    meta = Table(show_header=False, box=None)
    meta.add_column(style="bold")
    meta.add_column()
    for label, value in [
        ("id", doc.id), ("title", doc.title), ("outlet", doc.outlet), ("author", doc.author),
        ("published", _published(doc)), ("language", doc.language), ("source", doc.source),
        ("url", doc.url), ("words", str(doc.words)), ("duplicate of", doc.duplicate_of),
    ]:  # fmt: skip
        if value:
            meta.add_row(label, escape(value))
    out.print(meta)
    if doc.summary:
        out.print(Panel(escape(doc.summary), title="summary (kept apart from the article)"))
    if doc.links:
        links = Table(title="cited links")
        links.add_column("date", no_wrap=True)
        links.add_column("url", overflow="fold")
        links.add_column("text")
        for link in doc.links:
            links.add_row(link.date.isoformat() if link.date else "", escape(link.url),
                          escape(link.text))  # fmt: skip
        out.print(links)


def _show_mentions(found_mentions: list[Any], found_dates: list[Any]) -> None:
    table = Table(title="mentions")
    for name in ("at", "text", "actor", "state", "kind"):
        table.add_column(name)
    for m in found_mentions:
        table.add_row(str(m.start), escape(m.text), m.actor_id or "(unresolved)",
                      m.state or "", m.kind)  # fmt: skip
    out.print(table)
    dates = Table(title="dates")
    for name in ("at", "text", "value", "precision"):
        dates.add_column(name)
    for d in found_dates:
        dates.add_row(str(d.start_char), escape(d.text), d.value, d.precision)
    out.print(dates)


def _show_events(doc: Document, found_events: list[Any]) -> None:
    table = Table(title="events")
    for name in ("type", "source", "target", "date", "negated", "sentence"):
        table.add_column(name, overflow="fold")
    for stored in found_events:
        ev = stored.event
        sentences = " | ".join(x.sentence for x in stored.evidence if x.doc_id == doc.id)
        table.add_row(ev.type, ",".join(ev.source), ",".join(ev.target),
                      ev.date.value if ev.date else "", "yes" if ev.negated else "",
                      escape(sentences))  # fmt: skip
    out.print(table)


def _show_quotes(found_quotes: list[Any]) -> None:
    table = Table(title="quotes")
    for name in ("speaker", "cue", "quote"):
        table.add_column(name, overflow="fold")
    for q in found_quotes:
        table.add_row(escape(q.speaker or q.speaker_text or "?"), q.cue, escape(q.text))
    out.print(table)


# Help texts: one line per paragraph, so the terminal's width decides the wrapping.
INGEST_HELP = (
    "Read articles, clean them, extract events, quotes and predictions, and store them. "
    "Re-ingesting stored documents is a no-op; an interrupted ingest resumes where it stopped. "
    "Exits with status 1 when any input failed (one line per failure on stderr)."
    "\n\nExample: allywatch ingest examples/ '../shared/corpus/*.txt' --db sqlite:///demo.sqlite"
    "\n\nOn Ray: allywatch ingest corpus/ --engine ray --concurrency 2 "
    "--db postgresql+psycopg://user@host/allywatch"
)
DOCUMENTS_HELP = (
    "List stored documents: id, title, outlet, author, published (and whether that date was "
    "inferred), words, duplicate-of."
    "\n\nExample: allywatch documents --db sqlite:///demo.sqlite --json"
)
SHOW_HELP = (
    "Show one document's clean text with its metadata and cited links; optionally its "
    "resolved mentions and dates (highlighted), events with their sentences, and quotes."
    "\n\nExample: allywatch show 3fa2 --mentions --events"
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("ingest", help=INGEST_HELP)(ingest)
    app.command("documents", help=DOCUMENTS_HELP)(documents)
    app.command("show", help=SHOW_HELP)(show)
