"""Pair quotation marks in raw text into quoted spans.

We pair marks ourselves instead of using textacy's direct-quotation extractor: textacy pairs
every quote-like character, so one stray apostrophe ("NATOs'", "dollars'") shifts every
later pair and breaks the rest of the document. Here double marks (straight and curly) are
paired on their own, single marks only outside double-quoted spans and only when they look
like an opening/closing pair (an apostrophe inside or after a word never opens one).

Conventions handled:

- curly ``“…”`` and straight ``"…"`` double quotes; single ``‘…’`` / ``'…'`` quotes;
- nested quotes (single inside double) stay inside the outer span;
- a quote spanning paragraphs: the closing mark is left off at the end of each paragraph but
  the next paragraph opens with a mark again (``“para one.\\n\\n“para two.”``);
- a quote split by a block of link lines (PDF text): URL-only lines inside a span are
  skipped in the quote's text (see :func:`clean_quote_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuoteSpan", "clean_quote_text", "find_quote_spans"]

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
#: Longest span we accept as one quote (characters); longer means an unpaired mark.
MAX_QUOTE_CHARS = 2500
_URL_LINE = re.compile(r"^[ \t]*(?:https?://|www\.)\S*[ \t]*$", re.MULTILINE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quoted span: ``[start, end)`` is the content inside the marks; ``open``/``close``
    are the positions of the marks themselves."""

    open: int
    close: int
    single: bool = False

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        return self.close


def _is_open_context(text: str, i: int) -> bool:
    """A straight mark at ``i`` opens when preceded by start/space/bracket/dash."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _is_close_context(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _paragraph_break(text: str, a: int, b: int) -> bool:
    """True when a newline (a paragraph or hard line break) separates ``a`` and ``b`` and the
    mark at ``b`` starts its line (only whitespace before it on the line)."""
    line_start = text.rfind("\n", a, b)
    return line_start != -1 and not text[line_start + 1 : b].strip()


def _double_marks(text: str) -> list[tuple[int, str]]:
    """Every double quotation mark with its role: ``open``, ``close`` or ``either``."""
    marks: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch in DOUBLE_OPEN:
            marks.append((i, "open"))
        elif ch in DOUBLE_CLOSE:
            marks.append((i, "close"))
        elif ch == '"':
            opens, closes = _is_open_context(text, i), _is_close_context(text, i)
            marks.append((i, "open" if opens and not closes else "close" if closes and not opens
                           else "either"))  # fmt: skip
    return marks


def _pair_double(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    current: int | None = None
    for pos, role in _double_marks(text):
        if current is None:
            if role in ("open", "either"):
                current = pos
            continue
        if role == "open" or (role == "either" and _paragraph_break(text, current, pos)):
            if _paragraph_break(text, current, pos):
                continue  # a multi-paragraph quote reopening: same span goes on
            current = pos  # the earlier mark was stray: restart here
            continue
        if pos - current <= MAX_QUOTE_CHARS and text[current + 1 : pos].strip():
            spans.append(QuoteSpan(current, pos))
        current = None
    return spans


def _pair_single(text: str, taken: list[QuoteSpan]) -> list[QuoteSpan]:
    """Single-quoted spans outside double-quoted ones. An opening mark must follow a
    space/bracket/dash and precede a letter; a closing one must follow a non-space and not
    precede a letter (so "don't", "NATOs'" inside words never pair across the text)."""
    inside = [(s.open, s.close) for s in taken]

    def covered(i: int) -> bool:
        return any(a <= i <= b for a, b in inside)

    spans: list[QuoteSpan] = []
    current: int | None = None
    for i, ch in enumerate(text):
        if ch not in "'‘’" or covered(i):
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens = (before.isspace() or before in "([—–-") and (after.isalpha() or after.isdigit())
        closes = (not before.isspace()) and not after.isalnum() and ch != "‘"
        if current is not None and closes:
            content = text[current + 1 : i]
            if "\n\n" not in content and 0 < len(content) <= 400:
                spans.append(QuoteSpan(current, i, single=True))
            current = None
        elif opens and ch != "’":
            current = i
        elif current is not None and "\n\n" in text[current:i]:
            current = None
    return spans


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted span in ``text``, in order of position."""
    doubles = _pair_double(text)
    singles = _pair_single(text, doubles)
    return sorted(doubles + singles, key=lambda s: s.open)


def clean_quote_text(raw: str) -> str:
    """A quote's text for display and matching: link-only lines dropped, reopening marks
    of multi-paragraph quotes removed, whitespace collapsed."""
    raw = _URL_LINE.sub(" ", raw)
    raw = re.sub(r"\n\s*[“\"]", "\n", raw)
    return _SPACE.sub(" ", raw).strip()
