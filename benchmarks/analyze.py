"""Benchmark the analyses on a generated store (default 1,000,000 events) on SQLite.

    python benchmarks/analyze.py                      # 1,000,000 events (a few minutes)
    python benchmarks/analyze.py --size 20000 --db /tmp/b.sqlite

The generator makes ``--actors`` states in 10 blocs (RUS, USA, CHN, IRN lead four of them);
actor frequency follows a Zipf-like law (weight 1/rank**0.5: the busiest actor takes part in
about 6% of events); cooperative events stay inside a bloc 90% of the time, hostile ones
cross blocs 80% of the time; types follow a news-like mix (CONSULT and cooperation common,
LEADER_OUSTED rare); 30% of events are undated, 5% negated, 10 events per document, and one
open prediction per 200 events;
an article's events all have their source in one bloc. Each analysis then runs once for the
busiest patron, timed (wall and CPU seconds); the baseline is ``SELECT count(*) FROM events``
measured in the same run, and every timing is also printed as a ratio to it. The store is
opened with ``allywatch.store.connect`` (so it has the migrations' indexes) and ANALYZEd once
after generation. Target: every analysis < 2 s wall (exports excepted); each line says PASS
or FAIL, and the exit status is 1 when one fails. On a shared machine compare the CPU
column and the baseline ratio too: wall time there includes waiting for a core.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from allywatch.analyze.api import Allywatch
from allywatch.analyze.export import events_frame
from allywatch.store import analytics, connect
from allywatch.types import DateValue, Event, Evidence, Prediction, StoredEvent

TYPES = {  # share of events per type (news-like mix)
    "CONSULT": 20, "COOPERATE": 12, "AGREE": 8, "SUPPORT": 8, "AID": 6, "REQUEST": 5,
    "ACCUSE": 10, "REJECT": 5, "PROTEST": 4, "THREATEN": 4, "SANCTION": 3, "COERCE": 3,
    "ASSAULT": 7, "MOBILIZE": 2, "CONCEDE": 1, "RETREAT": 1, "LEADER_OUSTED": 0.2,
}  # fmt: skip
HOSTILE = {"ACCUSE", "REJECT", "PROTEST", "THREATEN", "SANCTION", "COERCE", "ASSAULT",
           "LEADER_OUSTED"}
MODES = {"AID": ["military", "arms", "intelligence", "humanitarian", "energy"],
         "SUPPORT": ["diplomatic", "rhetorical", "exile", None],
         "COOPERATE": ["military drills", "trade", "energy", None],
         "AGREE": ["partnership agreement", "arms deal", "memorandum", None]}  # fmt: skip
WORDS = ["blackouts", "economic collapse", "unrest", "protests", "talks", "drones", "missiles",
         "sanctions", "troops", "oil", "trade", "summit", "statement", "shortages"]  # fmt: skip


def _date(rng: random.Random) -> DateValue | None:
    if rng.random() < 0.3:
        return None
    day = date(2000, 1, 1) + timedelta(days=rng.randrange(9500))
    if rng.random() < 0.5:
        return DateValue(day.isoformat(), "day", day, day)
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return DateValue(first.strftime("%Y-%m"), "month", first, last)


def generate(engine: Any, size: int, n_actors: int, seed: int, batch: int = 50_000) -> None:
    """Fill ``engine`` with ``size`` synthetic events (see the module docstring)."""
    rng = random.Random(seed)
    actors = ["RUS", "USA", "CHN", "IRN"] + [f"S{i:03d}" for i in range(n_actors - 4)]
    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(actors))]
    bloc = {a: i % 10 for i, a in enumerate(actors)}
    same = {b: [a for a in actors if bloc[a] == b] for b in range(10)}
    other = {b: [a for a in actors if bloc[a] != b] for b in range(10)}
    w_of = dict(zip(actors, weights, strict=True))
    same_w = {b: [w_of[a] for a in v] for b, v in same.items()}
    other_w = {b: [w_of[a] for a in v] for b, v in other.items()}
    types, type_w = list(TYPES), list(TYPES.values())
    done = 0
    n_docs = 0
    t0 = time.perf_counter()
    while done < size:
        n = min(batch, size - done)
        focus = 0
        docs, events, preds = [], [], []
        for i in range(n):
            if (done + i) % 10 == 0:
                n_docs += 1
                pub = date(2000, 1, 1) + timedelta(days=rng.randrange(9600))
                docs.append({"id": f"d{n_docs:08d}", "source": f"gen/{n_docs}.txt",
                             "format": "text", "text": "", "words": 0, "published": pub,
                             "title": f"Generated article {n_docs}",
                             "url": f"https://example.org/{n_docs}"})  # fmt: skip
                focus = rng.randrange(10)  # an article is about one bloc
            doc = f"d{n_docs:08d}"
            typ = rng.choices(types, type_w)[0]
            src = rng.choices(same[focus], same_w[focus])[0]
            hostile = typ in HOSTILE
            inside = (rng.random() < 0.9) if not hostile else (rng.random() < 0.2)
            b = bloc[src]
            pool, pool_w = (same[b], same_w[b]) if inside else (other[b], other_w[b])
            tgt = rng.choices(pool, pool_w)[0]
            if tgt == src:
                tgt = pool[(pool.index(src) + 1) % len(pool)]
            mode = rng.choice(MODES.get(typ, [None]))
            sentence = (f"{src} and {tgt}: {typ.lower()} ({mode or 'general'}) amid "
                        f"{rng.choice(WORDS)} and {rng.choice(WORDS)}, officials said.")
            evid = Evidence(doc, 0, len(sentence), sentence)
            event = Event(type=typ, source=(src,), target=(tgt,), evidence=evid, mode=mode,
                          date=_date(rng), negated=rng.random() < 0.05,
                          leader=f"Leader of {tgt}" if typ == "LEADER_OUSTED" else None)
            events.append(StoredEvent(id=f"e{done + i:09d}", event=event, evidence=(evid,)))
            if (done + i) % 200 == 0:
                claim = f"{tgt}'s regime will fall amid {rng.choice(WORDS)}."
                preds.append((Prediction(
                    claim=claim, evidence=Evidence(doc, 0, len(claim), claim),
                    predictor=f"Expert {rng.randrange(500)}", subject=tgt,
                    outcome="LEADER_OUSTED", likelihood=rng.choice([None, 0.3, 0.7, 0.9]),
                ), None))  # fmt: skip
        analytics.bulk_insert(engine, docs, events, preds)
        done += n
        rate = done / (time.perf_counter() - t0)
        print(f"  generated {done:,}/{size:,} events ({rate:,.0f}/s)", file=sys.stderr)


def _time(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _cpu(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="events to generate")
    parser.add_argument("--actors", type=int, default=300, help="number of actors")
    parser.add_argument("--db", type=Path, help="SQLite file (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="use --db as it is if it exists")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=2.0, help="seconds allowed per analysis")
    args = parser.parse_args(argv)
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "bench.sqlite"
    fresh = not (args.reuse and args.db.exists())
    if fresh and args.db.exists():
        args.db.unlink()
    engine = connect(f"sqlite:///{args.db}").engine
    if fresh:
        t, _ = _time(lambda: generate(engine, args.size, args.actors, args.seed))
        print(f"generated {args.size:,} events in {t:.1f} s")
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    aw = Allywatch(engine)
    base, count = _time(lambda: analytics.count_events(engine))
    base = max(base, 1e-6)
    size = analytics.store_size(engine) or 0
    n_patron = analytics.count_actor_events(engine, "RUS")
    print(f"store: {count:,} events, {size / 1e6:,.0f} MB; patron RUS in {n_patron:,} events")
    print(f"baseline SELECT count(*) FROM events: {base * 1000:.1f} ms")
    print(f"machine load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    since = date(2020, 1, 1)
    runs: list[tuple[str, Callable[[], Any], bool]] = [
        ("reliability RUS", lambda: aw.reliability("RUS"), True),
        ("reliability RUS --since 2020-01-01", lambda: aw.reliability("RUS", since=since), True),
        ("flows RUS IRN", lambda: aw.flows("RUS", "IRN"), True),
        ("watchlist RUS", lambda: aw.watchlist("RUS"), True),
        ("timeline IRN --since 2020-01-01", lambda: aw.timeline("IRN", since=since), True),
        ("timeline S150", lambda: aw.timeline("S150"), True),
        ("graph of RUS (ego)", lambda: aw.graph("RUS"), True),
        ("export events of S150 (frame)",
         lambda: events_frame(aw.events("S150"), aw.documents(aw.events("S150"))), False),
    ]  # fmt: skip
    failed = []
    aw.reliability("IRN")  # load the lexicons once, outside the timings
    print(f"{'analysis':40} {'wall s':>8} {'CPU s':>8} {'x baseline':>11}  target < {args.limit} s")
    for name, fn, targeted in runs:
        t, cpu = _cpu(fn)
        verdict = ("PASS" if t < args.limit else "FAIL") if targeted else "(export: no target)"
        print(f"{name:40} {t:8.3f} {cpu:8.3f} {t / base:11.1f}  {verdict}")
        if targeted and t >= args.limit:
            failed.append(name)
    print(f"machine load average (1 min) after the runs: {os.getloadavg()[0]:.1f}")
    engine.dispose()
    if tmp is not None:
        tmp.cleanup()
    if failed:
        print(f"FAIL: over {args.limit} s: {', '.join(failed)}")
        return 1
    print(f"PASS: every analysis under {args.limit} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
