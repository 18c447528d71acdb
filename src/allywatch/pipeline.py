"""The whole pipeline on one machine: inputs -> documents -> extraction -> store.

:func:`ingest_paths` runs in two passes so that nothing is ever lost:

1. **Read and store.** Each input (file, URL; directories and globs expand to files) is read
   and cleaned by :func:`allywatch.ingest.read_inputs`; each new document is checked against
   the stored ones for near-duplicates and committed on its own. A local file whose bytes
   and options were ingested before is skipped before it is even read, so re-ingesting is a
   no-op that costs a hash per file.
2. **Extract.** Documents of this run that are stored but not extracted (new ones, and those
   an interrupted run left behind) go through the spaCy pipeline (loaded only now, and only
   if there is something to extract) and the extractors; each extraction is committed on its
   own and marks its document extracted.

A run killed at any point therefore loses nothing already committed, and running it again
completes exactly the rest.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from allywatch.config import Settings, get_settings
from allywatch.errors import InputError
from allywatch.store import Store
from allywatch.store import repository as repo
from allywatch.types import Document, stable_id

if TYPE_CHECKING:
    from spacy.language import Language

    from allywatch.nlp.catalog import Catalog

__all__ = ["IngestFailure", "IngestReport", "Progress", "ingest_paths", "resolve_ledger"]

log = logging.getLogger(__name__)

#: ``progress(phase, done, total)`` with phase ``"read"`` or ``"extract"``.
Progress = Callable[[str, int, int], None]

#: Inputs whose raw hashes are looked up in one query.
_BATCH = 256
#: Documents fetched from the store at a time for extraction.
_EXTRACT_BATCH = 64


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """One input (or document) that failed, and why."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


