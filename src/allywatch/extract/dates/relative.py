"""Dates relative to the publication date or to the previous date in the text: last/this/
next, ago/earlier, spans back and forward, weekdays, open-ended horizons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from allywatch.extract.dates import calendar as cal
from allywatch.extract.dates.calendar import ONE_DAY, UNKNOWN, Period, apply_part
from allywatch.extract.dates.context import CLAUSE_END, NEXT_WORD, PREV_WORD, Context, Handler
from allywatch.extract.dates.lexicon import Lexicon
from allywatch.types import DatePrecision


def _rel_month(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'last January' = January of the previous year; 'this' = this year's; 'next' = the
    first one after publication. (A common newsroom reading; dateparser returns nothing.)"""
    pub = ctx.published
    if pub is None:
        return UNKNOWN
    month = ctx.lex.months[str(g["month"])]
    rel = " ".join(str(g["rel"]).lower().split())
    if rel in {"last", "past"}:
        year = pub.year - 1
    elif rel == "this past":
        year = pub.year if month < pub.month else pub.year - 1
    elif rel == "this":
        year = pub.year
    else:  # next, this coming
        year = pub.year if month > pub.month else pub.year + 1
    return cal.point(date(year, month, 1), "month")


def _bare_month(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'In December': the most recent December not after publication (the next one in a
    future-tense clause)."""
    pub = ctx.published
    month = ctx.lex.months[str(g["month"])]
    if pub is None:  # the year is not known: say what is ("XXXX-12")
        return cal.unknown_year(month)
    if ctx.tense() == "future":
        year = pub.year if month >= pub.month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    return cal.point(date(year, month, 1), "month")


def _seasons(ctx: Context, word: str) -> tuple[str, list[tuple[int, str, date, date]]]:
    assert ctx.published is not None
    name = ctx.lex.seasons[word.lower()]
    found = [s for s in cal.seasons_around(ctx.published, ctx.lex.season_first_month)
             if s[1] == name]  # fmt: skip
    return name, found


def _rel_season(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'last fall' = the most recent fall that had ended by publication; 'next' = the first
    one starting after it; 'this' = the one nearest to it."""
    pub = ctx.published
    if pub is None:
        return UNKNOWN
    name, options = _seasons(ctx, str(g["season"]))
    rel = " ".join(str(g["rel"]).lower().split())
    if rel in {"last", "past", "this past"}:
        chosen = max((s for s in options if s[3] < pub), key=lambda s: s[2])
    elif rel in {"next", "this coming"}:
        chosen = min((s for s in options if s[2] > pub), key=lambda s: s[2])
    else:
        chosen = min(options, key=lambda s: _distance(pub, s[2], s[3]))
    return cal.season(chosen[0], name, ctx.lex.season_first_month[name])


def _distance(pub: date, start: date, end: date) -> int:
    return 0 if start <= pub <= end else min(abs((start - pub).days), abs((end - pub).days))


def _bare_season(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'in the summer': the latest summer begun by publication (the next one in a future
    clause). Not a date when a noun follows ("the winter crackdown") or it is "the fall of"."""
    after = NEXT_WORD.match(ctx.text, ctx.end)
    if after and after.group(1).islower() and after.group(1) not in ctx.lex.season_followers:
        return None
    if ctx.published is None:
        return UNKNOWN
    name, options = _seasons(ctx, str(g["season"]))
    pub = ctx.published
    if ctx.tense() == "future":
        chosen = min((s for s in options if s[3] >= pub), key=lambda s: s[2])
    else:
        chosen = max((s for s in options if s[2] <= pub), key=lambda s: s[2])
    return cal.season(chosen[0], name, ctx.lex.season_first_month[name])


def _rel_unit(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    pub = ctx.published
    if pub is None:
        return UNKNOWN
    step = {"last": -1, "this": 0, "next": 1}[str(g["rel"]).lower()]
    return _calendar_unit(pub, str(g["unit"]).lower(), step)


def _calendar_unit(pub: date, unit: str, step: int) -> Period | None:
    """The calendar week/month/year/decade ``step`` units from the one containing ``pub``."""
    if unit == "year":
        return cal.point(date(pub.year + step, 1, 1), "year")
    if unit == "month":
        return cal.point(cal.add_months(pub.replace(day=1), step), "month")
    if unit in {"week", "weekend"}:
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
        if unit == "weekend":
            saturday = monday + timedelta(days=5)
            return cal.interval(saturday, saturday + ONE_DAY, "day")
        return cal.interval(monday, monday + timedelta(days=6), "day")
    if unit == "decade":
        if step == -1:  # "last decade": the ten years before publication
            return cal.interval(cal.add_months(pub, -120), pub, "year")
        return cal.point(date(pub.year // 10 * 10 + 10 * step, 1, 1), "decade")
    if unit == "century":
        first = (pub.year // 100 + step) * 100
        return cal.interval(date(first, 1, 1), date(first + 99, 12, 31), "year")
    return None


def _the_unit(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'the year' under a part ("by the end of the year"): the publication's year; 'over the
    weekend': the latest weekend (the coming one in a future clause)."""
    pub = ctx.published
    if pub is None:
        return UNKNOWN
    unit = str(g["unit"]).lower()
    if unit == "weekend":
        on_weekend = pub.weekday() >= 5
        if ctx.tense() == "future":
            return _calendar_unit(pub, unit, 1 if on_weekend else 0)
        return _calendar_unit(pub, unit, 0 if on_weekend else -1)
    return _calendar_unit(pub, unit, 0)


def _season_rel_year(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'the summer of last year' = summer of the year before publication."""
    if ctx.published is None:
        return UNKNOWN
    name = ctx.lex.seasons[str(g["season"]).lower()]
    year = ctx.published.year + {"last": -1, "this": 0, "next": 1}[str(g["rel"]).lower()]
    return cal.season(year, name, ctx.lex.season_first_month[name])


def _edge_unit(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'earlier this year' = from the year's start to publication; 'later this year' = from
    publication to its end; with last/next it is the early/late part of that year."""
    pub = ctx.published
    if pub is None:
        return UNKNOWN
    step = {"last": -1, "this": 0, "next": 1}[str(g["rel"]).lower()]
    unit = _calendar_unit(pub, str(g["unit"]).lower(), step)
    if unit is None or unit.start is None or unit.end is None:
        return unit
    earlier = str(g["edge"]).lower() == "earlier"
    if step == 0:
        start, end = (unit.start, pub) if earlier else (pub, unit.end)
        if "/" in unit.value:  # a week has no calendar value: write the part that is meant
            # ("earlier this week" on Tue 1 Oct = 2024-09-30/2024-10-01, across the month)
            return cal.interval(start, end, unit.precision)
        return Period(unit.value, unit.precision, start, end)
    return apply_part(unit, "early" if earlier else "late")


# --- durations ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Duration:
    low: float
    high: float
    unit: str  # singular unit name
    vague: bool
    half: bool

    def months_days(self, n: float, lex: Lexicon) -> tuple[int, int]:
        if self.unit in lex.unit_days:
            return 0, round(n * lex.unit_days[self.unit])
        return round(n * lex.unit_months[self.unit]), 0

    def precision(self) -> DatePrecision:
        if self.unit in {"day", "week"}:
            return "day"
        if self.unit == "month" or self.half or self.low != int(self.low):
            return "month"
        return "decade" if self.unit == "century" else "year"


def _duration(g: dict[str, str | None], lex: Lexicon) -> Duration:
    unit_word = str(g["unit"]).lower()
    unit = {"centuries": "century"}.get(unit_word, unit_word.rstrip("s"))
    half = bool(g.get("half") or g.get("half0"))
    num = (g.get("num") or "").lower()
    num = " ".join(num.split())
    if g.get("halfa"):
        return Duration(0.5, 0.5, unit, False, True)
    if not num:
        if unit_word.endswith("s"):  # "years ago", "the past months": a vague few
            low, high = lex.vague_numerals["a few"]
            return Duration(low, high, unit, True, half)
        n = 1.0
    elif num in lex.vague_numerals:
        low, high = lex.vague_numerals[num]
        return Duration(low, high, unit, True, half)
    else:
        n = float(lex.numerals[num]) if num in lex.numerals else float(num)
    n += 0.5 if half else 0.0
    return Duration(n, n, unit, False, half)


def _ago(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'a year ago' (from publication), 'two years earlier' (from the previous date in the
    text, else publication), 'three months from now'."""
    dur = _duration(g, ctx.lex)
    direction = " ".join(str(g["dir"]).lower().split())
    anaphoric = direction in {"earlier", "later", "before", "after"}
    if direction in {"before", "after"} and not CLAUSE_END.match(ctx.text, ctx.end):
        return None  # "two years before the war": anchored on a phrase we cannot resolve
    sign = 1 if direction in {"later", "after", "from now", "hence"} else -1
    anchor_date, anchor_precision = _anchor(ctx, anaphoric)
    if anchor_date is None:
        return UNKNOWN
    precision = cal.coarser(dur.precision(), anchor_precision)
    if precision not in {"day", "month", "year", "decade"}:
        precision = "year"
    if dur.vague:
        near = cal.shift(anchor_date, *dur.months_days(dur.low, ctx.lex), sign)
        far = cal.shift(anchor_date, *dur.months_days(dur.high, ctx.lex), sign)
        return cal.interval(near, far, precision)
    return cal.point(cal.shift(anchor_date, *dur.months_days(dur.low, ctx.lex), sign), precision)


def _anchor(ctx: Context, anaphoric: bool) -> tuple[date | None, DatePrecision]:
    if anaphoric and ctx.anchor is not None and ctx.anchor.start is not None:
        return ctx.anchor.start, ctx.anchor.precision
    return ctx.published, "day"


def _span(g: dict[str, str | None], ctx: Context, prep: str | None) -> Period | None:
    """'the past 18 months' = [publication - 18 months, publication]; 'the next year and a
    half' = [publication, publication + 18 months]; 'the following two years' runs from the
    previous date in the text."""
    rel = str(g["rel"]).lower()
    dur = _duration(g, ctx.lex)
    forward = rel in {"next", "coming", "following", "upcoming"}
    if forward and dur.vague and not g.get("num"):
        return _open(ctx)  # "the coming months": a horizon without a stated deadline
    base, _ = _anchor(ctx, rel == "following")
    if base is None:
        return UNKNOWN
    if rel == "following" and ctx.anchor is not None and ctx.anchor.end is not None:
        base = ctx.anchor.end
    other = cal.shift(base, *dur.months_days(dur.high, ctx.lex), 1 if forward else -1)
    return cal.interval(base, other, dur.precision())


def _in_duration(g: dict[str, str | None], ctx: Context, prep: str | None) -> Period | None:
    """'within 18 months' / 'in two years': forward from publication, unless the clause is
    in the past ("have fallen in just over a year" = the year before publication)."""
    if prep is None or prep.lower() not in {"in", "within", "over"}:
        return None
    if ctx.published is None:
        return UNKNOWN
    dur = _duration(g, ctx.lex)
    sign = -1 if ctx.tense() == "past" else 1
    other = cal.shift(ctx.published, *dur.months_days(dur.high, ctx.lex), sign)
    return cal.interval(ctx.published, other, dur.precision())


def _anaphor_day(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'the next day', 'the previous day', 'that morning': a day from the previous date."""
    anchor = ctx.anchor
    if anchor is None or anchor.start is None:
        return UNKNOWN
    ana = " ".join(str(g["ana"]).lower().split())
    step = {"the next": 1, "the following": 1, "the previous": -1, "the prior": -1}.get(ana, 0)
    return cal.point(anchor.start + timedelta(days=step), cal.coarser("day", anchor.precision)
                     if anchor.precision != "season" else "month")  # fmt: skip


_UNIT_STEP = {"day": (0, 1), "week": (0, 7), "month": (1, 0), "year": (12, 0)}
_UNIT_PRECISION: dict[str, DatePrecision] = {
    "day": "day", "week": "day", "month": "month", "year": "year",
}  # fmt: skip


def _unit_before(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'the day before', 'the year after' (at a clause end): one unit from the previous date.
    Before a noun ("the day before the vote") it hangs on a phrase we cannot date."""
    if not CLAUSE_END.match(ctx.text, ctx.end):
        return None
    anchor = ctx.anchor
    if anchor is None or anchor.start is None:
        return UNKNOWN
    unit = str(g["unit"]).lower()
    sign = 1 if str(g["dir"]).lower() == "after" else -1
    months, days = _UNIT_STEP[unit]
    precision = cal.coarser(_UNIT_PRECISION[unit], anchor.precision)
    if precision not in {"day", "month", "year", "decade"}:
        precision = "year"
    return cal.point(cal.shift(anchor.start, months, days, sign), precision)


def _recent(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'in recent years' = the few years before publication (a vague interval)."""
    if ctx.published is None:
        return UNKNOWN
    dur = _duration({"unit": g["unit"]}, ctx.lex)
    start = cal.shift(ctx.published, *dur.months_days(dur.high, ctx.lex), -1)
    return cal.interval(start, ctx.published, dur.precision())


def _anaphor(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'that year', 'the following year', 'the previous month': the previous date in the text."""
    anchor = ctx.anchor
    if anchor is None or anchor.start is None:
        return UNKNOWN
    ana = " ".join(str(g["ana"]).lower().split())
    step = {"the following": 1, "the previous": -1, "the prior": -1}.get(ana, 0)
    return _calendar_unit(anchor.start, str(g["unit"]).lower(), step)


# --- days, weekdays, open horizons ---------------------------------------------------------


def _in_name(before: re.Match[str], ctx: Context) -> bool:
    """The capitalised word before continues a name (not a sentence end or a line break)."""
    prev = before.group(1)
    gap = ctx.text[before.end(1) : ctx.start]
    return prev[0].isupper() and not prev.endswith(".") and "\n" not in gap


def _dayword(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    pub = ctx.published
    if pub is None:
        return UNKNOWN
    written = str(g["word"])
    before = PREV_WORD.search(ctx.text, 0, ctx.start)
    if written[0].isupper() and before and _in_name(before, ctx):
        return None  # part of a name: "USA Today"
    word = " ".join(written.lower().split())
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
              "the day after tomorrow": 2}.get(word, 0)  # fmt: skip
    return cal.point(pub + timedelta(days=offset), "day")


def _weekday(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    before = PREV_WORD.search(ctx.text, 0, ctx.start)
    if not g.get("rel") and before and before.group(1).lower() in ctx.lex.weekday_blockers_before:
        return None  # a named day: "Black Friday", "Super Tuesday"
    pub = ctx.published
    if pub is None:
        return UNKNOWN
    target = ctx.lex.weekdays[str(g["weekday"])]
    rel = " ".join((g.get("rel") or "").lower().split())
    back = (pub.weekday() - target) % 7  # days back to the latest such day, 0 = today
    ahead = (target - pub.weekday()) % 7
    if rel in {"last", "this past"}:
        found = pub - timedelta(days=back or 7)
    elif rel in {"next", "this coming"}:
        found = pub + timedelta(days=ahead or 7)
    elif ctx.tense() == "future":
        found = pub + timedelta(days=ahead)
    else:
        found = pub - timedelta(days=back)
    return cal.point(found, "day")


def _open(ctx: Context) -> Period:
    return Period("future", "unknown", ctx.published, None, open_ended=True)


def _open_phrase(g: dict[str, str | None], ctx: Context, prep: str | None) -> Period | None:
    phrase = " ".join(str(g["phrase"]).lower().split())
    if phrase == "one day":  # "for one day", "one day later", "one day of talks": not a horizon
        before = PREV_WORD.search(ctx.text, 0, ctx.start)
        after = NEXT_WORD.match(ctx.text, ctx.end)
        if prep or (before and before.group(1).lower() in ctx.lex.one_day_blockers_before):
            return None
        if after and after.group(1).lower() in ctx.lex.one_day_blockers_after:
            return None
    return _open(ctx)


def _unit_end(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'by year-end', 'at month's end': the end of the publication's year or month."""
    if ctx.published is None:
        return UNKNOWN
    unit = _calendar_unit(ctx.published, str(g["unit"]).lower(), 0)
    return apply_part(unit, "end") if unit is not None else None


def _this_time(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'this time last year' = around the publication's day one year earlier (month
    precision: the phrase is approximate)."""
    if ctx.published is None:
        return UNKNOWN
    sign = -1 if str(g["rel"]).lower() == "last" else 1
    unit = str(g["unit"]).lower()
    months, days = {"year": (12, 0), "month": (1, 0), "week": (0, 7)}[unit]
    moved = cal.shift(ctx.published, months, days, sign)
    return cal.point(moved, "day" if unit == "week" else "month")


HANDLERS: dict[str, Handler] = {
    "unit_end": _unit_end, "this_time": _this_time,
    "rel_month": _rel_month, "rel_season": _rel_season, "anaphor": _anaphor,
    "span_past": _span, "span_past_n": _span, "span_future": _span, "span_future_n": _span,
    "edge_unit": _edge_unit, "rel_unit": _rel_unit, "ago": _ago, "duration": _in_duration,
    "dayword": _dayword, "weekday": _weekday, "open": _open_phrase, "the_unit": _the_unit,
    "month": _bare_month, "season": _bare_season, "season_rel_year": _season_rel_year,
    "anaphor_day": _anaphor_day, "unit_before": _unit_before, "recent": _recent,
}  # fmt: skip
