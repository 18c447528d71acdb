"""normalize(): one expression at a time, against a fixed publication date (no spaCy)."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from allywatch.errors import ConfigError
from allywatch.extract.dates import agrees, normalize
from allywatch.extract.dates.lexicon import parse_lexicon

PUB = date(2026, 3, 13)  # a Friday
D = date

# (expression, value, precision, start, end); start/end None = not checked
CASES: list[tuple[str, str, str, date | None, date | None]] = [
    # explicit calendar dates
    ("December 8, 2024", "2024-12-08", "day", D(2024, 12, 8), D(2024, 12, 8)),
    ("8 December 2024", "2024-12-08", "day", D(2024, 12, 8), D(2024, 12, 8)),
    ("Dec. 8, 2024", "2024-12-08", "day", None, None),
    ("the 8th of December 2024", "2024-12-08", "day", None, None),
    ("2024-12-08", "2024-12-08", "day", None, None),
    ("on Sept. 11, 2001", "2001-09-11", "day", None, None),
    ("March 2026", "2026-03", "month", D(2026, 3, 1), D(2026, 3, 31)),
    ("June 2025", "2025-06", "month", D(2025, 6, 1), D(2025, 6, 30)),
    ("in June 2025", "2025-06", "month", None, None),
    ("in June of 2025", "2025-06", "month", None, None),
    ("Feb. 2024", "2024-02", "month", D(2024, 2, 1), D(2024, 2, 29)),
    ("2024", "2024", "year", D(2024, 1, 1), D(2024, 12, 31)),
    ("in 2025", "2025", "year", None, None),
    ("the year 2030", "2030", "year", None, None),
    ("2014–2022", "2014/2022", "year", D(2014, 1, 1), D(2022, 12, 31)),
    ("2022-23", "2022/2023", "year", None, None),
    # day and month without a year: the latest one not after publication
    ("Feb. 28", "2026-02-28", "day", None, None),
    ("March 20", "2025-03-20", "day", None, None),
    ("on March 13", "2026-03-13", "day", None, None),
    ("28 February", "2026-02-28", "day", None, None),
    ("In December", "2025-12", "month", D(2025, 12, 1), D(2025, 12, 31)),
    ("in March", "2026-03", "month", None, None),
    ("since May", "2025-05", "month", D(2025, 5, 1), PUB),
    # last / this / next
    ("last January", "2025-01", "month", None, None),
    ("last December", "2025-12", "month", None, None),
    ("next January", "2027-01", "month", None, None),
    ("this June", "2026-06", "month", None, None),
    ("last fall", "2025-fall", "season", D(2025, 9, 1), D(2025, 11, 30)),
    ("last autumn", "2025-fall", "season", None, None),
    ("last winter", "2025-winter", "season", D(2025, 12, 1), D(2026, 2, 28)),
    ("last summer", "2025-summer", "season", None, None),
    ("this summer", "2026-summer", "season", None, None),
    ("the summer of 2023", "2023-summer", "season", D(2023, 6, 1), D(2023, 8, 31)),
    ("winter 2022/23", "2022-winter", "season", D(2022, 12, 1), D(2023, 2, 28)),
    ("last year", "2025", "year", D(2025, 1, 1), D(2025, 12, 31)),
    ("this year", "2026", "year", None, None),
    ("next year", "2027", "year", None, None),
    ("last month", "2026-02", "month", None, None),
    ("next month", "2026-04", "month", None, None),
    ("last week", "2026-03-02/2026-03-08", "day", D(2026, 3, 2), D(2026, 3, 8)),
    ("earlier this year", "2026", "year", D(2026, 1, 1), PUB),
    ("later this year", "2026", "year", PUB, D(2026, 12, 31)),
    # ago / earlier
    ("a year ago", "2025", "year", None, None),
    ("just over a year ago", "2025", "year", None, None),
    ("Just a year ago", "2025", "year", None, None),
    ("two years ago", "2024", "year", None, None),
    ("six months ago", "2025-09", "month", None, None),
    ("a year and a half ago", "2024-09", "month", None, None),
    ("three days ago", "2026-03-10", "day", None, None),
    ("two years earlier", "2024", "year", None, None),
    ("a few years ago", "2021/2024", "year", D(2021, 3, 13), D(2024, 3, 13)),
    ("yesterday", "2026-03-12", "day", None, None),
    ("today", "2026-03-13", "day", None, None),
    ("on Saturday", "2026-03-07", "day", None, None),
    ("on Friday", "2026-03-13", "day", None, None),
    ("last Friday", "2026-03-06", "day", None, None),
    ("next Monday", "2026-03-16", "day", None, None),
    # decades, parts
    ("the 1990s", "1990s", "decade", D(1990, 1, 1), D(1999, 12, 31)),
    ("since the 2010s", "2010s", "decade", D(2010, 1, 1), PUB),
    ("the '90s", "1990s", "decade", None, None),
    ("the early 2000s", "2000s", "decade", D(2000, 1, 1), D(2003, 4, 30)),
    ("early 2025", "2025", "year", D(2025, 1, 1), D(2025, 4, 30)),
    ("late 2024", "2024", "year", D(2024, 9, 1), D(2024, 12, 31)),
    ("mid-2025", "2025", "year", D(2025, 5, 1), D(2025, 8, 31)),
    ("mid-June", "2025-06", "month", None, None),
    ("the end of 2024", "2024", "year", D(2024, 11, 1), D(2024, 12, 31)),
    ("late last year", "2025", "year", D(2025, 9, 1), D(2025, 12, 31)),
    ("the first half of 2025", "2025", "year", D(2025, 1, 1), D(2025, 6, 30)),
    # spans back from publication
    ("the past 18 months", "2024-09/2026-03", "month", D(2024, 9, 13), PUB),
    ("the last 25 years", "2001/2026", "year", D(2001, 3, 13), PUB),
    ("over the past few years", "2021/2026", "year", D(2021, 3, 13), PUB),
    ("the past year", "2025/2026", "year", D(2025, 3, 13), PUB),
    # forward: deadlines from publication
    ("the next year and a half", "2026-03/2027-09", "month", PUB, D(2027, 9, 13)),
    ("within 18 months", "2026-03/2027-09", "month", PUB, D(2027, 9, 13)),
    ("within a year", "2026/2027", "year", PUB, D(2027, 3, 13)),
    ("over the next decade", "2026/2036", "year", PUB, D(2036, 3, 13)),
    ("the next two years", "2026/2028", "year", PUB, D(2028, 3, 13)),
    ("by 2027", "2027", "year", PUB, D(2027, 12, 31)),
    ("by the end of the year", "2026", "year", PUB, D(2026, 12, 31)),
    ("by the end of next year", "2027", "year", PUB, D(2027, 12, 31)),
    ("until 2030", "2030", "year", None, D(2030, 12, 31)),
    ("before 2030", "../2029", "year", None, D(2029, 12, 31)),
    ("after 2030", "2031/..", "year", D(2031, 1, 1), None),
    ("three months from now", "2026-06", "month", None, None),
    # ranges, quarters, centuries, recent
    ("December 8–10, 2024", "2024-12-08/2024-12-10", "day", D(2024, 12, 8), D(2024, 12, 10)),
    ("8-10 December 2024", "2024-12-08/2024-12-10", "day", None, None),
    ("Feb. 27-28", "2026-02-27/2026-02-28", "day", None, None),
    ("from 2014 to 2022", "2014/2022", "year", D(2014, 1, 1), D(2022, 12, 31)),
    ("between 2014 and 2022", "2014/2022", "year", None, None),
    ("2012 through 2015", "2012/2015", "year", D(2012, 1, 1), D(2015, 12, 31)),
    ("the first quarter of 2025", "2025-01/2025-03", "month", D(2025, 1, 1), D(2025, 3, 31)),
    ("the third quarter of last year", "2025-07/2025-09", "month", None, None),
    ("Q4 2024", "2024-10/2024-12", "month", D(2024, 10, 1), D(2024, 12, 31)),
    ("the 20th century", "1900/1999", "year", D(1900, 1, 1), D(1999, 12, 31)),
    ("the twenty-first century", "2000/2099", "year", None, None),
    ("the summer of last year", "2025-summer", "season", D(2025, 6, 1), D(2025, 8, 31)),
    ("in recent years", "2021/2026", "year", D(2021, 3, 13), PUB),
    ("in recent months", "2025-10/2026-03", "month", D(2025, 10, 13), PUB),
    ("over the weekend", "2026-03-07/2026-03-08", "day", D(2026, 3, 7), D(2026, 3, 8)),
    # combinations of parts, prepositions and relative cores
    ("early last year", "2025", "year", D(2025, 1, 1), D(2025, 4, 30)),
    ("late February", "2026-02", "month", D(2026, 2, 19), D(2026, 2, 28)),
    ("mid-March 2025", "2025-03", "month", None, None),
    ("in the late 1980s", "1980s", "decade", D(1986, 9, 1), D(1989, 12, 31)),
    ("the 2020s", "2020s", "decade", None, None),
    ("this decade", "2020s", "decade", None, None),
    ("by mid-2027", "2027", "year", PUB, D(2027, 8, 31)),
    ("since 2014", "2014", "year", D(2014, 1, 1), PUB),
    ("no later than March 2027", "2027-03", "month", PUB, D(2027, 3, 31)),
    ("in the first half of the year", "2026", "year", D(2026, 1, 1), D(2026, 6, 30)),
    ("over the past year and a half", "2024-09/2026-03", "month", D(2024, 9, 13), PUB),
    ("a decade ago", "2016", "year", None, None),
    ("next spring", "2027-spring", "season", None, None),
    ("this spring", "2026-spring", "season", None, None),
    ("2026's", "2026", "year", None, None),
    ("by year-end", "2026", "year", PUB, D(2026, 12, 31)),
    ("by year's end", "2026", "year", PUB, D(2026, 12, 31)),
    ("this time last year", "2025-03", "month", None, None),
    ("2024/25", "2024/2025", "year", None, None),  # possessive: "2026's elections"
]

OPEN = [
    "one day", "eventually", "sooner or later", "someday", "in the long run",
    "at some point", "in the coming months", "the coming years", "short-to-medium-term",
]  # fmt: skip

NOT_DATES = [
    "500 launchers", "2,500 missiles", "S-400", "$1.5 billion", "Resolution 2231", "F-16s",
    "Su-35", "Mi-28", "7,000 people", "20 gigawatts", "18 months", "for one day",
    "the fall of Assad", "a summer heatwave", "may", "march", "Jan", "twelve-day", "3.5",
    "No. 2024", "1500 troops", "years-long", "the 45th century", "the third quarter",
    "from 2022 to 2014", "1900 GMT", "1500 km", "2030 percent",
]  # fmt: skip


@pytest.mark.parametrize(("text", "value", "precision", "start", "end"), CASES)
def test_normalize_case(
    text: str, value: str, precision: str, start: date | None, end: date | None
) -> None:
    got = normalize(text, PUB)
    assert got is not None, text
    assert (got.value, got.precision) == (value, precision), got
    if start is not None or end is not None:
        assert (got.start, got.end) == (start, end), got
    assert not got.open_ended
    matched = text.removesuffix("'s")  # a possessive is not part of the expression
    assert (got.text, got.start_char, got.end_char) == (matched, 0, len(matched))


@pytest.mark.parametrize("text", OPEN)
def test_normalize_open_ended_horizon(text: str) -> None:
    got = normalize(text, PUB)
    assert got is not None
    assert got.open_ended and got.end is None and got.start == PUB
    assert got.precision == "unknown"


@pytest.mark.parametrize("text", NOT_DATES)
def test_normalize_rejects_non_dates(text: str) -> None:
    assert normalize(text, PUB) is None


@pytest.mark.parametrize(
    "text", ["last January", "a year ago", "the past 18 months",
             "yesterday", "two years earlier", "by the end of the year", "this summer"],
)  # fmt: skip
def test_relative_without_publication_is_unknown(text: str) -> None:
    got = normalize(text, None)
    assert got is not None
    assert (got.value, got.precision, got.start, got.end) == ("unknown", "unknown", None, None)


@pytest.mark.parametrize(("text", "value"), [("In December", "XXXX-12"), ("Feb. 28", "XXXX-02-28")])
def test_month_without_publication_keeps_what_is_known(text: str, value: str) -> None:
    got = normalize(text, None)
    assert got is not None
    assert (got.value, got.precision, got.start, got.end) == (value, "unknown", None, None)


@pytest.mark.parametrize(
    ("text", "value"), [("December 8, 2024", "2024-12-08"), ("June 2025", "2025-06"),
                        ("the 1990s", "1990s"), ("2024", "2024")],
)  # fmt: skip
def test_absolute_dates_need_no_publication(text: str, value: str) -> None:
    got = normalize(text, None)
    assert got is not None and got.value == value


@pytest.mark.parametrize(
    ("text", "value"), [("In December", "2026-12"), ("Feb. 28", "2027-02-28"),
                        ("on Saturday", "2026-03-14"), ("in March", "2026-03")],
)  # fmt: skip
def test_future_clause_picks_the_next_occurrence(text: str, value: str) -> None:
    got = normalize(text, PUB, future=True)
    assert got is not None and got.value == value


def test_normalize_empty_and_wrong_type() -> None:
    assert normalize("   ", PUB) is None
    with pytest.raises(TypeError, match="expected a string"):
        normalize(2024, PUB)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "gold", "ok"),
    [("last fall", "2025", True), ("June 2025", "2025-06", True), ("last year", "2025-06", False),
     ("Feb. 28", "2026-02-28", True), ("In December", "2025", True), ("last winter", "2025", False),
     ("Since the 2010s", "2010s", True), ("2024", "2025", False)],
)  # fmt: skip
def test_agrees_at_gold_precision(text: str, gold: str, ok: bool) -> None:
    got = normalize(text, PUB)
    assert got is not None
    assert agrees(got, gold) is ok


def test_malformed_lexicon_names_the_problem() -> None:
    with pytest.raises(ConfigError, match=r"dates\.yaml"):
        parse_lexicon(yaml.safe_load("months: 3"))
    with pytest.raises(ConfigError, match="mapping"):
        parse_lexicon(["not", "a", "mapping"])
