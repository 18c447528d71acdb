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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from allywatch.extract.quote_frames import (
    document_author,
    in_naming_frame,
    is_document,
    nominal_speaker,
    quoted_source,
)
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

__all__ = ["Attributor", "extract_quotes", "is_cue"]

logger = logging.getLogger(__name__)

_SUBJECTS = ("nsubj", "nsubjpass")
_CLIMB_DEPS = ("advcl", "xcomp", "conj", "ccomp", "acl", "pcomp", "prep", "pobj", "dobj")
#: How far (tokens) past a closing mark we look for "X said".
_AFTER_WINDOW = 45
#: How far back (characters) "the statement" looks for whose statement it is.
_DOCUMENT_REACH = 600
#: Quotes with fewer words than this are terms or scare quotes, not speech.
MIN_WORDS = 2


@dataclass(frozen=True)
class _Attribution:
    speaker: Speaker
    cue: str
    cue_start: int
    verb: int = -1  # token index of the cue verb (-1: no verb, e.g. "according to")
    framed: bool = False  # the quote fills the cue's naming slot ("called it 'reckless'")


def is_cue(token: Token) -> bool:
    """A verb that introduces speech or writing ("said", "adds", "noting", "calling")."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    # the small model tags "say" and "read" ("the statement read") as nouns now and then
    noun_cue = token.pos_ == "NOUN" and lemma in ("say", "read")
    if token.pos_ not in ("VERB", "AUX") and not noun_cue:
        return False
    if lemma in lex.cue_particles:
        return any(c.lower_ in lex.cue_particles[lemma] for c in token.children) or (
            token.i + 1 < len(token.doc) and token.nbor(1).lower_ in lex.cue_particles[lemma]
        )
    return lemma in lex.cue_verbs


class Attributor:
    """Attribution of quoted spans to speakers (see the module docstring); predictions
    use its ``subject_speaker`` for who speaks through a speech verb's subject."""

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

    def resolve(self, head: Token) -> Speaker | None:
        return speaker_from_head(head, self.index, self.quoted)

    def subject_speaker(self, subject: Token) -> Speaker | None:
        """The speaker a subject stands for; a document ("the statement read") speaks for
        its author, or for the speaker of the quote just before."""
        if is_document(subject) or document_author(subject, self.resolve) is not None:
            return document_author(subject, self.resolve) or self._recent_speaker(subject)
        return self.resolve(subject)

    def _recent_speaker(self, token: Token) -> Speaker | None:
        """The subject of the latest speech verb (outside quotes) in ``token``'s sentence
        or the sentences just before it (within ``_DOCUMENT_REACH`` characters): whom "the
        statement" speaks for."""
        floor = token.sent.start
        here = token.sent.start_char
        while floor > 0 and here - self.doc[floor - 1].sent.start_char <= _DOCUMENT_REACH:
            floor = self.doc[floor - 1].sent.start
        for tok in reversed(self.doc[floor : token.i]):
            if tok.dep_ in _SUBJECTS and is_cue(tok.head) and not self.in_quote(tok):
                if is_document(tok):
                    continue
                found = self.resolve(tok)
                if found is not None:
                    return found
        return None

    def speaker_of(self, verb: Token) -> Speaker | None:
        """Who speaks through ``verb``: its subject, or (participles such as "noting",
        "calling") the subject of the clause it hangs from. A person is taken wherever
        found; an institution or group only as the subject of a speech verb that is not
        weak ("X warned that Moscow would respond '...'" is X's, "Moscow said" Moscow's)."""
        source = quoted_source(verb)
        if source is not None:  # "the ministry quoted minister Beridze as saying ..."
            found = self.resolve(source)
            if found is not None:
                return found
        node: Token | None = verb
        rejected = False
        fallback: Speaker | None = None
        lex = lexicon()
        for _ in range(6):
            if node is None:
                break
            for child in node.children:
                if child.dep_ in _SUBJECTS and not self.in_quote(child):
                    if child.lower_ in ("who", "that", "which") and node.dep_ == "relcl":
                        child = node.head  # "officials who told the BBC that ..."
                    found = self.subject_speaker(child)
                    if found is None:
                        rejected = True  # a subject that speaks for nobody ("it", a place)
                        continue
                    strong = is_cue(node) and node.lemma_.lower() not in lex.weak_cues
                    if found.kind != "person" and not strong:
                        fallback = fallback or found
                        rejected = True
                        continue
                    if is_cue(node) and rejected:  # "X warned that Y would respond"
                        self._speaking_verb = node
                    if not found.named:
                        above = self._named_above(node)
                        if above is not None:
                            self._speaking_verb = above[1]
                            return above[0]
                    return found
            if node.dep_ in ("advcl", "xcomp", "conj", "ccomp", "pcomp") and node.head != node:
                was_pcomp = node.dep_ == "pcomp"
                node = node.head
                if was_pcomp and node.dep_ == "prep":  # "responded by describing ..."
                    node = node.head
            else:
                node = None
        if fallback is not None:
            return fallback
        root = verb.sent.root
        if verb.tag_ == "VBG" and root != verb and root.i < verb.i:
            # "Chile reacted ... by calling the move '…'": an adjunct participle's
            # subject is the main clause's (the parse may hang it elsewhere)
            for child in root.children:
                if child.dep_ in _SUBJECTS and not self.in_quote(child):
                    found = self.subject_speaker(child)
                    if found is not None:
                        return found
        # inverted "said Julian G. Waller": a person right after the verb
        nxt = verb.i + 1
        while nxt < len(self.doc) and (self.doc[nxt].pos_ == "ADV" or skippable(self.doc[nxt])):
            nxt += 1
        if nxt < len(self.doc) and verb.lemma_ == "say":
            cand = self.doc[nxt]
            while cand.dep_ == "compound" and cand.head.i > cand.i:
                cand = cand.head
            found = self.resolve(cand)
            if found is not None:
                return found
        head = surface_np_head(self.doc, verb.i)
        if head is not None and not self.in_quote(head):
            return self.resolve(head)
        return None

    def _named_above(self, node: Token) -> tuple[Speaker, Token] | None:
        """A named person who is the subject of a speech verb above ``node``: "Nikolenko
        added that the ambassador suggested the plan '…'" is Nikolenko's words about what
        an unnamed speaker said (the named source is the one quoted)."""
        lex = lexicon()
        for _ in range(4):
            if node.dep_ not in ("ccomp", "conj", "advcl", "xcomp") or node.head == node:
                return None
            node = node.head
            if not is_cue(node) or node.lemma_.lower() in lex.weak_cues:
                continue
            for child in node.children:
                if child.dep_ in _SUBJECTS and not self.in_quote(child):
                    found = self.subject_speaker(child)
                    if found is not None and found.named:
                        return found, node
        return None

    def _attribution(self, verb: Token) -> _Attribution | None:
        """The speaker of ``verb``; the cue is the speech verb whose subject speaks ("warned"
        rather than "respond" in "X warned that Y would respond '…'")."""
        self._speaking_verb = verb
        speaker = self.speaker_of(verb)
        if speaker is None:
            return None
        cue = self._speaking_verb or verb
        return _Attribution(speaker, cue.lemma_.lower(), cue.idx, cue.i)

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
            if tok.lower_ in ("read", "reads") and not is_cue(tok):
                found_doc = self._document_read(tok)  # a parse that lost "the statement read"
                if found_doc is not None:
                    return found_doc
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

    def _document_read(self, tok: Token) -> _Attribution | None:
        """"'…,' the statement on the ministry's website read": read from the words when
        the parse has no verb "read" (the small model tags it as a noun)."""
        head = surface_np_head(self.doc, tok.i)
        if head is None or not is_document(head):
            return None
        speaker = document_author(head, self.resolve) or self._recent_speaker(head)
        return _Attribution(speaker, "read", tok.idx, tok.i) if speaker is not None else None

    def _nominal_cue(self, tok: Token) -> bool:
        """"Waller comments." -- a small model tags the verb as a plural noun after a name."""
        if tok.tag_ not in ("NNS", "NNPS") or tok.i == 0:
            return False
        prev = self.doc[tok.i - 1]
        lemma = tok.lower_.removesuffix("s")
        return lemma in lexicon().cue_verbs and (self.index.is_name(prev) or prev.pos_ == "PRON")

    def _nominal_attribution(self, tok: Token) -> _Attribution | None:
        found = self.resolve(self.doc[tok.i - 1])
        return _Attribution(found, tok.lower_.removesuffix("s"), tok.idx, tok.i) if found else None

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
        if tok.pos_ == "NOUN" and not self.in_quote(tok):  # "In their view, '...'"
            found = nominal_speaker(tok, self.resolve)
            if found is not None:
                return _Attribution(found, tok.lemma_.lower(), tok.idx, tok.i)
        return None

    def according_to(self, span: QuoteSpan) -> _Attribution | None:
        """"According to X, …" or "As X said, …" in the quote's sentence; "according to"
        must modify the clause the quote is in, not a clause of its own ("... which left
        200 dead, according to rights groups, ...")."""
        sent = self.token_at(span.open).sent
        root = self._root(span)
        for tok in sent:
            if self.in_quote(tok):
                continue
            nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
            governs = root is None or tok.head == root or tok.head in root.ancestors
            if tok.lower_ == "according" and nxt is not None and nxt.lower_ == "to" and governs:
                obj = [c for c in nxt.children if c.dep_ == "pobj"]
                head = obj[0] if obj else surface_np_head(self.doc, tok.i + 3)
                if head is not None:
                    found = self.resolve(head)
                    if found is not None:
                        return _Attribution(found, "according to", tok.idx)
            if tok.lower_ == "as" and tok.dep_ in ("mark", "prep", "advmod") and is_cue(tok.head):
                verb = tok.head
                if not self.in_quote(verb) and verb.idx < span.open:
                    found_att = self._attribution(verb)
                    if found_att is not None:
                        return found_att
        return None

    def _root(self, span: QuoteSpan) -> Token | None:
        content = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        inside = [t for t in content or () if not t.is_punct]
        roots = [t for t in inside if not (span.start <= t.head.idx < span.end) or t.head == t]
        return roots[0] if roots else None

    def climb(self, span: QuoteSpan, stop: int = -1) -> _Attribution | None:
        """Partial quotes inside a clause: climb the parse from the quote to a cue verb (or
        a speech noun: "X's tirade over its 'endless provocations'"), stopping below token
        ``stop`` when given."""
        root = self._root(span)
        if root is None:
            return None
        node = root
        for _ in range(12):
            if node.head == node:
                break
            node = node.head
            if node.i == stop:
                return None
            if self.in_quote(node):
                continue
            if is_cue(node):
                found = self._attribution(node)
                if found is not None:
                    return found
            elif node.pos_ == "NOUN":
                speaker = nominal_speaker(node, self.resolve)
                if speaker is not None:
                    return _Attribution(speaker, node.lemma_.lower(), node.idx, node.i)
        if stop >= 0:
            return None
        # a parenthetical "…, analyst X said, …" hangs off the root as parataxis
        for child in node.children:
            if child.dep_ == "parataxis" and is_cue(child) and not self.in_quote(child):
                return self._attribution(child)
        return None

    def attribute(self, span: QuoteSpan) -> _Attribution | None:
        """The first rule that attributes ``span``; but a speech verb inside the clause
        the quote sits in beats the one after it ("Lind told Haddad that Sweden would
        '...', the ministry said" is Lind's)."""
        if self._so_called(span) or self._modifier(span):
            return None
        found = self.after(span)
        if found is not None and found.verb >= 0:
            inner = self.climb(span, stop=found.verb)
            if (inner is not None and inner.cue not in lexicon().weak_cues
                    and self.doc[inner.verb].pos_ == "VERB"
                    and (inner.speaker.named or not found.speaker.named)):  # fmt: skip
                found = inner
        for rule in (self.before, self.climb, self.according_to):
            if found is not None:
                break
            found = rule(span)
        if found is None:
            return None
        root = self._root(span)
        if found.verb >= 0 and root is not None and not self._so_called(span):
            verb = self.doc[found.verb]
            inside = (lambda t: span.start <= t.idx < span.end)  # noqa: E731
            found = replace(found, framed=in_naming_frame(root, verb, inside))
        return found

    def _modifier(self, span: QuoteSpan) -> bool:
        """"a 'jointly built' vessel", "'cutting edge' parts": quoted words that only
        modify a noun outside the marks name a term, they do not quote speech."""
        root = self._root(span)
        return (
            root is not None
            and root.dep_ in ("amod", "compound", "nmod")
            and not (span.start <= root.head.idx < span.end)
            and root.head.i > root.i
        )

    def _so_called(self, span: QuoteSpan) -> bool:
        """"the so-called 'peace plan'": the writer's distance, a scare quote."""
        before = self.text[max(0, span.open - 12) : span.open].lower()
        return before.rstrip().endswith(("so-called", "so called"))


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


