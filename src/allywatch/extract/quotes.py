"""Quote extraction: quoted spans -> attributed ``Quote`` records.

Quotation marks are paired by :mod:`allywatch.extract.quote_marks` (our own pairing, since
textacy's breaks on stray apostrophes). Each span is then attributed by trying, in order:

1. **after the quote** — ``"…," X said`` / ``"…," said X`` / ``"…" during …, X says``: the
   first cue verb after the closing mark (before the next quote) whose subject follows it;
2. **cue just before** — ``X adds that "…"``, ``X commented, noting that "…"``,
   ``as one expert … said, "…"`` (a PDF link block between subject and verb is skipped);
3. **"According to X," / "As X said,"** in the same sentence;
4. **the parse** — for partial quotes inside a clause (``…, calling it a "…"``): climb from
   the quote to the first cue verb, whose subject (or the subject of the clause it hangs
   from) speaks;
5. **neighbouring sentence** — a quote standing alone as its sentence or paragraph continues
   the previous quote's speaker when that quote ended in the sentence just before.

Interview transcripts ("McFaul: ...", a paragraph opening with a person's name and a colon)
attribute the whole answer, quoted or not, to that person (no cue verb).

Speakers must be people: a named person, a pronoun resolved to one, or a description headed
by a person noun ("a Moldovan economic expert"). Outlets and states ("as the Wall Street
Journal reported", "Moscow denies") do not make a quote. Single-word quotations are terms
or scare quotes ("transactional", "snapback"), not speech, and are not reported (they still
carry their speaker to a following quote).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from allywatch.extract.quote_marks import QuoteSpan, clean_quote_text, find_quote_spans
from allywatch.extract.speakers import (
    PersonIndex,
    Speaker,
    skippable,
    speaker_from_head,
    surface_np_head,
)
from allywatch.extract.speech_lexicon import lexicon
from allywatch.nlp import doc_text, paragraph_spans
from allywatch.types import Document, Evidence, Mention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from allywatch.nlp.catalog import Catalog

__all__ = ["extract_quotes", "is_cue"]

logger = logging.getLogger(__name__)

_SUBJECTS = ("nsubj", "nsubjpass")
_CLIMB_DEPS = ("advcl", "xcomp", "conj", "ccomp", "acl", "pcomp", "prep", "pobj", "dobj")
#: How far (tokens) past a closing mark we look for "X said".
_AFTER_WINDOW = 45
#: Quotes with fewer words than this are terms or scare quotes, not speech.
MIN_WORDS = 2


@dataclass(frozen=True)
class _Attribution:
    speaker: Speaker
    cue: str
    cue_start: int


def is_cue(token: Token) -> bool:
    """A verb that introduces speech or writing ("said", "adds", "noting", "calling")."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and lemma == "say"):
        return False
    if lemma in lex.cue_particles:
        return any(c.lower_ in lex.cue_particles[lemma] for c in token.children) or (
            token.i + 1 < len(token.doc) and token.nbor(1).lower_ in lex.cue_particles[lemma]
        )
    return lemma in lex.cue_verbs


