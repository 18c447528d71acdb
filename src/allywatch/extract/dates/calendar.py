"""Calendar arithmetic and value formatting for normalised dates."""

from __future__ import annotations

import calendar
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


def interval(start: date, end: date, precision: DatePrecision) -> Period:
    """An ISO 8601 interval ``start/end`` written at ``precision``."""
    if start > end:
        start, end = end, start
    return Period(f"{fmt(start, precision)}/{fmt(end, precision)}", precision, start, end)


def season(year: int, name: str, first_month: int) -> Period:
    return Period(f"{year}-{name}", "season", *season_span(year, first_month))


def seasons_around(published: date, first_months: dict[str, int]) -> list[tuple[int, str, date, date]]:
    """Every season from two years before to two years after ``published``, in time order."""
    out = []
    for year in range(published.year - 2, published.year + 2):
        for name, first in first_months.items():
            start, end = season_span(year, first)
            out.append((year, name, start, end))
    return sorted(out, key=lambda s: s[2])
