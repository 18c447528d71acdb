"""``save_batch`` writes per table, not per document, and stores exactly what saving each
document and its extraction in turn stores, on both backends."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from allywatch.store import Store, connect
from allywatch.store import repository as repo
from allywatch.store.extraction import extraction_rows
from allywatch.types import Document, Extraction
from tests.scale.conftest import snapshot
from tests.store.records import TEXT, extraction, make_document


def _documents(n: int) -> list[tuple[Document, Extraction]]:
    """``n`` documents whose extractions share their events (same keys), the second
    stating them with another modality (not part of the key: the first one stored wins)."""
    out = []
    for i in range(n):
        doc = make_document(TEXT + f" Filed as report {i}.", source=f"r{i}.txt")
        found = extraction(doc)
        if i == 1:
            found = dataclasses.replace(found, events=tuple(
                dataclasses.replace(e, modality="reported") for e in found.events))  # fmt: skip
        out.append((doc, found))
    return out


@pytest.fixture
def stores(db_url: str, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """A store to write one document at a time (always SQLite) and one for the batch."""
    with connect(f"sqlite:///{tmp_path / 'one-by-one.sqlite'}") as one, connect(db_url) as two:
        yield one, two


def _one_by_one(store: Store, items: list[tuple[Document, Extraction]]) -> None:
    for doc, found in items:
        repo.save_document(store, doc)
        repo.save_extraction(store, found)


def test_batch_of_new_documents_equals_saving_each_in_turn(
    stores: tuple[Store, Store],
) -> None:
    one, batch = stores
    items = _documents(4)
    _one_by_one(one, items)
    new = repo.save_batch(batch, [(doc, None) for doc, _ in items],
                          [extraction_rows(found) for _, found in items])  # fmt: skip
    assert new == {doc.id for doc, _ in items}
    assert snapshot(batch) == snapshot(one)
    (aid,) = [e for e in repo.query_events(batch) if e.event.type == "AID"]
    assert aid.event.modality == "asserted" and len(aid.evidence) == 8  # 2 sentences x 4 documents
    # again: nothing new, nothing changed
    assert repo.save_batch(batch, [(doc, None) for doc, _ in items],
                           [found for _, found in items]) == set()  # fmt: skip
    assert snapshot(batch) == snapshot(one)


def test_batch_mixing_stored_unextracted_documents_keeps_the_order(
    stores: tuple[Store, Store],
) -> None:
    """A document stored before (unextracted) takes the per-document replace in its place
    in the batch; the result is still that of saving each in turn."""
    one, batch = stores
    items = _documents(4)
    _one_by_one(one, items)
    repo.save_document(batch, items[1][0])
    repo.save_document(batch, items[2][0])
    new = repo.save_batch(batch, [(doc, None) for doc, _ in items],
                          [found for _, found in items])  # fmt: skip
    assert new == {items[0][0].id, items[3][0].id}
    assert snapshot(batch) == snapshot(one)


def test_batch_statements_do_not_grow_with_its_documents(tmp_path: Path) -> None:
    counts = []
    for n in (2, 6):
        with connect(f"sqlite:///{tmp_path / f'{n}.sqlite'}") as store:
            statements: list[Any] = []
            event.listen(store.engine, "before_cursor_execute",
                         lambda *args, seen=statements: seen.append(args[2]))  # fmt: skip
            items = _documents(n)
            repo.save_batch(store, [(doc, None) for doc, _ in items],
                            [found for _, found in items])  # fmt: skip
            counts.append(len(statements))
    assert counts[0] == counts[1]
