"""Gold files -> :class:`~allywatch.extract.registry.GoldExample`: each gold document parsed
once (spaCy, actors, dates), to be scored or trained on as often as cross-validation needs.

Formats (``FORMATS``):

- ``allywatch``: our gold layout (DESIGN.md "Evaluation"); documents are read through
  ingest, ``published`` in the gold overrides what ingest infers.
- ``plover-gsr``: PLOVER gold-standard records, one sentence each.
- ``petrarch-xml``: PETRARCH-2's unit-test records, CAMEO codes mapped to PLOVER; their toy
  actors are resolved with a catalog extension used for those documents only.

(The two peer formats are read by :mod:`allywatch.analyze.gold_peer`.)

Every loader yields gold in the allywatch layout: events with ``type, source, target,
negated, evidence, alt_types``. A gold that scores events only (the peer formats have no
quotes, predictions or dates) says so with ``"scored": ["events"]``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allywatch.analyze.evaluate import _published, load_document, load_gold
from allywatch.errors import EvaluationError
from allywatch.extract.registry import GoldExample
from allywatch.types import Document

if TYPE_CHECKING:
    from spacy.language import Language

    from allywatch.nlp.catalog import Catalog

__all__ = [
    "FORMATS",
    "GoldFile",
    "Parser",
    "detect_format",
    "load_gold_examples",
    "read_gold",
]

log = logging.getLogger(__name__)

FORMATS = ("allywatch", "plover-gsr", "petrarch-xml")


@dataclass
class GoldFile:
    """The examples of one gold file, and the gold entries left out with the reason."""

    path: Path
    format: str
    examples: list[GoldExample] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


class Parser:
    """Parses documents with one spaCy pipeline and catalog into gold examples, the way
    the pipeline's own stages would (:func:`allywatch.extract.find_mentions_and_dates`).

    ``nlp`` and ``catalog`` default to the configured catalog and its pipeline; a loader
    that needs actors of its own asks :meth:`with_catalog` for a parser with them.
    """

    def __init__(self, nlp: Language | None = None, catalog: Catalog | None = None) -> None:
        self._nlp = nlp
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from allywatch.nlp import default_catalog

            self._catalog = default_catalog()
        return self._catalog

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from allywatch.nlp import load_pipeline

            self._nlp = load_pipeline(self.catalog)
        return self._nlp

    def with_catalog(self, catalog: Catalog) -> Parser:
        """A parser over ``catalog`` (its own pipeline: the actor matcher is the catalog's)."""
        from allywatch.nlp import load_pipeline

        return Parser(load_pipeline(catalog), catalog)

    def examples(
        self,
        items: Sequence[tuple[Document, Mapping[str, Any], str]],
        *,
        own_catalog: bool = False,
    ) -> list[GoldExample]:
        """``(document, gold entry, source)`` triples -> examples, parsed in one batch.
        ``own_catalog`` records this parser's catalog on each example (not the default)."""
        from allywatch.extract import find_mentions_and_dates
        from allywatch.nlp import parse

        gold = {id(doc): (entry, source) for doc, entry, source in items}
        out = []
        for document, sdoc in parse(self.nlp, [doc for doc, _, _ in items]):
            entry, source = gold[id(document)]
            mentions, dates = find_mentions_and_dates(document, sdoc, self.catalog)
            out.append(GoldExample(document, sdoc, tuple(mentions), tuple(dates), entry,
                                   source, self.catalog if own_catalog else None))  # fmt: skip
        return out


def detect_format(path: str | Path) -> str:
    """The gold format of a file, from its content: PETRARCH XML, a JSON array of PLOVER
    records, or a JSON object with ``documents`` (ours)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).lstrip()
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read gold file: {exc.strerror}") from exc
    if head.startswith(b"<"):
        return "petrarch-xml"
    if head.startswith(b"["):
        return "plover-gsr"
    if head.startswith(b"{"):
        return "allywatch"
    raise EvaluationError(f"{path}: not a gold file of a known format ({', '.join(FORMATS)})")


def read_gold(
    path: str | Path,
    fmt: str | None = None,
    *,
    docs_dir: str | Path | None = None,
    parser: Parser | None = None,
) -> GoldFile:
    """Read and parse one gold file (format detected when ``fmt`` is None)."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    parser = parser or Parser()
    if fmt == "allywatch":
        return _read_allywatch(path, docs_dir, parser)
    if fmt == "plover-gsr":
        from allywatch.analyze.gold_peer import read_plover

        return read_plover(path, parser)
    if fmt == "petrarch-xml":
        from allywatch.analyze.gold_peer import read_petrarch

        return read_petrarch(path, parser)
    raise EvaluationError(f"{path}: unknown gold format {fmt!r} (known: {', '.join(FORMATS)})")


def load_gold_examples(
    path: str | Path,
    format: str | None = None,
    *,
    docs_dir: str | Path | None = None,
    parser: Parser | None = None,
) -> list[GoldExample]:
    """The gold examples of one file; what was left out is logged with the reason."""
    gold = read_gold(path, format, docs_dir=docs_dir, parser=parser)
    if gold.skipped:
        log.info("%s: %d gold entries left out (%s)", path, len(gold.skipped),
                 "; ".join(sorted({reason for _, reason in gold.skipped})))  # fmt: skip
    return gold.examples


def _read_allywatch(path: Path, docs_dir: str | Path | None, parser: Parser) -> GoldFile:
    gold = load_gold(path)
    base = Path(docs_dir) if docs_dir is not None else path.parent
    items: list[tuple[Document, Mapping[str, Any], str]] = []
    for entry in gold["documents"]:
        doc_path = base / entry["document"]
        if not doc_path.is_file():
            raise EvaluationError(f"{path}: document {doc_path} does not exist")
        published = _published(entry.get("published"), f"{path}: {entry['document']}")
        items.append((load_document(doc_path, published), entry, f"{path}#{entry['document']}"))
    return GoldFile(path, "allywatch", parser.examples(items))
