"""Prediction extraction on sentences we wrote: future tense and modals, inevitability,
estimative phrases, horizons, conditionals, headline questions, and negatives."""

# ruff: noqa: E501  -- case tables read best one sentence per line

from __future__ import annotations

from datetime import date

import pytest

from allywatch.extract.dates import find_dates
from allywatch.extract.predictions import extract_predictions, fallback_deadline
from allywatch.extract.quotes import extract_quotes
from allywatch.extract.speech_lexicon import estimate_likelihood
from allywatch.nlp.catalog import Catalog
from tests.extract.speech_support import gazetteer_mentions, make_doc, nlp  # noqa: F401

pytestmark = pytest.mark.slow

# (text, expected [(subject, outcome or None to skip the check, by_author)])
CASES: list[tuple[str, list[tuple[str, str | None, bool]]]] = [
    # --- future tense, author's voice
    ("The regime in Havana will fall within a year.", [("CUB", "LEADER_OUSTED", True)]),
    ("Lukashenko will be toppled before the next election.", [("BLR", "LEADER_OUSTED", True)]),
    ("Venezuela's government will collapse by 2027.", [("VEN", "LEADER_OUSTED", True)]),
    ("Moscow will not come to the aid of Pyongyang.", [("RUS", None, True)]),
    ("Russia will supply Iran with more drones next year.", [("RUS", "AID", True)]),
    ("China is going to replace Russia as Iran's main partner.", [("CHN", None, True)]),
    ("Iran may soon turn to Beijing for weapons.", [("IRN", None, True)]),
    ("Belarus could become the next Russian ally to fall.", [("BLR", "LEADER_OUSTED", True)]),
    ("The Kremlin might quietly abandon Tehran.", [("RUS", None, True)]),
    # --- inevitability and estimative framing
    ("Putin's fall one day is inevitable.", [("RUS", "LEADER_OUSTED", True)]),
    ("Maduro's downfall is inevitable.", [("VEN", "LEADER_OUSTED", True)]),
    ("The smart money remains on Cuba.", [("CUB", None, True)]),
    ("Russia is bound to lose influence in the Caucasus.", [("RUS", None, True)]),
    ("It is exceedingly unlikely Russia will come to save Iran.", [("RUS", "SUPPORT", True)]),
    ("It is almost certain that Minsk will stay loyal to Moscow.", [("BLR", None, True)]),
    # --- quoted predictors
    (
        '"The regime in Tehran will collapse within months," said Hannah Berg, an analyst.',
        [("IRN", "LEADER_OUSTED", False)],
    ),
    (
        '"Putin\'s fall one day is inevitable," the Ukrainian foreign minister Andrii Sybiha said.',
        [("RUS", "LEADER_OUSTED", False)],
    ),
    (
        '"Iran could easily replace Russia as Europe\'s energy provider," Nadia Karimi says.',
        [("IRN", None, False)],
    ),
    # --- conditionals
    (
        'Ryhor Nowak adds that "if Tehran drags the U.S. into a long war, Moscow\'s ability to help will increase."',
        [("RUS", None, False)],
    ),
    (
        "If sanctions are lifted, Iran will replace Russia in European markets.",
        [("IRN", None, True)],
    ),
    # --- horizons and a "next" headline question
    ("Putin Next?", [("RUS", None, True)]),
    ("Assad Fell. Lukashenko Next?", [("BLR", "LEADER_OUSTED", True)]),
    ("Transnistria will run out of gas in the next year and a half.", [("MDA-PMR", None, True)]),
    ("Russia will withdraw from Syria over the next six months.", [("RUS", None, True)]),
    # --- reported speech: the person whose speech verb governs the clause predicts
    (
        "Paul Grant argues that the regime in Minsk will collapse within a year.",
        [("BLR", "LEADER_OUSTED", False)],
    ),
    ("Moscow will almost certainly abandon Assad, Maria Lind believes.", [("RUS", None, False)]),
    (
        "Hanna Notte added that Maduro's government would likely fall within months.",
        [("VEN", "LEADER_OUSTED", False)],
    ),
    (
        'Hanna Notte added that Maduro\'s government was "on borrowed time" and would likely fall within months.',
        [("VEN", "LEADER_OUSTED", False)],
    ),
    (
        '"Russia is not going to interfere militarily," Dmitry Peskov told reporters.',
        [("RUS", "not interfere militarily", False)],
    ),
    (
        "Belarus's economy is expected to shrink by 2% next year, according to the World Bank.",
        [("BLR", None, False)],
    ),
    ("Russia is likely to lose its base in Syria.", [("RUS", "lose its base in Syria", True)]),
    ('"Cuba will fall," Ana Costa said, adding that "Venezuela will follow within months."',
     [("CUB", "LEADER_OUSTED", False), ("VEN", "LEADER_OUSTED", False)]),
    # --- onlookers: the forecast is about the one who falls, not the one who watches
    ("Russia will watch Cuba fall.", [("CUB", "LEADER_OUSTED", True)]),
    ("Moscow will let Maduro collapse.", [("VEN", "LEADER_OUSTED", True)]),
    ("The only question is which ally Russia will watch topple next.", []),
    # --- expectation verbs: their subject predicts
    ("Experts expect Cuba to collapse by 2028.", [("CUB", "LEADER_OUSTED", False)]),
    ("Analysts predict that Minsk will fall.", [("BLR", "LEADER_OUSTED", False)]),
    # --- reported expectations: a forecast even of a scheduled activity
    ("Tehran is expected to announce new elections on Friday.", [("IRN", None, True)]),
    ("The Belarusian parliament passed the bill, with Lukashenko now expected to sign it.",
     [("BLR", None, True)]),
    # --- coordinated subjects: one forecast per actor
    ("Cuba and Venezuela are expected to fall within a year.",
     [("CUB", "LEADER_OUSTED", True), ("VEN", "LEADER_OUSTED", True)]),
    # --- readiness: a forecast, unless it is the condition
    ('"Several states are ready to arm Tehran," Mark Hill said.', [("IRN", "AID", False)]),
    ("Even if Russia were willing to defend Cuba, it could not.", []),
    # --- a source's forecast about the actor its verb acts on
    ("According to two diplomats, the deal may allow Russia to open a base in Cuba.",
     [("RUS", None, False)]),
    # --- a relative clause summing up a clause is about that clause's actor
    ("Moscow signed a pact with Minsk on Monday, a step that could anger the West.",
     [("RUS", None, True)]),
    # --- pledges about one's own side are not forecasts
    ('"Cuba will take all necessary measures to defend itself," the Cuban foreign ministry said.', []),
    ('"We will continue to support Havana," Dmitry Peskov of the Kremlin said.', []),
    # --- ... unless hedged or not an act of will
    ('"Cuba could run out of fuel within weeks," the Cuban foreign ministry said.',
     [("CUB", None, False)]),
    ('"Cuba will lose its last ally," the Cuban foreign ministry said.', [("CUB", None, False)]),
    # --- estimative adjectives in another sense: "certain groups", "remote regions"
    ("Moscow backed certain rebel groups in remote border regions.", []),
    # --- double negatives and "never"
    ("Moscow will not hesitate to defend Minsk.", [("RUS", "SUPPORT", True)]),
    ("Moscow will not defend Minsk.", [("RUS", "SUPPORT negated", True)]),
    ("Moscow will never abandon Havana.", [("RUS", "abandon Havana", True)]),
    # --- negatives
    ("Spain will be back in action on Wednesday against Croatia.", []),
    ("Putin is set to visit Minsk next week.", []),
    (
        '"If war broke out tomorrow, I doubt Moscow would send a single soldier," said Mark Hill.',
        [],
    ),
    ("Peskov declined to say whether Moscow would supply more weapons.", []),
    ("Cuba would be better off without Russian oil.", []),
    ("Russia supplied Iran with drones in 2024.", []),
    ("Moscow has stood by during Iran's war with Israel.", []),
    ("That may have been an overstatement.", []),
    ("Russia could only watch while American forces seized Maduro.", []),
    ("Iran aims to reach 20 gigawatts of nuclear capacity by 2040.", []),
    ("Leaders wonder if they might be better off without Putin.", []),
    ("With his military might revealed, Putin has little to offer.", []),
    ("A deal with the West would be a death blow to Moscow's leverage.", []),
    ("The decline may well be only a temporary setback.", []),
    ("It will hardly solve all of the problems.", []),
    ("Russia's allies have been warned.", []),
    ('Summaries repeat lines: "Putin\'s fall one day is inevitable."', []),
    ("Is this the end of the war?", []),
    ("Putin will meet Lukashenko in Minsk on Tuesday.", []),
    ("Russia's foreign minister will visit Havana next week.", []),
]


