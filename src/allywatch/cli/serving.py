"""CLI commands: serve."""

from __future__ import annotations

import typer


def serve(
    db: str = typer.Option(None, "--db", help="Database URL (default: the configured one)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
) -> None:
    """Serve the REST API (/api, docs at /docs) and the web UI (/).

    Example: allywatch serve --db sqlite:///allywatch.sqlite --port 8000
    """
    import uvicorn

    from allywatch.serve import create_app
    from allywatch.serve.auth import token_file

    app = create_app(db_url=db)
    if app.state.token_generated:
        typer.echo(f"API write token (shown once; saved in {token_file()}):")
        typer.echo(f"  {app.state.token}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: listening on {host}; anyone who can reach it can read the data")
    typer.echo(f"allywatch on http://{host}:{port}/  (API docs: /docs)")
    uvicorn.run(app, host=host, port=port, log_level="info")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("serve")(serve)
