"""Quote scoring by the gold's conventions: speaker_type, people across spelling variants,
institutions by name, anonymous sources by description, joint statements; the per-type
report. Gold entries and quotes here are made up for the tests."""

from __future__ import annotations

import pytest

from allywatch.analyze.evaluate import evaluate_extractions
from allywatch.analyze.speech_eval import quote_report, speaker_agrees
from allywatch.types import Document, Evidence, Extraction, Quote

DOC = Document(id="d1", text="x", source="t", format="text")


def _q(speaker_text, kind="person", speaker=None, co=(), affiliation=None, text="we will win"):
    if kind == "person" and speaker is None:
        speaker = speaker_text.lower().replace(" ", "-")
    return Quote(text=text, evidence=Evidence("d1", 0, 1, text), start=0, end=1,
                 speaker=speaker, speaker_text=speaker_text, speaker_type=kind,
                 co_speakers=tuple(co), affiliation=affiliation)  # fmt: skip


@pytest.mark.parametrize(
    ("gold", "quote", "ok"),
    [
        # people across spelling and transliteration variants, and the catalog's aliases
        ({"speaker": "Ahmad al-Sharaa", "speaker_type": "person"}, _q("Ahmed al-Sharaa"), True),
        ({"speaker": "Volodymyr Zelenskyy", "speaker_type": "person"}, _q("Zelensky"), True),
        ({"speaker": "Milan Kovačević", "speaker_type": "person"}, _q("Milan Kovacevic"), True),
        ({"speaker": "Tomasz Wróbel", "speaker_type": "person"}, _q("Tomasz Wrobel"), True),
        ({"speaker": "Joe Biden", "speaker_type": "person"}, _q("Hunter Biden"), False),
        ({"speaker": "Ali Khamenei", "speaker_type": "person"}, _q("Ruhollah Khomeini"), False),
        # a person is not an institution, nor an unnamed description
        ({"speaker": "Lena Brandt", "speaker_type": "person"},
         _q("the Foreign Ministry", "institution"), False),
        # institutions by name: demonym / possessive / acronym / the state alone
        ({"speaker": "Chilean Foreign Ministry", "speaker_type": "institution"},
         _q("Chile's foreign ministry", "institution"), True),
        ({"speaker": "Chilean Foreign Ministry", "speaker_type": "institution"},
         _q("the Bolivian foreign ministry", "institution"), False),
        ({"speaker": "Chilean Foreign Ministry", "speaker_type": "institution"},
         _q("the Chilean government", "institution"), False),
        ({"speaker": "Southern Fleet Command (SOUTHFLEET)", "speaker_type": "institution"},
         _q("SOUTHFLEET", "institution"), True),
        ({"speaker": "Kenyan government ('the cabinet')", "speaker_type": "institution"},
         _q("the cabinet", "institution"), True),
        ({"speaker": "Peruvian government", "speaker_type": "institution"},
         _q("Lima", "institution", speaker="PER"), True),
        ({"speaker": "Estonian Defence Ministry", "speaker_type": "institution"},
         _q("Estonia's defense ministry", "institution"), True),
        # anonymous sources: the descriptions overlap, the states agree
        ({"speaker": "unnamed Danish government source", "speaker_type": "anonymous"},
         _q("Danish government sources", "anonymous"), True),
        ({"speaker": "unnamed United Nations official", "speaker_type": "anonymous"},
         _q("a UN official", "anonymous"), True),
        ({"speaker": "unnamed French official", "speaker_type": "anonymous"},
         _q("a Polish official", "anonymous"), False),
        ({"speaker": "unnamed French official", "speaker_type": "anonymous"},
         _q("Jean Dupont", "person"), False),
        # a person the passage does not name: matched by description
        ({"speaker": "Chad's new defence minister (not named in the passage)",
          "speaker_type": "person"}, _q("Chad's new defence minister", "anonymous"), True),
        # joint statements need all their speakers
        ({"speaker": "Lena Brandt, Omar Haddad and Ana Costa (jointly)", "speaker_type": "person"},
         _q("Lena Brandt", co=("Omar Haddad", "Ana Costa")), True),
        ({"speaker": "Lena Brandt, Omar Haddad and Ana Costa (jointly)", "speaker_type": "person"},
         _q("Lena Brandt", co=("Omar Haddad",)), False),
        # unattributed
        ({"speaker": None, "speaker_type": "unattributed"}, _q("", "unattributed"), True),
        ({"speaker": None, "speaker_type": "unattributed"}, _q("a diplomat", "anonymous"), False),
        # gold without speaker_type (the seed gold): null = anyone but a named person
        ({"speaker": None}, _q("one researcher", "anonymous"), True),
        ({"speaker": None}, _q("the Kiel Institute", "institution"), True),
        ({"speaker": None}, _q("Lena Brandt"), False),
        ({"speaker": "Julian G. Waller"}, _q("Julian Waller"), True),
    ],
)
def test_speaker_agrees_by_gold_conventions(gold, quote, ok):
    assert speaker_agrees(gold, quote) is ok


def test_quote_report_by_speaker_type_and_speaker_precision():
    gold = {"document": "a", "quotes": [
        {"speaker": "Lena Brandt", "speaker_type": "person", "text": "we will win"},
        {"speaker": "Ukrainian Defence Ministry", "speaker_type": "institution",
         "text": "the strike hit a depot"},
        {"speaker": "unnamed NATO official", "speaker_type": "anonymous",
         "text": "the front is holding"},
    ]}  # fmt: skip
    quotes = (
        _q("Lena Brandt"),
        _q("Omar Haddad", text="the strike hit a depot"),  # right text, wrong speaker
        _q("a NATO official", "anonymous", text="the front is holding for now"),
        _q("the Kremlin", "institution", speaker="RUS", text="nothing to add"),  # extra
    )
    pairs = [(gold, Extraction(document=DOC, quotes=quotes))]
    report = quote_report(pairs)
    assert report["speaker_precision"] == round(2 / 3, 4)
    assert report["by_type"]["person"] == {"gold": 1, "tp": 1, "wrong_speaker": 0,
                                           "predicted": 2}  # fmt: skip
    assert report["by_type"]["institution"] == {"gold": 1, "tp": 0, "wrong_speaker": 1,
                                                "predicted": 1}  # fmt: skip
    assert report["by_type"]["anonymous"]["tp"] == 1
    result = evaluate_extractions(pairs, lambda a: {a})
    assert result["quotes"]["tp"] == 2 and result["quotes"]["fp"] == 2
    assert result["quotes_by_speaker_type"] == report
