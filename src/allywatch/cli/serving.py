"""CLI commands: serve."""

from __future__ import annotations

import os

import typer


def serve(
    db: str = typer.Option(None, "--db", help="Database URL (default: the configured one)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server processes (more use more cores)."
    ),
    threads: int = typer.Option(
        0, "--threads", min=0, max=256,
        help="Threads per process running requests at once (0: the default, 4).",
    ),
    read_threads: int = typer.Option(
        0, "--read-threads", min=0, max=64,
        help="Threads per process computing list pages (documents, events, quotes, "
             "predictions), apart from the others (0: the default, 1).",
    ),
    access_log: bool = typer.Option(
        True, "--access-log/--no-access-log", help="Log one line per request."
    ),
    cache: bool = typer.Option(
        True, "--cache/--no-cache",
        help="Keep API responses in memory until the store changes (any write, any process).",
    ),
) -> None:
    """Serve the REST API (/api, docs at /docs) and the web UI (/).

    Write endpoints need the API token: the api_token setting, or one generated on the
    first run (saved in the user data dir, printed once).

    Example: allywatch serve --db sqlite:///allywatch.sqlite --port 8000
    """
    import uvicorn

    from allywatch.serve import create_app
    from allywatch.serve.auth import resolve_token, token_file

    if threads:
        os.environ["ALLYWATCH_SERVE_THREADS"] = str(threads)  # read by every worker's app
    if read_threads:
        os.environ["ALLYWATCH_SERVE_READ_THREADS"] = str(read_threads)
    if not cache:
        os.environ["ALLYWATCH_SERVE_CACHE"] = "0"  # likewise
    token, generated = resolve_token()
    if generated:
        typer.echo(f"API write token (shown once; saved in {token_file()}):")
        typer.echo(f"  {token}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: listening on {host}; anyone who can reach it can read the data")
    typer.echo(f"allywatch on http://{host}:{port}/  (API docs: /docs)")
    if workers == 1:
        uvicorn.run(create_app(db_url=db, token=token), host=host, port=port, log_level="info",
                    access_log=access_log)  # fmt: skip
        return
    # Worker processes build their own app from the environment (settings read
    # ALLYWATCH_DB_URL and ALLYWATCH_API_TOKEN), so all of them share this one token.
    if db:
        os.environ["ALLYWATCH_DB_URL"] = db
    os.environ["ALLYWATCH_API_TOKEN"] = token
    uvicorn.run("allywatch.serve:create_app", factory=True, host=host, port=port,
                workers=workers, log_level="info", access_log=access_log)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("serve")(serve)
