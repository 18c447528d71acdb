"""Absolute dates: calendar days, months, years, decades, seasons of a year, quarters,
centuries and ranges between them.

Why dateparser only for some of them: see ``resolve``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

import dateparser

from allywatch.extract.dates import calendar as cal
from allywatch.extract.dates.calendar import UNKNOWN, Period
from allywatch.extract.dates.context import NEXT_WORD, PREV_WORD, Context, Handler
from allywatch.extract.dates.lexicon import Lexicon
from allywatch.types import DatePrecision


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser_day(text: str, base: date | None, prefer: str) -> date | None:
    settings: dict[str, object] = {"PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _calendar_day(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    month = ctx.lex.months[str(g["month"])]
    day = int(str(g["day"]).rstrip("stndrh"))
    if g.get("year"):
        year = int(str(g["year"]))
        found = _valid(year, month, day)  # a full date needs no parser; datetime validates it
        return cal.point(found, "day") if found else None
    if ctx.published is None:  # the year is not known: say what is ("XXXX-03-23")
        return cal.unknown_year(month, day) if _valid(2000, month, day) else None
    prefer = "future" if ctx.tense() == "future" else "past"
    found = _dateparser_day(f"{_month_name(ctx.lex, month)} {day}", ctx.published, prefer)
    if found is None or (found.month, found.day) != (month, day):
        # dateparser missed (or moved) it: the nearest such date on the preferred side.
        found = _nearest_day(ctx.published, month, day, prefer)
        if found is None:
            return None
    return cal.point(found, "day")


def _month_name(lex: Lexicon, month: int) -> str:
    return next(name for name in lex.full_months if lex.months[name] == month)


def _nearest_day(published: date, month: int, day: int, prefer: str) -> date | None:
    years = range(published.year - 4, published.year + 5)
    options = [d for y in years if (d := _valid(y, month, day))]
    if prefer == "future":
        return min((d for d in options if d >= published), default=None)
    return max((d for d in options if d <= published), default=None)


def _iso(g: dict[str, str | None], _ctx: Context, _prep: str | None) -> Period | None:
    found = _valid(int(str(g["year"])), int(str(g["mon"])), int(str(g["day"])))
    return cal.point(found, "day") if found else None


def _month_year(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    return cal.point(date(int(str(g["year"])), ctx.lex.months[str(g["month"])], 1), "month")


def _year(g: dict[str, str | None], ctx: Context, prep: str | None) -> Period | None:
    if not _looks_like_year(ctx, introduced=prep is not None):
        return None
    return cal.point(date(int(str(g["year"])), 1, 1), "year")


def _the_year(g: dict[str, str | None], _ctx: Context, _prep: str | None) -> Period | None:
    return cal.point(date(int(str(g["year"])), 1, 1), "year")


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _looks_like_year(ctx: Context, *, introduced: bool) -> bool:
    """A bare four-digit number is a year unless a label ("Resolution 2231", "GTX 1660"), a
    clock or a measure ("1900 GMT", "1500 km") or a counted noun ("sent 2000 troops") says
    otherwise."""
    before = PREV_WORD.search(ctx.text, 0, ctx.start)
    written = before.group(1) if before else ""
    if _ACRONYM.fullmatch(written) and written not in ctx.lex.year_acronyms_allowed:
        return False  # a model number: "GTX 1660", "RTX 2060"
    prev = written.lower()
    if prev in ctx.lex.year_blockers_before or prev.rstrip(".") in ctx.lex.year_blockers_before:
        return False
    after = NEXT_WORD.match(ctx.text, ctx.end)
    nxt = after.group(1) if after else ""
    if nxt.lower() in ctx.lex.year_blockers_after:
        return False
    counted = nxt.islower() and len(nxt) > 2 and nxt.endswith("s") and not nxt.endswith("'s")
    determined = introduced or prev in ctx.lex.year_determiners or prev.endswith("'s")
    return not (counted and not determined)


def _year_range(g: dict[str, str | None], _ctx: Context, _prep: str | None) -> Period | None:
    first = int(str(g["year"]))
    second_text = str(g["y2"])
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if second <= first:
        return None
    return cal.interval(date(first, 1, 1), date(second, 12, 31), "year")


def _season_year(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    name = ctx.lex.seasons[str(g["season"]).lower()]
    return cal.season(int(str(g["year"])), name, ctx.lex.season_first_month[name])


def _decade(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    if g.get("decade"):
        first = int(str(g["decade"]))
    else:
        short = int(str(g["short"]))
        limit = ctx.published.year if ctx.published else 2030
        first = 2000 + short if 2000 + short <= limit else 1900 + short
    return cal.point(date(first, 1, 1), "decade")


_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "final": 4, "last": 4}  # fmt: skip


def _quarter_of(year: int, quarter: int) -> Period:
    start = date(year, 3 * quarter - 2, 1)
    return cal.interval(start, cal.month_span(year, 3 * quarter)[1], "month")


def _quarter(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'the first quarter of 2025' = January-March 2025 (a month interval)."""
    quarter = _QUARTERS[str(g["ord"]).lower()]
    if g.get("year"):
        return _quarter_of(int(str(g["year"])), quarter)
    if ctx.published is None:
        return UNKNOWN
    step = {"last": -1, "this": 0, "next": 1}[str(g["rel"]).lower()]
    return _quarter_of(ctx.published.year + step, quarter)


