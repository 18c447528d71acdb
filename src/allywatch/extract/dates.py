"""Temporal expressions -> ``DateValue`` (placeholder until the dates issue lands)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from allywatch.types import DateValue

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_dates(sdoc: Doc, published: date | None) -> list[DateValue]:
    """Every temporal expression in ``sdoc``, normalised relative to ``published``. Placeholder."""
    return []
