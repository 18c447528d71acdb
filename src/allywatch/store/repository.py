"""Reading and writing records: ``types.py`` dataclasses in, the same dataclasses out.

Every write is an idempotent upsert keyed by a content hash (documents: the clean text;
events: ``Event.key``; quotes and predictions: their ``key``), so re-running an ingest
changes nothing. Writes are bulk statements inside one transaction; reads fetch a page of
rows and then their related rows in one ``IN`` query per table (no per-row queries), so
they stay fast on a million events.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from allywatch.errors import NotFoundError, StoreError
from allywatch.store.engine import Store
from allywatch.store.models import (
    DateRow,
    DocumentRow,
    EventActorRow,
    EventRow,
    EvidenceRow,
    IngestedInputRow,
    MentionRow,
    PredictionRow,
    QuoteRow,
)
from allywatch.types import (
    Amount,
    CitedLink,
    DateValue,
    Document,
    Event,
    Evidence,
    Extraction,
    Mention,
    Prediction,
    Quote,
    Span,
    StoredEvent,
)

__all__ = [
    "count_documents",
    "count_events",
    "document_states",
    "get_document",
    "get_documents",
    "ingested_inputs",
    "iter_minhashes",
    "list_dates",
    "list_documents",
    "list_mentions",
    "mark_extracted",
    "query_events",
    "query_predictions",
    "query_quotes",
    "record_input",
    "save_document",
    "save_extraction",
    "set_prediction_status",
    "unextracted_documents",
]

log = logging.getLogger(__name__)

DOCUMENTS: Table = DocumentRow.__table__  # type: ignore[assignment]
MENTIONS: Table = MentionRow.__table__  # type: ignore[assignment]
DATES: Table = DateRow.__table__  # type: ignore[assignment]
EVENTS: Table = EventRow.__table__  # type: ignore[assignment]
EVENT_ACTORS: Table = EventActorRow.__table__  # type: ignore[assignment]
EVIDENCE: Table = EvidenceRow.__table__  # type: ignore[assignment]
QUOTES: Table = QuoteRow.__table__  # type: ignore[assignment]
PREDICTIONS: Table = PredictionRow.__table__  # type: ignore[assignment]
INPUTS: Table = IngestedInputRow.__table__  # type: ignore[assignment]

#: Ids per ``IN (...)`` list: well under SQLite's bound-parameter limit.
_CHUNK = 500
#: Shortest id prefix accepted by :func:`get_document`.
MIN_PREFIX = 4


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _insert(store_or_conn: Store | Connection, table: Table) -> Any:
    """The dialect's INSERT, which offers ``on_conflict_do_nothing/do_update``."""
    name = (
        store_or_conn.dialect
        if isinstance(store_or_conn, Store)
        else store_or_conn.dialect.name
    )
    if name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


# --------------------------------------------------------------------------- documents


def _document_values(doc: Document, minhash: bytes | None) -> dict[str, Any]:
    return {
        "id": doc.id,
        "source": doc.source,
        "format": doc.format,
        "title": doc.title,
        "outlet": doc.outlet,
        "author": doc.author,
        "language": doc.language,
        "published": doc.published,
        "published_inferred": doc.published_inferred,
        "url": doc.url,
        "summary": doc.summary,
        "text": doc.text,
        "words": doc.words,
        "links": [
            {"url": link.url, "text": link.text, "date": link.date and link.date.isoformat()}
            for link in doc.links
        ],
        "paragraphs": [[s.start, s.end] for s in doc.paragraphs],
        "pages": [[s.start, s.end] for s in doc.pages],
        "repeated": [[s.start, s.end] for s in doc.repeated],
        "duplicate_of": doc.duplicate_of,
        "minhash": minhash,
        "extracted": False,
    }


def _spans(value: list[Any] | None) -> tuple[Span, ...]:
    return tuple(Span(int(s), int(e)) for s, e in value or ())


