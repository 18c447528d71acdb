"""Session-wide spaCy pipeline and catalog (loading the model once keeps tests fast)."""

from __future__ import annotations

from datetime import date

import pytest

from allywatch.nlp import load_pipeline
from allywatch.nlp.catalog import Catalog
from allywatch.types import Document


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(scope="session")
def nlp(catalog: Catalog):  # type: ignore[no-untyped-def]
    return load_pipeline(catalog)


def make_document(text: str, published: date | None = date(2026, 3, 1), **kw: object) -> Document:
    return Document(
        id=Document.make_id(text), text=text, source="test", format="text",
        published=published, **kw,  # type: ignore[arg-type]
    )  # fmt: skip