def _run(nlp, make_doc, text):  # noqa: F811
    doc = make_doc(text)
    sdoc = nlp(text)
    mentions = gazetteer_mentions(doc)
    found_quotes = extract_quotes(sdoc, doc, mentions, Catalog())
    found_dates = find_dates(sdoc, doc.published)
    return extract_predictions(sdoc, doc, mentions, found_quotes, found_dates, Catalog())


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"p{i:02d}" for i in range(len(CASES))])
def test_prediction_cases(nlp, make_doc, text, expected):  # noqa: F811
    found = _run(nlp, make_doc, text)
    got = [(p.subject, p.outcome, p.predictor_is_author) for p in found]
    assert len(found) == len(expected), got
    for pred, (subject, outcome, by_author) in zip(found, expected, strict=True):
        assert pred.subject == subject, got
        if outcome is not None:
            assert pred.outcome == outcome, got
        assert pred.predictor_is_author == by_author, got
        assert pred.predictor == ("Jane Author" if by_author else pred.predictor)
        assert text[pred.evidence.start : pred.evidence.end] == pred.evidence.sentence


def test_prediction_fields(nlp, make_doc):  # noqa: F811
    (pred,) = _run(
        nlp, make_doc, "It is exceedingly unlikely Russia will come to save Iran if war breaks out."
    )
    assert pred.likelihood == pytest.approx(0.1)
    assert pred.likelihood_text == "exceedingly unlikely"
    assert pred.conditional
    (pred,) = _run(nlp, make_doc, '"Putin\'s fall one day is inevitable," Andrii Sybiha said.')
    assert pred.predictor == "andrii-sybiha"
    assert pred.deadline is None
    assert pred.likelihood == pytest.approx(0.99)
    (pred,) = _run(nlp, make_doc, "Transnistria will run out of gas in the next year and a half.")
    assert pred.deadline == date(2027, 9, 1)
    assert not pred.conditional