def _document_from_row(row: Any) -> Document:
    links = tuple(
        CitedLink(
            url=item["url"],
            text=item.get("text") or "",
            date=date.fromisoformat(item["date"]) if item.get("date") else None,
        )
        for item in row.links or ()
    )
    return Document(
        id=row.id,
        text=row.text,
        source=row.source,
        format=row.format,
        title=row.title,
        outlet=row.outlet,
        author=row.author,
        language=row.language,
        published=row.published,
        published_inferred=bool(row.published_inferred),
        url=row.url,
        summary=row.summary,
        links=links,
        paragraphs=_spans(row.paragraphs),
        pages=_spans(row.pages),
        repeated=_spans(row.repeated),
        duplicate_of=row.duplicate_of,
    )


def save_document(store: Store, doc: Document, *, minhash: bytes | None = None) -> bool:
    """Store ``doc`` (committed on its own); True if it was new, False if already stored.

    ``minhash`` is the serialised near-duplicate signature the pipeline keeps so a later
    ingest can find syndicated copies of this document.
    """
    if doc.id != Document.make_id(doc.text):
        raise StoreError(f"{doc.source}: document id {doc.id} is not the hash of its text")
    stmt = (
        _insert(store, DOCUMENTS)
        .values(_document_values(doc, minhash))
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(DOCUMENTS.c.id)
    )
    with store.write() as conn:
        return conn.execute(stmt).first() is not None


def get_document(store: Store, doc_id: str) -> Document:
    """The document with id ``doc_id``, or with a unique id starting with it.

    Raises :class:`NotFoundError` when none matches or a prefix matches several.
    """
    columns = [c for c in DOCUMENTS.c if c.name != "minhash"]
    with store.read() as conn:
        row = conn.execute(select(*columns).where(DOCUMENTS.c.id == doc_id)).first()
        if row is None and len(doc_id) >= MIN_PREFIX:
            rows = conn.execute(
                select(*columns).where(DOCUMENTS.c.id.startswith(doc_id, autoescape=True)).limit(2)
            ).all()
            if len(rows) > 1:
                raise NotFoundError(f"document {doc_id}: prefix matches several documents")
            row = rows[0] if rows else None
    if row is None:
        raise NotFoundError(f"document {doc_id}: no such document")
    return _document_from_row(row)


def get_documents(store: Store, doc_ids: Sequence[str]) -> list[Document]:
    """The stored documents among ``doc_ids``, in that order (missing ids are left out)."""
    columns = [c for c in DOCUMENTS.c if c.name != "minhash"]
    found: dict[str, Document] = {}
    with store.read() as conn:
        for chunk in _chunks(list(dict.fromkeys(doc_ids))):
            stmt = select(*columns).where(DOCUMENTS.c.id.in_(chunk))
            found.update((row.id, _document_from_row(row)) for row in conn.execute(stmt))
    return [found[i] for i in doc_ids if i in found]


def list_documents(store: Store, limit: int | None = None, offset: int = 0) -> list[Document]:
    """Documents in the order they were ingested (then by id)."""
    columns = [c for c in DOCUMENTS.c if c.name != "minhash"]
    stmt = (
        select(*columns)
        .order_by(DOCUMENTS.c.ingested_at, DOCUMENTS.c.id)
        .limit(limit)
        .offset(offset)
    )
    with store.read() as conn:
        return [_document_from_row(row) for row in conn.execute(stmt)]


def count_documents(store: Store) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(DOCUMENTS)).scalar_one())


def document_states(store: Store, doc_ids: Iterable[str]) -> dict[str, bool]:
    """For each stored id among ``doc_ids``: whether it has been extracted."""
    ids = list(dict.fromkeys(doc_ids))
    states: dict[str, bool] = {}
    with store.read() as conn:
        for chunk in _chunks(ids):
            stmt = select(DOCUMENTS.c.id, DOCUMENTS.c.extracted).where(DOCUMENTS.c.id.in_(chunk))
            states.update({row.id: bool(row.extracted) for row in conn.execute(stmt)})
    return states


