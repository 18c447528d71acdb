"""Response schemas of the REST API (pydantic), kept apart from the ORM models and from the
records in :mod:`allywatch.types`.

Each record schema has ``row(record)``, the record as a plain dict with exactly the schema's
fields (dates as :class:`datetime.date`), and ``from_record(record)``, the validated model
made from that dict, so the two cannot drift apart. List endpoints serialise the rows straight
to JSON (:func:`allywatch.serve.api.export.page_response`): building and then re-validating
fifty models per page cost more than the query behind it; ``tests/serve/test_rows.py`` checks
that every row validates against its schema with no field missing or extra."""

from __future__ import annotations

from datetime import date
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from allywatch.types import (
    Actor,
    Document,
    Evidence,
    Mention,
    Prediction,
    Quote,
    StoredEvent,
)

__all__ = [
    "ActorOut",
    "CatalogEntryIn",
    "DocumentDetailOut",
    "DocumentOut",
    "ErrorOut",
    "EventOut",
    "EvidenceOut",
    "GraphEdgeOut",
    "GraphNodeOut",
    "GraphOut",
    "IngestOut",
    "MentionOut",
    "Page",
    "PredictionOut",
    "QuoteOut",
    "ResolveIn",
]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list. ``next_offset`` is None on the last page."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = None


class ErrorOut(BaseModel):
    """Every refused request: the error class, what went wrong, and the input it names."""

    error: str
    detail: str
    input: str | None = None
    errors: list[dict[str, Any]] | None = None


class EvidenceOut(BaseModel):
    doc_id: str
    start: int
    end: int
    sentence: str
    #: The evidence is the document's title (not part of its text): start == end == 0.
    in_title: bool = False

    @staticmethod
    def row(ev: Evidence) -> dict[str, Any]:
        return {
            "doc_id": ev.doc_id, "start": ev.start, "end": ev.end, "sentence": ev.sentence,
            "in_title": ev.in_title,
        }  # fmt: skip

    @classmethod
    def from_record(cls, ev: Evidence) -> EvidenceOut:
        return cls.model_validate(cls.row(ev))


