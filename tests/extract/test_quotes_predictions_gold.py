"""Quotes and predictions on the seed corpus, scored with DESIGN.md's matching rules
(until ``allywatch eval`` covers them): quote F1 >= 0.85 with speaker precision >= 0.95,
prediction F1 >= 0.60."""

# ruff: noqa: E501  -- case tables read best one sentence per line

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from allywatch.extract.speakers import person_slug
from allywatch.types import Document
from tests.conftest import shared_path

pytestmark = [pytest.mark.slow, pytest.mark.shared]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def _covers(predicted: str, gold: str) -> bool:
    """The predicted text covers at least half of the gold text's words."""
    have = set(_words(predicted))
    want = _words(gold)
    return bool(want) and sum(w in have for w in want) / len(want) >= 0.5


def _same_speaker(quote, gold_speaker: str | None) -> bool:
    if gold_speaker is None:
        return quote.speaker is None
    return quote.speaker == person_slug(gold_speaker) or (
        quote.speaker_text.lower() == gold_speaker.lower()
    )


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@pytest.fixture(scope="module")
def extracted():
    """The seed articles through the real stages: ingest, NLP pipeline, every extractor."""
    from allywatch.extract import extract_document
    from allywatch.ingest import read_inputs
    from allywatch.nlp import default_catalog, load_pipeline, parse

    corpus_dir = shared_path("corpus")
    gold = json.loads((corpus_dir / "gold.json").read_text(encoding="utf-8"))
    catalog = default_catalog()
    nlp = load_pipeline(catalog)
    results = []
    for entry in gold["documents"]:
        published = date.fromisoformat(entry["published"])
        docs = list(read_inputs([str(corpus_dir / entry["document"])], published=published))
        assert all(isinstance(d, Document) for d in docs), docs
        for doc, sdoc in parse(nlp, docs):
            found = extract_document(doc, sdoc, catalog)
            results.append((entry, found.quotes, found.predictions))
    return results


def test_gold_quotes(extracted):
    tp = fp = fn = speaker_ok = text_matched = 0
    for entry, quotes, _ in extracted:
        left = list(quotes)
        for g in entry["quotes"]:
            for q in left:
                if _covers(q.text, g["text"]):
                    text_matched += 1
                    speaker_ok += _same_speaker(q, g["speaker"])
                if _covers(q.text, g["text"]) and _same_speaker(q, g["speaker"]):
                    left.remove(q)
                    tp += 1
                    break
            else:
                fn += 1
        fp += len(left)
    assert _f1(tp, fp, fn) >= 0.85, (tp, fp, fn)
    print(
        f"quotes tp={tp} fp={fp} fn={fn} f1={_f1(tp, fp, fn):.3f} speaker={speaker_ok}/{text_matched}"
    )
    assert speaker_ok / text_matched >= 0.95, (speaker_ok, text_matched)


def test_gold_predictions(extracted):
    tp = fp = fn = 0
    for entry, _, predictions in extracted:
        left = list(predictions)
        for g in entry["predictions"]:
            match = next((p for p in left if p.subject == g["subject"]
                          and _covers(p.evidence.sentence, g["evidence"])), None)  # fmt: skip
            if match is None:
                fn += 1
            else:
                left.remove(match)
                tp += 1
        fp += len(left)
    assert _f1(tp, fp, fn) >= 0.60, (tp, fp, fn)
    print(f"predictions tp={tp} fp={fp} fn={fn} f1={_f1(tp, fp, fn):.3f}")