def unextracted_documents(store: Store, doc_ids: Iterable[str] | None = None) -> list[str]:
    """Ids of stored documents not yet extracted (among ``doc_ids`` when given)."""
    if doc_ids is not None:
        return [i for i, done in document_states(store, doc_ids).items() if not done]
    stmt = select(DOCUMENTS.c.id).where(DOCUMENTS.c.extracted.is_(False)).order_by(DOCUMENTS.c.id)
    with store.read() as conn:
        return list(conn.execute(stmt).scalars())


def iter_minhashes(store: Store, batch: int = 1000) -> Iterator[tuple[str, bytes]]:
    """``(doc_id, signature)`` of every stored document that has one, in id order."""
    last = ""
    while True:
        stmt = (
            select(DOCUMENTS.c.id, DOCUMENTS.c.minhash)
            .where(DOCUMENTS.c.minhash.is_not(None), DOCUMENTS.c.id > last)
            .order_by(DOCUMENTS.c.id)
            .limit(batch)
        )
        with store.read() as conn:
            rows = conn.execute(stmt).all()
        if not rows:
            return
        for row in rows:
            yield row.id, bytes(row.minhash)
        last = rows[-1].id


def mark_extracted(store: Store, doc_id: str) -> None:
    with store.write() as conn:
        conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == doc_id).values(extracted=True))


# ------------------------------------------------------------------ ingested inputs


def ingested_inputs(store: Store, keys: Iterable[str]) -> dict[str, tuple[list[str], bool]]:
    """For each known input key: the documents read from it and whether all were extracted."""
    ids = list(dict.fromkeys(keys))
    known: dict[str, tuple[list[str], bool]] = {}
    with store.read() as conn:
        for chunk in _chunks(ids):
            stmt = select(INPUTS.c.id, INPUTS.c.documents, INPUTS.c.extracted).where(
                INPUTS.c.id.in_(chunk)
            )
            for row in conn.execute(stmt):
                known[row.id] = (list(row.documents or ()), bool(row.extracted))
    return known


def record_input(
    store: Store, key: str, source: str, doc_ids: Sequence[str], *, extracted: bool
) -> None:
    """Remember that input ``key`` (raw bytes + options) was fully ingested."""
    values = {"id": key, "source": source, "documents": list(doc_ids), "extracted": extracted}
    stmt = _insert(store, INPUTS).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["id"],
        set_={"source": source, "documents": list(doc_ids), "extracted": extracted},
    )
    with store.write() as conn:
        conn.execute(stmt)


# ----------------------------------------------------------------------- extraction


def _date_parts(value: DateValue | None) -> dict[str, Any]:
    if value is None:
        return {"date_value": None, "date_precision": "unknown", "date_start": None,
                "date_end": None}  # fmt: skip
    return {
        "date_value": value.value,
        "date_precision": value.precision,
        "date_start": value.start,
        "date_end": value.end,
    }


def _event_values(key: str, ev: Event) -> dict[str, Any]:
    return {
        "id": key,
        "type": ev.type,
        "mode": ev.mode,
        "detail": ev.detail,
        "amounts": [{"value": a.value, "unit": a.unit, "text": a.text} for a in ev.amounts],
        **_date_parts(ev.date),
        "negated": ev.negated,
        "modality": ev.modality,
        "confidence": ev.confidence,
        "leader": ev.leader,
        "trigger": ev.trigger,
        "source_text": list(ev.source_text),
        "target_text": list(ev.target_text),
        "source_people": list(ev.source_people),
    }


def _quote_values(q: Quote) -> dict[str, Any]:
    return {
        "id": q.key,
        "doc_id": q.evidence.doc_id,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "speaker": q.speaker,
        "speaker_text": q.speaker_text,
        "affiliation": q.affiliation,
        "cue": q.cue,
        "partial": q.partial,
        "sentence_start": q.evidence.start,
        "sentence_end": q.evidence.end,
        "sentence": q.evidence.sentence,
    }


