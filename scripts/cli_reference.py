"""Generate ``docs/cli.md``, the reference of every ``allywatch`` command, from the CLI itself.

    python scripts/cli_reference.py           # print the reference
    python scripts/cli_reference.py --write   # rewrite docs/cli.md
    python scripts/cli_reference.py --check   # exit 1 when docs/cli.md is out of date

The reference is rendered from the command tree that Typer builds (names, help texts,
options, defaults), not from ``--help`` screens, so it does not depend on terminal width.
``tests/cli/test_cli_reference.py`` fails when the file and the code disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer.main

from allywatch.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"

HEADER = """# allywatch command reference

Generated from the code by `python scripts/cli_reference.py --write`; a test checks it is
current. Every command also answers `--help`. Options shared by most commands: `--db` (a
database URL or a SQLite path; default: the configured database) and `--json` (one JSON
document instead of tables).
"""


def _option(param: Any) -> str:
    if not hasattr(param, "opts") or type(param).__name__.endswith("Argument"):
        name = (getattr(param, "metavar", None) or param.name).upper()
        many = " ..." if param.nargs == -1 and not name.endswith("...") else ""
        need = "" if param.required else " (optional)"
        label = f"{name}{many}".replace("|", "\\|")
        return f"| `{label}` | argument{need} |"
    names = ", ".join(f"`{n}`" for n in [*param.opts, *param.secondary_opts])
    text = (param.help or "").replace("|", "\\|").replace("\n", " ")
    default = param.default
    if not param.is_flag and default not in (None, (), [], "") and not callable(default):
        text += f" Default: `{default}`."
    if param.required:
        text += " Required."
    return f"| {names} | {text.strip()} |"


def _command(name: str, command: Any) -> list[str]:
    lines = [f"## `allywatch {name}`", ""]
    for paragraph in (command.help or "").strip().split("\n\n"):
        if paragraph.startswith("Example: "):
            lines += ["```console", "$ " + paragraph.removeprefix("Example: "), "```", ""]
        else:
            lines += [paragraph.strip(), ""]
    params = [p for p in command.params if p.name != "help"]
    if params:
        lines += ["| option | meaning |", "| --- | --- |"]
        lines += [_option(p) for p in params]
        lines.append("")
    return lines


def render() -> str:
    """The whole reference as Markdown."""
    # Typer >= 0.29 vendors its own Click; the tree is read through its public attributes.
    group: Any = typer.main.get_command(app)
    lines = [HEADER]
    for name, command in group.commands.items():
        if not command.hidden:
            lines += _command(name, command)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--write" in argv:
        DOC.write_text(text, encoding="utf-8")
        return 0
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            sys.stderr.write(f"{DOC} is out of date: run python scripts/cli_reference.py --write\n")
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
