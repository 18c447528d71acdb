"""Metadata inference for articles that do not carry it: date, outlet, author, language.

Publication date, when no metadata gives one (``Document.published_inferred=True``):

* the latest date among cited links that point to *other* sites (a site's own "related
  article" links are navigation and can be newer than the article), and
* the latest explicit date in the text ("Feb. 28, 2026", "28 February 2026", "2026-02-28";
  "March 2025" counts as its first day).
  A day and month without a year ("Feb. 28") take the year of the latest "Month Year"
  mention, or the next year when that would put the date before that mention — news style
  omits the year for recent dates;

whichever is later, never after today. Dates are read with a small regex rather than
dateparser because only explicit calendar dates count here and dateparser would cost
milliseconds per article.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from datetime import date

from allywatch.ingest.clean import domain_of
from allywatch.ingest.rules import load_outlets, load_rules
from allywatch.types import CitedLink

__all__ = [
    "author_from_links",
    "detect_language",
    "infer_published",
    "outlet_for_url",
    "text_dates",
]

# Month names are matched capitalised, as news text writes them; the lookahead on the
# initial letter keeps these regexes cheap on long texts.
_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9
_MONTH_RE = (
    "(?=[JFMASOND])(?:"
    + "|".join(m.capitalize() for m in sorted(_MONTHS, key=len, reverse=True))
    + ")"
)
_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d\d))?\b")
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+((?:19|20)\d\d))?\b")
_MY = re.compile(rf"\b({_MONTH_RE})\.?,?\s+((?:19|20)\d\d)\b")
_ISO = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
# Where a month name may start, and where an ISO date may: patterns that begin with one
# character class let the regex engine skip ahead fast, so the text is scanned once for
# these and the full patterns above are tried only there (4x faster than running each).
_MONTH_START = re.compile(r"[JFMASOND](?:an|eb|ar|pr|ay|un|ul|ug|ep|ct|ov|ec)")
_ISO_START = re.compile(r"[12][09]\d\d-")
_DAY_BEFORE = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+$")

# Function words that make up a fifth or more of any English running text; a cheap,
# dependency-free language test (we only need to tell English from not-English here).
_EN_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "it",
        "as",
        "was",
        "with",
        "be",
        "by",
        "on",
        "not",
        "he",
        "i",
        "this",
        "are",
        "or",
        "his",
        "from",
        "at",
        "which",
        "but",
        "have",
        "an",
        "they",
        "has",
        "had",
        "were",
        "their",
        "been",
        "its",
        "would",
        "will",
        "there",
        "who",
    ]
)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def text_dates(text: str) -> list[date]:
    """Explicit calendar dates written in ``text`` (see the module docstring for years)."""
    month_years: list[tuple[int, int]] = []
    found: list[date] = []
    pending: list[tuple[int, int]] = []
    for start in _month_starts(text):
        if m := _MY.match(text, start):
            month_years.append((int(m[2]), _MONTHS[m[1].lower()]))
        if m := _MDY.match(text, start):
            month, day, year = _MONTHS[m[1].lower()], int(m[2]), m[3]
            if year:
                found.append(_safe_date(int(year), month, day) or date.min)
            elif day <= 31:
                pending.append((month, day))
        before = _DAY_BEFORE.search(text, max(0, start - 40), start)
        if before and (m := _DMY.match(text, before.start())):
            day, month, year = int(m[1]), _MONTHS[m[2].lower()], m[3]
            if year:
                found.append(_safe_date(int(year), month, day) or date.min)
            elif day <= 31:
                pending.append((month, day))
    for hit in _ISO_START.finditer(text):
        if m := _ISO.match(text, hit.start()):
            found.append(_safe_date(int(m[1]), int(m[2]), int(m[3])) or date.min)
    anchor = max(month_years) if month_years else None
    known = [d for d in found if d != date.min]
    known.extend(date(y, m, 1) for y, m in month_years)
    if known:
        latest = max(known)
        anchor = max(anchor, (latest.year, latest.month)) if anchor else (latest.year, latest.month)
    if anchor is not None:
        year, month_of_anchor = anchor
        for month, day in pending:
            guess_year = year if month >= month_of_anchor else year + 1
            d = _safe_date(guess_year, month, day)
            if d is not None:
                known.append(d)
    return known


def _month_starts(text: str) -> Iterator[int]:
    """Offsets where a capitalised month name may start (at a word boundary)."""
    for m in _MONTH_START.finditer(text):
        start = m.start()
        if not (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
            yield start


def infer_published(
    text: str,
    links: Iterable[CitedLink],
    *,
    own_domain: str | None = None,
    today: date | None = None,
) -> date | None:
    """Best guess of the publication date (see the module docstring), or None."""
    today = today or date.today()
    candidates = [
        link.date
        for link in links
        if link.date is not None and (own_domain is None or domain_of(link.url) != own_domain)
    ]
    candidates.extend(text_dates(text))
    candidates = [d for d in candidates if d <= today]
    return max(candidates) if candidates else None


def outlet_for_url(url: str) -> str | None:
    """The outlet name for a site (``resources/outlets.yaml``), trying parent domains."""
    host = domain_of(url)
    outlets = load_outlets()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = outlets.get(".".join(parts[i:]))
        if name:
            return name
    return None


def author_from_links(links: Iterable[CitedLink]) -> tuple[str | None, str | None]:
    """(author, site domain) from an author-page link (``.../author/casey-michel``)."""
    pattern = load_rules().author_path
    for link in links:
        path = link.url.split("://", 1)[-1]
        path = path[path.find("/") :] if "/" in path else ""
        m = pattern.search(path)
        if m:
            name = " ".join(part.capitalize() for part in m["slug"].split("-") if part)
            return name, domain_of(link.url)
    return None, None


def detect_language(text: str) -> str | None:
    """ "en" when English function words make up a normal share of the words, else None."""
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if len(words) < 20:
        return None
    share = sum(map(_EN_FUNCTION_WORDS.__contains__, words)) / len(words)
    return "en" if share >= 0.15 else None
