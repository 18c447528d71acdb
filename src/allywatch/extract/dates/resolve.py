"""Turn one grammar match into a :class:`Period`, relative to the publication date.

Why our own rules and not only dateparser: dateparser (1.2) returns nothing for "last
January", "early 2025" or "two years earlier", has no notion of seasons, reads "the 1990s"
as 1990 seconds before now, gives no intervals ("the past 18 months", "by 2027") and costs
milliseconds per call. It is used where it works and adds something: placing a day
without a year ("Feb. 28") before or after the publication date, and reading spaCy DATE
entities our grammar does not cover ("12/08/2024").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from allywatch.extract.dates import calendar as cal
from allywatch.extract.dates.calendar import ONE_DAY, UNKNOWN, Period
from allywatch.extract.dates.lexicon import Lexicon
from allywatch.types import DatePrecision

log = logging.getLogger(__name__)

Tense = str | None  # "future", "past", "present" or None (no context)

_NEXT_WORD = re.compile(r"\s*([A-Za-z']+)")
_PREV_WORD = re.compile(r"([A-Za-z'.#]+)\s*\Z")
#: Parts of a period: (start fraction, end fraction) of its length.
PART_FRACTIONS: dict[str, tuple[float, float]] = {
    "early": (0, 1 / 3), "mid": (1 / 3, 2 / 3), "late": (2 / 3, 1),
    "beginning": (0, 1 / 6), "start": (0, 1 / 6), "end": (5 / 6, 1), "close": (5 / 6, 1),
    "very end": (11 / 12, 1), "middle": (1 / 3, 2 / 3), "first half": (0, 1 / 2),
    "second half": (1 / 2, 1), "latter half": (1 / 2, 1), "early part": (0, 1 / 3),
    "latter part": (2 / 3, 1),
}  # fmt: skip
#: Kinds that are only dates when a preposition or a part introduces them.
NEEDS_FRAME = frozenset({"month", "season", "the_unit", "duration"})


@dataclass(slots=True)
class Context:
    """What a match is interpreted against."""

    lex: Lexicon
    published: date | None
    text: str
    start: int
    end: int
    tense: Callable[[], Tense]
    anchor: Period | None = None


def interpret(kind: str, g: dict[str, str | None], prep: str | None, part: str | None,
              ctx: Context, *, framed: bool = False) -> Period | None:
    """The period a match denotes, or None when the match is not a temporal expression.

    ``framed`` says the caller already knows the text is a temporal expression (``normalize``),
    so a bare "December" needs no preposition to count.
    """
    if kind in NEEDS_FRAME and not (prep or part) and not (framed and kind != "duration"):
        return None
    handler = _HANDLERS[kind]
    period = handler(g, ctx, prep)
    if period is None or period is UNKNOWN:
        return period
    if part:
        period = _apply_part(period, part)
    if prep:
        period = _apply_prep(period, prep.lower(), ctx.published)
    return period


# --- absolute dates -----------------------------------------------------------------------


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser_day(text: str, base: date | None, prefer: str) -> date | None:
    settings = {"PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)  # type: ignore[assignment]
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def _calendar_day(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    month = ctx.lex.months[str(g["month"])]
    day = int(str(g["day"]).rstrip("stndrh"))
    if g.get("year"):
        year = int(str(g["year"]))
        found = _valid(year, month, day)  # a full date needs no parser; datetime validates it
        return cal.point(found, "day") if found else None
    if ctx.published is None:
        return UNKNOWN if _valid(2000, month, day) else None
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
    if not (prep or _looks_like_year(ctx)):
        return None
    return cal.point(date(int(str(g["year"])), 1, 1), "year")


def _the_year(g: dict[str, str | None], _ctx: Context, _prep: str | None) -> Period | None:
    return cal.point(date(int(str(g["year"])), 1, 1), "year")


def _looks_like_year(ctx: Context) -> bool:
    """A bare four-digit number is a year unless a label or a counted noun says otherwise."""
    before = _PREV_WORD.search(ctx.text, 0, ctx.start)
    prev = before.group(1).lower() if before else ""
    if prev in ctx.lex.year_blockers_before or prev.rstrip(".") in ctx.lex.year_blockers_before:
        return False
    after = _NEXT_WORD.match(ctx.text, ctx.end)
    nxt = after.group(1) if after else ""
    counted = nxt.islower() and len(nxt) > 2 and nxt.endswith("s") and not nxt.endswith("'s")
    determined = prev in ctx.lex.year_determiners or prev.endswith("'s")
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


# --- relative to the publication date ------------------------------------------------------


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
    if pub is None:
        return UNKNOWN
    month = ctx.lex.months[str(g["month"])]
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
    after = _NEXT_WORD.match(ctx.text, ctx.end)
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
    """'the year' under a part ("by the end of the year"): the publication's year."""
    if ctx.published is None:
        return UNKNOWN
    return _calendar_unit(ctx.published, str(g["unit"]).lower(), 0)


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
        return Period(unit.value, unit.precision, start, end)
    return _apply_part(unit, "early" if earlier else "late")


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
    if direction in {"before", "after"} and not re.match(r"\s*(?:[,.;:)!?]|\Z)", ctx.text[ctx.end:]):
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


