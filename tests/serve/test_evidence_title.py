"""Evidence from a document's title (a headline question) is an empty span at 0: the API
flags it and the web UI links to the document instead of an offset in its text."""

from __future__ import annotations

from allywatch.serve.schemas import EvidenceOut
from allywatch.serve.web import TEMPLATES
from allywatch.types import Evidence

TITLE = Evidence("d1", 0, 0, "Iran's Khamenei Follows Assad, Maduro In Falling. Putin Next?")
SENTENCE = Evidence("d1", 10, 42, "Moscow has stood by its partners.")


def _render(ev: Evidence) -> str:
    macro = TEMPLATES.env.from_string('{% from "macros.html" import evidence %}{{ evidence(ev) }}')
    return macro.render(ev=ev)


def test_api_flags_title_evidence() -> None:
    assert EvidenceOut.from_record(TITLE).in_title is True
    assert EvidenceOut.from_record(SENTENCE).in_title is False


def test_page_links_title_evidence_to_the_document_not_an_offset() -> None:
    html = _render(TITLE)
    assert "[title]" in html and "#c0" not in html and "Putin Next?" in html
    plain = _render(SENTENCE)
    assert "#c10" in plain and "[10–42]" in plain and "[title]" not in plain
