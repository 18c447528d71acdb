"""Records that cross stage boundaries.

Every stage hands the next one plain frozen dataclasses from this module — never ORM rows
and never spaCy objects — so stages can be tested, pickled (Ray) and stored independently.

Offsets are always character offsets into ``Document.text`` (the cleaned text that the store
keeps), half-open ``[start, end)``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "PLOVER_TYPES",
    "Actor",
    "ActorKind",
    "Amount",
    "CitedLink",
    "DatePrecision",
    "DateValue",
    "Document",
    "Event",
    "EventStatus",
    "Evidence",
    "Extraction",
    "Mention",
    "Modality",
    "Prediction",
    "PredictionStatus",
    "Quote",
    "Role",
    "Span",
    "SpeakerType",
    "StoredEvent",
    "stable_id",
]

#: PLOVER 2.0 event types plus our extension LEADER_OUSTED (see DESIGN.md).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "LEADER_OUSTED",
)  # fmt: skip

ActorKind = Literal["state", "substate", "igo", "org", "person", "unresolved"]
DatePrecision = Literal["day", "month", "season", "year", "decade", "unknown"]
Modality = Literal["asserted", "reported", "denied", "hypothetical", "future"]
EventStatus = Literal["fact", "candidate"]
_FACT_MODALITIES = frozenset({"asserted", "reported", "denied"})
PredictionStatus = Literal["open", "came_true", "failed"]
#: Who speaks in a quote: a named person; an institution, outlet or state ("the Chilean
#: Foreign Ministry said", "state media reported", "Moscow denied"); an unnamed or
#: anonymous source described in words ("a NATO source", "one European diplomat"); or
#: nobody the text names.
SpeakerType = Literal["person", "institution", "anonymous", "unattributed"]


def stable_id(*parts: object, length: int = 16) -> str:
    """A short, deterministic hex id from the given parts (used for content-hash ids)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in a document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class CitedLink:
    """A link the article cites (taken out of the body text), with the date in its path."""

    url: str
    text: str = ""
    date: date | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One cleaned article. ``text`` is what every offset in the system points into.

    ``id`` is the content hash of ``text`` (see :func:`document_id`), so re-ingesting the
    same article is a no-op. ``summary`` is an editor's or blogger's summary kept apart from
    the article body; ``repeated`` marks passages of ``text`` that repeat earlier ones, so
    later stages count each fact once.
    """

    id: str
    text: str
    source: str
    format: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None
    published: date | None = None
    published_inferred: bool = False
    url: str | None = None
    summary: str | None = None
    links: tuple[CitedLink, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    pages: tuple[Span, ...] = ()
    repeated: tuple[Span, ...] = ()
    duplicate_of: str | None = None

    @staticmethod
    def make_id(text: str) -> str:
        """Content-hash id of a cleaned text."""
        return stable_id(text)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Role:
    """An office a person held: ``title`` of ``country`` (or an organisation), ``start``-``end``."""

    title: str
    country: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A catalog entry: a state, sub-state entity, IGO, organisation or person.

    ``id`` is an ISO 3166-1 alpha-3 code (``RUS``), a parent code plus short code
    (``MDA-PMR``), an IGO acronym (``NATO``), an upper-case slug for other organisations
    (``ROSATOM``), or for people a slug of the canonical name (``vladimir-putin``).
    """

    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names an actor (or a person not in the catalog).

    ``actor_id`` is None for an unresolved mention (kept, not dropped). ``state`` is the
    state the mention counts as at the document's date (a person's country in office, an
    organisation's country), used for state-level evaluation and roll-up.
    """

    doc_id: str
    start: int
    end: int
    text: str
    kind: ActorKind
    actor_id: str | None
    state: str | None = None
    confidence: float = 1.0
    role: str | None = None
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised temporal expression.

    ``value`` is ISO-like at its precision: ``2025-12-08`` (day), ``2025-12`` (month),
    ``2025-fall`` (season), ``2025`` (year), ``2010s`` (decade). ``start``/``end`` is the
    interval it denotes (inclusive dates). ``text``/``start_char``/``end_char`` locate the
    expression when it came from text. ``open_ended`` marks "one day", "eventually".
    """

    value: str
    precision: DatePrecision
    start: date | None = None
    end: date | None = None
    text: str = ""
    start_char: int | None = None
    end_char: int | None = None
    open_ended: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a record comes from: a sentence of a stored document, by character offsets."""

    doc_id: str
    start: int
    end: int
    sentence: str

    @property
    def in_title(self) -> bool:
        """Evidence from the document's title, which is not part of ``text`` (a headline
        question such as "Putin Next?"): an empty span at 0 whose ``sentence`` is the
        title's words."""
        return self.start == self.end == 0 and bool(self.sentence)


