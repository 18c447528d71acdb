"""Prediction extraction: forward-looking claims -> ``Prediction`` records.

A clause is forward-looking when its verb carries a future auxiliary ("will", "shall",
"going to") or a hedged modal ("may", "might", "could" -- not "would", "can", "should":
see ``resources/speech/prediction_cues.yaml``), when it states inevitability ("X's fall is
inevitable", "bound to"), when an estimative phrase frames it ("the smart money remains on
Cuba"), or when a headline asks "X Next?". Clauses that are conditions or embedded
questions ("if Tehran …", "wondering if they might …") are not predictions themselves; a
prediction with such a condition is flagged ``conditional``.

Each prediction has:

- **predictor**: the quote's speaker when the clause is inside an attributed quote (quoted
  text with no known speaker yields nothing), else the article's author
  (``predictor_is_author``);
- **subject**: the actor that is the clause's subject (a person counts as the state they
  lead, from the mention's ``state``), a possessor in it ("Putin's fall", "Moscow's
  ability"), or for "it will be in X" / "the smart money remains on X" the actor after
  the preposition. A clause without an actor subject is not reported;
- **outcome**: an event type where the verb (or a noun subject such as "fall") is in the
  outcome vocabulary (``LEADER_OUSTED`` for fall/topple/collapse…), with " negated" for
  "will not"/"unable to"; a clause that only names where ("it will be in X") inherits the
  outcome of the forward-looking sentence just before; else free text;
- **deadline** from the dates stage (a forward horizon's end; "one day" is open-ended =
  None), with a small fallback for "within/over the next N months", "by 2027";
- **likelihood** from the estimative-words table (Kent / ICD 203), None when unstated.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from allywatch.extract.forecast_frames import (
    complement_actor,
    coordinated_actors,
    expectation_head,
    is_pledge,
    reduced_subject,
    speaker_pronoun,
)
from allywatch.extract.headlines import headline_questions, title_questions
from allywatch.extract.outcomes import actor_in, actor_of, outcome_lemma
from allywatch.extract.quote_marks import find_quote_spans
from allywatch.extract.quotes import Attributor, is_cue
from allywatch.extract.speakers import PersonIndex, Speaker
from allywatch.extract.speech_lexicon import Estimate, estimate_likelihood, lexicon
from allywatch.nlp import doc_text
from allywatch.types import DateValue, Document, Evidence, Mention, Prediction, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from allywatch.nlp.catalog import Catalog

__all__ = ["extract_predictions", "fallback_deadline"]

logger = logging.getLogger(__name__)

_SUBJECTS = ("nsubj", "nsubjpass")
_CONDITION_MARKS = {"if", "unless", "provided", "whether"}
_EXPLETIVES = {"it", "there", "that", "this"}
_COPULAS = {"be", "remain", "stay"}
_DAYS = {"day": 1, "week": 7}
_MONTHS = {"month": 1, "year": 12, "decade": 120}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18,
            "few": 3, "couple": 2, "next": 1, "coming": 1}  # fmt: skip


@dataclass(frozen=True)
class _Clause:
    verb: Token
    subjects: tuple[str, ...]  # () with ``pronoun``: the speaker's own side
    outcome: str | None  # None: inherit from the previous forward-looking sentence
    conditional: bool
    grammatical: bool = True  # the actors are the clause's subject (not its object)
    pronoun: bool = False  # "it/they/we will ...": the speaker's side
    expected: bool = False  # under an expectation ("is expected to ...")


def fallback_deadline(text: str, published: date | None) -> tuple[date | None, str]:
    """Deadline for horizons the dates stage did not give: "by 2027", "within a year",
    "the next year and a half", "in the next 18 months". Returns (deadline, text)."""
    if published is None:
        return None, ""
    lowered = text.lower()
    match = re.search(r"\bby (?:the end of )?((?:19|20)\d\d)\b", lowered)
    if match:
        return date(int(match.group(1)), 12, 31), match.group(0)
    match = re.search(
        r"\b(?:within|in|over|during) (?:the )?(?:next |coming )?"
        r"(\d+|[a-z]+) (day|week|month|year|decade)s?( and a half)?\b"
        r"|\bthe (?:next|coming) (\d+|[a-z]+ )?(day|week|month|year|decade)s?( and a half)?\b",
        lowered,
    )
    if match is None:
        return None, ""
    groups = match.groups()
    number, unit, half = (groups[0], groups[1], groups[2]) if groups[1] else groups[3:6]
    count = 1.0
    if number and number.strip():
        word = number.strip()
        if not (word.isdigit() or word in _NUMBERS):
            return None, ""
        count = float(word) if word.isdigit() else float(_NUMBERS[word])
    return _add(published, unit, count, bool(half)), match.group(0)


def _add(start: date, unit: str, count: float, half: bool) -> date:
    """``start`` plus ``count`` (and a half) ``unit``s, in calendar months for months and
    longer (so "the next year and a half" from 2026-03-01 is 2027-09-01)."""
    if unit in _DAYS:
        return start + timedelta(days=round((count + (0.5 if half else 0)) * _DAYS[unit]))
    months = int(count * _MONTHS[unit]) + (_MONTHS[unit] // 2 if half else 0)
    extra_days = 15 if half and unit == "month" else 0
    year, month = divmod(start.month - 1 + months, 12)
    day = min(start.day, calendar.monthrange(start.year + year, month + 1)[1])
    return date(start.year + year, month + 1, day) + timedelta(days=extra_days)


def _past_ability(verb: Token, auxes: list[Token]) -> bool:
    """"Russia could only watch while forces snatched Maduro": "could" in a past narrative
    (a verb in the past tense in the same clause complex: a clause it governs or is
    coordinated with) is past ability, not a forecast. A relative clause is not part of
    the narrative ("signed a pact, a step that could anger the West")."""
    if [a.lower_ for a in auxes if a.lower_ in lexicon().modal_aux] != ["could"]:
        return False
    if verb.dep_ == "relcl":
        return False
    near = [c for c in verb.children if c.dep_ in ("advcl", "conj", "ccomp")]
    if verb.dep_ in ("conj", "advcl", "ROOT"):
        near.append(verb.head)
        near += [c for c in verb.head.children if c.dep_ in ("advcl", "conj") and c != verb]
    return any(t.tag_ == "VBD" for t in near if t.pos_ in ("VERB", "AUX"))


def _reported(verb: Token) -> bool:
    """Under a past-tense speech verb ("Notte added that it would fall"), where "would"
    is the reported form of "will"."""
    return any(is_cue(a) and a.tag_ == "VBD" for a in verb.ancestors)


def _is_forward(verb: Token, *, reported_ok: bool = True) -> bool:
    """``reported_ok``: "would" may be a reported "will" (not inside a direct quote, whose
    tense is the speaker's own)."""
    lex = lexicon()
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if reported_ok and any(a.lower_ == "would" for a in auxes) and _reported(verb):
        return not any(a.lower_ == "have" for a in auxes)
    if any(a.lower_ in lex.future_aux or a.lower_ in lex.modal_aux for a in auxes):
        if any(a.lower_ == "have" for a in auxes):  # "could have": past
            return False
        return not _past_ability(verb, auxes)
    if any(a.lower_ == "going" for a in auxes):
        return True
    acomps = [c for c in verb.children if c.dep_ in ("acomp", "advmod", "oprd")]
    if any(c.lower_ in ("inevitable", "inevitably") for c in acomps):
        return True
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in lex.expectation_verbs:
        return True  # "Experts expect Cuba to collapse"
    if verb.dep_ == "xcomp" and verb.head.lower_ in lex.readiness_words:
        return True  # "states are ready to arm Tehran": a stated disposition to act
    return verb.dep_ == "xcomp" and verb.head.lower_ in (
        "bound", "poised", "set", "destined", "going"
    )


def _framed_by_condition(verb: Token) -> bool:
    """The clause is the complement of a frame that is itself a condition ("if X were
    willing to V", "unless Y is expected to V")."""
    node = verb
    for _ in range(3):
        if node.dep_ not in ("xcomp", "acomp") or node.head == node:
            return False
        node = node.head
        if _is_condition(node):
            return True
    return False


def _is_condition(verb: Token) -> bool:
    """"if/unless/whether ...", and "as long as ..." / "so long as ..." (the parser hangs
    that clause off "long")."""
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark"]
    if any(m in _CONDITION_MARKS for m in marks):
        return True
    return "as" in marks and verb.head.lower_ == "long"


def _conditional(verb: Token) -> bool:
    """A condition governs ``verb`` or a clause above it."""
    for node in (verb, *verb.ancestors):
        for child in node.children:
            if child.dep_ == "advcl" and _is_condition(child):
                return True
            if (
                child.dep_ == "advmod" and child.lower_ == "long"
                and any(g.dep_ == "advcl" and _is_condition(g) for g in child.children)
            ):  # fmt: skip
                return True
    return False


def _outcome(verb: Token, subject_head: Token | None) -> str | None:
    """Event type (or free text) the clause predicts; None for a bare "it will be in X"."""
    lex = lexicon()
    heads = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]  # "is not going to X"
    negated = any(c.dep_ == "neg" or c.lower_ == "unable" for v in heads for c in v.children)
    if negated and verb.lemma_.lower() in lex.double_negative_verbs:
        negated = False  # "will not hesitate to defend": will defend
    chain = [verb] + [t for t in verb.subtree if t.dep_ in ("xcomp", "ccomp", "advcl", "dobj")
                      and t.i > verb.i]  # fmt: skip
    for tok in chain:
        lemma = outcome_lemma(tok)
        if lemma is not None:
            kind = lex.outcome_verbs[lemma]
            return f"{kind} negated" if negated else kind
    if subject_head is not None and subject_head.lemma_.lower() in lex.outcome_nouns:
        return lex.outcome_nouns[subject_head.lemma_.lower()]
    if verb.lemma_.lower() in _COPULAS and not [
        c for c in verb.children if c.dep_ in ("attr", "acomp", "dobj")
    ]:
        return None
    if verb.lemma_.lower() == "follow" and not [c for c in verb.children if c.dep_ == "dobj"]:
        return None  # "Venezuela will follow": the outcome of the clause before
    framed = _framed_verb(verb)
    if framed is not None:  # "is likely to lose its base": the outcome is "lose its base"
        verb = framed
    words = [t.text for t in verb.subtree if t.i >= verb.i and not t.is_punct][:12]
    text = " ".join(words)
    return f"not {text}" if negated else text