#: Prediction columns that extraction owns; status/resolution columns belong to the ledger
#: and survive a re-extraction.
_PREDICTION_EXTRACTED = (
    "doc_id", "claim", "predictor", "predictor_is_author", "outlet", "subject", "outcome",
    "made_on", "deadline", "horizon_text", "likelihood", "likelihood_text", "conditional",
    "sentence_start", "sentence_end", "sentence",
)  # fmt: skip


def _prediction_values(p: Prediction, doc: Document) -> dict[str, Any]:
    return {
        "id": p.key,
        "doc_id": p.evidence.doc_id,
        "claim": p.claim,
        "predictor": p.predictor,
        "predictor_is_author": p.predictor_is_author,
        "outlet": doc.outlet,
        "subject": p.subject,
        "outcome": p.outcome,
        "made_on": doc.published,
        "deadline": p.deadline,
        "horizon_text": p.horizon_text,
        "likelihood": p.likelihood,
        "likelihood_text": p.likelihood_text,
        "conditional": p.conditional,
        "status": p.status,
        "resolved_by": p.resolved_by,
        "sentence_start": p.evidence.start,
        "sentence_end": p.evidence.end,
        "sentence": p.evidence.sentence,
    }


def save_extraction(store: Store, extraction: Extraction) -> None:
    """Store everything extracted from one document and mark it extracted, in one commit.

    Idempotent, and a re-extraction replaces what the document contributed before:
    mentions and dates are rewritten; events are upserted by ``Event.key`` with one
    evidence row per distinct sentence (an event no document supports any more is
    removed); quotes and predictions are upserted by key (a prediction keeps the status the
    ledger gave it). The document must be stored already.
    """
    doc = extraction.document
    doc_id = doc.id
    with store.write() as conn:
        if conn.execute(select(DOCUMENTS.c.id).where(DOCUMENTS.c.id == doc_id)).first() is None:
            raise NotFoundError(f"document {doc_id}: store the document before its extraction")
        _save_spans(conn, doc_id, extraction)
        _save_events(conn, doc_id, extraction.events)
        _save_quotes(conn, doc_id, extraction.quotes)
        _save_predictions(conn, doc, extraction.predictions)
        conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == doc_id).values(extracted=True))


def _save_spans(conn: Connection, doc_id: str, extraction: Extraction) -> None:
    conn.execute(delete(MENTIONS).where(MENTIONS.c.doc_id == doc_id))
    conn.execute(delete(DATES).where(DATES.c.doc_id == doc_id))
    mentions = {
        (m.start, m.end): {
            "doc_id": doc_id, "start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
            "actor_id": m.actor_id, "state": m.state, "confidence": m.confidence,
            "role": m.role, "affiliation": m.affiliation,
        }
        for m in extraction.mentions
    }  # fmt: skip
    if mentions:
        conn.execute(MENTIONS.insert(), list(mentions.values()))
    dates = {
        (d.start_char, d.end_char): {
            "doc_id": doc_id, "start": d.start_char, "end": d.end_char, "text": d.text,
            "value": d.value, "precision": d.precision, "date_start": d.start,
            "date_end": d.end,
        }
        for d in extraction.dates
        if d.start_char is not None and d.end_char is not None
    }  # fmt: skip
    if dates:
        conn.execute(DATES.insert(), list(dates.values()))