@dataclass(frozen=True, slots=True)
class Amount:
    """A stated quantity: ``value`` in ``unit`` (an ISO currency like ``USD`` or a noun)."""

    value: float
    unit: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER-style event with its evidence.

    ``source``/``target`` are actor ids (persons rolled up to their state at the event
    date are listed as the state; the person stays in ``source_people``/``leader``).
    ``source_text``/``target_text`` keep the mentions as written, so an unresolved actor is
    never invented. ``negated`` marks support withheld or denied.
    """

    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    evidence: Evidence
    mode: str | None = None
    detail: str = ""
    amounts: tuple[Amount, ...] = ()
    date: DateValue | None = None
    negated: bool = False
    modality: Modality = "asserted"
    confidence: float = 0.5
    leader: str | None = None
    trigger: str = ""
    source_text: tuple[str, ...] = ()
    target_text: tuple[str, ...] = ()
    source_people: tuple[str, ...] = ()
    #: "fact": stated with the parties its type requires and confident enough to count;
    #: "candidate": another reading, kept for review, which listings and analyses ignore
    #: unless asked (docs/events.md).
    status: EventStatus = "fact"

    @property
    def is_fact(self) -> bool:
        """Shown as a fact: a ``fact`` stated as having happened (asserted, reported or
        denied); hypothetical and future events and candidates are labelled, not counted.
        The one place this predicate lives (CONTRACT.md)."""
        return self.status == "fact" and self.modality in _FACT_MODALITIES

    @property
    def key(self) -> str:
        """Identity for deduplication: the same event stated twice shares this key."""
        when = self.date.value if self.date else ""
        return stable_id(
            self.type, self.mode or "", ",".join(sorted(self.source)),
            ",".join(sorted(self.target)), self.negated, self.leader or "", when,
            self.detail.lower() if not (self.source and self.target) else "",
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Quote:
    """Attributed speech.

    ``speaker_type`` says who speaks (see :data:`SpeakerType`); ``speaker_text`` is the
    speaker as written ("Julian G. Waller", "the Chilean Foreign Ministry", "a NATO source").
    ``speaker`` is a person id for a person, the catalog actor id of an institution that
    is an actor ("HAMAS", "NATO", a state for "Moscow said"), else None. A joint statement
    lists every speaker after the first in ``co_speakers`` (ids, or names as written).
    ``affiliation`` is the speaker's role or organisation as written, or for an
    institution the state it belongs to.
    """

    text: str
    evidence: Evidence
    start: int
    end: int
    speaker: str | None = None
    speaker_text: str = ""
    affiliation: str | None = None
    cue: str = ""
    partial: bool = False
    speaker_type: SpeakerType = "person"
    co_speakers: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Stable id: the document and the quoted text's offsets."""
        return stable_id("quote", self.evidence.doc_id, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Prediction:
    """A forward-looking claim.

    ``predictor`` is the speaker (person id or description) or the article's author;
    ``outcome`` is an event type (``LEADER_OUSTED``) or free text; ``deadline`` is the
    horizon as a date (None for open-ended); ``likelihood`` a probability in [0, 1] mapped
    from estimative words, or None when none is stated.
    """

    claim: str
    evidence: Evidence
    predictor: str
    subject: str | None
    outcome: str
    predictor_is_author: bool = False
    deadline: date | None = None
    horizon_text: str = ""
    likelihood: float | None = None
    likelihood_text: str = ""
    conditional: bool = False
    status: PredictionStatus = "open"
    resolved_by: str | None = None

    @property
    def key(self) -> str:
        """Stable id: the document and sentence it was stated in, and its subject/outcome."""
        ev = self.evidence
        return stable_id("prediction", ev.doc_id, ev.start, ev.end, self.subject, self.outcome)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as the store returns it: its id (``Event.key``), the event (with its first
    evidence) and every evidence row (the same event stated in several places)."""

    id: str
    event: Event
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateValue, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    predictions: tuple[Prediction, ...] = ()
    sentences: tuple[Span, ...] = field(default=())