def _framed_verb(verb: Token) -> Token | None:
    """The verb an estimative frame governs: "is likely/set/expected to VERB"."""
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ == "VERB":
            return child
        if child.dep_ == "acomp":
            inner = [c for c in child.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
            if inner:
                return inner[0]
    return None


def _subject_token(verb: Token) -> Token | None:
    """The clause's grammatical subject (its own, or the one it shares)."""
    node = verb
    own = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if verb.dep_ in ("xcomp", "conj") and not own:
        node = verb.head
    subjects = [c for c in node.children if c.dep_ in _SUBJECTS]
    return subjects[0] if subjects else None


def _summarised_actor(relcl: Token, mentions: list[Mention]) -> str | None:
    """A relative clause that sums up a clause ("Kyiv signed the deal, which could anger
    Moscow"; "the army shelled the port — a step that could widen the war"): the forecast
    is about the actor of the clause summed up, the subject of the verb it comments on."""
    ant = relcl.head
    if ant.pos_ != "VERB" and ant.dep_ not in ("appos", "npadvmod"):
        return None
    node = ant
    for _ in range(6):  # the nearest clause above with a subject
        subjects = [c for c in node.children if c.dep_ in _SUBJECTS]
        if node.pos_ in ("VERB", "AUX") and subjects:
            return actor_of(subjects[0], mentions) or actor_in(
                [c for c in subjects[0].subtree if c.dep_ in ("poss", "compound")], mentions
            )
        if node.head == node:
            break
        node = node.head
    return None


def _subject(verb: Token, mentions: list[Mention]) -> tuple[str | None, Token | None]:
    expecting = expectation_head(verb)
    reduced = reduced_subject(expecting) if expecting is not None else None
    if reduced is not None:  # "with Lukashenko now expected to sign ..."
        actor = actor_of(reduced, mentions)
        if actor:
            return actor, reduced
    node = verb
    own = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if verb.dep_ in ("xcomp", "conj") and not own:  # "was … and would likely fall"
        node = verb.head
        if node.pos_ == "ADJ" and node.dep_ == "acomp":  # "China was willing to ..."
            node = node.head
    subjects = [c for c in node.children if c.dep_ in _SUBJECTS]
    if not subjects:  # "the ability to help will increase" parsed as a clause under a noun
        up = verb
        while up.dep_ in ("xcomp", "acl") and up.head != up:
            up = up.head
            if up.pos_ in ("NOUN", "PROPN"):
                subjects = [up]
                break
    if subjects and subjects[0].lower_ in ("which", "that") and verb.dep_ == "relcl":
        summed = _summarised_actor(verb, mentions)  # "... signed a pact, a step that could"
        if summed is not None:
            return summed, None
    if subjects:
        head = subjects[0]
        actor = actor_of(head, mentions) or actor_in(
            [c for c in head.subtree if c.dep_ in ("poss", "compound", "pobj")], mentions
        )
        if actor:
            return actor, head
        if head.lower_ not in _EXPLETIVES and node.lemma_.lower() not in _COPULAS:
            return None, head
    if node.lemma_.lower() in _COPULAS:  # "it will be in X", "the money remains on X"
        for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in ("in", "on")):
            actor = actor_in(list(prep.subtree), mentions)
            if actor:
                return actor, None
    return None, None


