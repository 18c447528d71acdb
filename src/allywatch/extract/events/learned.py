"""The ``learned`` events backend: candidates (:mod:`.candidates`), then a trained decision
(:mod:`.decide`), then events with their details.

An event is a fact only with the parties its type requires (:func:`required_parties`) and
a calibrated confidence at or above the model's threshold; other readings are kept as
``status="candidate"`` when asked (``keep_candidates``), which listings and analyses ignore.
``fit`` trains a new backend on gold examples (:mod:`.train`), which is what
``allywatch eval --folds`` calls per fold; ``allywatch train`` writes the shipped model.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span as SpacySpan

from allywatch.extract.events.arguments import MentionIndex
from allywatch.extract.events.assemble import _clause_tokens, _repeated, _with_states
from allywatch.extract.events.cameo import CameoLexicon, load_cameo
from allywatch.extract.events.candidates import Candidate, Party, event_nouns, sentence_candidates
from allywatch.extract.events.context import in_context
from allywatch.extract.events.decide import Reading, decide_sentence
from allywatch.extract.events.details import amounts_in, date_for, detail_of, mode_from_object
from allywatch.extract.events.lexicon import Lexicon, load_lexicon
from allywatch.extract.events.model import DecisionModel, load_model
from allywatch.types import DateValue, Document, Event, EventStatus, Evidence, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog

__all__ = ["LearnedBackend", "SentenceCandidates", "document_candidates", "required_parties"]

log = logging.getLogger(__name__)


def required_parties(type_: str) -> tuple[bool, bool]:
    """(source needed, target needed) for a fact of ``type_``: a leader's fall needs the
    state whose leader fell; every other type relates two parties."""
    if type_ == "LEADER_OUSTED":
        return False, True
    return True, True


@dataclass(slots=True)
class SentenceCandidates:
    sent: SpacySpan
    candidates: list[Candidate]


@dataclass(frozen=True)
class _Resources:
    lex: Lexicon
    cameo: CameoLexicon
    nouns: frozenset[str]


_RESOURCES: list[_Resources] = []


def resources() -> _Resources:
    if not _RESOURCES:
        lex, cameo = load_lexicon(), load_cameo()
        _RESOURCES.append(_Resources(lex, cameo, event_nouns(lex, cameo)))
    return _RESOURCES[0]


def _place_mentions(places: Any, doc_id: str) -> list[Mention]:
    """Gazetteer places ("Grozny", "the Donbas") as mentions of their state, marked by
    ``role="place"`` so features can tell a place from a named actor."""
    return [
        Mention(doc_id, p.start, p.end, p.text, "state", None, state=p.state, role="place")
        for p in places.places
    ]


def document_candidates(
    sdoc: Doc, document: Document, mentions: Sequence[Mention], catalog: Catalog | None
) -> list[SentenceCandidates]:
    """The candidates of every sentence of a parsed document (repeated passages skipped)."""
    res = resources()
    lex = res.lex
    resolved, places = in_context(sdoc, _with_states(list(mentions), catalog), catalog)
    index = MentionIndex(
        [*resolved, *_place_mentions(places, document.id)],
        leader_nouns=lex.cue("anaphora", "leader_nouns"),
        title_nouns=lex.cue("anaphora", "title_nouns"),
        event_nouns=frozenset(res.nouns),
        place_nouns=lex.cue("anaphora", "place_nouns"),
    )
    out: list[SentenceCandidates] = []
    previous: SpacySpan | None = None
    for sent in sdoc.sents:
        if _repeated(sent, document):
            continue
        found = sentence_candidates(sent, index, lex, res.cameo, res.nouns, previous)
        out.append(SentenceCandidates(sent, found))
        previous = sent
    return out


class LearnedBackend:
    """Events from candidates and a trained decision model (see the module docstring)."""

    name = "learned"

    def __init__(
        self, model: DecisionModel | None = None, *, keep_candidates: bool = False
    ) -> None:
        self._model = model
        self.keep_candidates = keep_candidates

    @property
    def model(self) -> DecisionModel:
        if self._model is None:
            self._model = load_model()
        return self._model

    def extract(
        self,
        sdoc: Doc,
        document: Document,
        mentions: Sequence[Mention],
        dates: Sequence[DateValue],
        catalog: Catalog | None,
    ) -> list[Event]:
        return self.events_from(document_candidates(sdoc, document, mentions, catalog),
                                document, dates)  # fmt: skip

    def events_from(
        self,
        sentences: Sequence[SentenceCandidates],
        document: Document,
        dates: Sequence[DateValue],
    ) -> list[Event]:
        """The events of a document whose candidates are already generated."""
        model = self.model
        lex = resources().lex
        events: list[Event] = []
        for item in sentences:
            for reading in decide_sentence(item.candidates, model, lex):
                event = to_event(reading, item.sent, document, list(dates), lex, model.threshold)
                if event.status == "fact" or self.keep_candidates:
                    events.append(event)
        return _dedup(events)

    def fit(self, examples: Sequence[Any]) -> LearnedBackend:
        from allywatch.extract.events.train import train_model

        return LearnedBackend(train_model(examples), keep_candidates=self.keep_candidates)


def _refs(party: Party | None) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    if party is None:
        return (), (), ()
    ids = party.actors.ids
    texts = tuple(r.text for r in party.actors.refs)
    people = tuple(r.person for r in party.actors.refs if r.person)
    return ids, texts, people


def _mode(reading: Reading, lex: Lexicon) -> str | None:
    c = reading.candidate
    hits = [h for h in c.cameo if h.type == reading.type and h.mode]
    if hits:
        return max(hits, key=lambda h: h.specificity).mode
    return mode_from_object(c.objects, lex)


def to_event(
    reading: Reading,
    sent: SpacySpan,
    document: Document,
    dates: list[DateValue],
    lex: Lexicon,
    threshold: float,
) -> Event:
    c = reading.candidate
    src, src_text, people = _refs(reading.source)
    tgt, tgt_text, tgt_people = _refs(reading.target)
    need_src, need_tgt = required_parties(reading.type)
    complete = (bool(src) or not need_src) and (bool(tgt) or not need_tgt)
    status: EventStatus = "fact" if complete and reading.confidence >= threshold else "candidate"
    leader = tgt_people[0] if reading.type == "LEADER_OUSTED" and tgt_people else None
    return Event(
        type=reading.type,
        source=src,
        target=tgt,
        evidence=Evidence(document.id, sent.start_char, sent.end_char, sent.text),
        mode=_mode(reading, lex),
        detail=detail_of(c.objects),
        amounts=amounts_in(c.objects, lex),
        date=date_for(dates, c.trigger, _clause_tokens(c.trigger)),
        negated=c.negated,
        modality=c.modality,  # type: ignore[arg-type]
        confidence=round(reading.confidence, 4),
        leader=leader,
        trigger=c.trigger.text,
        source_text=src_text,
        target_text=tgt_text,
        source_people=people,
        status=status,
    )


def _dedup(events: list[Event]) -> list[Event]:
    """The same event stated twice in a document is one (by ``Event.key``; the most
    confident statement is kept)."""
    best: dict[tuple[str, str], Event] = {}
    order: list[tuple[str, str]] = []
    for e in events:
        k = (e.key, e.status)
        if k not in best:
            order.append(k)
            best[k] = e
        elif e.confidence > best[k].confidence:
            best[k] = e
    facts = {k[0] for k in best if k[1] == "fact"}
    return [best[k] for k in order if k[1] == "fact" or k[0] not in facts]


def with_status(event: Event, status: str) -> Event:
    return replace(event, status=status)  # type: ignore[arg-type]
