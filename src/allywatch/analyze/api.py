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

import logging
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from allywatch import store as store_pkg
from allywatch.analyze.asymmetry import FlowReport, flows
from allywatch.analyze.export import events_frame, to_frame
from allywatch.analyze.graph import alliance_graph, analysis_data
from allywatch.analyze.reliability import ReliabilityReport, reliability
from allywatch.analyze.timeline import Timeline, timeline
from allywatch.analyze.watchlist import Watchlist, watchlist
from allywatch.store import analytics
from allywatch.types import Evidence, Prediction, StoredEvent

__all__ = ["Allywatch", "open_db"]

log = logging.getLogger(__name__)


def _connect(db: str | None) -> Any:
    # The store helper's connect() migrates to head; analytics.open_engine is the fallback
    # for checkouts where the store stage has no connect() yet.
    connect = getattr(store_pkg, "connect", None)
    if connect is not None:
        return connect(db)
    url = db or ""
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return analytics.open_engine(url)


class Allywatch:
    """An open allywatch database and the analyses over it."""

    def __init__(self, store: Any) -> None:
        self.store = store

    # -- raw records -------------------------------------------------------------------
    def events(self, actor: str | None = None, *, since: date | None = None,
               until: date | None = None, limit: int | None = None) -> list[StoredEvent]:
        """Stored events (of ``actor`` when given), date-filtered in SQL."""
        if actor:
            return analytics.actor_events(self.store, actor, since=since, until=until,
                                          limit=limit)  # fmt: skip
        ids = analytics.event_ids_query(since=since, until=until)
        return analytics.load_events(self.store, ids, limit=limit)

    def predictions(
        self, subjects: list[str] | None = None
    ) -> list[tuple[Prediction, date | None]]:
        """Stored predictions with the date each was made."""
        return analytics.predictions_with_dates(self.store, subjects=subjects)

    def documents(self, events: list[StoredEvent]) -> dict[str, dict[str, Any]]:
        return analytics.document_meta(
            self.store, {e.doc_id for s in events for e in s.evidence})

    # -- analyses ----------------------------------------------------------------------
    def graph(self, actor: str | None = None, *, since: date | None = None,
              until: date | None = None) -> nx.MultiDiGraph:
        """The alliance graph (of ``actor``'s events when given)."""
        return alliance_graph(self.events(actor, since=since, until=until),
                              since=since, until=until)  # fmt: skip

    def _reliability_events(self, patron: str, since: date | None) -> list[StoredEvent]:
        data = analysis_data()
        return analytics.reliability_events(
            self.store, patron,
            tie_types=sorted(data.types("alliance_types") | data.types("request_types")),
            response_types=sorted(data.types("delivery_types") | data.types("verbal_types")),
            crisis_types=sorted(data.types("crisis_types")), since=since,
        )  # fmt: skip

    def _published(self, events: list[StoredEvent]) -> dict[str, date]:
        return analytics.published_dates(self.store, {e.doc_id for s in events
                                                      for e in s.evidence})  # fmt: skip

    def reliability(self, patron: str, *, since: date | None = None) -> ReliabilityReport:
        events = self._reliability_events(patron, since)
        return reliability(patron, events, published=self._published(events), since=since)

    def flows(self, a: str, b: str) -> FlowReport:
        return flows(a, b, analytics.pair_events(self.store, a, b))

    def watchlist(self, patron: str, *, reference_date: date | None = None) -> Watchlist:
        events = self._reliability_events(patron, None)
        preds = analytics.predictions_with_dates(self.store, status="open")
        docs = {e.doc_id for s in events for e in s.evidence}
        published = analytics.published_dates(self.store, docs | {p.evidence.doc_id
                                                                  for p, _ in preds})  # fmt: skip
        candidates = {a for s in events for a in (*s.event.source, *s.event.target)}
        candidates |= {p.subject for p, _ in preds if p.subject}
        sentences: dict[str, list[Evidence]] = {
            a: analytics.recent_sentences(self.store, a) for a in sorted(candidates)
            if a in {p.subject for p, _ in preds} }  # fmt: skip
        return watchlist(patron, events, preds, sentences=sentences, published=published,
                         reference_date=reference_date)  # fmt: skip

    def timeline(self, actor: str, *, since: date | None = None) -> Timeline:
        return timeline(actor, self.events(actor, since=since), since=since)

    # -- tables --------------------------------------------------------------------------
    @staticmethod
    def frame(result: Any) -> pd.DataFrame:
        """A DataFrame for any analysis result."""
        return to_frame(result)

    def events_frame(self, actor: str | None = None, *, since: date | None = None,
                     until: date | None = None) -> pd.DataFrame:
        events = self.events(actor, since=since, until=until)
        return events_frame(events, self.documents(events))


def open_db(db: str | None = None) -> Allywatch:
    """Open (and migrate) the database at ``db`` (a path or URL; default: the settings')."""
    return Allywatch(_connect(db))
