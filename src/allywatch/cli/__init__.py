"""The ``allywatch`` command line: thin Typer commands over library functions.

Each module here registers the commands of one area with :func:`register`; only this
package prints.
"""

from __future__ import annotations

import logging

import typer

from allywatch.cli import analysis, corpus, evaluate, events, extraction, serving, speech

__all__ = ["app", "main"]

app = typer.Typer(
    name="allywatch",
    help="Build an evidence-linked graph of who backs whom from news articles.",
    no_args_is_help=True,
    add_completion=False,
)

for _module in (corpus, extraction, events, speech, analysis, evaluate, serving):
    _module.register(app)


@app.callback()
def _root(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress.")) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def main() -> None:
    app()
