"""The NLP and actor modules' public API is what their ``__all__`` says."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "allywatch.nlp",
    "allywatch.nlp.catalog",
    "allywatch.nlp.components",
    "allywatch.extract.actors",
    "allywatch.store.actors",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.__all__ lists missing {attr}"


def test_contract_names() -> None:
    import allywatch.nlp as nlp

    assert {"load_pipeline", "parse", "Catalog"} <= set(nlp.__all__)
    from allywatch.extract.actors import resolve_mentions

    assert callable(resolve_mentions)