def _watches_outcome(verb: Token) -> bool:
    """"watch Cuba fall", "let Assad collapse" (not "watching Havana closely")."""
    return any(
        outcome_lemma(c) is not None
        for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "oprd")
    )  # fmt: skip


def _watched(verb: Token, mentions: list[Mention]) -> tuple[str, Token | None] | None:
    """The actor an onlooker verb's complement is about: "watch Cuba fall" (the parser
    makes "Cuba fall" a compound object or a clause), "let Assad collapse"."""
    for comp in verb.children:
        if comp.dep_ not in ("ccomp", "xcomp", "dobj", "oprd"):
            continue
        inner = [c for c in comp.children if c.dep_ in (*_SUBJECTS, "compound", "poss")]
        actor = actor_in(inner, mentions) or (
            actor_of(comp, mentions) if comp.dep_ == "dobj" else None
        )
        if actor:
            return actor, comp if outcome_lemma(comp) else None
    return None


def _clauses(
    sent: Span,
    mentions: list[Mention],
    skip: list[tuple[int, int]],
    quoted: list[tuple[int, int]],
    memo: _Memo | None = None,
) -> list[_Clause]:
    found: list[_Clause] = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or any(a <= tok.idx < b for a, b in skip):
            continue
        estimate = _estimate(sent, quoted, tok, memo)
        framed = (
            estimate is not None and estimate.band != "possible" and tok.dep_ in ("ROOT", "conj")
            and _in_clause(sent, estimate, tok)
        )  # fmt: skip
        in_quote = any(a <= tok.idx < b for a, b in quoted)
        forward = _is_forward(tok, reported_ok=not in_quote) or framed
        # a scheduled activity is a plan, unless it is only expected ("are expected to meet")
        scheduled = set() if expectation_head(tok) else lexicon().scheduled_verbs
        expected = expectation_head(tok) is not None
        framed_verb = _framed_verb(tok) if framed else None
        if not forward or _is_condition(tok) or tok.lemma_.lower() in scheduled:
            continue
        if _framed_by_condition(tok):
            continue  # "if Russia were willing to defend X": the condition, not a forecast
        if framed_verb is not None and framed_verb.lemma_.lower() in scheduled:
            continue  # "is set to visit Minsk next week": a plan
        subject: str | None
        if tok.lemma_.lower() in lexicon().onlooker_verbs and _watches_outcome(tok):
            watched = _watched(tok, mentions)
            if watched is None:
                continue  # "which ally Russia will watch topple next": no actor forecast
            subject, head = watched
        else:
            subject, head = _subject(tok, mentions)
        conditional = _conditional(tok) or (framed_verb is not None and _conditional(framed_verb))
        clause = _Clause(tok, (), _outcome(tok, head), conditional, expected=expected)
        if subject is not None:
            subjects = coordinated_actors(head, subject, mentions) if head is not None else [
                subject
            ]
            found.append(replace(clause, subjects=tuple(subjects)))
            continue
        said = _subject_token(tok)
        if said is not None and (in_quote or _reported(tok)) and speaker_pronoun(
            said, quoted=in_quote
        ):
            found.append(replace(clause, pronoun=True))  # "it would treat ...", "we will"
            continue
        other = complement_actor(framed_verb or tok, mentions)
        if other is not None:  # "the deal may allow Russia to ...": about Russia
            found.append(replace(clause, subjects=(other,), grammatical=False))
    return found