def _save_events(conn: Connection, doc_id: str, events: Sequence[Event]) -> None:
    before = set(
        conn.execute(
            select(EVIDENCE.c.event_id).where(EVIDENCE.c.doc_id == doc_id).distinct()
        ).scalars()
    )
    conn.execute(delete(EVIDENCE).where(EVIDENCE.c.doc_id == doc_id))
    rows: dict[str, dict[str, Any]] = {}
    actors: set[tuple[str, str, str]] = set()
    evidence: dict[tuple[str, int], dict[str, Any]] = {}
    for ev in events:
        key = ev.key
        rows.setdefault(key, _event_values(key, ev))
        actors.update((key, a, "source") for a in ev.source)
        actors.update((key, a, "target") for a in ev.target)
        e = ev.evidence
        evidence.setdefault(
            (key, e.start),
            {"event_id": key, "doc_id": doc_id, "start": e.start, "end": e.end,
             "sentence": e.sentence},
        )  # fmt: skip
    if rows:
        conn.execute(
            _insert(conn, EVENTS).on_conflict_do_nothing(index_elements=["id"]),
            list(rows.values()),
        )
    if actors:
        conn.execute(
            _insert(conn, EVENT_ACTORS).on_conflict_do_nothing(),
            [{"event_id": k, "actor_id": a, "role": r} for k, a, r in sorted(actors)],
        )
    if evidence:
        conn.execute(_insert(conn, EVIDENCE).on_conflict_do_nothing(), list(evidence.values()))
    orphans = sorted(before - rows.keys())
    for chunk in _chunks(orphans):
        unsupported = and_(
            EVENTS.c.id.in_(chunk),
            ~exists().where(EVIDENCE.c.event_id == EVENTS.c.id),
        )
        gone = list(conn.execute(select(EVENTS.c.id).where(unsupported)).scalars())
        if gone:
            conn.execute(delete(EVENT_ACTORS).where(EVENT_ACTORS.c.event_id.in_(gone)))
            conn.execute(delete(EVENTS).where(EVENTS.c.id.in_(gone)))


def _save_quotes(conn: Connection, doc_id: str, quotes: Sequence[Quote]) -> None:
    values = {q.key: _quote_values(q) for q in quotes}
    stale = delete(QUOTES).where(QUOTES.c.doc_id == doc_id)
    if values:
        stale = stale.where(QUOTES.c.id.not_in(list(values)))
    conn.execute(stale)
    if values:
        stmt = _insert(conn, QUOTES)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={c: stmt.excluded[c] for c in next(iter(values.values())) if c != "id"},
        )
        conn.execute(stmt, list(values.values()))


def _save_predictions(conn: Connection, doc: Document, predictions: Sequence[Prediction]) -> None:
    values = {p.key: _prediction_values(p, doc) for p in predictions}
    stale = delete(PREDICTIONS).where(PREDICTIONS.c.doc_id == doc.id)
    if values:
        stale = stale.where(PREDICTIONS.c.id.not_in(list(values)))
    conn.execute(stale)
    if values:
        stmt = _insert(conn, PREDICTIONS)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"], set_={c: stmt.excluded[c] for c in _PREDICTION_EXTRACTED}
        )
        conn.execute(stmt, list(values.values()))


# --------------------------------------------------------------------------- events


