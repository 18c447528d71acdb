"""NLP stage: ``Document`` -> spaCy ``Doc`` (pipeline factory, actor EntityRuler, offsets).

Contract used by later stages:

- ``load_pipeline(catalog=None) -> spacy.Language``
- ``parse(nlp, documents, n_process=1) -> Iterator[tuple[Document, spacy.tokens.Doc]]``
- ``nlp.catalog.Catalog.load(extra_paths=()) -> Catalog`` (actor catalog; data lives in
  ``extract/resources/catalog/``)
"""