#: Nouns whose modifier states a likelihood ("a remote chance", "a certain possibility").
_LIKELIHOOD_NOUNS = frozenset({"chance", "possibility", "prospect", "likelihood",
                               "probability", "odds"})  # fmt: skip
_CLAUSE_BARRIERS = frozenset({"acl", "relcl", "advcl", "ccomp", "pcomp", "csubj"})


def _in_clause(sent: Span, estimate: Estimate, verb: Token) -> bool:
    """The estimative phrase belongs to ``verb``'s own clause, not to a clause below it
    ("passed the bill, with Lukashenko now expected to sign": "expected" frames "sign")."""
    found = sent.doc.char_span(sent.start_char + estimate.start,
                               sent.start_char + estimate.end, alignment_mode="expand")
    if found is None or not len(found):
        return True
    node = found.root
    for _ in range(12):
        if node == verb:
            return True
        if node.dep_ in _CLAUSE_BARRIERS or node.head == node:
            return False
        node = node.head
    return False


def _other_conjuncts(verb: Token) -> set[int]:
    """Tokens of clauses coordinated with ``verb``'s ("Minsk depends on Russian gas, and
    Lukashenko is likely to remain": "likely" frames the second clause, not the first)."""
    out: set[int] = set()
    for node in (verb, *verb.ancestors):
        for child in node.children:
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and not (
                child.left_edge.i <= verb.i <= child.right_edge.i
            ):
                out.update(t.i for t in child.subtree)
    return out


