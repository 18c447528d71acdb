"""Small records built by hand for store and pipeline tests."""

from __future__ import annotations

from datetime import date

from allywatch.types import (
    Amount,
    CitedLink,
    DateValue,
    Document,
    Event,
    Evidence,
    Extraction,
    Mention,
    Prediction,
    Quote,
    Span,
)

TEXT = (
    "Iran supplied Russia with drones in December 2025. "
    "Moscow stood by as Assad fell. "
    "Iran supplied Russia with drones, officials said. "
    '"Cuba is next," said Olli Ruohomaki.'
)


def make_document(text: str = TEXT, **fields: object) -> Document:
    values: dict[str, object] = {"source": "example.txt", "format": "txt"} | fields
    return Document(id=Document.make_id(text), text=text, **values)  # type: ignore[arg-type]


def sentence(doc: Document, needle: str) -> Evidence:
    """The evidence for the sentence of ``doc`` that starts with ``needle``."""
    start = doc.text.index(needle)
    end = doc.text.find(". ", start)
    end = len(doc.text) if end < 0 else end + 1
    return Evidence(doc.id, start, end, doc.text[start:end])


def full_document() -> Document:
    return make_document(
        title="Allies fall",
        outlet="Example Times",
        author="A. Writer",
        language="en",
        published=date(2026, 3, 1),
        published_inferred=True,
        url="https://example.org/a",
        summary="Editor's summary.",
        links=(
            CitedLink("https://example.org/2025/12/08/x", "x", date(2025, 12, 8)),
            CitedLink("https://example.org/y"),
        ),
        paragraphs=(Span(0, 51), Span(52, 82)),
        pages=(Span(0, 82),),
        repeated=(Span(83, 133),),
    )


def aid_event(doc: Document, needle: str = "Iran supplied Russia with drones in") -> Event:
    return Event(
        type="AID",
        source=("IRN",),
        target=("RUS",),
        evidence=sentence(doc, needle),
        mode="military",
        detail="drones",
        amounts=(Amount(500.0, "drone", "500 drones"),),
        date=DateValue("2025-12", "month", date(2025, 12, 1), date(2025, 12, 31)),
        trigger="supplied",
        source_text=("Iran",),
        target_text=("Russia",),
    )


def withheld_event(doc: Document) -> Event:
    return Event(
        type="SUPPORT",
        source=("RUS",),
        target=("SYR",),
        evidence=sentence(doc, "Moscow stood by"),
        negated=True,
        date=DateValue("2024-12-08", "day", date(2024, 12, 8), date(2024, 12, 8)),
    )


def extraction(doc: Document) -> Extraction:
    """Two statements of one AID event, a withheld SUPPORT, a quote and a prediction."""
    quote_ev = sentence(doc, '"Cuba is next,"')
    start = doc.text.index("Cuba is next")
    quote = Quote(
        text="Cuba is next,", evidence=quote_ev, start=start, end=start + 13,
        speaker="olli-ruohomaki", speaker_text="Olli Ruohomaki", cue="said",
    )  # fmt: skip
    prediction = Prediction(
        claim="Cuba is next", evidence=quote_ev, predictor="olli-ruohomaki",
        subject="CUB", outcome="LEADER_OUSTED", likelihood=0.7, likelihood_text="next",
    )  # fmt: skip
    iran = doc.text.index("Iran")
    return Extraction(
        document=doc,
        mentions=(
            Mention(doc.id, iran, iran + 4, "Iran", "state", "IRN", "IRN"),
            Mention(doc.id, iran + 14, iran + 20, "Russia", "state", "RUS", "RUS"),
        ),
        dates=(
            DateValue("2025-12", "month", date(2025, 12, 1), date(2025, 12, 31),
                      "December 2025", 36, 49),
        ),
        events=(
            aid_event(doc),
            withheld_event(doc),
            aid_event(doc, "Iran supplied Russia with drones,"),
        ),
        quotes=(quote,),
        predictions=(prediction,),
    )
