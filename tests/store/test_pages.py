"""Event pages (``store/pages.py``) against a plain-Python oracle on a generated store: every
filter combination the API can ask, every page, on both backends. The oracle filters and
sorts the very records that were inserted, so it shares no code with the statements.

The store mixes what the page statements must get right: an actor that is both source and
target of one event (two ``event_actors`` entries, one row in the page), several actors on
one side, undated events, intervals (month and year precision) that straddle a range's
edges, negated events, ties on a day (broken by id) and events with evidence in two
documents."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from allywatch.store import Store, analytics, connect
from allywatch.store import repository as repo
from allywatch.types import DateValue, Document, Event, Evidence, StoredEvent

ACTORS = ["RUS", "IRN", "SYR", "CUB", "BLR"]
TYPES = ["AID", "SUPPORT", "ASSAULT"]


def _date(rng: random.Random) -> DateValue | None:
    if rng.random() < 0.2:
        return None
    day = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 900, 3))  # ties on a day
    kind = rng.choice(["day", "day", "month", "year"])
    if kind == "month":
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return DateValue(first.isoformat()[:7], "month", first, last)
    if kind == "year":
        return DateValue(str(day.year), "year", date(day.year, 1, 1), date(day.year, 12, 31))
    return DateValue(day.isoformat(), "day", day, day)


def _generate(seed: int = 5) -> tuple[list[dict[str, Any]], list[StoredEvent]]:
    rng = random.Random(seed)
    docs, events = [], []
    for d in range(4):
        text = f"Document {d}. " + " ".join(f"Sentence {i} of {d}." for i in range(40))
        doc_id = Document.make_id(text)
        docs.append({"id": doc_id, "source": f"d{d}.txt", "format": "text", "text": text,
                     "words": len(text.split())})  # fmt: skip
    for i in range(130):
        doc = docs[i % 4]["id"]
        ev = Evidence(doc, 0, 11, "Document x.")
        if i % 9 == 0:  # the actor on both sides
            source: tuple[str, ...] = (ACTORS[i % 5],)
            target: tuple[str, ...] = (ACTORS[i % 5], rng.choice(ACTORS))
        else:
            source = tuple(rng.sample(ACTORS, rng.choice([1, 1, 2])))
            target = tuple(rng.sample(ACTORS, 1))
        event = Event(rng.choice(TYPES), source, target, ev, date=_date(rng),
                      negated=rng.random() < 0.3)  # fmt: skip
        other = Evidence(docs[(i + 1) % 4]["id"], 0, 11, "Document y.")
        more = (ev, other) if i % 7 == 0 else (ev,)
        events.append(StoredEvent(f"ev{rng.randrange(10**6):06d}{i:03d}", event, more))
    return docs, events


def _oracle(events: list[StoredEvent], **f: Any) -> list[str]:
    """The ids a query with filters ``f`` must answer, in order: dated by (start, id), then
    undated by id."""

    def keep(s: StoredEvent) -> bool:
        e, d = s.event, s.event.date
        if f.get("actor"):
            sides = {"source": e.source, "target": e.target}
            roles = [f["role"]] if f.get("role") else ["source", "target"]
            if not any(f["actor"] in sides[r] for r in roles):
                return False
        if f.get("type") and e.type != f["type"]:
            return False
        if f.get("negated") is not None and e.negated != f["negated"]:
            return False
        if f.get("doc_id") and f["doc_id"] not in {ev.doc_id for ev in s.evidence}:
            return False
        if f.get("since") or f.get("until"):
            if d is None or d.start is None:
                return False
            if f.get("since") and (d.end or d.start) < f["since"]:
                return False
            if f.get("until") and d.start > f["until"]:
                return False
        return True

    kept = [s for s in events if keep(s)]
    dated = sorted((s for s in kept if s.event.date and s.event.date.start),
                   key=lambda s: (s.event.date.start, s.id))  # type: ignore[union-attr]
    undated = sorted((s for s in kept if not (s.event.date and s.event.date.start)),
                     key=lambda s: s.id)  # fmt: skip
    return [s.id for s in (*dated, *undated)]


@pytest.fixture
def filled(db_url: str) -> Iterator[tuple[Store, list[StoredEvent], list[str]]]:
    docs, events = _generate()
    with connect(db_url) as store:
        analytics.bulk_insert(store, docs, events)
        yield store, events, [d["id"] for d in docs]


def _cases(doc_ids: list[str]) -> list[dict[str, Any]]:
    since, until = date(2020, 6, 15), date(2021, 3, 31)  # inside months and a year
    return [
        {}, {"actor": "RUS"}, {"actor": "SYR", "role": "target"},
        {"actor": "IRN", "role": "source"},
        {"actor": "CUB", "negated": True}, {"actor": "BLR", "negated": False},
        {"actor": "RUS", "type": "AID"}, {"actor": "IRN", "since": since},
        {"actor": "SYR", "until": until}, {"actor": "CUB", "since": since, "until": until},
        {"actor": "RUS", "type": "SUPPORT", "since": since, "until": until, "negated": False},
        {"actor": "IRN", "doc_id": doc_ids[1]}, {"doc_id": doc_ids[0]},
        {"type": "ASSAULT"}, {"negated": True}, {"since": since, "until": until},
        {"type": "AID", "since": since, "until": until}, {"until": until}, {"since": since},
        {"actor": "NOBODY"},
    ]  # fmt: skip


def test_every_page_of_every_filter_matches_the_oracle(
    filled: tuple[Store, list[StoredEvent], list[str]],
) -> None:
    store, events, doc_ids = filled
    for f in _cases(doc_ids):
        want = _oracle(events, **f)
        assert [s.id for s in repo.query_events(store, **f)] == want, f
        assert [r["id"] for r in repo.event_listing(store, **f)] == want, f
        assert repo.count_events(store, **f) == len(want), f
        for limit in (1, 7, 50):
            for offset in range(0, len(want) + limit, max(1, limit // 2 or 1)):
                page = repo.event_listing(store, **f, limit=limit, offset=offset)
                assert [r["id"] for r in page] == want[offset : offset + limit], (f, limit, offset)
        records = repo.query_events(store, **f, limit=9, offset=3)
        assert [s.id for s in records] == want[3:12], f


def test_an_actor_on_both_sides_is_listed_once_with_both_roles(
    filled: tuple[Store, list[StoredEvent], list[str]],
) -> None:
    store, events, _ = filled
    both = [s for s in events if set(s.event.source) & set(s.event.target)]
    assert both
    actor = both[0].event.source[0]
    rows = {r["id"]: r for r in repo.event_listing(store, actor=actor)}
    assert len(rows) == len(_oracle(events, actor=actor))
    row = rows[both[0].id]
    assert actor in row["source"] and actor in row["target"]


def test_a_bad_role_or_negative_offset_is_refused(
    filled: tuple[Store, list[StoredEvent], list[str]],
) -> None:
    from allywatch.errors import StoreError

    store, _, _ = filled
    with pytest.raises(StoreError, match="role 'x'"):
        repo.event_listing(store, actor="RUS", role="x")
    with pytest.raises(StoreError, match="must not be negative"):
        repo.query_events(store, limit=5, offset=-1)