#: Per sentence: (the quote a verb is in, the coordinated clauses blanked) -> estimate.
_Memo = dict[tuple[tuple[int, int] | None, frozenset[int]], "Estimate | None"]


def _estimate(
    sent: Span,
    quoted: list[tuple[int, int]],
    verb: Token,
    memo: _Memo | None = None,
) -> Estimate | None:
    """The estimative phrase of ``verb``'s clause on the same side of the quotation marks
    (a quote's words are the speaker's, the rest the author's); "might"/"may" used as nouns
    ("military might") are not estimates. ``memo`` keeps the answers for one sentence and
    one ``quoted`` list (every verb of a sentence asks)."""
    at = verb.idx
    inside = next(((a, b) for a, b in quoted if a <= at < b), None)
    others = frozenset(_other_conjuncts(verb))
    key = (inside, others)
    if memo is not None and key in memo:
        return memo[key]
    base = sent.start_char
    chars = list(sent.text)
    # Blank what lies on the other side: outside the quote ``at`` is in, or inside quotes.
    blanks = (
        [(base, inside[0]), (inside[1], base + len(chars))] if inside is not None else quoted
    )
    for a, b in blanks:
        lo, hi = max(a - base, 0), min(b - base, len(chars))
        if lo < hi:
            chars[lo:hi] = " " * (hi - lo)
    for tok in sent:
        attributive = (
            tok.dep_ == "amod" and tok.lower_ in lexicon().attributive_senses
            and tok.head.lemma_.lower() not in _LIKELIHOOD_NOUNS  # "a remote chance"
        )  # fmt: skip
        if (tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in ("might", "may")) or (
            tok.i in others or attributive
        ):
            pos = tok.idx - base
            chars[pos : pos + len(tok.text)] = " " * len(tok.text)
    found = estimate_likelihood("".join(chars))
    if memo is not None:
        memo[key] = found
    return found


#: (id, as written, affiliation) of who speaks a clause, for the speaker's own side.
_Source = tuple[str | None, str, str | None]


