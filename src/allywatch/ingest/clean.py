"""Cleaning: raw article text -> the stored text, its paragraphs, and what was taken out.

The steps, in order (lexical rules live in ``resources/cleaning.yaml``):

1. **Lines.** Newlines normalised; lines that are only a URL (optionally bulleted or
   numbered) are taken out and kept as :class:`CitedLink` records, with the date found in
   the URL path (``/2026/03/02/`` or ``2026-03-02``).
2. **Paragraphs.** Blank lines separate blocks. Whether single line breaks are hard wraps
   is decided per document: when most line ends inside multi-line blocks lack sentence-final
   punctuation, the text is wrapped and a block's lines are rejoined (a short line ending a
   sentence still closes the paragraph); otherwise each line is a paragraph.
3. **Furniture.** Paragraphs that are site furniture are dropped: "Related article:",
   comment counters and "Post a Comment", share/subscribe/follow lines, picture captions (a
   short paragraph ending in a picture credit after a sentence end), disclaimers (the outlet
   they name is kept), and author bios among the last paragraphs.
4. **Rejoining across gaps.** A paragraph that ends without sentence-final punctuation and
   is followed by one that starts in lower case is one sentence cut by a link block or a
   page break: they are joined.
5. **Wrappers.** A blog byline "X reports in the Y:" gives author X and outlet Y; the first
   paragraph before it becomes the title when it looks like a headline, the rest is the
   editor's summary (``summary``), not article text. "By X" lines give the author. Without
   a wrapper, a headline-like first paragraph becomes the title.

End-of-line hyphenation ("neo-" + "imperialist", "intercep-" + "tors") is decided in
:func:`join_hyphenated`: see its docstring for the rule.

Quote marks and apostrophes are stored as written; :func:`normalize_quotes` maps them to
ASCII one character for one, so offsets into a normalised copy are offsets into the text.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from allywatch.ingest.rules import CleaningRules, load_rules
from allywatch.ingest.words import is_word
from allywatch.types import CitedLink, Span

__all__ = [
    "Cleaned",
    "clean_text",
    "date_from_url",
    "join_hyphenated",
    "normalize_quotes",
]

logger = logging.getLogger(__name__)

_QUOTES = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‹": "'", "›": "'",
})  # fmt: skip

_URL_LINE = re.compile(
    r"^\s*(?:[-*•·]|\[?\d{1,3}[\].)]|\d{1,3}\.)?\s*<?(?P<url>(?:https?://|www\.)[^\s<>]+?)>?[.,;]?\s*$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_ENDS_OPEN = re.compile(r"[\w,\"”’)%]$")
_HYPHEN_END = re.compile(r"(?<=[A-Za-z])-$")
_LEFT_FRAGMENT = re.compile(r"([A-Za-z]+)-$")
_RIGHT_FRAGMENT = re.compile(r"^([a-z]+)")
_WORD_FORMS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE)
_QUOTE_CHARS = frozenset('"“”«»')


def normalize_quotes(text: str) -> str:
    """Curly quotes, primes and guillemets -> ASCII ``'`` and ``"``; same length as ``text``."""
    return text.translate(_QUOTES)


def date_from_url(url: str) -> date | None:
    """The publication date a URL path carries (``/2026/03/02/``, ``/2026-03-02/``)."""
    path = urlsplit(url).path if "://" in url else url
    for pattern in load_rules().url_dates:
        m = pattern.search(path)
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    return None


@dataclass(slots=True)
class _Line:
    text: str
    page: int


