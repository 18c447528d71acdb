"""What one Ray worker does with a batch of inputs: read, sign, parse, extract.

:class:`DocumentWorker` is the callable class Ray Data's ``map_batches`` runs in each actor:
it loads the stage sequence (``allywatch.extract.process.Processor``: catalog, spaCy
pipeline, events backend) once, in its constructor, and then turns each batch of inputs
into :class:`InputResult` records (pickled into one binary column, since they are nested
dataclasses). Each extraction travels as the rows the store writes
(``allywatch.store.extraction.extraction_rows``): building them is per-document work, done
here in parallel rather than in the single writer. Nothing here touches the database or
Ray itself, so the class runs (and is tested) the same in a plain process.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from allywatch.config import Settings
from allywatch.errors import InputError
from allywatch.pipeline import IngestFailure
from allywatch.store.extraction import ExtractionRows, extraction_rows
from allywatch.types import Actor, Document

if TYPE_CHECKING:
    from allywatch.extract.process import Processor

__all__ = ["DocumentWorker", "InputResult", "ReadDocument", "decode", "encode"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReadDocument:
    """One document of an input, with what the worker computed for it.

    ``rows`` is its extraction as the store's rows (built here, so the single writer only
    executes statements); ``error`` is why extraction failed (``rows`` is then None); with
    extraction off both are None.
    """

    document: Document
    signature: bytes
    rows: ExtractionRows | None = None
    actors: tuple[Actor, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class InputResult:
    """Everything one input produced. ``seq`` is the input's position in the job; ``key``
    identifies a local file's bytes and options (None for URLs); ``worker`` is the pid of
    the process that did the work (for logs)."""

    seq: int
    input: str
    key: str | None
    documents: tuple[ReadDocument, ...]
    errors: tuple[IngestFailure, ...]
    worker: int


def encode(result: InputResult) -> bytes:
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def decode(blob: bytes) -> InputResult:
    # The blobs come from our own workers in this job, never from outside.
    result = pickle.loads(blob)
    if not isinstance(result, InputResult):
        raise TypeError(f"expected an InputResult, got {type(result).__name__}")
    return result


class DocumentWorker:
    """Ingest -> NLP -> extract for a batch of inputs; the pipeline is loaded once.

    ``__call__`` takes a batch with columns ``seq``, ``input`` and ``key`` (``""`` for
    none) and returns columns ``seq`` and ``result`` (an encoded :class:`InputResult` per
    input), in the batch's order.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        published: date | None = None,
        outlet: str | None = None,
        fields: Mapping[str, str] | None = None,
        extract: bool = True,
    ) -> None:
        self.settings = settings
        self.published = published
        self.outlet = outlet
        self.fields = dict(fields or {})
        self.pid = os.getpid()
        #: The stage sequence (catalog, spaCy pipeline, events backend loaded once, here).
        self.processor: Processor | None = None
        if extract:
            from allywatch.extract.process import Processor

            self.processor = Processor(settings).load()
            log.info("worker %d: pipeline loaded", self.pid)

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list[Any]]:
        inputs = [
            (int(seq), str(item), str(key) or None)
            for seq, item, key in zip(batch["seq"], batch["input"], batch["key"], strict=True)
        ]
        read = [self._read(item) for _, item, _ in inputs]
        extracted = self._extract([pair for docs, _ in read for pair in docs])
        results = []
        for (seq, item, key), (docs, errors) in zip(inputs, read, strict=True):
            documents = tuple(
                extracted.get(doc.id) or ReadDocument(doc, signature) for doc, signature in docs
            )
            results.append(InputResult(seq, item, key, documents, errors, self.pid))
        return {"seq": [r.seq for r in results], "result": [encode(r) for r in results]}

    def _read(self, item: str) -> tuple[list[tuple[Document, bytes]], tuple[IngestFailure, ...]]:
        from allywatch.ingest import read_inputs
        from allywatch.ingest.dedup import NearDuplicateIndex

        docs: list[tuple[Document, bytes]] = []
        errors: list[IngestFailure] = []
        for found in read_inputs([item], published=self.published, outlet=self.outlet,
                                 settings=self.settings, fields=self.fields):  # fmt: skip
            if isinstance(found, InputError):
                errors.append(IngestFailure(found.source, found.reason))
            else:
                docs.append((found, NearDuplicateIndex.signature(found)))
        return docs, tuple(errors)

    def _extract(self, docs: Sequence[tuple[Document, bytes]]) -> dict[str, ReadDocument]:
        """Parse and extract ``docs`` (by id); one document's failure is its own error."""
        if self.processor is None or not docs:
            return {}
        signatures = {doc.id: signature for doc, signature in docs}
        unique = list({doc.id: doc for doc, _ in docs}.values())
        out: dict[str, ReadDocument] = {}
        for done in self.processor.process_many(unique):
            doc, signature = done.document, signatures[done.document.id]
            if done.extraction is None:
                out[doc.id] = ReadDocument(doc, signature, error=done.error)
                continue
            try:
                rows = extraction_rows(done.extraction)
            except Exception as exc:  # same contract as the local engine: report, go on
                log.exception("%s: building the store rows failed", doc.source)
                out[doc.id] = ReadDocument(doc, signature, error=f"extraction failed: {exc!r}")
            else:
                out[doc.id] = ReadDocument(doc, signature, rows, done.actors)
        return out