def _predictor(
    verb: Token, quotes: list[Quote], document: Document, attributor: Attributor
) -> tuple[str, bool, list[_Source]]:
    """The quote's speaker; else a person or institution whose speech verb (or active
    expectation verb) governs the clause ("Betts suggests that Putin will …", "analysts
    expect ..."); else the article's author. Also who that is, for their own side."""
    for q in quotes:
        if q.start <= verb.idx < q.end:
            sources = [(q.speaker, q.speaker_text, q.affiliation)]
            sources += [(c, c, None) for c in q.co_speakers]
            return (q.speaker or q.speaker_text), False, sources
    for tok in verb.sent:  # "…, according to the World Bank": people and institutions
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            objs = [c for c in tok.nbor(1).children if c.dep_ == "pobj"]
            if objs:
                found = attributor.resolve(objs[0])
                if found is not None:
                    return (found.id or found.text), False, _sources(found)
                words = [t for t in objs[0].subtree if t.dep_ != "det"]
                text = " ".join(t.text for t in words)
                return text, False, [(None, text, None)]
    for anc in verb.ancestors:
        expects = anc.lemma_.lower() in lexicon().expectation_verbs
        if not (is_cue(anc) or expects):
            continue
        for child in anc.children:
            # "X is expected to ...", "with X now expected to ...": nobody named expects it
            # (the author reports it)
            reduced = expects and anc.dep_ in ("pcomp", "acl", "advcl") and not any(
                c.dep_ in ("aux", "auxpass") for c in anc.children
            )
            if reduced:
                continue
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and not expects):
                # a document speaks for its authors ("the joint statement said ...")
                found = attributor.subject_speaker(child)
                if found is not None:
                    phrase = (None, " ".join(t.text for t in child.subtree), None)
                    return (found.id or found.text), False, [*_sources(found), phrase]
    return (document.author or document.outlet or "author"), True, []


def _sources(speaker: Speaker) -> list[_Source]:
    return [(speaker.id, speaker.text, speaker.affiliation)] + [(c, c, None) for c in speaker.co]


def _speaker_states(
    sources: list[_Source], catalog: Catalog, mentions: list[Mention], published: date | None
) -> set[str]:
    """The states the speakers belong to: a person's state (catalog, else the actors
    stage's mention), an institution's id or affiliation, the states a description names
    ("a German government source")."""
    states: set[str] = set()
    named = {m.text: m.state or m.actor_id for m in mentions if m.kind != "person"}
    codes = {code for code in named.values() if code}
    for speaker_id, text, affiliation in sources:
        if affiliation in codes:  # an institution's state, as the quotes stage gave it
            states.add(affiliation)
        if speaker_id:
            state = catalog.state_of(speaker_id, published) or next(
                (m.state for m in mentions if m.actor_id == speaker_id and m.state), None
            )
            if state:
                states.add(state)
        for words in (text, affiliation or ""):
            for word in re.findall(r"[A-Z][\w.'’-]*", words):
                word = re.sub(r"['’]s$", "", word)
                if named.get(word):
                    states.add(str(named[word]))
                    continue
                actor = catalog.lookup(word)
                if actor is not None and actor.kind != "person":
                    states.add(actor.country if actor.kind == "org" and actor.country
                               else actor.id)  # fmt: skip
    return states


#: A dated future clause this close to publication is a schedule, not a forecast.
SCHEDULE_DAYS = 14


def _scheduled(sent: Span, dates: list[DateValue], published: date | None) -> bool:
    """The sentence names a day (or weekday) within ``SCHEDULE_DAYS`` after publication."""
    if published is None:
        return False
    for d in dates:
        if d.start_char is None or not sent.start_char <= d.start_char < sent.end_char:
            continue
        soon = published + timedelta(days=SCHEDULE_DAYS)
        if d.precision == "day" and d.start is not None and published <= d.start <= soon:
            return True
    return False


def _deadline(
    sent: Span, dates: list[DateValue], published: date | None
) -> tuple[date | None, str]:
    for d in dates:
        if d.start_char is None or not sent.start_char <= d.start_char < sent.end_char:
            continue
        if d.open_ended:
            return None, d.text
        if d.end is not None and published is not None and d.end > published:
            return d.end, d.text
    return fallback_deadline(sent.text, published)


