"""Exports and table forms of the analyses.

- Events in a PLOVER-like layout, one row per event (``EVENT_COLUMNS``): actors joined with
  ``;``, type, mode, negated, modality, date with precision and interval, document URL and
  title, the first evidence sentence with its offsets, and how many sentences state it.
- ``to_frame`` turns any analysis result into a pandas DataFrame; ``to_jsonable`` into
  plain JSON values (dates as ISO strings) for ``--json`` and the API.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from allywatch.analyze.asymmetry import FlowReport
from allywatch.analyze.reliability import ReliabilityReport
from allywatch.analyze.timeline import Timeline
from allywatch.analyze.watchlist import Watchlist
from allywatch.errors import InputError
from allywatch.types import StoredEvent

__all__ = [
    "EVENT_COLUMNS",
    "FORMATS",
    "dumps",
    "event_rows",
    "events_frame",
    "to_frame",
    "to_jsonable",
    "write_events",
]

log = logging.getLogger(__name__)

EVENT_COLUMNS = [
    "event_id", "date", "date_precision", "date_start", "date_end", "source", "target",
    "type", "mode", "negated", "modality", "detail", "amounts", "leader", "confidence",
    "doc_id", "url", "title", "outlet", "published", "evidence", "evidence_start",
    "evidence_end", "n_evidence",
]  # fmt: skip
FORMATS = ("graphml", "json", "csv", "parquet")


def event_rows(
    events: Iterable[StoredEvent], docs: Mapping[str, Mapping[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """One PLOVER-like row per event (see the module docstring)."""
    docs = docs or {}
    rows = []
    for stored in events:
        ev = stored.event
        first = ev.evidence
        meta = docs.get(first.doc_id, {})
        d = ev.date
        rows.append({
            "event_id": stored.id, "date": d.value if d else None,
            "date_precision": d.precision if d else "unknown",
            "date_start": d.start if d else None, "date_end": d.end if d else None,
            "source": ";".join(ev.source), "target": ";".join(ev.target), "type": ev.type,
            "mode": ev.mode, "negated": ev.negated, "modality": ev.modality,
            "detail": ev.detail,
            "amounts": ";".join(a.text or f"{a.value:g} {a.unit}" for a in ev.amounts),
            "leader": ev.leader, "confidence": ev.confidence, "doc_id": first.doc_id,
            "url": meta.get("url") or meta.get("source"), "title": meta.get("title"),
            "outlet": meta.get("outlet"), "published": meta.get("published"),
            "evidence": first.sentence, "evidence_start": first.start,
            "evidence_end": first.end, "n_evidence": len(stored.evidence) or 1,
        })  # fmt: skip
    return rows


def events_frame(
    events: Iterable[StoredEvent], docs: Mapping[str, Mapping[str, Any]] | None = None
) -> pd.DataFrame:
    """The events as a DataFrame with ``EVENT_COLUMNS``."""
    return pd.DataFrame(event_rows(events, docs), columns=EVENT_COLUMNS)


def write_events(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write an events frame as CSV or Parquet."""
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "parquet":
        out = frame.copy()
        for col in ("date_start", "date_end", "published"):
            out[col] = pd.to_datetime(out[col]).dt.date
        out.to_parquet(path, index=False)
    else:
        raise InputError(str(path), f"unknown event format {fmt!r} (use csv or parquet)")
    log.info("wrote %d events to %s", len(frame), path)


def to_jsonable(obj: Any) -> Any:
    """Plain JSON values for a result record (dataclasses, tuples, dates)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        for name in ("index", "n_crises", "n_material", "fallen", "summary", "material",
                     "delivered_categories", "withheld_categories", "signal_categories"):
            if hasattr(type(obj), name) and isinstance(getattr(type(obj), name), property):
                out[name] = to_jsonable(getattr(obj, name))
        return out
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


def dumps(obj: Any) -> str:
    """``to_jsonable(obj)`` as indented JSON."""
    return json.dumps(to_jsonable(obj), indent=2, ensure_ascii=False)


def _evidence_text(evidence: Iterable[Any]) -> str:
    return " | ".join(e.sentence for e in evidence)


def to_frame(result: Any) -> pd.DataFrame:
    """A DataFrame for a reliability report (one row per crisis, and per ally without one),
    a flow report (one row per flow), a watchlist (one row per actor) or a timeline."""
    if isinstance(result, ReliabilityReport):
        rows = []
        for ally in result.allies:
            for c in ally.crises or (None,):
                rows.append({
                    "patron": result.patron, "ally": ally.ally,
                    "crisis_start": c.start if c else None, "crisis_end": c.end if c else None,
                    "kinds": ";".join(c.kinds) if c else "", "leaders": ";".join(c.leaders)
                    if c else "", "delivered": ";".join(c.delivered_categories) if c else "",
                    "withheld": ";".join(c.withheld_categories) if c else "",
                    "summary": c.summary if c else "no crisis",
                    "material": c.material if c else None,
                    "evidence": _evidence_text(c.evidence) if c else "",
                })  # fmt: skip
        return pd.DataFrame(rows)
    if isinstance(result, FlowReport):
        return pd.DataFrame([{
            "direction": f.direction, "category": f.category, "type": f.type, "mode": f.mode,
            "amounts": ";".join(a.text or f"{a.value:g} {a.unit}" for a in f.amounts),
            "negated": f.negated, "purchase": f.purchase, "date": f.date,
            "event_id": f.event_id, "evidence": _evidence_text(f.evidence),
        } for f in result.flows])  # fmt: skip
    if isinstance(result, Watchlist):
        watch = [*result.rows, *result.fallen,
                 *([result.patron_row] if result.patron_row else [])]  # fmt: skip
        return pd.DataFrame([{
            "actor": r.actor, "score": r.score, "predictions_term": r.prediction_term,
            "signals_term": r.signal_term, "recency_term": r.recency_term,
            "signals": ";".join(r.signal_categories), "n_predictions": len(r.predictions),
            "ally": r.ally, "fallen": r.fallen, "patron": r.actor == result.patron,
            "evidence": _evidence_text([*(p.evidence for p in r.predictions),
                                        *(s.evidence for s in r.signals)]),
        } for r in watch])  # fmt: skip
    if isinstance(result, Timeline):
        return events_frame([*result.dated, *result.undated])
    raise TypeError(f"no table form for {type(result).__name__}")
