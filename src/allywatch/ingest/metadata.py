"""Metadata inference for articles that do not carry it: date, outlet, author, language.

Publication date, when no metadata gives one (``Document.published_inferred=True``):

* the latest date among cited links that point to *other* sites (a site's own "related
  article" links are navigation and can be newer than the article), and
* the latest explicit date in the text ("Feb. 28, 2026", "28 February 2026", "2026-02-28").
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
from collections.abc import Iterable
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

_MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    _MONTHS[calendar.month_name[_i].lower()] = _i
    _MONTHS[calendar.month_abbr[_i].lower()] = _i
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MDY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d\d))?\b", re.I
)
_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?(?:,?\s+((?:19|20)\d\d))?\b", re.I
)
_MY = re.compile(rf"\b({_MONTH_RE})\.?,?\s+((?:19|20)\d\d)\b", re.I)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")

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
    month_years = [(int(m[2]), _MONTHS[m[1].lower()]) for m in _MY.finditer(text)]
    anchor = max(month_years) if month_years else None
    found: list[date] = []
    pending: list[tuple[int, int]] = []
    for m in _MDY.finditer(text):
        month, day, year = _MONTHS[m[1].lower()], int(m[2]), m[3]
        if year:
            found.append(_safe_date(int(year), month, day) or date.min)
        elif day <= 31:
            pending.append((month, day))
    for m in _DMY.finditer(text):
        day, month, year = int(m[1]), _MONTHS[m[2].lower()], m[3]
        if year:
            found.append(_safe_date(int(year), month, day) or date.min)
        elif day <= 31:
            pending.append((month, day))
    for m in _ISO.finditer(text):
        found.append(_safe_date(int(m[1]), int(m[2]), int(m[3])) or date.min)
    known = [d for d in found if d != date.min]
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
    share = sum(1 for w in words if w in _EN_FUNCTION_WORDS) / len(words)
    return "en" if share >= 0.15 else None
