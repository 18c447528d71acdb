"""The Python API for notebooks: ``allywatch.open(db).reliability("RUS")``.

Each method reads only the events its analysis needs (SQL-side filtering in
:mod:`allywatch.store.analytics`) and returns the analysis record; ``frame`` turns any of
them into a pandas DataFrame::

    aw = allywatch.open("allywatch.sqlite")
    report = aw.reliability("RUS")
    report.index, report.n_material, report.n_crises
    aw.frame(report)                 # one row per crisis
    aw.events_frame(actor="IRN")     # PLOVER-like event rows
"""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import networkx as nx
import pandas as pd

from allywatch.analyze.asymmetry import FlowReport, flows
from allywatch.analyze.export import events_frame, to_frame
from allywatch.analyze.graph import analysis_data, graph_from_facts
from allywatch.analyze.reliability import (
    ReliabilityReport,
    TieStats,
    allies_of,
    combine_stats,
    mediates,
    reliability,
    tie_stats,
)
from allywatch.analyze.timeline import Timeline, timeline
from allywatch.analyze.watchlist import Watchlist, predicted_subjects, watchlist
from allywatch.store import analytics, connect
from allywatch.types import Evidence, Prediction, StoredEvent

__all__ = ["Allywatch", "open_db"]

log = logging.getLogger(__name__)