@dataclass(slots=True)
class IngestReport:
    """What an ingest did. ``skipped`` counts documents that were stored already."""

    inputs: int = 0
    new: int = 0
    skipped: int = 0
    duplicates: int = 0
    extracted: int = 0
    #: Predictions the ledger resolved after this run's extractions.
    resolved: int = 0
    errors: list[IngestFailure] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: Seconds spent per phase of the run (``read``, ``extract``, ``resolve``...; the Ray
    #: engine's are listed in ``docs/scale.md``), for logs and benchmarks.
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _input_key(path: str, options: tuple[object, ...], limit: int) -> str | None:
    """Identity of a local file's bytes plus the options that change what it reads as.

    None when the file cannot be hashed cheaply (missing, too big): the reader reports it.
    """
    try:
        if os.path.getsize(path) > limit:
            return None
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None
    return stable_id("input", digest, *options, length=32)


class _NearDuplicates:
    """Sentence-level MinHash lookup against every stored document.

    The index is seeded from the signatures kept in ``documents.minhash`` the first time a
    new document needs checking, so a re-ingest that stores nothing never loads it.
    """

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store = store
        self._settings = settings
        self._index: Any = None

    def _loaded(self) -> Any:
        if self._index is None:
            from allywatch.ingest.dedup import NearDuplicateIndex

            self._index = NearDuplicateIndex(self._settings)
            for doc_id, signature in repo.iter_minhashes(self._store):
                self._index.add(doc_id, signature)
        return self._index

    def __contains__(self, doc_id: str) -> bool:
        """Whether ``doc_id`` is stored with a signature, or was checked in this run."""
        return doc_id in self._loaded()

    def check(self, doc: Document, signature: bytes | None = None) -> tuple[str | None, bytes]:
        """The stored document ``doc`` nearly duplicates (or None), and its signature
        (computed once: querying and indexing both take the signature bytes; a caller that
        computed it elsewhere, such as a Ray worker, passes it in)."""
        index = self._loaded()
        if signature is None:
            signature = index.signature(doc)
        original: str | None = index.query(signature)
        index.add(doc.id, signature)
        return original, signature


@dataclass(slots=True)
class _Run:
    store: Store
    settings: Settings
    published: date | None
    outlet: str | None
    fields: Mapping[str, str]
    extract: bool
    report: IngestReport
    dedup: _NearDuplicates
    #: Document ids to extract, in the order they were read.
    pending: dict[str, None] = field(default_factory=dict)
    #: Input key -> (input, document ids) for inputs read completely in this run.
    completed: dict[str, tuple[str, list[str]]] = field(default_factory=dict)


def ingest_paths(
    inputs: Iterable[str],
    store: Store,
    *,
    published: date | None = None,
    outlet: str | None = None,
    fields: Mapping[str, str] | None = None,
    extract: bool = True,
    n_process: int = 1,
    catalog: Catalog | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
    nlp: Language | None = None,
) -> IngestReport:
    """Ingest files, directories, globs and URLs into ``store``; see the module docstring.

    ``published`` and ``outlet`` override what ingest infers; ``fields`` maps JSONL/CSV
    field roles (text, title, date, url, outlet, author) to a corpus's own names. Bad inputs
    do not stop the batch: each is listed in ``report.errors`` with the reason. ``nlp``
    reuses a pipeline from ``allywatch.nlp.load_pipeline(catalog)`` (a service or a
    benchmark running many ingests) instead of loading the model for this run.
    """
    settings = settings or get_settings()
    started = time.perf_counter()
    report = IngestReport()
    dedup = _NearDuplicates(store, settings)
    fields = dict(fields or {})
    run = _Run(store, settings, published, outlet, fields, extract, report, dedup)
    for done, planned in enumerate(_plan_inputs(run, inputs), start=1):
        if planned is not None:
            _read_one(run, *planned)
        if progress:
            progress("read", done, report.inputs)
    report.phases["read"] = time.perf_counter() - started
    if extract:
        _extract_pending(run, n_process, catalog, progress, nlp)
        report.phases["extract"] = time.perf_counter() - started - report.phases["read"]
        report.resolved = resolve_ledger(store, report)
    report.seconds = time.perf_counter() - started
    if extract:
        report.phases["resolve"] = report.seconds - sum(report.phases.values())
    return report


def resolve_ledger(store: Store, report: IngestReport) -> int:
    """After new extractions, resolve the open predictions that the stored events settle or
    whose deadline has passed (``allywatch.analyze.ledger``), so the ledger is current after
    every ingest. Returns how many were resolved."""
    if not report.extracted:
        return 0
    from allywatch.analyze.ledger import resolve_predictions

    resolved = resolve_predictions(store)
    for item in resolved:
        log.info("prediction resolved: %s", item)
    return len(resolved)


def _plan_inputs(run: _Run, inputs: Iterable[str]) -> Iterator[tuple[str, str | None] | None]:
    """Expand ``inputs`` and decide, for each, whether it must be read.

    Yields ``(input, key)`` for an input to read (``key`` identifies a local file's bytes
    and options, None for URLs) and None for one ingested before (its documents are counted
    as skipped). Inputs that cannot even be listed go to ``report.errors``;
    ``report.inputs`` is set before the first yield. Shared by the Ray engine
    (``allywatch.scale``).
    """
    from allywatch.ingest.sources import expand_inputs, is_url

    report = run.report
    # What changes how a file reads is part of its identity for the skip-unread check.
    options = (run.published or "", run.outlet or "", sorted(run.fields.items()))
    items = list(expand_inputs(list(inputs)))
    report.inputs = sum(1 for item in items if not isinstance(item, InputError))
    for batch in _chunks(items, _BATCH):
        keys = {
            item: _input_key(item, options, run.settings.max_input_bytes)
            for item in batch
            if isinstance(item, str) and not is_url(item)
        }
        known = repo.ingested_inputs(run.store, [k for k in keys.values() if k])
        for item in batch:
            if isinstance(item, InputError):
                report.errors.append(IngestFailure(item.source, item.reason))
                continue
            key = keys.get(item)
            seen = known.get(key) if key else None
            if seen is not None and (seen[1] or not run.extract):
                report.skipped += len(seen[0])
                report.documents.extend(seen[0])
                yield None
            else:
                yield item, key


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _read_one(run: _Run, item: str, key: str | None) -> None:
    """Read one input, store its new documents, queue what needs extracting.

    The input's record (which lets the next run skip it unread) is written in the same
    transaction as its last document, so a one-document file costs one commit.
    """
    from allywatch.ingest import read_inputs

    report = run.report
    doc_ids: list[str] = []
    failed = False
    held: Document | None = None
    for result in read_inputs([item], published=run.published, outlet=run.outlet,
                              settings=run.settings, fields=run.fields):  # fmt: skip
        if isinstance(result, InputError):
            report.errors.append(IngestFailure(result.source, result.reason))
            failed = True
            continue
        doc_ids.append(result.id)
        report.documents.append(result.id)
        if held is not None:
            _store_one(run, held)
        held = result
    record = None
    if key and not failed:
        record = repo.InputRecord(key, item, tuple(doc_ids), extracted=False)
        if run.extract:
            run.completed[key] = (item, doc_ids)
    if held is not None:
        _store_one(run, held, record)
    elif record is not None:
        repo.record_input(run.store, record)


def _store_one(run: _Run, doc: Document, record: repo.InputRecord | None = None) -> None:
    """Save one document (committed on its own, with ``record`` when given), marking a
    near-duplicate of a stored one; queue it for extraction when it needs it.

    The near-duplicate index holds every stored document that has a signature, so a
    document it knows is stored already and one it does not know is most likely new: new
    documents go straight to the insert (which does nothing when the id exists, e.g. one
    stored without a signature or by another process meanwhile) without a lookup first.
    """
    if doc.id in run.dedup:
        _stored_already(run, doc, record)
        return
    original, signature = run.dedup.check(doc)
    if original and original != doc.id:
        doc = replace(doc, duplicate_of=original)
    if not repo.save_document(run.store, doc, minhash=signature, input_record=record):
        _stored_already(run, doc, record)
        return
    report = run.report
    report.new += 1
    if run.extract:
        run.pending[doc.id] = None
    if doc.duplicate_of:
        report.duplicates += 1
        log.info("%s: near-duplicate of stored document %s", doc.source, doc.duplicate_of)


def _stored_already(run: _Run, doc: Document, record: repo.InputRecord | None) -> None:
    """Count a document found in the store; queue it if it still needs extracting."""
    run.report.skipped += 1
    states = repo.document_states(run.store, [doc.id])
    if run.extract and not states.get(doc.id, True):
        run.pending[doc.id] = None
    if record is not None:
        done = run.extract and not any(d in run.pending for d in record.documents)
        repo.record_input(run.store, replace(record, extracted=done))


def _extract_pending(
    run: _Run,
    n_process: int,
    catalog: Catalog | None,
    progress: Progress | None,
    nlp: Language | None = None,
) -> None:
    """Parse and extract every pending document (the stage sequence of
    :mod:`allywatch.extract.process`), committing each extraction."""
    pending = list(run.pending)
    if not pending:
        return
    from allywatch.extract.process import Processor

    processor = Processor(run.settings, catalog=catalog, nlp=nlp)
    report = run.report
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress("extract", done, len(pending))

    def documents() -> Iterator[Document]:
        for chunk in _chunks(pending, _EXTRACT_BATCH):
            for doc in repo.get_documents(run.store, list(chunk)):
                if doc.duplicate_of:
                    # A syndicated copy adds no facts; extracting it would count them twice.
                    repo.mark_extracted(run.store, doc.id)
                    tick()
                    continue
                yield doc

    for processed in processor.process_many(documents(), n_process=n_process):
        doc = processed.document
        if processed.extraction is None:
            report.errors.append(IngestFailure(doc.source, str(processed.error)))
            tick()
            continue
        try:
            repo.save_extraction(run.store, processed.extraction)
            repo.ensure_actors(run.store, list(processed.actors))
        except Exception as exc:  # a store failure on one document must not stop the batch
            log.exception("%s: storing the extraction failed", doc.source)
            report.errors.append(IngestFailure(doc.source, f"extraction failed: {exc!r}"))
        else:
            report.extracted += 1
        tick()
    states = repo.document_states(run.store, [d for _, ids in run.completed.values() for d in ids])
    for key, (item, ids) in run.completed.items():
        if all(states.get(d, False) for d in ids):
            repo.record_input(run.store, repo.InputRecord(key, item, tuple(ids), extracted=True))
