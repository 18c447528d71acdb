"""Timeline of one actor: its dated events in order, undated events listed apart.

An event is **dated** when its date has a known precision (day, month, season, year,
decade); it sorts by the start of its interval, then by the end, then by type. ``since``
keeps dated events whose interval ends on or after that day; undated events are always
listed (in their own list), since nothing says they are older.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from allywatch.analyze.graph import event_interval
from allywatch.types import StoredEvent

__all__ = ["Timeline", "timeline"]


@dataclass(frozen=True)
class Timeline:
    actor: str
    since: date | None
    dated: tuple[StoredEvent, ...]
    undated: tuple[StoredEvent, ...]


def timeline(actor: str, events: Iterable[StoredEvent], *, since: date | None = None) -> Timeline:
    """The events involving ``actor`` (as source or target), dated ones in order."""
    dated: list[tuple[date, date, str, StoredEvent]] = []
    undated: list[StoredEvent] = []
    for stored in events:
        ev = stored.event
        if actor not in ev.source and actor not in ev.target:
            continue
        start, end, is_dated = event_interval(ev)
        if is_dated and start and end:
            if since is None or end >= since:
                dated.append((start, end, ev.type, stored))
        else:
            undated.append(stored)
    dated.sort(key=lambda t: (t[0], t[1], t[2], t[3].id))
    undated.sort(key=lambda s: (s.event.evidence.doc_id, s.event.evidence.start, s.id))
    return Timeline(actor, since, tuple(t[3] for t in dated), tuple(undated))