@dataclass(slots=True)
class _Para:
    """A paragraph under construction: pieces of text, each with the page it came from."""

    pieces: list[_Line]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    def last(self) -> str:
        return self.pieces[-1].text

    def first(self) -> str:
        return self.pieces[0].text


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of cleaning one article."""

    text: str
    paragraphs: tuple[Span, ...]
    pages: tuple[Span, ...] = ()
    links: tuple[CitedLink, ...] = ()
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    summary: str | None = None
    removed: tuple[tuple[str, str], ...] = field(default=())


class _DocForms:
    """Word forms seen in one document, for hyphenation decisions (built lazily)."""

    def __init__(self, raw: str) -> None:
        self._raw = raw
        self._forms: set[str] | None = None

    def __contains__(self, form: str) -> bool:
        if self._forms is None:
            self._forms = {m.lower() for m in _WORD_FORMS.findall(self._raw)}
        return form in self._forms


def join_hyphenated(left: str, right: str, prefixes: frozenset[str], seen: object = ()) -> bool:
    """Whether a hyphen at a line end is part of the word (True) or a line-break (False).

    ``left`` is the fragment before the hyphen, ``right`` the one after the break. The rule,
    first match wins:

    1. ``right`` starts with a capital or digit ("U.S.-" + "Israeli", "COVID-" + "19"):
       keep the hyphen.
    2. The document itself uses one form elsewhere: the hyphenated one ("anti-drone") ->
       keep; the joined one ("interceptors") -> join.
    3. The joined form is an English word or an inflection of one (the spaCy model's lemma
       index, see ``words.py``): join ("intercep-" + "tors").
    4. ``left`` is a hyphenating prefix ("neo", "anti", "self"...) or both halves are words
       ("short-" + "term"): keep the hyphen ("neo-imperialist").
    5. Otherwise a word was broken that our list does not know: join.
    """
    if not right or not right[0].islower():
        return True
    joined = (left + right).lower()
    hyphenated = f"{left}-{right}".lower()
    if hyphenated in seen:  # type: ignore[operator]
        return True
    if joined in seen:  # type: ignore[operator]
        return False
    if is_word(joined):
        return False
    lower_left = left.lower()
    if lower_left in prefixes:
        return True
    return len(left) > 1 and is_word(lower_left) and is_word(right.lower())


def _glue(para: _Para, nxt: str, page: int, rules: CleaningRules, seen: _DocForms) -> None:
    """Append the line ``nxt`` to ``para``, resolving an end-of-line hyphen."""
    last = para.pieces[-1]
    if _HYPHEN_END.search(last.text) and not last.text.endswith(" -"):
        left_m = _LEFT_FRAGMENT.search(last.text)
        right_m = _RIGHT_FRAGMENT.match(nxt)
        if left_m and right_m:
            keep = join_hyphenated(left_m[1], right_m[1], rules.compound_prefixes, seen)
            if not keep:
                last.text = last.text[:-1]
            para.pieces.append(_Line(nxt, page))
            return
        if left_m and not nxt[:1].isalpha():
            para.pieces.append(_Line(nxt, page))
            return
    para.pieces.append(_Line(" " + nxt, page))


def _lines(raw: str, pages: Sequence[str]) -> list[_Line | None]:
    """Stripped lines with their page, ``None`` for a paragraph break (blank line).

    For paged input, running headers and footers (the same first or last line on at least
    two pages and half of them) and bare page numbers ("3", "Page 3 of 5") are dropped.
    """
    texts = list(pages) if pages else [raw]
    per_page: list[list[str]] = []
    for page_text in texts:
        # str.split() below also folds tabs and no-break/figure/narrow spaces into " ".
        text = page_text.replace("\r\n", "\n").replace("\r", "\n")
        per_page.append([" ".join(line.split()) for line in text.split("\n")])
    running = _running_lines(per_page) if len(per_page) > 1 else set()
    out: list[_Line | None] = []
    for page_no, lines in enumerate(per_page):
        for stripped in lines:
            if running and (stripped in running or _PAGE_NUMBER.match(stripped)):
                out.append(None)
            else:
                out.append(_Line(stripped, page_no) if stripped else None)
    return out


def _running_lines(per_page: list[list[str]]) -> set[str]:
    edges: Counter[str] = Counter()
    for lines in per_page:
        content = [line for line in lines if line]
        edges.update({line for line in (content[:1] + content[-1:]) if line})
    needed = max(2, (len(per_page) + 1) // 2)
    return {line for line, n in edges.items() if n >= needed}


def _take_links(lines: list[_Line | None]) -> tuple[list[_Line | None], list[CitedLink]]:
    kept: list[_Line | None] = []
    links: list[CitedLink] = []
    for line in lines:
        m = _URL_LINE.match(line.text) if line is not None else None
        if m is None:
            kept.append(line)
            continue
        url = m["url"]
        if url.lower().startswith("www."):
            url = "https://" + url
        links.append(CitedLink(url=url, date=date_from_url(url)))
        kept.append(None)
    return kept, links


def _line_furniture(
    lines: list[_Line | None], rules: CleaningRules, meta: _Meta, title: str | None
) -> list[_Line | None]:
    """Drop short furniture lines anywhere, and the title/byline lines at the very top."""
    out: list[_Line | None] = []
    top = 0
    wanted_title = " ".join(title.split()).casefold() if title else None
    for line in lines:
        if line is None:
            out.append(None)
            continue
        top += 1
        text = line.text
        if top <= 3 and wanted_title and text.casefold() == wanted_title:
            meta.removed.append(("title", text))
            out.append(None)
            continue
        if top <= 6 and meta.author is None:
            m = rules.by_line.match(text)
            if m:
                meta.author = m["author"].strip()
                if m["outlet"]:
                    meta.outlet = m["outlet"].strip()
                meta.removed.append(("byline", text))
                out.append(None)
                continue
        if len(text.split()) <= 12:
            rule = next((n for n, p in rules.furniture.items() if p.search(text)), None)
            if rule is not None:
                meta.removed.append((rule, text))
                out.append(None)
                continue
        out.append(line)
    return out


def _is_wrapped(blocks: list[list[_Line]]) -> bool:
    inner = [line for block in blocks for line in block[:-1]]
    if not inner:
        return False
    open_ends = sum(1 for line in inner if not _TERMINAL.search(line.text))
    return open_ends / len(inner) > 0.5


def _paragraphs(
    lines: list[_Line | None], wrapped: bool | None, rules: CleaningRules, seen: _DocForms
) -> list[_Para]:
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line is None:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    if wrapped is None:
        wrapped = _is_wrapped(blocks)
    paras: list[_Para] = []
    for block in blocks:
        width = max(len(line.text) for line in block)
        para = _Para([_Line(block[0].text, block[0].page)])
        for prev, line in itertools.pairwise(block):
            ends = bool(_TERMINAL.search(prev.text))
            if wrapped:
                # A wrapped line that ends a sentence although the next word would have fit
                # on it was broken on purpose: a paragraph end.
                next_word = len(line.text.split(" ", 1)[0])
                starts = line.text[:1].isupper() or line.text[:1] in "\"“‘'(0123456789"
                new_para = ends and starts and len(prev.text) + 1 + next_word <= 0.9 * width
            else:
                new_para = ends or not (line.text[:1].islower() or _HYPHEN_END.search(prev.text))
            if new_para:
                paras.append(para)
                para = _Para([_Line(line.text, line.page)])
            else:
                _glue(para, line.text, line.page, rules, seen)
        paras.append(para)
    return paras


def _is_caption(text: str, rules: CleaningRules) -> bool:
    if len(text.split()) > rules.caption_max_words:
        return False
    return any(p.search(text) for p in rules.caption_credit)


def _furniture(text: str, rules: CleaningRules) -> str | None:
    """The rule name when this paragraph is site furniture, else None."""
    if len(text.split()) <= 30:
        for name, pattern in rules.furniture.items():
            if pattern.search(text):
                return name
    if _is_caption(text, rules):
        return "caption"
    return None


def _disclaimer(text: str, rules: CleaningRules) -> tuple[bool, str | None]:
    if len(text.split()) > 80:
        return False, None
    for pattern in rules.disclaimers:
        m = pattern.match(text)
        if m:
            outlet = m.groupdict().get("outlet")
            return True, outlet.strip() if outlet else None
    return False, None


def _headline(para: _Para, rules: CleaningRules) -> bool:
    text = para.text
    words = text.split()
    return (
        len(para.pieces) == 1
        and 2 <= len(words) <= rules.headline_max_words
        and not text.endswith((".", ",", ";", ":"))
        and not (_QUOTE_CHARS & set(text[:1]))
    )


def _merge_across_gaps(paras: list[_Para], rules: CleaningRules, seen: _DocForms) -> list[_Para]:
    merged: list[_Para] = []
    for para in paras:
        if merged:
            prev = merged[-1]
            tail = prev.last()
            head = para.first()
            if head[:1].islower() and (_ENDS_OPEN.search(tail) or _HYPHEN_END.search(tail)):
                _glue(prev, head, para.pieces[0].page, rules, seen)
                prev.pieces.extend(para.pieces[1:])
                continue
        merged.append(para)
    return merged


@dataclass(slots=True)
class _Meta:
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    summary: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)


def _wrappers(paras: list[_Para], rules: CleaningRules, meta: _Meta, has_title: bool) -> int:
    """Find blog wrappers and bylines near the top; return the index where the body starts."""
    for i, para in enumerate(paras[:6]):
        m = rules.wrapper_byline.match(para.text)
        if m:
            meta.author = m["author"].strip()
            meta.outlet = re.sub(r"^the\s+", "", m["outlet"].strip(), flags=re.IGNORECASE)
            before = paras[:i]
            if before and not has_title and _headline(before[0], rules):
                meta.title = before[0].text
                before = before[1:]
            if before:
                summary = "\n\n".join(p.text for p in before)
                meta.summary = rules.signature_initials.sub("", summary).strip() or None
            meta.removed.append(("wrapper", para.text))
            return i + 1
    start = 0
    if paras and has_title is False and len(paras) > 1 and _headline(paras[0], rules):
        meta.title = paras[0].text
        start = 1
    for i, para in enumerate(paras[start : start + 4], start=start):
        m = rules.by_line.match(para.text) if meta.author is None else None
        if m:
            meta.author = m["author"].strip()
            if m["outlet"]:
                meta.outlet = m["outlet"].strip()
            meta.removed.append(("byline", para.text))
            del paras[i]
            break
    return start


def _strip_tail_bios(paras: list[_Para], rules: CleaningRules, meta: _Meta) -> list[_Para]:
    tail_from = max(0, len(paras) - rules.bio_tail_paragraphs)
    kept: list[_Para] = []
    for i, para in enumerate(paras):
        text = para.text
        if (
            i >= tail_from
            and i > 0
            and not (_QUOTE_CHARS & set(text))
            and rules.bio_cue.search(text)
        ):
            meta.removed.append(("bio", text))
            continue
        kept.append(para)
    return kept


def clean_text(
    raw: str,
    *,
    pages: Sequence[str] = (),
    wrapped: bool | None = None,
    has_title: bool = False,
    title: str | None = None,
    rules: CleaningRules | None = None,
) -> Cleaned:
    """Clean one article's raw text (or its ``pages``) into the text the system stores.

    ``wrapped`` forces the hard-wrap decision (readers that know, like HTML, pass False);
    ``has_title`` (or a ``title``) says the reader already found a title, so no headline is
    taken from the text; a first line equal to ``title`` is dropped.
    """
    has_title = has_title or bool(title)
    rules = rules or load_rules()
    seen = _DocForms(raw if not pages else "\n".join(pages))
    lines, links = _take_links(_lines(raw, pages))
    meta = _Meta()
    lines = _line_furniture(lines, rules, meta, title)
    paras: list[_Para] = []
    for para in _paragraphs(lines, wrapped, rules, seen):
        text = para.text
        rule = _furniture(text, rules)
        is_disclaimer, outlet = _disclaimer(text, rules) if rule is None else (False, None)
        if is_disclaimer:
            rule = "disclaimer"
            meta.outlet = meta.outlet or outlet
        if rule is not None:
            meta.removed.append((rule, text))
            continue
        paras.append(para)
    paras = _merge_across_gaps(paras, rules, seen)
    body_start = _wrappers(paras, rules, meta, has_title)
    body = _strip_tail_bios(paras[body_start:], rules, meta)
    text, spans, page_spans = _assemble(body, bool(pages))
    for rule, removed in meta.removed:
        logger.debug("removed %s: %.80s", rule, removed)
    return Cleaned(
        text=text,
        paragraphs=spans,
        pages=page_spans,
        links=tuple(links),
        title=meta.title,
        author=meta.author,
        outlet=meta.outlet,
        summary=meta.summary,
        removed=tuple(meta.removed),
    )


def _assemble(paras: list[_Para], paged: bool) -> tuple[str, tuple[Span, ...], tuple[Span, ...]]:
    parts: list[str] = []
    spans: list[Span] = []
    page_bounds: dict[int, list[int]] = {}
    offset = 0
    for para in paras:
        if parts:
            parts.append("\n\n")
            offset += 2
        start = offset
        for piece in para.pieces:
            text = piece.text
            if offset == start:
                text = text.lstrip()
            if paged:
                lead = len(text) - len(text.lstrip())  # the joining space is not on the page
                bounds = page_bounds.setdefault(piece.page, [offset + lead, offset + lead])
                bounds[1] = offset + len(text)
            parts.append(text)
            offset += len(text)
        spans.append(Span(start, offset))
    page_spans = tuple(Span(b[0], b[1]) for _, b in sorted(page_bounds.items()))
    return "".join(parts), tuple(spans), page_spans


def domain_of(url: str) -> str:
    """The host of a URL without ``www.``."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host
