"""Named extractor backends: which events coder the pipeline runs is a setting.

The pipeline never imports an events coder directly; it asks this registry for the backend
named by the ``events_backend`` setting (``defaults.toml``, env ``ALLYWATCH_EVENTS_BACKEND``)
and calls its :meth:`EventBackend.extract`. A new backend (a learned model, a client of a
local LLM server) plugs in without touching the callers, in one of two ways:

- ``register_backend("name", factory)`` in code that runs before the pipeline (a test, an
  application that embeds allywatch);
- a package entry point in the group ``allywatch.event_backends`` whose object is the
  factory (``name = "package.module:factory"``), which also reaches the Ray workers, since
  they load the same installed packages.

A factory is a callable with no arguments returning the backend; it is called once per
process and name (the instance is cached: a backend that loads a model file loads it once).

``fit`` is how cross-validation (``allywatch eval --folds``) trains a backend on the
training folds: it returns a NEW backend trained on the examples (plus whatever fixed data
the backend loads itself) and never changes the receiver. A backend with nothing to learn,
such as the ``"rules"`` coder, returns itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from allywatch.errors import ConfigError
from allywatch.types import DateValue, Document, Event, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from allywatch.nlp.catalog import Catalog

__all__ = [
    "DEFAULT_BACKEND",
    "ENTRY_POINT_GROUP",
    "EventBackend",
    "GoldExample",
    "RulesBackend",
    "backend_names",
    "get_backend",
    "register_backend",
    "unregister_backend",
]

log = logging.getLogger(__name__)

#: The backend used when the settings name none.
DEFAULT_BACKEND = "rules"
#: Package entry points in this group name backend factories.
ENTRY_POINT_GROUP = "allywatch.event_backends"


@dataclass(frozen=True)
class GoldExample:
    """One gold document, parsed once and reused across folds.

    ``gold`` is the gold document dict in the allywatch layout (``events``, ``quotes``,
    ``predictions``; events with ``type, source, target, negated, evidence, alt_types``);
    ``source`` names where it came from (``"dev/gold.json#W01.txt"``). ``catalog`` is the
    catalog its mentions were resolved with when that is not the default one (the
    PETRARCH-2 unit tests add their toy actors); None means the default catalog.
    """

    document: Document
    sdoc: Doc
    mentions: tuple[Mention, ...]
    dates: tuple[DateValue, ...]
    gold: Mapping[str, Any]
    source: str
    catalog: Catalog | None = None


@runtime_checkable
class EventBackend(Protocol):
    """An events coder: parse, mentions and dates of one document -> its events."""

    name: str

    def extract(
        self,
        sdoc: Doc,
        document: Document,
        mentions: Sequence[Mention],
        dates: Sequence[DateValue],
        catalog: Catalog | None,
    ) -> list[Event]: ...

    def fit(self, examples: Sequence[GoldExample]) -> EventBackend: ...


class RulesBackend:
    """The rule-based PLOVER coder of :mod:`allywatch.extract.events` (nothing to learn)."""

    name = "rules"

    def extract(
        self,
        sdoc: Doc,
        document: Document,
        mentions: Sequence[Mention],
        dates: Sequence[DateValue],
        catalog: Catalog | None,
    ) -> list[Event]:
        from allywatch.extract.events import extract_events

        return extract_events(sdoc, document, list(mentions), list(dates), catalog)

    def fit(self, examples: Sequence[GoldExample]) -> RulesBackend:
        return self


Factory = Callable[[], EventBackend]

_FACTORIES: dict[str, Factory] = {"rules": RulesBackend}
_INSTANCES: dict[str, EventBackend] = {}
_LOCK = threading.Lock()


def register_backend(name: str, factory: Factory, *, replace: bool = False) -> None:
    """Make ``factory`` the backend called ``name``. Registering a taken name is an error
    unless ``replace`` is true (then the cached instance is dropped too)."""
    if not name or not name.strip():
        raise ConfigError("events backend: a backend needs a non-empty name")
    with _LOCK:
        if name in _FACTORIES and not replace:
            raise ConfigError(f"events backend {name!r} is registered already")
        _FACTORIES[name] = factory
        _INSTANCES.pop(name, None)


def unregister_backend(name: str) -> None:
    """Forget the backend called ``name`` (tests; a plugin being unloaded)."""
    with _LOCK:
        _FACTORIES.pop(name, None)
        _INSTANCES.pop(name, None)


def _entry_points() -> dict[str, Any]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def backend_names() -> list[str]:
    """Every backend name known: registered ones and installed entry points, sorted."""
    return sorted({*_FACTORIES, *_entry_points()})


def get_backend(name: str | None = None) -> EventBackend:
    """The backend called ``name`` (default: the ``events_backend`` setting), created once
    per process. An unknown name is a :class:`ConfigError` listing the known ones."""
    if name is None:
        from allywatch.config import get_settings

        name = get_settings().events_backend or DEFAULT_BACKEND
    with _LOCK:
        found = _INSTANCES.get(name)
        if found is not None:
            return found
        factory = _FACTORIES.get(name)
    if factory is None:
        point = _entry_points().get(name)
        if point is None:
            known = ", ".join(backend_names())
            raise ConfigError(
                f"unknown events backend {name!r} (known: {known}); set events_backend "
                "in your config or ALLYWATCH_EVENTS_BACKEND"
            )
        try:
            factory = point.load()
        except Exception as exc:  # a broken plugin: say which one and why
            raise ConfigError(f"events backend {name!r}: cannot load entry point "
                              f"{point.value!r}: {exc!r}") from exc  # fmt: skip
    backend = factory()
    if not isinstance(backend, EventBackend):
        raise ConfigError(f"events backend {name!r}: its factory returned "
                          f"{type(backend).__name__}, which has no extract/fit/name")  # fmt: skip
    with _LOCK:
        backend = _INSTANCES.setdefault(name, backend)
    log.info("events backend: %s", name)
    return backend