def _event_filter(
    *,
    actor: str | None,
    role: str | None,
    type: str | None,
    since: date | None,
    until: date | None,
    negated: bool | None,
    doc_id: str | None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if actor is not None:
        sub = select(EVENT_ACTORS.c.event_id).where(EVENT_ACTORS.c.actor_id == actor)
        if role is not None:
            sub = sub.where(EVENT_ACTORS.c.role == role)
        where.append(EVENTS.c.id.in_(sub))
    if type is not None:
        where.append(EVENTS.c.type == type.upper())
    if since is not None:
        where.append(func.coalesce(EVENTS.c.date_end, EVENTS.c.date_start) >= since)
    if until is not None:
        where.append(EVENTS.c.date_start <= until)
    if negated is not None:
        where.append(EVENTS.c.negated.is_(negated))
    if doc_id is not None:
        in_doc = select(EVIDENCE.c.event_id).where(EVIDENCE.c.doc_id == doc_id)
        where.append(EVENTS.c.id.in_(in_doc))
    return where


def query_events(
    store: Store,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    negated: bool | None = None,
    doc_id: str | None = None,
    role: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredEvent]:
    """Events matching every given filter, each with all its evidence.

    ``actor`` matches a source or target actor (only ``role`` = ``"source"``/``"target"``
    when given). ``since``/``until`` keep events whose date interval overlaps
    ``[since, until]``; undated events never match a date filter. Ordered by date (undated
    last), then id, so ``limit``/``offset`` page stably.
    """
    if role not in (None, "source", "target"):
        raise StoreError(f"role {role!r}: must be 'source' or 'target'")
    where = _event_filter(actor=actor, role=role, type=type, since=since, until=until,
                          negated=negated, doc_id=doc_id)  # fmt: skip
    stmt: Select[Any] = (
        select(EVENTS)
        .where(*where)
        .order_by(EVENTS.c.date_start.is_(None), EVENTS.c.date_start, EVENTS.c.id)
        .limit(limit)
        .offset(offset)
    )
    with store.read() as conn:
        rows = conn.execute(stmt).all()
        return _stored_events(conn, rows)


def count_events(
    store: Store,
    *,
    actor: str | None = None,
    type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    negated: bool | None = None,
    doc_id: str | None = None,
    role: str | None = None,
) -> int:
    """How many events :func:`query_events` would return without a limit."""
    where = _event_filter(actor=actor, role=role, type=type, since=since, until=until,
                          negated=negated, doc_id=doc_id)  # fmt: skip
    with store.read() as conn:
        stmt = select(func.count()).select_from(EVENTS).where(*where)
        return int(conn.execute(stmt).scalar_one())


def _stored_events(conn: Connection, rows: Sequence[Any]) -> list[StoredEvent]:
    ids = [row.id for row in rows]
    actors: dict[str, dict[str, list[str]]] = {i: {"source": [], "target": []} for i in ids}
    evidence: dict[str, list[Evidence]] = {i: [] for i in ids}
    for chunk in _chunks(ids):
        stmt_a = (
            select(EVENT_ACTORS)
            .where(EVENT_ACTORS.c.event_id.in_(chunk))
            .order_by(EVENT_ACTORS.c.actor_id)
        )
        for a in conn.execute(stmt_a):
            actors[a.event_id][a.role].append(a.actor_id)
        stmt_e = select(EVIDENCE).where(EVIDENCE.c.event_id.in_(chunk)).order_by(EVIDENCE.c.id)
        for e in conn.execute(stmt_e):
            evidence[e.event_id].append(Evidence(e.doc_id, e.start, e.end, e.sentence))
    out = []
    for row in rows:
        found = evidence[row.id]
        if not found:  # only possible mid-way through a concurrent re-extraction
            continue
        out.append(StoredEvent(row.id, _event_from_row(row, actors[row.id], found[0]),
                               tuple(found)))  # fmt: skip
    return out


def _event_from_row(row: Any, actors: dict[str, list[str]], first: Evidence) -> Event:
    when = None
    if row.date_value is not None:
        when = DateValue(value=row.date_value, precision=row.date_precision,
                         start=row.date_start, end=row.date_end)  # fmt: skip
    return Event(
        type=row.type,
        source=tuple(actors["source"]),
        target=tuple(actors["target"]),
        evidence=first,
        mode=row.mode,
        detail=row.detail,
        amounts=tuple(Amount(a["value"], a["unit"], a.get("text", "")) for a in row.amounts or ()),
        date=when,
        negated=bool(row.negated),
        modality=row.modality,
        confidence=row.confidence,
        leader=row.leader,
        trigger=row.trigger,
        source_text=tuple(row.source_text or ()),
        target_text=tuple(row.target_text or ()),
        source_people=tuple(row.source_people or ()),
    )


# ------------------------------------------------------------------ quotes, predictions


def query_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    doc_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Quote]:
    """Quotes, by speaker (a person id, or words of an unnamed speaker's description)."""
    stmt = select(QUOTES)
    if speaker is not None:
        stmt = stmt.where(
            or_(QUOTES.c.speaker == speaker,
                QUOTES.c.speaker_text.contains(speaker, autoescape=True))
        )  # fmt: skip
    if doc_id is not None:
        stmt = stmt.where(QUOTES.c.doc_id == doc_id)
    stmt = stmt.order_by(QUOTES.c.doc_id, QUOTES.c.start).limit(limit).offset(offset)
    with store.read() as conn:
        return [
            Quote(
                text=r.text,
                evidence=Evidence(r.doc_id, r.sentence_start, r.sentence_end, r.sentence),
                start=r.start,
                end=r.end,
                speaker=r.speaker,
                speaker_text=r.speaker_text,
                affiliation=r.affiliation,
                cue=r.cue,
                partial=bool(r.partial),
            )
            for r in conn.execute(stmt)
        ]


