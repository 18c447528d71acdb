"""``python -m allywatch`` runs the CLI."""

from allywatch.cli import main

main()
