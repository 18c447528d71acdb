"""The extractor registry: the events backend is chosen by name in the settings, and a
backend registered by name is what every caller runs (local engine, Ray worker, eval)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from allywatch.config import get_settings
from allywatch.errors import ConfigError
from allywatch.extract import registry
from allywatch.extract.registry import (
    EventBackend,
    GoldExample,
    RulesBackend,
    backend_names,
    get_backend,
    register_backend,
    unregister_backend,
)
from allywatch.types import DateValue, Document, Event, Evidence, Mention

#: A sentence no rule of the coder reads as an event, so only the test backend finds one.
TEXT = "The committee met on a rainy afternoon.\n\nThe zebra crossed the quiet road slowly.\n"


class ZebraBackend:
    """Codes an AID event from Chad to Niger on every sentence that names a zebra."""

    name = "zebra"

    def __init__(self) -> None:
        self.calls = 0

    def extract(
        self,
        sdoc: Any,
        document: Document,
        mentions: Sequence[Mention],
        dates: Sequence[DateValue],
        catalog: Any,
    ) -> list[Event]:
        self.calls += 1
        out = []
        for sent in sdoc.sents:
            if "zebra" in sent.text:
                evidence = Evidence(document.id, sent.start_char, sent.end_char, sent.text)
                out.append(Event("AID", ("TCD",), ("NER",), evidence, trigger="zebra"))
        return out

    def fit(self, examples: Sequence[GoldExample]) -> ZebraBackend:
        return self


@pytest.fixture
def zebra(monkeypatch: pytest.MonkeyPatch) -> Iterator[ZebraBackend]:
    backend = ZebraBackend()
    register_backend("zebra", lambda: backend)
    monkeypatch.setenv("ALLYWATCH_EVENTS_BACKEND", "zebra")
    get_settings.cache_clear()
    try:
        yield backend
    finally:
        unregister_backend("zebra")
        get_settings.cache_clear()


def test_registry_rules_is_the_default_backend() -> None:
    assert get_settings().events_backend == "rules"
    backend = get_backend()
    assert isinstance(backend, RulesBackend) and backend.name == "rules"
    assert get_backend("rules") is backend  # one instance per process
    assert backend.fit([]) is backend  # nothing to learn
    assert isinstance(backend, EventBackend)


def test_registry_unknown_backend_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match=r"unknown events backend 'nope' \(known: .*rules"):
        get_backend("nope")
    monkeypatch.setenv("ALLYWATCH_EVENTS_BACKEND", "nope")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="ALLYWATCH_EVENTS_BACKEND"):
        get_backend()


def test_registry_names_taken_and_bad_factories() -> None:
    with pytest.raises(ConfigError, match="registered already"):
        register_backend("rules", RulesBackend)
    register_backend("broken", lambda: object())  # type: ignore[arg-type,return-value]
    try:
        assert "broken" in backend_names()
        with pytest.raises(ConfigError, match="no extract/fit/name"):
            get_backend("broken")
    finally:
        unregister_backend("broken")
    assert "broken" not in backend_names()


def test_registry_entry_point_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    class Point:
        name = "plugin"
        value = "somepkg.backends:make"

        def load(self) -> Any:
            return ZebraBackend

    monkeypatch.setattr(registry, "entry_points", lambda group: [Point()])
    try:
        assert "plugin" in backend_names()
        assert isinstance(get_backend("plugin"), ZebraBackend)
    finally:
        unregister_backend("plugin")


# --- every caller runs the backend the settings name ------------------------------------
@pytest.mark.slow
def test_registry_backend_used_by_local_engine(zebra: ZebraBackend, tmp_path: Path) -> None:
    from allywatch.pipeline import ingest_paths
    from allywatch.store import connect, repository

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    store = connect(f"sqlite:///{tmp_path / 'a.sqlite'}")
    try:
        report = ingest_paths([str(tmp_path / "a.txt")], store)
        assert report.ok and report.extracted == 1, report.errors
        (stored,) = repository.query_events(store)
    finally:
        store.close()
    assert (stored.event.type, stored.event.source, stored.event.target) == (
        "AID", ("TCD",), ("NER",))  # fmt: skip
    assert stored.event.evidence.sentence == "The zebra crossed the quiet road slowly."
    assert zebra.calls == 1


@pytest.mark.slow
def test_registry_backend_used_by_ray_worker(zebra: ZebraBackend, tmp_path: Path) -> None:
    from allywatch.scale.worker import DocumentWorker, decode

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    worker = DocumentWorker(get_settings())
    out = worker({"seq": [0], "input": [str(tmp_path / "a.txt")], "key": [""]})
    (result,) = [decode(blob) for blob in out["result"]]
    (doc,) = result.documents
    assert doc.error is None and doc.rows is not None
    assert zebra.calls == 1
    (event,) = doc.rows.events
    assert event["type"] == "AID"


@pytest.mark.slow
def test_registry_backend_used_by_eval(zebra: ZebraBackend, tmp_path: Path) -> None:
    from allywatch.analyze.evaluate import evaluate_gold

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    gold = {"documents": [{"document": "a.txt", "events": [
        {"type": "AID", "source": ["TCD"], "target": ["NER"],
         "evidence": "The zebra crossed the quiet road slowly."}]}]}  # fmt: skip
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    result = evaluate_gold(tmp_path / "gold.json")
    assert result["events"]["tp"] == 1 and result["events"]["fp"] == 0
    assert zebra.calls == 1