def query_predictions(
    store: Store,
    *,
    status: str | None = None,
    predictor: str | None = None,
    subject: str | None = None,
    doc_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Prediction]:
    """Predictions, oldest statement first."""
    stmt = select(PREDICTIONS)
    if status is not None:
        stmt = stmt.where(PREDICTIONS.c.status == status)
    if predictor is not None:
        stmt = stmt.where(PREDICTIONS.c.predictor == predictor)
    if subject is not None:
        stmt = stmt.where(PREDICTIONS.c.subject == subject)
    if doc_id is not None:
        stmt = stmt.where(PREDICTIONS.c.doc_id == doc_id)
    stmt = stmt.order_by(
        PREDICTIONS.c.made_on.is_(None), PREDICTIONS.c.made_on, PREDICTIONS.c.doc_id,
        PREDICTIONS.c.sentence_start, PREDICTIONS.c.id,
    ).limit(limit).offset(offset)  # fmt: skip
    with store.read() as conn:
        return [
            Prediction(
                claim=r.claim,
                evidence=Evidence(r.doc_id, r.sentence_start, r.sentence_end, r.sentence),
                predictor=r.predictor,
                subject=r.subject,
                outcome=r.outcome,
                predictor_is_author=bool(r.predictor_is_author),
                deadline=r.deadline,
                horizon_text=r.horizon_text,
                likelihood=r.likelihood,
                likelihood_text=r.likelihood_text,
                conditional=bool(r.conditional),
                status=r.status,
                resolved_by=r.resolved_by,
            )
            for r in conn.execute(stmt)
        ]


def set_prediction_status(
    store: Store,
    prediction_id: str,
    status: str,
    *,
    resolved_by: str | None = None,
    note: str | None = None,
) -> None:
    """Record how a prediction turned out (``open``, ``came_true`` or ``failed``) and the
    event that resolved it. Re-extracting the document keeps this."""
    if status not in ("open", "came_true", "failed"):
        raise StoreError(f"prediction {prediction_id}: unknown status {status!r}")
    values: dict[str, Any] = {"status": status, "resolved_by": resolved_by,
                              "resolution_note": note,
                              "resolved_at": None if status == "open" else func.now()}  # fmt: skip
    with store.write() as conn:
        found = conn.execute(
            update(PREDICTIONS)
            .where(PREDICTIONS.c.id == prediction_id)
            .values(values)
            .returning(PREDICTIONS.c.id)
        ).first()
    if found is None:
        raise NotFoundError(f"prediction {prediction_id}: no such prediction")


# ------------------------------------------------------------------ mentions, dates


def list_mentions(store: Store, doc_id: str) -> list[Mention]:
    stmt = select(MENTIONS).where(MENTIONS.c.doc_id == doc_id).order_by(MENTIONS.c.start)
    with store.read() as conn:
        return [
            Mention(
                doc_id=r.doc_id, start=r.start, end=r.end, text=r.text, kind=r.kind,
                actor_id=r.actor_id, state=r.state, confidence=r.confidence, role=r.role,
                affiliation=r.affiliation,
            )
            for r in conn.execute(stmt)
        ]  # fmt: skip


def list_dates(store: Store, doc_id: str) -> list[DateValue]:
    stmt = select(DATES).where(DATES.c.doc_id == doc_id).order_by(DATES.c.start)
    with store.read() as conn:
        return [
            DateValue(
                value=r.value, precision=r.precision, start=r.date_start, end=r.date_end,
                text=r.text, start_char=r.start, end_char=r.end,
            )
            for r in conn.execute(stmt)
        ]  # fmt: skip
