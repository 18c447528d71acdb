"""The store's and the pipeline's public names exist (``__all__`` is the contract)."""

import importlib

import pytest

MODULES = ["allywatch.store", "allywatch.store.repository", "allywatch.store.engine",
           "allywatch.store.documents", "allywatch.store.extraction", "allywatch.store.queries",
           "allywatch.store.tables",
           "allywatch.pipeline"]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.__all__ lists missing {attr}"


def test_contract_names() -> None:
    from allywatch.store import repository

    for name in ("save_document", "save_extraction", "get_document", "list_documents",
                 "query_events", "count_events", "query_quotes", "query_predictions",
                 "list_mentions", "list_dates"):  # fmt: skip
        assert name in repository.__all__
