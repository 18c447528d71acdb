"""allywatch: an evidence-linked, time-stamped graph of who backs whom, from news articles.

The public Python API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

import logging

from allywatch.errors import AllywatchError
from allywatch.types import Document, Event, Evidence, Mention, Prediction, Quote

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
]

# The library logs to its own logger and never configures logging (only the CLI does).
logging.getLogger(__name__).addHandler(logging.NullHandler())
