"""The untagged-name scan of a parse is computed once and shared by both PersonIndex builds
(quotes and predictions), and the shared copy is the same as a fresh scan."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import Doc

from allywatch.extract import speakers
from allywatch.extract.speakers import PersonIndex

pytestmark = pytest.mark.slow

TEXT = (
    "Nadia Karimi says Moscow will not step in.\n\n"
    "Ambassador Tomas Rell told reporters that Karimi was wrong. Rell expects aid to resume."
)


def _fresh(sdoc: Doc) -> list[tuple[int, int, str]]:
    return [(s.start_char, s.end_char, s.text) for s in speakers._name_like_chains(sdoc)]


def test_name_chains_cached_per_parse_and_equal_to_a_fresh_scan(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sdoc = nlp(TEXT)
    first = PersonIndex(sdoc, [], catalog=None)  # type: ignore[arg-type]
    assert speakers._CHAINS_KEY in sdoc.user_data
    assert sdoc.user_data[speakers._CHAINS_KEY] == _fresh(sdoc)
    assert any(text == "Nadia Karimi" for _, _, text in _fresh(sdoc))
    calls: list[Doc] = []
    original = speakers._name_like_chains
    monkeypatch.setattr(speakers, "_name_like_chains", lambda d: calls.append(d) or original(d))
    second = PersonIndex(sdoc, [], catalog=None)  # type: ignore[arg-type]
    assert calls == []  # the second build reuses the scan
    assert second._full == first._full and second.positions == first.positions
    other = nlp(TEXT.replace("Ambassador Tomas Rell", "The envoy"))
    PersonIndex(other, [], catalog=None)  # type: ignore[arg-type]
    assert len(calls) == 1  # a new parse is scanned anew
    assert other.user_data[speakers._CHAINS_KEY] == _fresh(other)


def test_name_chains_survive_a_serialised_doc(nlp: Any) -> None:
    """A Doc read back from bytes (msgpack turns tuples into lists) still works."""
    sdoc = nlp(TEXT)
    PersonIndex(sdoc, [], catalog=None)  # type: ignore[arg-type]
    copy = Doc(nlp.vocab).from_bytes(sdoc.to_bytes())
    index = PersonIndex(copy, [], catalog=None)  # type: ignore[arg-type]
    assert index.positions == PersonIndex(nlp(TEXT), [], None).positions  # type: ignore[arg-type]
