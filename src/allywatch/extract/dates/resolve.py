"""Turn one grammar match into a :class:`Period`, relative to the publication date.

Why our own rules and not only dateparser: dateparser (1.2) returns nothing for "last
January", "early 2025" or "two years earlier", has no notion of seasons, reads "the 1990s"
as 1990 seconds before now, gives no intervals ("the past 18 months", "by 2027") and costs
milliseconds per call. It is used where it works and adds something: placing a day
without a year ("Feb. 28") before or after the publication date, and reading spaCy DATE
entities our grammar does not cover ("12/08/2024").
"""

from __future__ import annotations

from datetime import date

from allywatch.extract.dates import absolute, relative
from allywatch.extract.dates import calendar as cal
from allywatch.extract.dates.absolute import dateparser_fallback
from allywatch.extract.dates.calendar import ONE_DAY, UNKNOWN, Period, apply_part
from allywatch.extract.dates.context import Context, Handler, Tense

__all__ = ["NEEDS_FRAME", "Context", "Tense", "dateparser_fallback", "interpret"]

#: Kinds that are only dates when a preposition or a part introduces them.
NEEDS_FRAME = frozenset({"month", "season", "the_unit", "duration", "unit_end"})
_HANDLERS: dict[str, Handler] = {**absolute.HANDLERS, **relative.HANDLERS}


def interpret(
    kind: str,
    g: dict[str, str | None],
    prep: str | None,
    part: str | None,
    ctx: Context,
    *,
    framed: bool = False,
) -> Period | None:
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
        period = apply_part(period, part)
    if prep:
        period = _apply_prep(period, prep.lower(), ctx.published)
    return period


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