#: A paragraph break inside a quote followed by the mark that reopens it.
_REOPEN = re.compile(r"\n\s*(?=[“\"])")


def _paragraph_pieces(text: str, span: QuoteSpan) -> list[QuoteSpan]:
    """A quote running over several paragraphs (each reopened with a mark) as one quote
    per paragraph, as a reader counts them."""
    pieces: list[QuoteSpan] = []
    open_at = span.open
    for match in _REOPEN.finditer(text, span.start, span.end):
        close = len(text[: match.start()].rstrip())
        if close > open_at + 1:
            pieces.append(QuoteSpan(open_at, close, span.single))
        open_at = match.end()
    pieces.append(QuoteSpan(open_at, span.close, span.single))
    return pieces


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
    attributor = Attributor(sdoc, index, spans)
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
    for whole, att in found:
        if att is None:
            logger.debug("unattributed quote at %d in %s", whole.open, document.id)
            continue
        for span in _paragraph_pieces(text, whole):
            quote_text = clean_quote_text(text[span.start : span.end])
            norm = " ".join(re.findall(r"\w+", quote_text.lower()))
            least = 1 if att.framed else MIN_WORDS  # "called the plan 'reckless'"
            if _word_count(quote_text) < least or norm in seen:
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
                    speaker_type=att.speaker.kind,
                    co_speakers=att.speaker.co,
                )
            )
    quotes.extend(_turn_quotes(sdoc, document, turns, spans))
    return sorted(quotes, key=lambda q: q.start)