@pytest.mark.parametrize(
    ("phrase", "probability"),
    [
        ("Putin's fall is inevitable", 0.99),
        ("it is almost certainly true", 0.95),
        ("the smart money remains on Cuba", 0.875),
        ("a likely outcome", 0.7),
        ("perhaps it will be Transnistria", 0.4),
        ("an unlikely turn", 0.3),
        ("it is exceedingly unlikely", 0.1),
        ("there is almost no chance", 0.03),
        ("it is fair to\nassume", 0.7),
        ("nothing estimative here", None),
    ],
)
def test_estimative_table(phrase, probability):
    found = estimate_likelihood(phrase)
    assert (found.probability if found else None) == probability


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("within a year", date(2027, 3, 1)),
        ("in the next 18 months", date(2027, 9, 1)),
        ("the next year and a half", date(2027, 9, 1)),
        ("by 2027", date(2027, 12, 31)),
        ("one day", None),
        ("over the next six months", date(2026, 9, 1)),
    ],
)
def test_fallback_deadline(text, deadline):
    assert fallback_deadline(text, date(2026, 3, 1))[0] == deadline


TITLED = "Assad fell in December. Moscow only watched."


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Assad Falls, Maduro Falls. Lukashenko Next?", [("BLR", "LEADER_OUSTED", "Lukashenko Next?")]),
        ("Another Russian Ally Is Toppled: Is Cuba Next?", [("CUB", "LEADER_OUSTED", "Is Cuba Next?")]),
        ("Russia Signs Deal With Iran. Who Is Next?", []),  # no actor in the question
        ("Russia and Iran Sign a Strategic Partnership", []),  # no question
        ("Why Russia Cannot Save Its Allies From Their Own People Next?", []),  # too long
    ],
)
def test_title_question_prediction(nlp, make_doc, title, expected):  # noqa: F811
    """A headline question in ``Document.title`` (outside ``text``) is a prediction whose
    evidence is the title (``Evidence.in_title``: an empty span at 0)."""
    from dataclasses import replace

    catalog = Catalog.load()
    doc = replace(make_doc(TITLED), title=title)
    sdoc = nlp(doc.text)
    mentions = gazetteer_mentions(doc)
    found = extract_predictions(sdoc, doc, mentions, [], find_dates(sdoc, doc.published), catalog)
    got = [(p.subject, p.outcome, p.evidence.sentence) for p in found if p.evidence.in_title]
    assert got == expected
    for pred in found:
        if pred.evidence.in_title:
            assert pred.predictor == "Jane Author" and pred.predictor_is_author
            assert pred.evidence.start == pred.evidence.end == 0


def test_title_already_in_text_is_read_once(nlp, make_doc):  # noqa: F811
    from dataclasses import replace

    text = "Assad Fell. Lukashenko Next?\n\n" + TITLED
    doc = replace(make_doc(text), title="Assad Fell. Lukashenko Next?")
    sdoc = nlp(text)
    found = extract_predictions(sdoc, doc, gazetteer_mentions(doc), [], [], Catalog.load())
    assert [(p.subject, p.evidence.in_title) for p in found] == [("BLR", False)]


def test_at_least_30_prediction_cases() -> None:
    positives = sum(1 for _, expected in CASES if expected)
    assert len(CASES) >= 30 and 0 < positives < len(CASES)  # positives and negatives


def test_never_is_the_likelihood_of_the_outcome(nlp, make_doc):  # noqa: F811
    (pred,) = _run(nlp, make_doc, "Moscow will never abandon Havana.")
    assert pred.outcome == "abandon Havana" and pred.likelihood == pytest.approx(0.01)
    (pred,) = _run(nlp, make_doc, "Experts expect Cuba to collapse by 2028.")
    assert pred.predictor == "Experts" and pred.deadline == date(2028, 12, 31)
