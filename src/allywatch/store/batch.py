"""Writing a batch of documents with their extractions in one transaction.

The Ray engine (``allywatch.scale``) receives documents already read and extracted by its
workers, a batch at a time; :func:`save_batch` stores one such batch in a single commit
instead of two commits per document. Every statement is an idempotent upsert (documents by
content hash, extractions replacing what the document contributed, actors get-or-create,
input records by key), so writing the same batch twice, as a retried Ray task or a
dropped connection may cause, changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import update

from allywatch.errors import StoreError
from allywatch.store.actors import ACTORS, _values
from allywatch.store.documents import (
    InputRecord,
    _document_values,
    _input_values,
    _insert_document,
    _upsert_input,
)
from allywatch.store.engine import Store, retry_on_disconnect
from allywatch.store.extraction import (
    ExtractionRows,
    extraction_rows,
    save_extraction_in,
    save_new_extractions_in,
)
from allywatch.store.tables import DOCUMENTS, chunks, dialect_insert
from allywatch.types import Actor, Document, Extraction

__all__ = ["save_batch"]


@retry_on_disconnect
def save_batch(
    store: Store,
    documents: Sequence[tuple[Document, bytes | None]],
    extractions: Sequence[Extraction | ExtractionRows] = (),
    *,
    extracted: Iterable[str] = (),
    actors: Iterable[Actor] = (),
    inputs: Iterable[InputRecord] = (),
) -> set[str]:
    """Store documents (with their MinHash signatures), then extractions, in one commit.

    ``extracted`` lists stored documents to mark extracted without an extraction
    (near-duplicates, whose facts the original already holds); ``actors`` are created when
    missing; ``inputs`` records the inputs read completely. Returns the ids of the documents
    that were new. An extraction's document must be stored before or in this batch; an
    extraction may come as its rows (``extraction_rows``, built where it was extracted).

    The statements are per table, not per document: the documents go in one multi-row
    insert (RETURNING tells which were new, also against a concurrent writer), and the
    extractions of new documents in one insert per table (they have nothing to replace);
    only an extraction of a document stored before (an interrupted run left it
    unextracted) takes :func:`save_extraction_in`'s per-document replace, in its place in
    the order.
    """
    for doc, _ in documents:
        if doc.id != Document.make_id(doc.text):
            raise StoreError(f"{doc.source}: document id {doc.id} is not the hash of its text")
    new: set[str] = set()
    mark = sorted(set(extracted))
    actor_rows = {a.id: _values(a) for a in actors}
    rows = [e if isinstance(e, ExtractionRows) else extraction_rows(e) for e in extractions]
    with store.write() as conn:
        if documents:
            values = [_document_values(doc, minhash) for doc, minhash in documents]
            new.update(conn.execute(_insert_document(store.dialect), values).scalars())
        fresh: list[ExtractionRows] = []
        saved: set[str] = set()
        for item in rows:
            if item.doc_id in new and item.doc_id not in saved:
                fresh.append(item)
                saved.add(item.doc_id)
                continue
            save_new_extractions_in(conn, fresh)  # keep the order: the first kept wins
            fresh = []
            save_extraction_in(conn, item)
            saved.add(item.doc_id)
        save_new_extractions_in(conn, fresh)
        for chunk in chunks(mark):
            conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.id.in_(chunk)).values(extracted=True))
        if actor_rows:
            stmt = dialect_insert(conn, ACTORS).on_conflict_do_nothing(index_elements=["id"])
            conn.execute(stmt, list(actor_rows.values()))
        records = [_input_values(record) for record in inputs]
        if records:
            conn.execute(_upsert_input(store.dialect), records)
    return new
