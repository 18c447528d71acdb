"""Cross-validation by document (``allywatch eval --folds``): the split, no leakage from the
training folds, lenient matching and the confusion table, on gold we write ourselves."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from allywatch.analyze.evaluate import evaluate_extractions
from allywatch.analyze.event_scoring import (
    NONE,
    accepted_readings,
    catalog_names,
    confusion,
    lenient_counts,
    name_key,
    score_pairs,
)
from allywatch.analyze.folds import cross_validate, extract_examples, split_folds, union
from allywatch.errors import EvaluationError
from allywatch.extract.registry import GoldExample
from allywatch.types import DateValue, Document, Event, Evidence, Extraction, Mention

# --- the split ----------------------------------------------------------------------------


def _example(i: int, source: str = "a.json") -> GoldExample:
    text = f"Document number {i} says little."
    doc = Document(id=Document.make_id(text), text=text, source=f"{i}.txt", format="text")
    return GoldExample(doc, None, (), (), {"events": []}, f"{source}#{i}")  # type: ignore[arg-type]


def _ids(folds: list[list[GoldExample]]) -> list[list[str]]:
    return [sorted(ex.document.id for ex in fold) for fold in folds]


def test_folds_split_whole_documents_deterministically() -> None:
    examples = [_example(i) for i in range(11)]
    folds = split_folds(examples, 3, seed=7)
    assert sorted(len(f) for f in folds) == [3, 4, 4]
    every = [ex.document.id for fold in folds for ex in fold]
    assert sorted(every) == sorted(ex.document.id for ex in examples)  # each exactly once
    assert _ids(split_folds(examples, 3, seed=7)) == _ids(folds)
    assert _ids(split_folds(list(reversed(examples)), 3, seed=7)) == _ids(folds)  # order-free
    assert _ids(split_folds(examples, 3, seed=8)) != _ids(folds)


def test_folds_split_refuses_impossible_counts() -> None:
    examples = [_example(i) for i in range(3)]
    with pytest.raises(EvaluationError, match="at least 2 folds"):
        split_folds(examples, 1)
    with pytest.raises(EvaluationError, match="only 3 gold documents"):
        split_folds(examples, 4)


def test_folds_union_keeps_each_document_once() -> None:
    first = [_example(i, "a.json") for i in range(3)]
    second = [_example(i, "b.json") for i in (2, 3)]
    examples, repeats = union([first, second])
    assert repeats == 1
    assert [ex.source for ex in examples] == ["a.json#0", "a.json#1", "a.json#2", "b.json#3"]


# --- lenient matching and the confusion table ---------------------------------------------
def _event(type_: str, source: tuple[str, ...], target: tuple[str, ...], sentence: str,
           **kw: Any) -> Event:  # fmt: skip
    return Event(type_, source, target, Evidence("d", 0, len(sentence), sentence), **kw)


S1 = "Ruritania halted the delivery of rifles to Freedonia last week."
S2 = "The Ruritanian navy shelled a camp of the Eastern Front militia."
S3 = "Ruritania and Freedonia held talks on the border."
DOC = Document(id="d", text=" ".join([S1, S2, S3]), source="d.txt", format="text")


def _names(actor_id: str) -> set[str]:
    return {"easternfront", "efm"} if actor_id == "EFM" else {name_key(actor_id)}


def _state_of(actor_id: str) -> set[str]:
    return {"RUR"} if actor_id == "EFM" else {actor_id}  # the militia counts as its state


GOLD = {
    "document": "d.txt",
    "events": [
        {"type": "SANCTION", "source": ["RUR"], "target": ["FRE"], "evidence": S1,
         "alt_types": ["AID:negated"]},
        {"type": "ASSAULT", "source": ["RUR"], "target": ["Eastern Front"], "evidence": S2},
        {"type": "CONSULT", "source": ["RUR", "FRE"], "target": ["FRE", "RUR"], "evidence": S3},
    ],
}  # fmt: skip


def _pairs(*events: Event) -> list[tuple[dict[str, Any], Extraction]]:
    return [(GOLD, Extraction(document=DOC, events=events))]


def test_lenient_accepts_alt_types_and_name_variants_strict_does_not() -> None:
    pairs = _pairs(
        _event("AID", ("RUR",), ("FRE",), S1, negated=True),  # the gold's alternative
        _event("ASSAULT", ("RUR",), ("EFM",), S2),  # "Eastern Front" by name
    )
    strict = evaluate_extractions(pairs, _state_of)["events"]
    lenient = lenient_counts(pairs, _state_of, _names)
    assert (strict["tp"], strict["fp"], strict["fn"]) == (0, 2, 3)
    assert (lenient["tp"], lenient["fp"], lenient["fn"]) == (2, 0, 1)


def test_lenient_alternative_keeps_its_polarity() -> None:
    assert accepted_readings(GOLD["events"][0]) == {("SANCTION", False), ("AID", True)}
    pairs = _pairs(_event("AID", ("RUR",), ("FRE",), S1))  # delivered, not halted
    assert lenient_counts(pairs, _state_of, _names)["tp"] == 0


def test_lenient_names_compare_case_and_punctuation_insensitively() -> None:
    assert name_key("the Houthis") == name_key("Houthis") == "houthis"
    assert name_key("Hayat Tahrir al-Sham") == name_key("HAYAT TAHRIR AL SHAM")
    from allywatch.nlp import default_catalog

    names = catalog_names(default_catalog())
    assert name_key("Wagner Group") in names("WAGNER")
    assert name_key("Hamas") in names("HAMAS")
    assert names("NOT-AN-ACTOR") == {"notanactor"}


def test_confusion_counts_sentence_matched_pairs_missed_and_spurious() -> None:
    pairs = _pairs(
        _event("SANCTION", ("RUR",), ("FRE",), S1),  # right type
        _event("COERCE", ("RUR",), ("EFM",), S2),  # wrong type on the gold's sentence
        _event("AID", ("FRE",), ("RUR",), "Freedonia sent grain to Ruritania."),  # no gold
        _event("ASSAULT", ("RUR",), ("FRE",), S1, modality="hypothetical"),  # not a fact
    )
    assert confusion(pairs) == {
        "SANCTION": {"SANCTION": 1},
        "ASSAULT": {"COERCE": 1},
        "CONSULT": {NONE: 1},
        NONE: {"AID": 1},
    }
    scores = score_pairs(pairs, _state_of, _names)
    assert scores["events"]["tp"] == 1 and scores["events_lenient"]["tp"] == 1
    assert scores["confusion"] == confusion(pairs)


def test_confusion_pairs_same_label_first() -> None:
    gold = {"document": "d", "events": [
        {"type": "AID", "source": ["A"], "target": ["B"], "evidence": S1},
        {"type": "SANCTION", "source": ["A"], "target": ["B"], "evidence": S1}]}  # fmt: skip
    extraction = Extraction(document=DOC, events=(
        _event("SANCTION", ("A",), ("B",), S1), _event("AID", ("A",), ("B",), S1)))  # fmt: skip
    assert confusion([(gold, extraction)]) == {"AID": {"AID": 1}, "SANCTION": {"SANCTION": 1}}


# --- no leakage: a backend that memorises its training set ----------------------------------
SENTENCES = [
    ("Ruritania sent artillery shells to Freedonia in March.", "AID", ["RUR"], ["FRE"]),
    ("Freedonia signed a trade pact with Ruritania.", "AGREE", ["FRE"], ["RUR"]),
    ("Ruritanian jets bombed a depot inside Freedonia.", "ASSAULT", ["RUR"], ["FRE"]),
    ("Freedonia expelled the Ruritanian ambassador.", "SANCTION", ["FRE"], ["RUR"]),
    ("Ruritania accused Freedonia of hiding the convoy.", "ACCUSE", ["RUR"], ["FRE"]),
    ("Freedonia asked Ruritania for more fuel.", "REQUEST", ["FRE"], ["RUR"]),
]


class MemoBackend:
    """Codes exactly the gold events of the sentences it was trained on, nothing else."""

    name = "memo"

    def __init__(self, memory: dict[str, list[dict[str, Any]]] | None = None,
                 trained_on: frozenset[str] = frozenset()) -> None:  # fmt: skip
        self.memory = memory or {}
        self.trained_on = trained_on
        self.fits: list[frozenset[str]] = []

    def fit(self, examples: Sequence[GoldExample]) -> MemoBackend:
        memory: dict[str, list[dict[str, Any]]] = {}
        for ex in examples:
            for gold in ex.gold["events"]:
                memory.setdefault(gold["evidence"], []).append(gold)
        sources = frozenset(ex.source for ex in examples)
        self.fits.append(sources)
        return MemoBackend(memory, sources)

    def extract(self, sdoc: Any, document: Document, mentions: Sequence[Mention],
                dates: Sequence[DateValue], catalog: Any) -> list[Event]:  # fmt: skip
        out = []
        for sent in sdoc.sents:
            for gold in self.memory.get(sent.text.strip(), []):
                evidence = Evidence(document.id, sent.start_char, sent.end_char, sent.text)
                out.append(Event(gold["type"], tuple(gold["source"]), tuple(gold["target"]),
                                 evidence))  # fmt: skip
        return out


@pytest.fixture(scope="module")
def memo_examples(tmp_path_factory: pytest.TempPathFactory) -> list[GoldExample]:
    from allywatch.analyze.gold_examples import load_gold_examples

    folder = tmp_path_factory.mktemp("gold")
    documents = []
    for i, (sentence, type_, source, target) in enumerate(SENTENCES):
        (folder / f"d{i}.txt").write_text(sentence + "\n", encoding="utf-8")
        event = {"type": type_, "source": source, "target": target, "evidence": sentence}
        documents.append({"document": f"d{i}.txt", "events": [event]})
    (folder / "gold.json").write_text(json.dumps({"documents": documents}), encoding="utf-8")
    return load_gold_examples(folder / "gold.json", "allywatch")


def _cv(examples: list[GoldExample], backend: MemoBackend, **kw: Any) -> dict[str, Any]:
    from allywatch.nlp import default_catalog

    catalog = default_catalog()
    return cross_validate(examples, 3, backend, state_of=lambda a: {a}, names=_names,
                          catalog=catalog, **kw)  # fmt: skip


@pytest.mark.slow
def test_folds_memorising_backend_scores_in_sample_but_not_held_out(
    memo_examples: list[GoldExample],
) -> None:
    from allywatch.nlp import default_catalog

    trained = MemoBackend().fit(memo_examples)
    in_sample = extract_examples(memo_examples, trained, default_catalog())
    events = evaluate_extractions([(dict(g), x) for g, x in in_sample], lambda a: {a})["events"]
    assert (events["precision"], events["recall"]) == (1.0, 1.0)

    backend = MemoBackend()
    result = _cv(memo_examples, backend)
    assert result["pooled"]["events"]["tp"] == 0  # nothing scored was trained on
    assert result["pooled"]["events"]["fn"] == len(SENTENCES)
    for fold, trained in zip(result["folds"], backend.fits, strict=True):
        assert not trained & set(fold["sources"])
        assert len(trained) + len(fold["sources"]) == len(SENTENCES)


@pytest.mark.slow
def test_folds_train_extra_never_includes_a_scored_document(
    memo_examples: list[GoldExample],
) -> None:
    backend = MemoBackend()
    result = _cv(memo_examples, backend, extra=memo_examples)
    assert result["train_extra_dropped"] == len(SENTENCES) and result["train_extra"] == 0
    assert result["pooled"]["events"]["tp"] == 0