def _q_year(g: dict[str, str | None], _ctx: Context, _prep: str | None) -> Period | None:
    return _quarter_of(int(str(g["year"])), int(str(g["q"])))


def _century(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'the 20th century' = 1900-1999 (the popular count, not 1901-2000)."""
    word = str(g["ord"]).lower()
    number = ctx.lex.ordinals.get(word) or int(re.sub(r"\D", "", word) or 0)
    if not 1 <= number <= 22:
        return None
    first = (number - 1) * 100
    return cal.interval(date(max(first, 1), 1, 1), date(first + 99, 12, 31), "year")


def _day_range(g: dict[str, str | None], ctx: Context, prep: str | None) -> Period | None:
    """'December 8-10, 2024' / '8-10 December' = a day interval (year inferred as for a day)."""
    first = _calendar_day(g, ctx, prep)
    if first is None or first is UNKNOWN or first.start is None:
        return first
    last = _valid(first.start.year, first.start.month, int(str(g["day2"])))
    if last is None or last <= first.start:
        return None
    return cal.interval(first.start, last, "day")


def _year_span(g: dict[str, str | None], _ctx: Context, _prep: str | None) -> Period | None:
    """'from 2014 to 2022', 'between 2014 and 2022'."""
    first, second = int(str(g["year"])), int(str(g["y2"]))
    if second <= first:
        return None
    return cal.interval(date(first, 1, 1), date(second, 12, 31), "year")


@lru_cache(maxsize=4096)
def dateparser_fallback(text: str, published: date | None) -> Period | None:
    """dateparser's reading of an expression our grammar does not know (e.g. '12/08/2024'),
    kept only when it reports a day, month or year period."""
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parser = dateparser.date.DateDataParser(languages=["en"], settings=settings)
    data = parser.get_date_data(text)
    if data.date_obj is None or data.period not in {"day", "month", "year"}:
        return None
    precision: DatePrecision = data.period
    return cal.point(data.date_obj.date(), precision)


HANDLERS: dict[str, Handler] = {
    "iso": _iso, "mdy": _calendar_day, "dmy": _calendar_day, "my": _month_year,
    "md": _calendar_day, "dm": _calendar_day, "season_year": _season_year, "decade": _decade,
    "year_range": _year_range, "the_year": _the_year, "year": _year,
    "day_range_mdy": _day_range, "day_range_dmy": _day_range, "year_span": _year_span,
    "year_through": _year_span,
    "quarter": _quarter, "q_year": _q_year, "century": _century,
}  # fmt: skip