class _Attributor:
    def __init__(self, sdoc: Doc, index: PersonIndex, spans: list[QuoteSpan]) -> None:
        self.doc = sdoc
        self.text = doc_text(sdoc)
        self.index = index
        self.spans = spans
        self.quoted = [(s.open, s.close + 1) for s in spans]
        self._speaking_verb: Token | None = None

    def in_quote(self, token: Token) -> bool:
        return any(a <= token.idx < b for a, b in self.quoted)

    def token_at(self, char: int) -> Token:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        if span is None or not len(span):  # pragma: no cover - expand always aligns
            raise ValueError(f"no token at character {char}")
        return span[0]

    def speaker_of(self, verb: Token) -> Speaker | None:
        """The person who speaks through ``verb``: its subject, or (participles such as
        "noting", "calling") the subject of the clause it hangs from."""
        node: Token | None = verb
        rejected = False
        for _ in range(6):
            if node is None:
                break
            for child in node.children:
                if child.dep_ in _SUBJECTS and not self.in_quote(child):
                    found = speaker_from_head(child, self.index, self.quoted)
                    if found is not None:
                        if is_cue(node) and rejected:  # "X warned that Y would respond"
                            self._speaking_verb = node
                        return found
                    rejected = True  # a subject that is not a person (a state, "it")
            if node.dep_ in ("advcl", "xcomp", "conj", "ccomp", "pcomp") and node.head != node:
                node = node.head
            else:
                node = None
        # inverted "said Julian G. Waller": a person right after the verb
        nxt = verb.i + 1
        while nxt < len(self.doc) and (self.doc[nxt].pos_ == "ADV" or skippable(self.doc[nxt])):
            nxt += 1
        if nxt < len(self.doc) and verb.lemma_ == "say":
            cand = self.doc[nxt]
            while cand.dep_ == "compound" and cand.head.i > cand.i:
                cand = cand.head
            found = speaker_from_head(cand, self.index, self.quoted)
            if found is not None:
                return found
        head = surface_np_head(self.doc, verb.i)
        if head is not None and not self.in_quote(head):
            return speaker_from_head(head, self.index, self.quoted)
        return None

    def _attribution(self, verb: Token) -> _Attribution | None:
        """The speaker of ``verb``; the cue is the speech verb whose subject speaks ("warned"
        rather than "respond" in "X warned that Y would respond '…'")."""
        self._speaking_verb = verb
        speaker = self.speaker_of(verb)
        if speaker is None:
            return None
        cue = self._speaking_verb or verb
        return _Attribution(speaker, cue.lemma_.lower(), cue.idx)

    def after(self, span: QuoteSpan) -> _Attribution | None:
        """``"…," X said`` and ``"…," said X``: a cue after the closing mark."""
        close = self.token_at(span.close)
        sent_end = close.sent.end
        if close.i + 1 < len(self.doc) and close.nbor(1).is_sent_start:
            return None
        text_before_close = self.text[max(span.open, span.close - 2) : span.close]
        ends_clause = text_before_close.rstrip()[-1:] in {",", "?", "!", "—"}
        for tok in self.doc[close.i + 1 : min(sent_end + 8, close.i + _AFTER_WINDOW)]:
            if self.in_quote(tok):
                break
            if not ends_clause and "\n" in self.text[span.close : tok.idx]:
                break  # a new paragraph after a finished sentence
            if tok.is_sent_start and tok.i > close.i + 1 and not ends_clause:
                break
            if is_cue(tok) or self._nominal_cue(tok):
                if not is_cue(tok):
                    return self._nominal_attribution(tok)
                subjects = [c for c in tok.children if c.dep_ in _SUBJECTS]
                if subjects and subjects[0].idx < span.close:
                    return None  # "X said "…" and …": the subject is before, handled by before()
                found = self._attribution(tok)
                if found is not None:
                    return found
                return None
            if tok.text in {".", "!", "?"} and tok.i > close.i + 1:
                break
        return None

    def _nominal_cue(self, tok: Token) -> bool:
        """"Waller comments." -- a small model tags the verb as a plural noun after a name."""
        if tok.tag_ not in ("NNS", "NNPS") or tok.i == 0:
            return False
        prev = self.doc[tok.i - 1]
        lemma = tok.lower_.removesuffix("s")
        return lemma in lexicon().cue_verbs and (self.index.is_name(prev) or prev.pos_ == "PRON")

    def _nominal_attribution(self, tok: Token) -> _Attribution | None:
        found = speaker_from_head(self.doc[tok.i - 1], self.index, self.quoted)
        return _Attribution(found, tok.lower_.removesuffix("s"), tok.idx) if found else None

    def before(self, span: QuoteSpan) -> _Attribution | None:
        """``X adds that "…"``, ``X said: "…"``, ``as one expert said, "…"``."""
        i = self.token_at(span.open).i - 1
        while i >= 0 and (skippable(self.doc[i]) or self.doc[i].text in {",", ":", "that", "—"}):
            i -= 1
        while i >= 0 and self.doc[i].pos_ == "ADV":
            i -= 1
        if i < 0:
            return None
        tok = self.doc[i]
        if tok.pos_ == "ADP" and i > 0 and is_cue(self.doc[i - 1]):  # "pointing to"
            tok = self.doc[i - 1]
        if tok.lower_ == "it" and i > 0 and is_cue(self.doc[i - 1]):  # "put it bluntly:"
            tok = self.doc[i - 1]
        if tok.pos_ == "NOUN" and tok.dep_ != "ROOT" and i > 0:  # "said last month"
            j = i
            while j > 0 and self.doc[j - 1].pos_ in ("ADJ", "DET", "NOUN"):
                j -= 1
            if j > 0 and is_cue(self.doc[j - 1]):
                tok = self.doc[j - 1]
        if is_cue(tok) and not self.in_quote(tok):
            return self._attribution(tok)
        return None

    def according_to(self, span: QuoteSpan) -> _Attribution | None:
        """"According to X, …" or "As X said, …" in the quote's sentence."""
        sent = self.token_at(span.open).sent
        for tok in sent:
            if self.in_quote(tok):
                continue
            nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
            if tok.lower_ == "according" and nxt is not None and nxt.lower_ == "to":
                obj = [c for c in nxt.children if c.dep_ == "pobj"]
                head = obj[0] if obj else surface_np_head(self.doc, tok.i + 3)
                if head is not None:
                    found = speaker_from_head(head, self.index, self.quoted)
                    if found is not None:
                        return _Attribution(found, "according to", tok.idx)
            if tok.lower_ == "as" and tok.dep_ in ("mark", "prep", "advmod") and is_cue(tok.head):
                verb = tok.head
                if not self.in_quote(verb) and verb.idx < span.open:
                    found_att = self._attribution(verb)
                    if found_att is not None:
                        return found_att
        return None

    def climb(self, span: QuoteSpan) -> _Attribution | None:
        """Partial quotes inside a clause: climb the parse from the quote to a cue verb."""
        content = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        inside = [t for t in content or () if not t.is_punct]
        roots = [t for t in inside if not (span.start <= t.head.idx < span.end) or t.head == t]
        if not roots:
            return None
        node = roots[0]
        for _ in range(12):
            if node.head == node:
                break
            node = node.head
            if self.in_quote(node):
                continue
            if is_cue(node):
                found = self._attribution(node)
                if found is not None:
                    return found
        # a parenthetical "…, analyst X said, …" hangs off the root as parataxis
        for child in node.children:
            if child.dep_ == "parataxis" and is_cue(child) and not self.in_quote(child):
                return self._attribution(child)
        return None

    def attribute(self, span: QuoteSpan) -> _Attribution | None:
        for rule in (self.after, self.before, self.according_to, self.climb):
            found = rule(span)
            if found is not None:
                return found
        return None


