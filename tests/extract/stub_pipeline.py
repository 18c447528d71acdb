"""A stand-in pipeline for tests of the coder and the eval harness: spaCy parse, the test
gazetteer for mentions, no dates. It keeps the tests independent of the other stages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from allywatch.extract.events import extract_events
from allywatch.types import Document, Extraction, Span

from .gazetteer import PEOPLE, find_mentions


def make_extractor(nlp: Any) -> Any:
    def extract(document: Document) -> Extraction:
        sdoc = nlp(document.text)
        mentions = find_mentions(document.text, document.id)
        events = extract_events(sdoc, document, mentions, [], None)
        return Extraction(
            document=document,
            mentions=tuple(mentions),
            events=tuple(events),
            sentences=tuple(Span(s.start_char, s.end_char) for s in sdoc.sents),
        )

    return extract


def state_of(actor_id: str) -> set[str]:
    if actor_id in PEOPLE:
        return {PEOPLE[actor_id][1]}
    return {actor_id, "IGO"} if actor_id in {"UN", "NATO", "EU", "IAEA"} else {actor_id}


def load_plain(path: Path, published: date | None) -> Document:
    text = path.read_text(encoding="utf-8")
    return Document(
        id=Document.make_id(text), text=text, source=str(path), format="text", published=published
    )