def extract_predictions(
    sdoc: Doc,
    document: Document,
    mentions: list[Mention],
    quotes: list[Quote],
    dates: list[DateValue],
    catalog: Catalog,
) -> list[Prediction]:
    """Forward-looking claims in ``sdoc``, in text order."""
    attributed = [(q.start, q.end) for q in quotes]
    all_spans = [(s.start, s.end) for s in find_quote_spans(doc_text(sdoc))]
    unattributed = [s for s in all_spans if not any(a <= s[0] < b for a, b in attributed)]
    index = PersonIndex(sdoc, mentions, catalog)
    attributor = Attributor(sdoc, index, find_quote_spans(doc_text(sdoc)))
    found: list[Prediction] = []
    seen: set[tuple[int, str]] = set()
    last_outcome: str | None = None
    for sent in sdoc.sents:
        memo: _Memo = {}
        clauses = _clauses(sent, mentions, unattributed, all_spans, memo)
        for clause in sorted(clauses, key=lambda c: parse_typed(c.outcome)):
            outcome = clause.outcome or last_outcome or "unspecified"
            if clause.outcome and parse_typed(clause.outcome) == 0:
                last_outcome = clause.outcome  # "Cuba will fall, and Venezuela will follow"
            name, by_author, sources = _predictor(clause.verb, quotes, document, attributor)
            own = _speaker_states(sources, catalog, mentions, document.published)
            subjects = clause.subjects
            if clause.pronoun:
                subjects = tuple(sorted(own))
            if not clause.grammatical and by_author:
                continue  # an object's actor stands in only for a source's forecast
            if is_pledge(clause.verb, list(subjects), own):
                continue  # "Cuba will take all measures", said for Cuba: a plan
            estimate = _estimate(sent, all_spans, clause.verb, memo)
            if estimate is not None and estimate.phrase == "will never":
                # the likelihood (0.01) is that of the outcome itself: "will never abandon
                # its friends" is "abandon its friends", almost impossible
                outcome = outcome.removesuffix(" negated").removeprefix("not ")
            deadline, horizon = _deadline(sent, dates, document.published)
            if parse_typed(outcome) and not clause.expected and _scheduled(
                sent, dates, document.published
            ):
                continue  # "Spain will be back in action on Wednesday": a fixture, not a forecast
            for subject in subjects:
                if (sent.start, subject) in seen:
                    continue
                seen.add((sent.start, subject))
                found.append(
                    Prediction(
                        claim=re.sub(r"\s+", " ", sent.text).strip(),
                        evidence=Evidence(document.id, sent.start_char, sent.end_char, sent.text),
                        predictor=name,
                        subject=subject,
                        outcome=outcome,
                        predictor_is_author=by_author,
                        deadline=deadline,
                        horizon_text=horizon,
                        likelihood=estimate.probability if estimate else None,
                        likelihood_text=estimate.phrase if estimate else "",
                        conditional=clause.conditional,
                    )
                )
        outcomes = [c.outcome for c in clauses if c.outcome] + _sentence_outcomes(sent)
        if outcomes:
            last_outcome = outcomes[0]
    found.extend(headline_questions(sdoc, document, mentions))
    found.extend(title_questions(sdoc, document, catalog))
    return sorted(found, key=lambda p: p.evidence.start)


def parse_typed(outcome: str | None) -> int:
    """Sort key: clauses with an event-type outcome first."""
    return 0 if outcome and outcome.split()[0] in lexicon().outcome_types else 1


def _sentence_outcomes(sent: Span) -> list[str]:
    """Outcome types a sentence talks about even without an actor subject ("which ally
    Russia will watch topple next"), for the next sentence's "it will be in X"."""
    lex = lexicon()
    return [
        lex.outcome_verbs[t.lemma_.lower()]
        for t in sent
        if t.pos_ == "VERB" and t.lemma_.lower() in lex.outcome_verbs
        and lex.outcome_verbs[t.lemma_.lower()] == "LEADER_OUSTED"
    ]  # fmt: skip
