"""What a grammar match is interpreted against, shared by the handlers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from allywatch.extract.dates.calendar import Period
from allywatch.extract.dates.lexicon import Lexicon

Tense = str | None  # "future", "past", "present" or None (no context)

NEXT_WORD = re.compile(r"\s*([A-Za-z']+)")
PREV_WORD = re.compile(r"([A-Za-z'.#]+)\s*\Z")
CLAUSE_END = re.compile(r"\s*(?:[,.;:)!?]|\Z)")


@dataclass(slots=True)
class Context:
    """What a match is interpreted against."""

    lex: Lexicon
    published: date | None
    text: str
    start: int
    end: int
    tense: Callable[[], Tense]
    anchor: Period | None = None


#: A construction's reader: (named groups, context, preposition) -> period or None.
Handler = Callable[[dict[str, str | None], Context, str | None], Period | None]
