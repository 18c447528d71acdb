"""PLOVER event coder: spaCy parse + actor mentions + dates -> ``Event`` records.

The construction rules live in :mod:`.coder` (triggers and argument frames),
:mod:`.polarity` (withheld support, modality) and :mod:`.details` (object, mode, amounts,
date); every word list lives in ``extract/resources/events/``. See docs/events.md.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from allywatch.extract.events.assemble import extract_events
from allywatch.extract.events.lexicon import load_lexicon

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = ["extract_events", "load_lexicon"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
