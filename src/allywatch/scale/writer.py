"""The Ray engine's writer: stores what the workers produced, one batch per transaction.

It runs in the driver, on results in input order, and makes the same decisions as the local
engine (``allywatch.pipeline``), so both engines build the same store: a document already
stored is skipped (and extracted only if it was not yet), a near-duplicate of a stored or
earlier document is stored with ``duplicate_of`` and not extracted, an input read without
error is recorded so the next run skips it unread. Near-duplicate detection needs every
earlier document, which is why it lives here and not in the workers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from allywatch.pipeline import IngestFailure, _Run
from allywatch.scale.worker import InputResult, ReadDocument
from allywatch.store import repository as repo
from allywatch.store.extraction import ExtractionRows
from allywatch.types import Actor, Document

__all__ = ["BatchWriter", "timed"]

log = logging.getLogger(__name__)


@contextmanager
def timed(phases: dict[str, float], name: str) -> Iterator[None]:
    """Add the seconds the block takes to ``phases[name]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        phases[name] = phases.get(name, 0.0) + time.perf_counter() - start


@dataclass(slots=True)
class _Batch:
    """What one batch will write, and the report entries that follow once it is committed."""

    documents: list[tuple[Document, bytes | None]] = field(default_factory=list)
    extractions: list[ExtractionRows] = field(default_factory=list)
    mark: list[str] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    inputs: list[repo.InputRecord] = field(default_factory=list)
    errors: list[IngestFailure] = field(default_factory=list)
    #: Document id -> extracted once this batch is committed.
    done: dict[str, bool] = field(default_factory=dict)
    #: Documents whose extraction failed (reported once).
    failed: set[str] = field(default_factory=set)
    #: Stored, unextracted near-duplicates (an interrupted run left them): only marked.
    copies: set[str] = field(default_factory=set)


class BatchWriter:
    """Writes batches of :class:`InputResult` into ``run.store``, updating ``run.report``
    (its ``phases`` get the seconds spent on near-duplicate checks, ``dedup``, and in the
    store, ``store``)."""

    def __init__(self, run: _Run, early: Iterable[tuple[int, IngestFailure]] = ()) -> None:
        self.run = run
        self.written: set[int] = set()
        #: (inputs to read before it, failure) of inputs that could not even be listed.
        self.early = sorted(early, key=lambda pair: pair[0])

    def flush_errors(self, before: int | None = None) -> None:
        """Report the listing failures that came before input ``before`` (None: all)."""
        while self.early and (before is None or self.early[0][0] <= before):
            self.run.report.errors.append(self.early.pop(0)[1])

    def write(self, results: Iterable[InputResult]) -> None:
        """Store one batch of results (in one commit). A result seen before (a retried Ray
        task may deliver one twice) is ignored; writing it again would change nothing."""
        fresh = [r for r in sorted(results, key=lambda r: r.seq) if r.seq not in self.written]
        if not fresh:
            return
        report = self.run.report
        ids = [d.document.id for r in fresh for d in r.documents]
        with timed(report.phases, "store"):
            states = repo.document_states(self.run.store, ids)
            pending = [doc_id for doc_id, done in states.items() if not done]
            if not self.run.extract:
                pending = []
            stored = repo.get_documents(self.run.store, pending) if pending else []
        batch = _Batch(copies={d.id for d in stored if d.duplicate_of})
        with timed(report.phases, "dedup"):
            for result in fresh:
                self._add_input(batch, result, states)
        with timed(report.phases, "store"):
            new = repo.save_batch(self.run.store, batch.documents, batch.extractions,
                                  extracted=batch.mark, actors=batch.actors.values(),
                                  inputs=batch.inputs)  # fmt: skip
        report.new += len(new)
        report.skipped += len(batch.documents) - len(new)
        report.duplicates += sum(1 for doc, _ in batch.documents
                                 if doc.duplicate_of and doc.id in new)  # fmt: skip
        report.extracted += len(batch.extractions)
        report.errors.extend(batch.errors)
        self.written.update(r.seq for r in fresh)

    def _add_input(self, batch: _Batch, result: InputResult, states: dict[str, bool]) -> None:
        run = self.run
        while self.early and self.early[0][0] <= result.seq:
            batch.errors.append(self.early.pop(0)[1])
        batch.errors.extend(result.errors)
        complete = True
        for item in result.documents:
            run.report.documents.append(item.document.id)
            complete &= self._add_document(batch, item, states)
        if result.key and not result.errors:
            ids = tuple(d.document.id for d in result.documents)
            done = run.extract and complete
            batch.inputs.append(repo.InputRecord(result.key, result.input, ids, extracted=done))

    def _add_document(self, batch: _Batch, item: ReadDocument, states: dict[str, bool]) -> bool:
        """Queue one document; True when it will be extracted once the batch commits."""
        run = self.run
        doc = item.document
        if doc.id in states or doc.id in batch.done:  # stored before, or earlier in the batch
            run.report.skipped += 1
            done = batch.done.setdefault(doc.id, states.get(doc.id, False))
            if not done and run.extract and doc.id not in batch.failed:
                if doc.id in batch.copies:
                    batch.mark.append(doc.id)
                    batch.done[doc.id] = True
                else:
                    batch.done[doc.id] = self._add_extraction(batch, item)
            return batch.done[doc.id]
        original, signature = run.dedup.check(doc, item.signature)
        if original and original != doc.id:
            doc = replace(doc, duplicate_of=original)
            log.info("%s: near-duplicate of stored document %s", doc.source, original)
        batch.documents.append((doc, signature))
        batch.done[doc.id] = False
        if run.extract:
            if doc.duplicate_of:
                # A syndicated copy adds no facts; extracting it would count them twice.
                batch.mark.append(doc.id)
                batch.done[doc.id] = True
            else:
                batch.done[doc.id] = self._add_extraction(batch, item)
        return batch.done[doc.id]

    def _add_extraction(self, batch: _Batch, item: ReadDocument) -> bool:
        if item.rows is None:
            reason = item.error or "not extracted by the worker"
            batch.errors.append(IngestFailure(item.document.source, reason))
            batch.failed.add(item.document.id)
            return False
        batch.extractions.append(item.rows)
        batch.actors.update((actor.id, actor) for actor in item.actors)
        return True
