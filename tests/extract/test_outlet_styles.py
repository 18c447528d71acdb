"""Quotes, speakers and predictions on short articles we wrote in four outlet styles (a
wire story with a dateline, a think-tank analysis, an interview transcript, an op-ed with an
anonymous source), through the real stages: ingest, the NLP pipeline, every extractor.
They stand in for the unseen articles the targets will be measured on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from allywatch.types import Document, Extraction

pytestmark = pytest.mark.slow

STYLES = Path(__file__).parent / "styles"
PUBLISHED = date(2026, 11, 21)


@pytest.fixture(scope="module")
def extracted() -> dict[str, Extraction]:
    from allywatch.extract import extract_document
    from allywatch.ingest import read_inputs
    from allywatch.nlp import default_catalog, load_pipeline, parse

    catalog = default_catalog()
    nlp = load_pipeline(catalog)
    paths = sorted(STYLES.glob("*.txt"))
    docs = list(read_inputs([str(p) for p in paths], published=PUBLISHED))
    assert all(isinstance(d, Document) for d in docs), docs
    out = {}
    for doc, sdoc in parse(nlp, docs):  # type: ignore[arg-type]
        out[Path(doc.source).stem] = extract_document(doc, sdoc, catalog)
    assert set(out) == {"wire", "thinktank", "interview", "oped"}
    return out


def _quotes(x: Extraction) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in x.quotes]


def _said(x: Extraction, speaker: str | None, words: str) -> bool:
    return any(q.speaker == speaker and words in q.text for q in x.quotes)


def test_wire_story(extracted: dict[str, Extraction]) -> None:
    x = extracted["wire"]
    assert len(x.quotes) == 3, _quotes(x)
    assert _said(x, "lee-seong-kweun", "preparing for a longer deployment")
    assert _said(x, "dmitry-peskov", "We do not comment on such claims")  # "he said"
    assert _said(x, "victor-cha", "Pyongyang will keep sending men")
    cha = next(q for q in x.quotes if q.speaker == "victor-cha")
    assert cha.affiliation and "Center for Strategic and International Studies" in cha.affiliation
    # "a lawmaker briefed by the National Intelligence Service" is not the service's
    lee = next(m for m in x.mentions if m.text == "Lee Seong-kweun")
    assert lee.role == "lawmaker" and lee.affiliation is None
    # the dateline "SEOUL, Nov 20 (Reuters) -" is neither an actor nor a speaker
    assert not [m for m in x.mentions if m.text in ("SEOUL", "Reuters")]
    (pred,) = x.predictions
    assert (pred.subject, pred.predictor, pred.predictor_is_author) == ("PRK", "victor-cha", False)
    assert pred.conditional  # "As long as the war goes on, ..."


def test_think_tank_analysis(extracted: dict[str, Extraction]) -> None:
    x = extracted["thinktank"]
    assert _quotes(x) == [
        ("hanna-notte", "will not spend scarce resources on partners it cannot save.")
    ]
    assert x.quotes[0].affiliation == "James Martin Center for Nonproliferation Studies"
    notte = [m for m in x.mentions if m.actor_id == "hanna-notte"]
    assert notte and all(m.kind == "person" for m in notte)  # the tagger said ORG
    preds = {p.subject: p for p in x.predictions}
    assert set(preds) == {"RUS", "BLR", "CUB"}
    assert preds["RUS"].predictor == "hanna-notte" and not preds["RUS"].predictor_is_author
    belarus = preds["BLR"]  # "..., and Lukashenko is likely to remain in power as long as ..."
    assert belarus.predictor_is_author and belarus.conditional
    assert belarus.likelihood == pytest.approx(0.7) and "remain in power" in belarus.outcome
    cuba = preds["CUB"]  # "Havana will probably face renewed mass protests within 12 months"
    assert cuba.likelihood == pytest.approx(0.7)
    assert cuba.deadline == date(2027, 11, 21) and not cuba.conditional


def test_interview_transcript(extracted: dict[str, Extraction]) -> None:
    x = extracted["interview"]
    assert [q.speaker for q in x.quotes] == ["michael-mcfaul"] * 3, _quotes(x)
    assert _said(x, "michael-mcfaul", "Putin is stretched thin")
    assert _said(x, "michael-mcfaul", "I would watch Cuba")
    assert not any("Why did Russia" in q.text or "Who is next" in q.text for q in x.quotes)
    # "will be watching Havana closely" forecasts nothing about Cuba
    assert not [p for p in x.predictions if p.subject == "CUB"]
    # "he is not going to start a second one": "he" is Putin (the label "McFaul:" is not
    # a referent), so the forecast is about Russia, made by McFaul
    putin = [p for p in x.predictions if p.subject == "RUS"]
    assert [(p.predictor, p.predictor_is_author) for p in putin] == [("michael-mcfaul", False)]
    assert putin[0].outcome.startswith("not start")


def test_op_ed_with_anonymous_source(extracted: dict[str, Extraction]) -> None:
    x = extracted["oped"]
    ministry, quote = x.quotes  # an institution, then an anonymous source
    assert (ministry.speaker_type, ministry.speaker_text) == ("institution",
                                                             "the Russian foreign ministry")
    assert ministry.affiliation == "RUS" and "condemn this act" in ministry.text
    assert quote.speaker is None and quote.speaker_text == "A senior Western diplomat"
    assert quote.speaker_type == "anonymous"
    assert "did not lift a finger" in quote.text
    (pred,) = x.predictions
    assert (pred.subject, pred.predictor, pred.predictor_is_author) == ("NIC", "Ana Costa", True)
    assert pred.likelihood == pytest.approx(0.95)  # "almost certainly"
    assert pred.deadline == date(2027, 12, 31)  # "as soon as next year"