class DocumentOut(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    source: str
    format: str
    words: int
    duplicate_of: str | None = None

    @staticmethod
    def row(doc: Document) -> dict[str, Any]:
        return {
            "id": doc.id, "title": doc.title, "outlet": doc.outlet, "author": doc.author,
            "published": doc.published, "url": doc.url, "source": doc.source,
            "format": doc.format, "words": doc.words, "duplicate_of": doc.duplicate_of,
        }  # fmt: skip

    @classmethod
    def from_record(cls, doc: Document) -> DocumentOut:
        return cls.model_validate(cls.row(doc))


class DocumentDetailOut(DocumentOut):
    text: str
    summary: str | None = None

    @staticmethod
    def row(doc: Document) -> dict[str, Any]:
        return {**DocumentOut.row(doc), "text": doc.text, "summary": doc.summary}

    @classmethod
    def from_record(cls, doc: Document) -> DocumentDetailOut:
        return cls.model_validate(cls.row(doc))


class ActorOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None = None
    aliases: list[str] = []

    @staticmethod
    def row(actor: Actor) -> dict[str, Any]:
        return {
            "id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country,
            "aliases": list(actor.aliases),
        }  # fmt: skip

    @classmethod
    def from_record(cls, actor: Actor) -> ActorOut:
        return cls.model_validate(cls.row(actor))


class MentionOut(BaseModel):
    doc_id: str
    start: int
    end: int
    text: str
    kind: str
    actor_id: str | None = None
    state: str | None = None

    @staticmethod
    def row(m: Mention) -> dict[str, Any]:
        return {
            "doc_id": m.doc_id, "start": m.start, "end": m.end, "text": m.text,
            "kind": m.kind, "actor_id": m.actor_id, "state": m.state,
        }  # fmt: skip

    @classmethod
    def from_record(cls, m: Mention) -> MentionOut:
        return cls.model_validate(cls.row(m))


class EventOut(BaseModel):
    id: str
    type: str
    mode: str | None = None
    source: list[str]
    target: list[str]
    detail: str = ""
    date: str | None = None
    date_precision: str = "unknown"
    negated: bool = False
    modality: str = "asserted"
    confidence: float
    leader: str | None = None
    evidence: list[EvidenceOut]

    @staticmethod
    def row(stored: StoredEvent) -> dict[str, Any]:
        ev = stored.event
        evidence = EvidenceOut.row
        return {
            "id": stored.id, "type": ev.type, "mode": ev.mode, "source": list(ev.source),
            "target": list(ev.target), "detail": ev.detail,
            "date": ev.date.value if ev.date else None,
            "date_precision": ev.date.precision if ev.date else "unknown",
            "negated": ev.negated, "modality": ev.modality, "confidence": ev.confidence,
            "leader": ev.leader,
            "evidence": [evidence(e) for e in (stored.evidence or (ev.evidence,))],
        }  # fmt: skip

    @classmethod
    def from_record(cls, stored: StoredEvent) -> EventOut:
        return cls.model_validate(cls.row(stored))


class QuoteOut(BaseModel):
    id: str
    text: str
    speaker: str | None = None
    speaker_text: str = ""
    speaker_type: Literal["person", "institution", "anonymous", "unattributed"] = "person"
    co_speakers: list[str] = []
    affiliation: str | None = None
    cue: str = ""
    partial: bool = False
    start: int
    end: int
    evidence: EvidenceOut

    @staticmethod
    def row(q: Quote) -> dict[str, Any]:
        return {
            "id": q.key, "text": q.text, "speaker": q.speaker, "speaker_text": q.speaker_text,
            "speaker_type": q.speaker_type, "co_speakers": list(q.co_speakers),
            "affiliation": q.affiliation, "cue": q.cue, "partial": q.partial,
            "start": q.start, "end": q.end, "evidence": EvidenceOut.row(q.evidence),
        }  # fmt: skip

    @classmethod
    def from_record(cls, q: Quote) -> QuoteOut:
        return cls.model_validate(cls.row(q))


class PredictionOut(BaseModel):
    id: str
    claim: str
    predictor: str
    predictor_is_author: bool = False
    subject: str | None = None
    outcome: str
    deadline: date | None = None
    horizon_text: str = ""
    likelihood: float | None = None
    likelihood_text: str = ""
    conditional: bool = False
    status: str = "open"
    resolved_by: str | None = None
    evidence: EvidenceOut

    @staticmethod
    def row(p: Prediction) -> dict[str, Any]:
        return {
            "id": p.key, "claim": p.claim, "predictor": p.predictor,
            "predictor_is_author": p.predictor_is_author, "subject": p.subject,
            "outcome": p.outcome, "deadline": p.deadline, "horizon_text": p.horizon_text,
            "likelihood": p.likelihood, "likelihood_text": p.likelihood_text,
            "conditional": p.conditional, "status": p.status, "resolved_by": p.resolved_by,
            "evidence": EvidenceOut.row(p.evidence),
        }  # fmt: skip

    @classmethod
    def from_record(cls, p: Prediction) -> PredictionOut:
        return cls.model_validate(cls.row(p))


class GraphNodeOut(BaseModel):
    id: str
    label: str
    kind: str = "unresolved"
    degree: int = 0


class GraphEdgeOut(BaseModel):
    """A typed tie between two actors; ``events`` are the ids of the events behind it."""

    id: str
    source: str
    target: str
    tie: str
    weight: float
    first_date: str | None = None
    last_date: str | None = None
    negated: int = 0
    events: list[str]


class GraphOut(BaseModel):
    """``ties`` lists every tie type in the graph; ``total_edges`` how many edges matched
    before ``max_edges`` cut the list (None when it was not asked)."""

    nodes: list[GraphNodeOut]
    edges: list[GraphEdgeOut]
    ties: list[str]
    total_edges: int | None = None


class ResolveIn(BaseModel):
    came_true: bool
    note: str = Field(default="", max_length=2000)


class CatalogEntryIn(BaseModel):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,119}$")
    name: str = Field(min_length=1, max_length=300)
    kind: str = Field(pattern=r"^(state|substate|igo|org|person)$")
    country: str | None = Field(default=None, max_length=16)
    aliases: list[str] = Field(default_factory=list, max_length=50)

    def to_record(self) -> Actor:
        return Actor(
            id=self.id, name=self.name, kind=self.kind,  # type: ignore[arg-type]  # validated by pattern
            country=self.country, aliases=tuple(self.aliases),
        )  # fmt: skip


class IngestOut(BaseModel):
    """What an upload did: documents stored, skipped as already present, and errors."""

    stored: int
    skipped: int
    errors: list[str]
    details: dict[str, Any] = {}
