"""Documents and ingested inputs: save by content hash, look up, list."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from allywatch.errors import NotFoundError, StoreError
from allywatch.store import tables
from allywatch.store.engine import Store, retry_on_disconnect
from allywatch.store.tables import (
    DOCUMENTS,
    INPUTS,
    chunks,
)
from allywatch.types import (
    CitedLink,
    Document,
    Span,
)

# Statements on the per-document hot path are built once per dialect and executed with
# parameters: building ``.values({...})`` anew coerces every literal, which cost ten times
# the SQLite insert itself.

__all__ = [
    "InputRecord",
    "count_documents",
    "document_listing",
    "document_states",
    "get_document",
    "get_documents",
    "ingested_inputs",
    "iter_minhashes",
    "list_documents",
    "mark_extracted",
    "record_input",
    "save_document",
    "search_documents",
    "unextracted_documents",
]


@lru_cache(maxsize=4)
def _insert_document(dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(DOCUMENTS)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(DOCUMENTS.c.id)
    )


@lru_cache(maxsize=4)
def _upsert_input(dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(INPUTS)
    return stmt.on_conflict_do_update(
        index_elements=["id"],
        set_={c: stmt.excluded[c] for c in ("source", "documents", "extracted")},
    )


_DOCUMENT_STATES = select(DOCUMENTS.c.id, DOCUMENTS.c.extracted).where(
    DOCUMENTS.c.id.in_(bindparam("ids", expanding=True))
)
_INPUT_STATES = select(INPUTS.c.id, INPUTS.c.documents, INPUTS.c.extracted).where(
    INPUTS.c.id.in_(bindparam("ids", expanding=True))
)


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


@dataclass(frozen=True, slots=True)
class InputRecord:
    """A local input read completely: ``key`` hashes its bytes and the ingest options;
    ``documents`` are the ids read from it; ``extracted`` whether all were extracted."""

    key: str
    source: str
    documents: tuple[str, ...]
    extracted: bool = False


@retry_on_disconnect
def save_document(
    store: Store,
    doc: Document,
    *,
    minhash: bytes | None = None,
    input_record: InputRecord | None = None,
) -> bool:
    """Store ``doc`` (committed on its own); True if it was new, False if already stored.

    ``minhash`` is the serialised near-duplicate signature the pipeline keeps so a later
    ingest can find syndicated copies of this document. ``input_record``, when given, is
    written in the same transaction (see :func:`record_input`).
    """
    if doc.id != Document.make_id(doc.text):
        raise StoreError(f"{doc.source}: document id {doc.id} is not the hash of its text")
    with store.write() as conn:
        found = conn.execute(_insert_document(store.dialect), _document_values(doc, minhash))
        new = found.first() is not None
        if input_record is not None:
            conn.execute(_upsert_input(store.dialect), _input_values(input_record))
    return new


def get_document(store: Store, doc_id: str) -> Document:
    """The document with id ``doc_id``, or with a unique id starting with it.

    Raises :class:`NotFoundError` when none matches or a prefix matches several.
    """
    columns = [c for c in DOCUMENTS.c if c.name != "minhash"]
    with store.read() as conn:
        row = conn.execute(select(*columns).where(DOCUMENTS.c.id == doc_id)).first()
        if row is None and len(doc_id) >= tables.MIN_PREFIX:
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
        for chunk in chunks(list(dict.fromkeys(doc_ids))):
            stmt = select(*columns).where(DOCUMENTS.c.id.in_(chunk))
            found.update((row.id, _document_from_row(row)) for row in conn.execute(stmt))
    return [found[i] for i in doc_ids if i in found]


def list_documents(store: Store, limit: int | None = None, offset: int = 0) -> list[Document]:
    """Documents in the order they were ingested (then by id)."""
    columns = [c for c in DOCUMENTS.c if c.name != "minhash"]
    with store.read() as conn:
        rows = conn.execute(_in_ingest_order(columns, limit, offset))
        return [_document_from_row(row) for row in rows]


def _in_ingest_order(columns: list[Any], limit: int | None, offset: int) -> Any:
    """``columns`` of documents in the order they were ingested (then by id), one page."""
    return (
        select(*columns)
        .order_by(DOCUMENTS.c.ingested_at, DOCUMENTS.c.id)
        .limit(limit)
        .offset(offset)
    )


def document_listing(
    store: Store, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """The documents :func:`list_documents` returns (same order and paging), each as a plain
    dict of what a listing shows: ``id, title, outlet, author, published, url, source,
    format, words`` (the stored count, ``Document.words`` when it was saved) and
    ``duplicate_of``. It does not read the texts, which a page of fifty documents would
    otherwise load only to drop."""
    columns = [DOCUMENTS.c.id, DOCUMENTS.c.title, DOCUMENTS.c.outlet, DOCUMENTS.c.author,
               DOCUMENTS.c.published, DOCUMENTS.c.url, DOCUMENTS.c.source,
               DOCUMENTS.c.format, DOCUMENTS.c.words, DOCUMENTS.c.duplicate_of]  # fmt: skip
    with store.read() as conn:
        rows = conn.execute(_in_ingest_order(columns, limit, offset)).all()
        return [row._asdict() for row in rows]


def search_documents(store: Store, query: str, *, limit: int | None = 50) -> list[Document]:
    """Documents whose title or text contains ``query`` (case-insensitive), newest first.

    A plain substring scan: fine for thousands of documents; a full-text index is the next
    step for millions.
    """
    needle = query.strip().lower()
    if not needle:
        return []
    columns = [c for c in DOCUMENTS.c if c.name != "minhash"]
    pattern = func.lower(DOCUMENTS.c.title).contains(needle, autoescape=True)
    body = func.lower(DOCUMENTS.c.text).contains(needle, autoescape=True)
    stmt = (
        select(*columns)
        .where(or_(pattern, body))
        .order_by(DOCUMENTS.c.published.is_(None), DOCUMENTS.c.published.desc(), DOCUMENTS.c.id)
        .limit(limit)
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
        for chunk in chunks(ids):
            rows = conn.execute(_DOCUMENT_STATES, {"ids": list(chunk)})
            states.update({row.id: bool(row.extracted) for row in rows})
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


@retry_on_disconnect
def mark_extracted(store: Store, doc_id: str) -> None:
    with store.write() as conn:
        conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == doc_id).values(extracted=True))


# ------------------------------------------------------------------ ingested inputs


def ingested_inputs(store: Store, keys: Iterable[str]) -> dict[str, tuple[list[str], bool]]:
    """For each known input key: the documents read from it and whether all were extracted."""
    ids = list(dict.fromkeys(keys))
    known: dict[str, tuple[list[str], bool]] = {}
    with store.read() as conn:
        for chunk in chunks(ids):
            for row in conn.execute(_INPUT_STATES, {"ids": list(chunk)}):
                known[row.id] = (list(row.documents or ()), bool(row.extracted))
    return known


def _input_values(record: InputRecord) -> dict[str, Any]:
    return {"id": record.key, "source": record.source, "documents": list(record.documents),
            "extracted": record.extracted}  # fmt: skip


@retry_on_disconnect
def record_input(store: Store, record: InputRecord) -> None:
    """Remember that an input (raw bytes + options) was fully ingested, so the next run
    can skip it unread."""
    with store.write() as conn:
        conn.execute(_upsert_input(store.dialect), _input_values(record))
