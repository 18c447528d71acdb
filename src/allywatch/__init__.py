"""allywatch: an evidence-linked, time-stamped graph of who backs whom, from news articles.

The public Python API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from allywatch.errors import AllywatchError
from allywatch.types import Document, Event, Evidence, Mention, Prediction, Quote

if TYPE_CHECKING:
    from spacy.language import Language

    from allywatch.analyze.api import Allywatch
    from allywatch.config import Settings
    from allywatch.nlp.catalog import Catalog
    from allywatch.types import Extraction

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
    "process_document",
]



def open(db: Any = None) -> Allywatch:
    """Open an allywatch database for analysis: ``allywatch.open("a.sqlite").reliability("RUS")``.

    ``db`` is a SQLite path, a database URL (default: the configured one) or an open
    ``Store``. Returns an
    :class:`allywatch.analyze.api.Allywatch` whose methods return records and DataFrames.
    """
    from allywatch.analyze.api import open_db  # imported here: pandas/networkx load lazily

    return open_db(db)


def process_document(
    document: Document,
    nlp: Language | None = None,
    catalog: Catalog | None = None,
    settings: Settings | None = None,
) -> Extraction:
    """One document through the whole stage sequence (parse -> actors -> dates -> events ->
    quotes -> predictions): ``allywatch.process_document(doc).events``. The pipeline, the
    catalog and the settings (which name the events backend) default to the configured ones;
    see :mod:`allywatch.extract.process` for many documents at a time."""
    from allywatch.extract.process import process_document as run

    return run(document, nlp, catalog, settings)


# The library logs to its own logger and never configures logging (only the CLI does).
logging.getLogger(__name__).addHandler(logging.NullHandler())