def _standalone(sdoc: Doc, text: str, span: QuoteSpan, quoted: list[tuple[int, int]]) -> bool:
    """True when the quote is (nearly) its whole sentence(s): little text outside marks.
    ``text`` is ``sdoc.text``."""
    first = sdoc.char_span(span.open, span.open + 1, alignment_mode="expand")
    inner_end = max(span.start, len(text[: span.close].rstrip()) - 1)
    last = sdoc.char_span(inner_end, inner_end + 1, alignment_mode="expand")
    if first is None or last is None:
        return False
    start, end = first[0].sent.start_char, last[0].sent.end_char
    outside = [
        t for t in sdoc.char_span(start, end, alignment_mode="expand") or ()
        if t.is_alpha and not any(a <= t.idx < b for a, b in quoted)
    ]  # fmt: skip
    return len(outside) <= 2 and not any(t.pos_ in ("PROPN", "PRON") for t in outside)


def _sent_index(sdoc: Doc, char: int, starts: list[int]) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= char:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _evidence(sdoc: Doc, document: Document, span: QuoteSpan, att: _Attribution) -> Evidence:
    chars = [span.open, span.close, att.cue_start, att.speaker.start]
    first = sdoc.char_span(min(chars), min(chars) + 1, alignment_mode="expand")
    last = sdoc.char_span(max(chars), max(chars) + 1, alignment_mode="expand")
    start = first[0].sent.start_char if first is not None and len(first) else min(chars)
    end = last[0].sent.end_char if last is not None and len(last) else max(chars) + 1
    return Evidence(document.id, start, end, document.text[start:end])


#: "McFaul: ..." / "Victor Cha: ..." opening an interview transcript's paragraph.
_TURN = re.compile(r"(?P<label>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})[ \t]*:[ \t]+(?=\S)")


@dataclass(frozen=True)
class _Turn:
    start: int  # the answer's first character (after "NAME: ")
    end: int
    attribution: _Attribution


