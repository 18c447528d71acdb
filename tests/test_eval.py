"""The eval harness's matching rules (DESIGN.md "Evaluation"), on records we build."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from allywatch.analyze.evaluate import (
    covers,
    evaluate_extractions,
    evaluate_gold,
    evaluate_plover,
    load_gold,
    words,
)
from allywatch.errors import EvaluationError
from allywatch.types import DateValue, Document, Event, Evidence, Extraction, Prediction, Quote

DOC = Document(id="d1", text="x", source="t", format="text")


def _ev(
    type_="AID",
    source=("IRN",),
    target=("RUS",),
    sentence="Tehran has supplied Russia with drones.",
    **kw,
):
    return Event(
        type=type_,
        source=source,
        target=target,
        evidence=Evidence("d1", 0, len(sentence), sentence),
        **kw,
    )


def _score(gold_events, events, **extra):
    entry = {"document": "a.txt", "events": gold_events, **extra}
    return evaluate_extractions(
        [(entry, Extraction(document=DOC, events=tuple(events), **{}))], lambda a: {a}
    )


GOLD_AID = {
    "type": "AID",
    "source": ["IRN"],
    "target": ["RUS"],
    "evidence": "Tehran has supplied Russia with drones",
}


def test_eval_words_normalise_quotes_and_case():
    assert words("Russia’s “War”") == {"russia's", "war"}


def test_eval_covers_half_of_gold_words():
    assert covers(
        "Tehran has supplied Russia", "Tehran has supplied Russia with drones and missiles"
    )
    assert not covers("Tehran has", "Tehran has supplied Russia with drones and missiles")


def test_eval_event_match_counts_tp():
    r = _score([GOLD_AID], [_ev()])
    assert r["events"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}


@pytest.mark.parametrize(
    "event",
    [
        _ev(type_="SUPPORT"),
        _ev(negated=True),
        _ev(source=("CHN",)),
        _ev(target=()),
        _ev(sentence="Something else entirely happened in Paris."),
    ],
)
def test_eval_event_mismatch(event):
    r = _score([GOLD_AID], [event])
    assert r["events"]["tp"] == 0 and r["events"]["fp"] == 1 and r["events"]["fn"] == 1


def test_eval_both_empty_sources_match():
    gold = {**GOLD_AID, "type": "LEADER_OUSTED", "source": []}
    assert _score([gold], [_ev(type_="LEADER_OUSTED", source=())])["events"]["tp"] == 1


def test_eval_matching_is_one_to_one():
    r = _score([GOLD_AID], [_ev(), _ev()])
    assert (r["events"]["tp"], r["events"]["fp"]) == (1, 1)


def test_eval_hypothetical_events_are_not_scored():
    r = _score([], [_ev(modality="hypothetical"), _ev(modality="future")])
    assert r["events"]["fp"] == 0


def test_eval_state_roll_up():
    entry = {"document": "a", "events": [GOLD_AID]}
    ev = _ev(source=("iran-person",))
    r = evaluate_extractions(
        [(entry, Extraction(document=DOC, events=(ev,)))],
        lambda a: {"IRN"} if a == "iran-person" else {a},
    )
    assert r["events"]["tp"] == 1


@pytest.mark.parametrize(
    ("gold_date", "predicted", "ok"),
    [
        ("2025-12", DateValue("2025-12", "month"), True),
        ("2025-12", DateValue("2025-12-08", "day"), True),
        ("2025-12", DateValue("2025", "year"), False),
        ("2025", DateValue("2025-fall", "season"), True),
        (None, None, True),
        (None, DateValue("2025", "year"), False),
        ("2026-02-28", None, False),
    ],
)
def test_eval_dates_at_gold_precision(gold_date, predicted, ok):
    r = _score([{**GOLD_AID, "date": gold_date}], [_ev(date=predicted)])
    assert r["event_dates"] == {"accuracy": 1.0 if ok else 0.0, "n": 1}


def _quote(text, speaker, speaker_text=""):
    return Quote(
        text=text,
        evidence=Evidence("d1", 0, 1, text),
        start=0,
        end=1,
        speaker=speaker,
        speaker_text=speaker_text,
        speaker_type="person" if speaker else "anonymous",
    )


@pytest.mark.parametrize(
    ("gold", "quote", "ok"),
    [
        (
            {"speaker": "Julian G. Waller", "text": "Russia will not come"},
            _quote("Russia will not come to save", "julian-g-waller"),
            True,
        ),
        (
            {"speaker": "Julian G. Waller", "text": "Russia will not come"},
            _quote("Russia will not come", "julian-waller"),
            True,
        ),
        (
            {"speaker": "Julian G. Waller", "text": "Russia will not come"},
            _quote("Russia will not come", "dara-massicot"),
            False,
        ),
        (
            {"speaker": None, "text": "a strategic downgrading"},
            _quote("a strategic downgrading both", None, "one researcher"),
            True,
        ),
        (
            {"speaker": None, "text": "a strategic downgrading"},
            _quote("a strategic downgrading", "someone"),
            False,
        ),
        (
            {"speaker": "Julian G. Waller", "text": "Russia will not come to save Iran now"},
            _quote("Russia", "julian-g-waller"),
            False,
        ),
    ],
)
def test_eval_quote_matching(gold, quote, ok):
    entry = {"document": "a", "quotes": [gold]}
    r = evaluate_extractions([(entry, Extraction(document=DOC, quotes=(quote,)))], lambda a: {a})
    assert r["quotes"]["tp"] == int(ok)


def test_eval_prediction_matching():
    p = Prediction(
        claim="c",
        evidence=Evidence("d1", 0, 10, "The smart money remains on Cuba, where"),
        predictor="author",
        subject="CUB",
        outcome="LEADER_OUSTED",
    )
    good = {"subject": "CUB", "evidence": "The smart money remains on Cuba"}
    bad = {"subject": "MDA-PMR", "evidence": "The smart money remains on Cuba"}
    for gold, tp in ((good, 1), (bad, 0)):
        r = evaluate_extractions(
            [
                (
                    {"document": "a", "predictions": [gold]},
                    Extraction(document=DOC, predictions=(p,)),
                )
            ],
            lambda a: {a},
        )
        assert r["predictions"]["tp"] == tp


def test_eval_json_keys():
    r = _score([GOLD_AID], [_ev()])
    assert set(r) == {"events", "event_dates", "quotes", "quotes_by_speaker_type", "predictions"}
    assert set(r["quotes"]) == {"precision", "recall", "f1", "tp", "fp", "fn"}


def test_eval_gold_paths_relative_and_published_override(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(
        "Tehran has supplied Russia with drones.", encoding="utf-8"
    )
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps(
            {
                "documents": [
                    {"document": "docs/a.txt", "published": "2026-03-01", "events": [GOLD_AID]}
                ]
            }
        )
    )
    seen = {}

    def load(path, published):
        seen["published"] = published
        text = path.read_text(encoding="utf-8")
        return Document(id="d1", text=text, source=str(path), format="text", published=published)

    r = evaluate_gold(
        gold,
        extractor=lambda d: Extraction(document=d, events=(_ev(),)),
        load=load,
        state_of=lambda a: {a},
    )
    assert seen["published"] == date(2026, 3, 1)
    assert r["events"]["tp"] == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json", "not JSON"),
        ("[]", "'documents' list"),
        ('{"documents": [{"events": []}]}', "no 'document' path"),
        (
            '{"documents": [{"document": "a", "events": [{"type": "AID"}]}]}',
            "needs type and evidence",
        ),
    ],
)
def test_eval_bad_gold_file_says_why(tmp_path: Path, content, reason):
    gold = tmp_path / "g.json"
    gold.write_text(content)
    with pytest.raises(EvaluationError, match=reason):
        load_gold(gold)


def test_eval_missing_document_names_it(tmp_path: Path):
    gold = tmp_path / "g.json"
    gold.write_text('{"documents": [{"document": "nope.txt"}]}')
    with pytest.raises(EvaluationError, match=r"nope\.txt"):
        evaluate_gold(gold, extractor=lambda d: Extraction(document=d), state_of=lambda a: {a})


def test_eval_plover_maps_old_labels(tmp_path: Path):
    records = [
        {"id": "DOC", "event": "DOCUMENT"},
        {
            "id": "1",
            "event": "DEMAND",
            "text": "Iran demanded help.",
            "source": [{"code": "IRN"}],
            "target": "",
        },
        {
            "id": "2",
            "event": "FIGHT",
            "text": "X fought Y.",
            "source": [{"code": "ISR"}],
            "target": [{"code": "IRN"}],
        },
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records))
    outputs = {
        "Iran demanded help.": _ev(type_="REQUEST", target=()),
        "X fought Y.": _ev(type_="ASSAULT", source=("ISR",), target=("IRN",)),
    }

    def extractor(doc):
        return Extraction(document=doc, events=(outputs[doc.text],))

    r = evaluate_plover(path, extractor=extractor, state_of=lambda a: {a})
    assert r == {
        "n": 2,
        "event_type": {"accuracy": 1.0},
        "source": {"accuracy": 1.0},
        "target": {"accuracy": 1.0},
        "no_event": 0,
        "by_type": {"ASSAULT": {"n": 1, "type_ok": 1}, "REQUEST": {"n": 1, "type_ok": 1}},
    }


def _plover_file(tmp_path: Path, *records: dict) -> Path:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([{"id": "DOC", "event": "DOCUMENT"}, *records]))
    return path


def _plover_run(path: Path, outputs: dict, state_of=lambda a: {a}):
    def extractor(doc):
        found = outputs.get(doc.text)
        return Extraction(document=doc, events=(found,) if found else ())

    return evaluate_plover(path, extractor=extractor, state_of=state_of)


def test_eval_plover_reads_non_iso_typos_as_their_state(tmp_path: Path):
    path = _plover_file(
        tmp_path,
        {"id": "1", "event": "SANCTION", "text": "Italy cut links with Serbia.",
         "source": [{"code": "ITL"}], "target": [{"code": "SRB"}]},
    )  # fmt: skip
    out = _plover_run(path, {"Italy cut links with Serbia.": _ev("SANCTION", ("ITA",), ("SRB",))})
    assert out["source"]["accuracy"] == 1.0
    # a wrong state is still wrong
    out = _plover_run(path, {"Italy cut links with Serbia.": _ev("SANCTION", ("ITB",), ("SRB",))})
    assert out["source"]["accuracy"] == 0.0


def test_eval_plover_transnational_codes_match_non_state_actors(tmp_path: Path):
    path = _plover_file(
        tmp_path,
        {"id": "1", "event": "THREATEN", "text": "Al-Qaeda threatened Israel.",
         "source": [{"code": "IMG"}], "target": [{"code": "ISR"}]},
    )  # fmt: skip
    ev = _ev("THREATEN", ("AL-QAEDA",), ("ISR",))
    kinds = {"AL-QAEDA": {"AL-QAEDA", "ORG"}, "ISR": {"ISR"}, "EGY": {"EGY"}}
    assert _plover_run(path, {"Al-Qaeda threatened Israel.": ev}, kinds.__getitem__)[
        "source"
    ]["accuracy"] == 1.0
    # a state is not a transnational actor
    ev = _ev("THREATEN", ("EGY",), ("ISR",))
    assert _plover_run(path, {"Al-Qaeda threatened Israel.": ev}, kinds.__getitem__)[
        "source"
    ]["accuracy"] == 0.0


def test_eval_plover_reciprocal_actors_accept_each_other_as_target(tmp_path: Path):
    text = "Jordan and Israel agreed on a pact."
    markup = "(SRC/TAR: Jordan) and (SRC/TAR: Israel) (EVT: agreed)"
    rec = {"id": "1", "event": "AGREE", "text": text,
           "source": [{"code": "JOR"}, {"code": "ISR"}], "target": "",
           "textInfo": {"markup": markup}}  # fmt: skip
    path = _plover_file(tmp_path, rec)
    both = _ev("AGREE", ("JOR", "ISR"), ("JOR", "ISR"))
    assert _plover_run(path, {text: both})["target"]["accuracy"] == 1.0
    assert _plover_run(path, {text: _ev("AGREE", ("JOR",), ())})["target"]["accuracy"] == 1.0
    assert _plover_run(path, {text: _ev("AGREE", ("JOR",), ("EGY",))})["target"]["accuracy"] == 0
    # without the reciprocal markup an empty gold target expects none
    rec["textInfo"] = {"markup": "(SRC: Jordan) and (SRC: Israel) (EVT: agreed)"}
    path = _plover_file(tmp_path, rec)
    assert _plover_run(path, {text: both})["target"]["accuracy"] == 0.0


def test_eval_plover_sentence_without_event_is_wrong(tmp_path: Path):
    path = _plover_file(
        tmp_path,
        {"id": "1", "event": "PROTEST", "text": "Students marched.", "source": [{"code": "IDN"}]},
    )
    out = _plover_run(path, {})
    assert out["no_event"] == 1
    assert out["event_type"]["accuracy"] == out["source"]["accuracy"] == 0.0
    assert out["by_type"] == {"PROTEST": {"n": 1, "type_ok": 0}}


def test_eval_cli_bad_gold_says_why(tmp_path: Path):
    from .conftest import run_cli

    gold = tmp_path / "g.json"
    gold.write_text("[]")
    out = run_cli("eval", str(gold), "--json")
    assert out.returncode == 2
    assert "g.json" in out.stderr and "documents" in out.stderr


def test_eval_cli_unknown_format(tmp_path: Path):
    from .conftest import run_cli

    gold = tmp_path / "g.json"
    gold.write_text("{}")
    out = run_cli("eval", "--format", "cameo", str(gold))
    assert out.returncode != 0
    assert "cameo" in out.stdout + out.stderr


@pytest.mark.parametrize(
    ("type_", "modality", "negated", "plover"),
    [
        ("AID", "future", False, "AGREE"),  # "will provide aid": intent to cooperate
        ("ASSAULT", "hypothetical", False, "THREATEN"),  # "would attack"
        ("AID", "future", True, "REJECT"),  # "will not accept": a stated refusal
        ("AID", "asserted", True, "AID"),  # "sent no troops": withheld, not a refusal
        ("AGREE", "asserted", True, "REJECT"),  # "failed to reach agreement"
        ("ASSAULT", "asserted", False, "ASSAULT"),
    ],
)
def test_eval_plover_type_of_intentions(type_, modality, negated, plover):
    from allywatch.analyze.evaluate import _plover_type

    assert _plover_type(_ev(type_, modality=modality, negated=negated)) == plover


def test_eval_plover_substate_counts_as_parent(tmp_path: Path):
    path = _plover_file(
        tmp_path,
        {"id": "1", "event": "ASSAULT", "text": "Israel struck Gaza.",
         "source": [{"code": "ISR"}], "target": [{"code": "PSE"}]},
    )  # fmt: skip
    assert _plover_run(path, {"Israel struck Gaza.": _ev("ASSAULT", ("ISR",), ("PSE-GZ",))})[
        "target"
    ]["accuracy"] == 1.0
    # an organisation's slug with a hyphen is no sub-state entity
    assert _plover_run(path, {"Israel struck Gaza.": _ev("ASSAULT", ("ISR",), ("PSEUDO-X",))})[
        "target"
    ]["accuracy"] == 0.0
