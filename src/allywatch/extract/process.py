"""The one stage sequence: ``Document`` -> parse -> actors -> dates -> events -> quotes ->
predictions -> ``Extraction``.

Every caller runs documents through here: the local engine (``allywatch.pipeline``), the Ray
workers (``allywatch.scale.worker``), ``allywatch eval`` and, through the local engine,
``serve`` uploads. :class:`Processor` holds what is loaded once (the catalog, the spaCy
pipeline, the events backend the settings name), each loaded the first time it is needed:

- :meth:`Processor.process` turns one document into its extraction or raises
  :class:`~allywatch.errors.ExtractionError` saying which document and why;
- :meth:`Processor.process_many` streams documents through ``nlp.pipe`` (batched, optionally
  in ``n_process`` processes) and yields one :class:`Processed` per document, in order: its
  extraction, or the reason it failed. One document's failure never sinks the others: an
  extractor error is that document's error, and a parse that breaks mid-stream (a document
  too long for the model, say) is retried one document at a time for the documents in
  flight, so only the culprit fails; the stream then goes on.

The stages after the parse are :func:`allywatch.extract.extract_document`; the spaCy stage
is :func:`allywatch.nlp.parse`. Both are looked up on their modules at call time (tests
replace them with stand-ins).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from allywatch.errors import ExtractionError
from allywatch.types import Actor, Document, Extraction

if TYPE_CHECKING:
    from spacy.language import Language

    from allywatch.config import Settings
    from allywatch.extract.registry import EventBackend
    from allywatch.nlp.catalog import Catalog

__all__ = ["Processed", "Processor", "catalog_actors", "process_document"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Processed:
    """What became of one document: its extraction and the catalog entries of the actors
    it refers to (for the store's actors table), or ``error`` (why it failed:
    ``"parsing failed: ..."`` or ``"extraction failed: ..."``)."""

    document: Document
    extraction: Extraction | None = None
    actors: tuple[Actor, ...] = ()
    error: str | None = None


class Processor:
    """The stage sequence with its resources, each loaded on first use (module docstring).

    ``settings`` (default: the configured ones) name the catalog files and the events
    backend; ``catalog``, ``nlp`` and ``backend`` reuse ones loaded elsewhere.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        catalog: Catalog | None = None,
        nlp: Language | None = None,
        backend: EventBackend | None = None,
    ) -> None:
        if settings is None:
            from allywatch.config import get_settings

            settings = get_settings()
        self.settings = settings
        self._catalog = catalog
        self._nlp = nlp
        self._backend = backend

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from allywatch.nlp.catalog import Catalog

            self._catalog = Catalog.load(self.settings.catalog_paths)
        return self._catalog

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from allywatch import nlp

            self._nlp = nlp.load_pipeline(self.catalog)
        return self._nlp

    @property
    def backend(self) -> EventBackend:
        if self._backend is None:
            from allywatch.extract.registry import get_backend

            self._backend = get_backend(self.settings.events_backend)
        return self._backend

    def load(self) -> Processor:
        """Load everything now (a worker that should pay the load before its first batch)."""
        _ = self.catalog, self.nlp, self.backend
        return self

    # ------------------------------------------------------------------ running
    def process(self, document: Document) -> Extraction:
        """The extraction of one document; :class:`ExtractionError` if it fails."""
        (done,) = self.process_many([document])
        if done.extraction is None:
            raise ExtractionError(f"{document.source}: {done.error}")
        return done.extraction

    def process_many(
        self, documents: Iterable[Document], *, n_process: int = 1
    ) -> Iterator[Processed]:
        """Parse and extract ``documents``, one :class:`Processed` each (module docstring)."""
        from allywatch import nlp as nlp_stage

        source = iter(documents)
        nlp = self.nlp
        while True:
            in_flight: deque[Document] = deque()
            try:
                for document, sdoc in nlp_stage.parse(nlp, _feed(source, in_flight),
                                                      n_process=n_process):  # fmt: skip
                    _drop(in_flight, document)
                    yield self._extract(document, sdoc)
                return
            except Exception as exc:  # the parse broke: find the culprit, then go on
                if not in_flight:
                    raise  # no document was being parsed: the stage itself is broken
                log.warning("parsing a batch failed (%r); parsing its %d documents one by one",
                            exc, len(in_flight))  # fmt: skip
                for document in list(in_flight):
                    yield self._parse_alone(document)

    def _parse_alone(self, document: Document) -> Processed:
        from allywatch import nlp as nlp_stage

        try:
            parsed = list(nlp_stage.parse(self.nlp, [document]))
        except Exception as exc:  # this document cannot be parsed: its error, not the batch's
            log.warning("%s: parsing failed: %r", document.source, exc)
            return Processed(document, error=f"parsing failed: {exc}")
        if not parsed:
            return Processed(document, error="parsing failed: the NLP stage returned no parse")
        return self._extract(*parsed[0])

    def _extract(self, document: Document, sdoc: Any) -> Processed:
        import allywatch.extract as extract_stage

        try:
            extraction = extract_stage.extract_document(document, sdoc, self.catalog,
                                                        self.backend)  # fmt: skip
        except Exception as exc:  # one document's failure must not stop the batch
            log.exception("%s: extraction failed", document.source)
            return Processed(document, error=f"extraction failed: {exc!r}")
        return Processed(document, extraction, catalog_actors(extraction, self.catalog))


def catalog_actors(extraction: Extraction, catalog: Catalog) -> tuple[Actor, ...]:
    """The catalog entries of every actor the extraction refers to (for the actors table)."""
    ids: set[str] = {m.actor_id for m in extraction.mentions if m.actor_id}
    for event in extraction.events:
        ids.update(event.source, event.target)
    ids.update(q.speaker for q in extraction.quotes if q.speaker)
    ids.update(p.subject for p in extraction.predictions if p.subject)
    found = (catalog.get(actor_id) for actor_id in sorted(ids))
    return tuple(actor for actor in found if actor is not None)


def _feed(source: Iterator[Document], in_flight: deque[Document]) -> Iterator[Document]:
    """``source``, noting each document handed to the parse until it comes back."""
    for document in source:
        in_flight.append(document)
        yield document


def _drop(in_flight: deque[Document], document: Document) -> None:
    """Forget a document the parse has returned (``nlp.pipe`` keeps the input order)."""
    if in_flight and in_flight[0] is document:
        in_flight.popleft()
    elif document in in_flight:
        in_flight.remove(document)


def process_document(
    document: Document,
    nlp: Language | None = None,
    catalog: Catalog | None = None,
    settings: Settings | None = None,
    *,
    backend: EventBackend | None = None,
) -> Extraction:
    """One document through the whole stage sequence (a :class:`Processor` made for it;
    callers with many documents keep one Processor instead)."""
    return Processor(settings, catalog=catalog, nlp=nlp, backend=backend).process(document)