def _transcript_turns(sdoc: Doc, document: Document, index: PersonIndex) -> list[_Turn]:
    """Interview paragraphs "NAME: answer" where NAME is a person named in the article:
    the answer is that person's speech, quoted or not. "Q:"/"A:" labels name nobody and
    are left alone (who answers is not written on the line)."""
    turns: list[_Turn] = []
    for para in paragraph_spans(document.text, document.paragraphs):
        match = _TURN.match(doc_text(sdoc), para.start, para.end)
        if match is None:
            continue
        start, end = match.span("label")
        mention = index.mention_at(start, end)
        if mention is None or mention.kind != "person" or (mention.start, mention.end) != (
            start, end
        ):  # fmt: skip
            continue
        label = sdoc.char_span(start, end, alignment_mode="expand")
        if label is None or not len(label):
            continue
        speaker = index.person(label[-1])
        turns.append(_Turn(match.end(), para.end, _Attribution(speaker, "", start)))
    return turns


def _turn_quotes(
    sdoc: Doc, document: Document, turns: list[_Turn], spans: list[QuoteSpan]
) -> list[Quote]:
    """Unquoted answers of transcript turns (quoted ones are attributed with the marks)."""
    out = []
    for turn in turns:
        if any(turn.start <= s.open < turn.end for s in spans):
            continue
        text = clean_quote_text(doc_text(sdoc)[turn.start : turn.end])
        if _word_count(text) < MIN_WORDS:
            continue
        att = turn.attribution
        said = doc_text(sdoc)[att.cue_start : turn.end]
        evidence = Evidence(document.id, att.cue_start, turn.end, said)
        out.append(
            Quote(text=text, evidence=evidence, start=turn.start, end=turn.end,
                  speaker=att.speaker.id, speaker_text=att.speaker.text,
                  affiliation=att.speaker.affiliation, cue="", partial=False)
        )  # fmt: skip
    return out


def _word_count(text: str) -> int:
    """Words as written ("low-key" is one)."""
    return sum(1 for w in text.split() if re.search(r"[^\W\d_]", w))


def extract_quotes(
    sdoc: Doc, document: Document, mentions: list[Mention], catalog: Catalog
) -> list[Quote]:
    """Attributed quotes in ``sdoc`` (whose text is ``document.text``), in text order."""
    text = doc_text(sdoc)
    spans = find_quote_spans(text)
    index = PersonIndex(sdoc, mentions, catalog)
    turns = _transcript_turns(sdoc, document, index)
    attributor = _Attributor(sdoc, index, spans)
    sent_starts = [s.start_char for s in sdoc.sents]
    found: list[tuple[QuoteSpan, _Attribution | None]] = []
    for span in spans:
        turn = next((t for t in turns if t.start <= span.open < t.end), None)
        att = turn.attribution if turn is not None else attributor.attribute(span)
        if att is None and found:
            prev_span, prev_att = found[-1]
            gap = _sent_index(sdoc, span.open, sent_starts) - _sent_index(
                sdoc, prev_span.close, sent_starts
            )
            if (
                prev_att is not None
                and gap <= 1
                and _standalone(sdoc, text, span, attributor.quoted)
            ):
                att = prev_att
        found.append((span, att))
    quotes: list[Quote] = []
    seen: set[str] = set()
    for span, att in found:
        if att is None:
            logger.debug("unattributed quote at %d in %s", span.open, document.id)
            continue
        quote_text = clean_quote_text(text[span.start : span.end])
        norm = " ".join(re.findall(r"\w+", quote_text.lower()))
        if _word_count(quote_text) < MIN_WORDS or norm in seen:
            continue
        seen.add(norm)
        quotes.append(
            Quote(
                text=quote_text,
                evidence=_evidence(sdoc, document, span, att),
                start=span.start,
                end=span.end,
                speaker=att.speaker.id,
                speaker_text=att.speaker.text,
                affiliation=att.speaker.affiliation,
                cue=att.cue,
                partial=not _standalone(sdoc, text, span, attributor.quoted),
                speaker_type="person" if att.speaker.id else "anonymous",
            )
        )
    quotes.extend(_turn_quotes(sdoc, document, turns, spans))
    return sorted(quotes, key=lambda q: q.start)

