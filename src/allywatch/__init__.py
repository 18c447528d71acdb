"""allywatch: an evidence-linked, time-stamped graph of who backs whom, from news articles.

The public Python API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from allywatch.errors import AllywatchError
from allywatch.types import Document, Event, Evidence, Mention, Prediction, Quote

if TYPE_CHECKING:
    from allywatch.analyze.api import Allywatch

__version__ = "0.1.0"

__all__ = [
    "AllywatchError",
    "Document",
    "Event",
    "Evidence",
    "Mention",
    "Prediction",
    "Quote",
    "__version__",
    "open",
]



def open(db: str | None = None) -> Allywatch:
    """Open an allywatch database for analysis: ``allywatch.open("a.sqlite").reliability("RUS")``.

    ``db`` is a SQLite path or a database URL (default: the configured one). Returns an
    :class:`allywatch.analyze.api.Allywatch` whose methods return records and DataFrames.
    """
    from allywatch.analyze.api import open_db  # imported here: pandas/networkx load lazily

    return open_db(db)


# The library logs to its own logger and never configures logging (only the CLI does).
logging.getLogger(__name__).addHandler(logging.NullHandler())
