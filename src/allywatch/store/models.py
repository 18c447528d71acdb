"""SQLAlchemy 2 models: the database layout.

Ids are content hashes (documents: hash of the clean text; events: ``Event.key``; quotes and
predictions: hash of document and offsets), so every write is an idempotent upsert.
Schema changes go through an Alembic migration in ``store/migrations/versions``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "ActorRow",
    "Base",
    "DateRow",
    "DocumentRow",
    "EventActorRow",
    "EventRow",
    "EvidenceRow",
    "IngestedInputRow",
    "MentionRow",
    "PredictionRow",
    "QuoteRow",
]


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[type, Any]] = {dict: JSON, list: JSON}


class DocumentRow(Base):
    __tablename__ = "documents"
    #: Listing pages in ingest order walks this index instead of sorting every document.
    __table_args__ = (Index("ix_documents_ingested_at_id", "ingested_at", "id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    author: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(8))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    url: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    words: Mapped[int] = mapped_column(Integer)
    links: Mapped[list] = mapped_column(JSON, default=list)
    paragraphs: Mapped[list] = mapped_column(JSON, default=list)
    pages: Mapped[list] = mapped_column(JSON, default=list)
    repeated: Mapped[list] = mapped_column(JSON, default=list)
    duplicate_of: Mapped[str | None] = mapped_column(String(32), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: Set once every extraction stage has stored its records for this document.
    extracted: Mapped[bool] = mapped_column(Boolean, default=False)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ActorRow(Base):
    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    country: Mapped[str | None] = mapped_column(String(16))
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    roles: Mapped[list] = mapped_column(JSON, default=list)


class MentionRow(Base):
    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("doc_id", "start", "end", name="uq_mention_span"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(120), index=True)
    state: Mapped[str | None] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(Text)


class DateRow(Base):
    """A temporal expression found in a document (for highlighting and timelines)."""

    __tablename__ = "dates"
    __table_args__ = (UniqueConstraint("doc_id", "start", "end", name="uq_date_span"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(String(32))
    precision: Mapped[str] = mapped_column(String(8))
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)


class EventRow(Base):
    __tablename__ = "events"
    #: ``ix_events_date_start_id``: pages of events in (date_start, id) order walk it instead
    #: of sorting the table; undated events are its ``date_start IS NULL`` part, in id order.
    #: ``ix_events_type_date_start_id``: the same order within one type (and the type
    #: filter of the analyses). ``ix_events_id_type_dates``: covering for the analyses,
    #: which select event ids by actor (``event_actors``) and then filter or sort them by
    #: type and dates without reading the wide event rows. ``negated`` has no index: true
    #: for a few per cent of events, an index on it made SQLite scan them all.
    __table_args__ = (
        Index("ix_events_date_start_id", "date_start", "id"),
        Index("ix_events_type_date_start_id", "type", "date_start", "id"),
        Index("ix_events_id_type_dates", "id", "type", "date_start", "date_end"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # Event.key
    type: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    amounts: Mapped[list] = mapped_column(JSON, default=list)
    date_value: Mapped[str | None] = mapped_column(String(32))
    date_precision: Mapped[str] = mapped_column(String(8), default="unknown")
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    modality: Mapped[str] = mapped_column(String(16), default="asserted")
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    leader: Mapped[str | None] = mapped_column(String(200))
    trigger: Mapped[str] = mapped_column(String(100), default="")
    source_text: Mapped[list] = mapped_column(JSON, default=list)
    target_text: Mapped[list] = mapped_column(JSON, default=list)
    source_people: Mapped[list] = mapped_column(JSON, default=list)

    actors: Mapped[list[EventActorRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", lazy="selectin"
    )
    evidence: Mapped[list[EvidenceRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", lazy="selectin"
    )


class EventActorRow(Base):
    """One actor of one event, in role ``source`` or ``target`` (indexed for actor queries).

    ``type``, ``date_start``, ``date_end`` and ``modality`` copy the event's (they never
    change: the event id hashes type and date, and an event row is never updated), so an
    actor's events of some types, or its newest events, come from this table's indexes
    without reading one event row (migration 0003).
    """

    __tablename__ = "event_actors"
    #: Covering: an actor's (or an actor in a role's) event ids come from the index alone.
    #: ``ix_event_actors_actor_role_type``: an actor's events of some types in a role, with
    #: the dates and modality the analyses filter on. ``ix_event_actors_actor_date``: an
    #: actor's events newest first (an index walk with LIMIT, not a sort).
    __table_args__ = (
        Index("ix_event_actors_actor_role_event", "actor_id", "role", "event_id"),
        Index("ix_event_actors_actor_role_type", "actor_id", "role", "type", "date_start",
              "date_end", "modality", "event_id"),
        Index("ix_event_actors_actor_date", "actor_id", "date_start", "event_id"),
    )

    event_id: Mapped[str] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    role: Mapped[str] = mapped_column(String(8), primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    modality: Mapped[str] = mapped_column(String(16))

    event: Mapped[EventRow] = relationship(back_populates="actors")


class EvidenceRow(Base):
    """A sentence an event rests on; one event may have many (deduplicated statements)."""

    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("event_id", "doc_id", "start", name="uq_evidence_event_span"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)

    event: Mapped[EventRow] = relationship(back_populates="evidence")


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(String(200), index=True)
    speaker_text: Mapped[str] = mapped_column(Text, default="")
    #: person, institution, anonymous or unattributed (``types.SpeakerType``)
    speaker_type: Mapped[str] = mapped_column(String(16), default="person")
    #: the other speakers of a joint statement, tab-separated ("" for one speaker)
    co_speakers: Mapped[str] = mapped_column(Text, default="")
    affiliation: Mapped[str | None] = mapped_column(Text)
    cue: Mapped[str] = mapped_column(String(64), default="")
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)


class PredictionRow(Base):
    __tablename__ = "predictions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    claim: Mapped[str] = mapped_column(Text)
    predictor: Mapped[str] = mapped_column(String(300), index=True)
    predictor_is_author: Mapped[bool] = mapped_column(Boolean, default=False)
    outlet: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(120), index=True)
    outcome: Mapped[str] = mapped_column(String(200))
    made_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    horizon_text: Mapped[str] = mapped_column(Text, default="")
    likelihood: Mapped[float | None] = mapped_column(Float)
    likelihood_text: Mapped[str] = mapped_column(String(100), default="")
    conditional: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(32))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)


class IngestedInputRow(Base):
    """A local input file already ingested, keyed by its raw bytes and the ingest options.

    Lets a re-run skip an unchanged file before reading and cleaning it (re-ingest is a
    no-op that must cost a few per cent of the first ingest). ``extracted`` is set once every
    document read from it has been extracted too.
    """

    __tablename__ = "ingested_inputs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    documents: Mapped[list] = mapped_column(JSON, default=list)
    extracted: Mapped[bool] = mapped_column(Boolean, default=False)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
