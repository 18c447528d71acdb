"""Calendar arithmetic and value formatting for normalised dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from allywatch.types import DatePrecision, DateValue

ONE_DAY = timedelta(days=1)
SEASON_ORDER = ("winter", "spring", "summer", "fall")
# Finest first: combining two precisions keeps the coarser one.
PRECISION_RANK: dict[str, int] = {
    "day": 0, "month": 1, "season": 2, "year": 3, "decade": 4, "unknown": 5,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Period:
    """A normalised expression before it is placed in the text (see ``DateValue``)."""

    value: str
    precision: DatePrecision
    start: date | None
    end: date | None
    open_ended: bool = False

    def at(self, text: str, start_char: int | None, end_char: int | None) -> DateValue:
        return DateValue(
            value=self.value, precision=self.precision, start=self.start, end=self.end,
            text=text, start_char=start_char, end_char=end_char, open_ended=self.open_ended,
        )  # fmt: skip


#: Parts of a period: (start fraction, end fraction) of its length.
PART_FRACTIONS: dict[str, tuple[float, float]] = {
    "early": (0, 1 / 3), "mid": (1 / 3, 2 / 3), "late": (2 / 3, 1),
    "beginning": (0, 1 / 6), "start": (0, 1 / 6), "end": (5 / 6, 1), "close": (5 / 6, 1),
    "very end": (11 / 12, 1), "middle": (1 / 3, 2 / 3), "first half": (0, 1 / 2),
    "second half": (1 / 2, 1), "latter half": (1 / 2, 1), "early part": (0, 1 / 3),
    "latter part": (2 / 3, 1),
}  # fmt: skip


UNKNOWN = Period("unknown", "unknown", None, None)


def coarser(a: DatePrecision, b: DatePrecision) -> DatePrecision:
    return a if PRECISION_RANK[a] >= PRECISION_RANK[b] else b


def add_months(d: date, months: int) -> date:
    """``d`` shifted by whole calendar months, the day clamped to the month's length."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def shift(d: date, months: int, days: int, sign: int) -> date:
    return add_months(d, sign * months) + timedelta(days=sign * days)


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def season_span(year: int, first_month: int) -> tuple[date, date]:
    start = date(year, first_month, 1)
    return start, add_months(start, 3) - ONE_DAY


def fmt(d: date, precision: DatePrecision) -> str:
    """``d`` written at ``precision`` (seasons and unknown fall back to the month)."""
    if precision == "day":
        return d.isoformat()
    if precision == "year":
        return str(d.year)
    if precision == "decade":
        return f"{d.year // 10 * 10}s"
    return f"{d.year:04d}-{d.month:02d}"


def point(d: date, precision: DatePrecision) -> Period:
    """The calendar unit of ``precision`` that contains ``d`` (day, month, year, decade)."""
    if precision == "day":
        return Period(d.isoformat(), "day", d, d)
    if precision == "month":
        return Period(fmt(d, "month"), "month", *month_span(d.year, d.month))
    if precision == "year":
        return Period(str(d.year), "year", date(d.year, 1, 1), date(d.year, 12, 31))
    if precision == "decade":
        first = d.year // 10 * 10
        return Period(f"{first}s", "decade", date(first, 1, 1), date(first + 9, 12, 31))
    raise ValueError(f"no calendar unit for precision {precision!r}")


def unknown_year(month: int, day: int | None = None) -> Period:
    """A month (and day) whose year is not known, with no publication date to place it:
    ISO 8601-2's unspecified digits, "XXXX-03-23" / "XXXX-12", at precision "unknown"."""
    value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    return Period(value, "unknown", None, None)


def interval(start: date, end: date, precision: DatePrecision) -> Period:
    """An ISO 8601 interval ``start/end`` written at ``precision``."""
    if start > end:
        start, end = end, start
    return Period(f"{fmt(start, precision)}/{fmt(end, precision)}", precision, start, end)


def season(year: int, name: str, first_month: int) -> Period:
    return Period(f"{year}-{name}", "season", *season_span(year, first_month))


def seasons_around(
    published: date, first_months: dict[str, int]
) -> list[tuple[int, str, date, date]]:
    """Every season from two years before to two years after ``published``, in time order."""
    out = []
    for year in range(published.year - 2, published.year + 2):
        for name, first in first_months.items():
            start, end = season_span(year, first)
            out.append((year, name, start, end))
    return sorted(out, key=lambda s: s[2])


_VALUE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?|-(?P<season>[a-z]+)|(?P<decade>s))?"
)


def value_span(
    value: str, season_first_month: dict[str, int]
) -> tuple[date, date, DatePrecision] | None:
    """The period a single value denotes ("2025-12" -> December 2025), or None for intervals,
    open horizons and "unknown"."""
    m = _VALUE.fullmatch(value)
    if m is None:
        return None
    year = int(m["year"])
    if m["day"]:
        d = date(year, int(m["month"]), int(m["day"]))
        return d, d, "day"
    if m["month"]:
        return (*month_span(year, int(m["month"])), "month")
    if m["season"]:
        if m["season"] not in season_first_month:
            return None
        return (*season_span(year, season_first_month[m["season"]]), "season")
    if m["decade"]:
        return date(year, 1, 1), date(year + 9, 12, 31), "decade"
    return date(year, 1, 1), date(year, 12, 31), "year"


def apply_part(period: Period, part: str) -> Period:
    """'early 2025' keeps the value 2025 and narrows the interval to its first third."""
    key = " ".join(part.lower().replace("the ", "").replace(" of", "").split())
    fractions = PART_FRACTIONS.get(key)
    if fractions is None or period.start is None or period.end is None or "/" in period.value:
        return period
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    if months >= 3 and period.start.day == 1:  # years, seasons, decades: cut at month borders
        start = add_months(period.start, int(months * fractions[0]))
        end = add_months(period.start, max(round(months * fractions[1]), 1)) - ONE_DAY
    else:
        length = (period.end - period.start).days + 1
        start = period.start + timedelta(days=int(length * fractions[0]))
        end = period.start + timedelta(days=max(round(length * fractions[1]) - 1, 0))
    return Period(period.value, period.precision, start, max(start, end), period.open_ended)