_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while an analysis builds its records.

    An analysis on a large store builds 10^5 small records (events, evidence, dates) that
    form no reference cycles, so the collector has nothing to free among them; but each
    full collection it triggers walks every object of the process (pandas, SQLAlchemy and
    networkx alone make ~130,000): measured on the 1M-event benchmark, collections took
    30-45% of reliability, watchlist and timeline time. Reference counting still frees
    everything as usual; collection resumes afterwards (unless the caller had disabled it).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _no_gc(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``method`` under :func:`paused_gc`."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with paused_gc():
            return method(*args, **kwargs)

    return wrapper


def _connect(db: Any) -> Any:
    """A store for ``db``: a path or URL is opened (and migrated) with ``store.connect``;
    an open ``Store`` or SQLAlchemy ``Engine`` is used as it is."""
    if db is None or isinstance(db, str | Path):
        return connect(str(db) if db is not None else None)
    analytics.engine_of(db)  # raises StoreError naming db when it is not a store
    return db


class Allywatch:
    """An open allywatch database and the analyses over it."""

    def __init__(self, store: Any) -> None:
        self.store = store

    # -- raw records -------------------------------------------------------------------
    @_no_gc
    def events(self, actor: str | None = None, *, since: date | None = None,
               until: date | None = None, limit: int | None = None,
               light: bool = False) -> list[StoredEvent]:
        """Stored events (of ``actor`` when given), date-filtered in SQL; ``light`` leaves
        out the as-written actor texts."""
        if actor:
            return analytics.actor_events(self.store, actor, since=since, until=until,
                                          limit=limit, light=light)  # fmt: skip
        ids = analytics.event_ids_query(since=since, until=until)
        return analytics.load_events(self.store, ids, limit=limit, light=light)

    def predictions(
        self, subjects: list[str] | None = None
    ) -> list[tuple[Prediction, date | None]]:
        """Stored predictions with the date each was made."""
        return analytics.predictions_with_dates(self.store, subjects=subjects)

    def documents(self, events: list[StoredEvent]) -> dict[str, dict[str, Any]]:
        return analytics.document_meta(
            self.store, {e.doc_id for s in events for e in s.evidence})

    # -- analyses ----------------------------------------------------------------------
    @_no_gc
    def graph(self, actor: str | None = None, *, since: date | None = None,
              until: date | None = None) -> nx.MultiDiGraph:
        """The alliance graph (of ``actor``'s events when given)."""
        if actor:
            ids = analytics.event_ids_query(actors=[actor], since=since, until=until)
        else:
            ids = analytics.event_ids_query(since=since, until=until)
        return graph_from_facts(analytics.graph_facts(self.store, ids), since=since,
                                until=until)  # fmt: skip

    def _inputs(
        self, patron: str, since: date | None, published: dict[str, date]
    ) -> tuple[dict[str, TieStats], list[StoredEvent]]:
        """The patron's allies (tie statistics from SQL, with a sample of ties each) and the
        events reliability and the watchlist read; ``published`` receives the publication
        dates of those events' documents."""
        data = analysis_data()
        alliance = sorted(data.types("alliance_types"))
        requests = sorted(data.types("request_types"))
        # What the Python tie rule (reliability.partners) leaves out, said in SQL: events
        # that are not facts, and mediation (a text rule run on the few candidates).
        unreal = sorted(data.raw["unreal_modalities"])
        mediation = {w.id for w in analytics.tie_words(self.store, patron, alliance,
                                                        data.raw["mediation_keywords"])
                     if mediates(w.mode, w.detail, w.trigger, w.sentence)}  # fmt: skip
        counts = analytics.tie_counts(self.store, patron, alliance, exclude_modalities=unreal,
                                      exclude_ids=mediation)  # fmt: skip
        asked = analytics.actor_events(self.store, patron, types=requests, role="target",
                                       light=True)  # fmt: skip
        stats = combine_stats(
            {a: TieStats(n, first, undated) for a, (n, first, undated) in counts.items()},
            tie_stats(patron, asked),
        )  # fmt: skip
        allies = allies_of(stats)
        events = analytics.reliability_events(
            self.store, patron, sorted(allies),
            response_types=sorted(data.types("delivery_types")),
            verbal_types=sorted(data.types("verbal_types")),
            crisis_types=sorted(data.types("crisis_types")), since=since, published=published,
        )  # fmt: skip
        # Tie evidence to show: ties among the loaded events first, the store for the rest.
        shown = tie_stats(patron, events)
        missing = sorted(a for a in allies if a not in shown and not allies[a].sample)
        samples = analytics.tie_samples(
            self.store, patron, missing, alliance, exclude_modalities=unreal,
            exclude_ids=mediation) if missing else {}  # fmt: skip
        allies = {a: TieStats(st.n, st.first, st.undated,
                              st.sample or (shown[a].sample if a in shown else ())
                              or tuple(samples.get(a, ())))
                  for a, st in allies.items()}  # fmt: skip
        return allies, events

    @_no_gc
    def reliability(self, patron: str, *, since: date | None = None) -> ReliabilityReport:
        published: dict[str, date] = {}
        ties, events = self._inputs(patron, since, published)
        return reliability(patron, events, published=published, since=since,
                           ties=ties)  # fmt: skip

    @_no_gc
    def flows(self, a: str, b: str) -> FlowReport:
        return flows(a, b, analytics.pair_events(self.store, a, b))

    @_no_gc
    def watchlist(self, patron: str, *, reference_date: date | None = None) -> Watchlist:
        published: dict[str, date] = {}
        ties, events = self._inputs(patron, None, published)
        # Only the predictions about a candidate (or the patron) are read in full.
        heads = analytics.prediction_heads(self.store, status="open", published=published)
        subjects = {*ties, patron, *predicted_subjects(patron, events, heads)}
        preds = analytics.predictions_with_dates(self.store, status="open",
                                                 subjects=sorted(subjects))  # fmt: skip
        # The newest sentences of each ally and of the patron; candidates named only by
        # predictions are judged on their prediction sentences and loaded events.
        sentences: dict[str, list[Evidence]] = {
            a: analytics.recent_sentences(self.store, a, limit=50)
            for a in sorted({*ties, patron})
        }  # fmt: skip
        return watchlist(patron, events, preds, sentences=sentences, published=published,
                         reference_date=reference_date, ties=ties)  # fmt: skip

    @_no_gc
    def timeline(self, actor: str, *, since: date | None = None) -> Timeline:
        return timeline(actor, self.events(actor, since=since, light=True), since=since)

    # -- tables --------------------------------------------------------------------------
    @staticmethod
    def frame(result: Any) -> pd.DataFrame:
        """A DataFrame for any analysis result."""
        return to_frame(result)

    @_no_gc
    def events_frame(self, actor: str | None = None, *, since: date | None = None,
                     until: date | None = None) -> pd.DataFrame:
        events = self.events(actor, since=since, until=until)
        return events_frame(events, self.documents(events))


def open_db(db: Any = None) -> Allywatch:
    """Open (and migrate) the database at ``db`` (a path or URL; default: the settings'),
    or wrap an already open ``Store``/``Engine``."""
    return Allywatch(_connect(db))