def _anaphor(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    """'that year', 'the following year', 'the previous month': the previous date in the text."""
    anchor = ctx.anchor
    if anchor is None or anchor.start is None:
        return UNKNOWN
    ana = " ".join(str(g["ana"]).lower().split())
    step = {"the following": 1, "the previous": -1, "the prior": -1}.get(ana, 0)
    return _calendar_unit(anchor.start, str(g["unit"]).lower(), step)


# --- days, weekdays, open horizons ---------------------------------------------------------


def _dayword(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
    pub = ctx.published
    if pub is None:
        return UNKNOWN
    word = " ".join(str(g["word"]).lower().split())
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
              "the day after tomorrow": 2}.get(word, 0)  # fmt: skip
    return cal.point(pub + timedelta(days=offset), "day")


def _weekday(g: dict[str, str | None], ctx: Context, _prep: str | None) -> Period | None:
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
        before = _PREV_WORD.search(ctx.text, 0, ctx.start)
        after = _NEXT_WORD.match(ctx.text, ctx.end)
        if prep or (before and before.group(1).lower() in ctx.lex.one_day_blockers_before):
            return None
        if after and after.group(1).lower() in ctx.lex.one_day_blockers_after:
            return None
    return _open(ctx)


# --- parts and prepositions ------------------------------------------------------------------


def _apply_part(period: Period, part: str) -> Period:
    """'early 2025' keeps the value 2025 and narrows the interval to its first third."""
    key = " ".join(part.lower().replace("the ", "").replace(" of", "").split())
    fractions = PART_FRACTIONS.get(key)
    if fractions is None or period.start is None or period.end is None or "/" in period.value:
        return period
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    if months >= 3 and period.start.day == 1:  # years, seasons, decades: cut at month borders
        start = cal.add_months(period.start, int(months * fractions[0]))
        end = cal.add_months(period.start, max(round(months * fractions[1]), 1)) - ONE_DAY
    else:
        length = (period.end - period.start).days + 1
        start = period.start + timedelta(days=int(length * fractions[0]))
        end = period.start + timedelta(days=max(round(length * fractions[1]) - 1, 0))
    return Period(period.value, period.precision, start, max(start, end), period.open_ended)


def _apply_prep(period: Period, prep: str, published: date | None) -> Period:
    """'since X' runs from X to publication; 'by X' from publication to the end of X (the
    deadline); 'until X' ends with X; 'before'/'after' are open intervals (ISO 8601 '..')."""
    prep = " ".join(prep.split())
    if period.open_ended or period.start is None or period.end is None:
        return period
    if prep in {"since", "from"}:
        return Period(period.value, period.precision, period.start, published or None)
    if prep in {"by", "no later than"}:
        start = published if published and published <= period.end else None
        return Period(period.value, period.precision, start, period.end)
    if prep in {"until", "till", "through"}:
        return Period(period.value, period.precision, None, period.end)
    if prep == "before":
        end = period.start - ONE_DAY
        return Period(f"../{cal.fmt(end, period.precision)}", period.precision, None, end)
    if prep == "after":
        start = period.end + ONE_DAY
        return Period(f"{cal.fmt(start, period.precision)}/..", period.precision, start, None)
    return period


_HANDLERS: dict[str, Callable[[dict[str, str | None], Context, str | None], Period | None]] = {
    "iso": _iso, "mdy": _calendar_day, "dmy": _calendar_day, "my": _month_year,
    "md": _calendar_day, "dm": _calendar_day, "season_year": _season_year, "decade": _decade,
    "year_range": _year_range, "the_year": _the_year, "year": _year, "rel_month": _rel_month,
    "rel_season": _rel_season, "anaphor": _anaphor, "span_past": _span, "span_past_n": _span,
    "span_future": _span, "span_future_n": _span, "edge_unit": _edge_unit,
    "rel_unit": _rel_unit, "ago": _ago, "duration": _in_duration, "dayword": _dayword,
    "weekday": _weekday, "open": _open_phrase, "the_unit": _the_unit, "month": _bare_month,
    "season": _bare_season,
}  # fmt: skip


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
    found = data.date_obj.date()
    return cal.point(found, data.period)  # type: ignore[arg-type]
