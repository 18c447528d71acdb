"""Load test of the REST API: ``allywatch serve`` in a second process on loopback, over a
generated SQLite store, driven by concurrent httpx clients; prints p50/p99 latency per
endpoint and requests/s.

    python benchmarks/api_load.py                       # 100k events, 50 clients, 30 s
    python benchmarks/api_load.py --events 5000 --seconds 5 --clients 10   # quick run

Target: p99 < 300 ms on the list endpoints. ``health`` (``GET /api/health``, which does not
touch the store) is mixed into the same run as a baseline: on a shared machine its latency is
what serving alone costs under the same load, and the list endpoints are also reported
against it. "alone ms" is each endpoint's median with a single client before the run (what
one request costs, without queueing). The server's log goes to ``server.log`` in the store's
folder. The generated
store has one document per 20 events, events between 60 actors over 2015-2026 (a tenth
negated) with an evidence sentence each, and predictions for a fifth of the documents (no
quotes); ``--keep DIR`` keeps it for a rerun.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from allywatch.store import analytics, connect  # noqa: E402  (after the sys.path line)
from allywatch.types import (  # noqa: E402
    PLOVER_TYPES,
    DateValue,
    Document,
    Event,
    Evidence,
    Prediction,
    StoredEvent,
)

ACTORS = [f"A{i:02d}" for i in range(50)] + ["RUS", "IRN", "SYR", "VEN", "CUB", "USA", "CHN",
                                             "ISR", "UKR", "BLR"]  # fmt: skip
EVENTS_PER_DOC = 20
#: The endpoint that does not touch the store: the baseline, not a list endpoint.
BASELINE = "health (baseline)"


def generate(url: str, n_events: int, seed: int = 7) -> None:
    """Fill the store at ``url`` with ``n_events`` events in documents of 20."""
    rng = random.Random(seed)
    store = connect(url)
    start = date(2015, 1, 1)
    batch_docs: list[dict[str, object]] = []
    batch_events: list[StoredEvent] = []
    batch_preds: list[tuple[Prediction, date | None]] = []
    for d in range(0, n_events, EVENTS_PER_DOC):
        sentences = []
        events = []
        for i in range(min(EVENTS_PER_DOC, n_events - d)):
            src, tgt = rng.sample(ACTORS, 2)
            typ = rng.choice(PLOVER_TYPES)
            sentences.append(f"Sentence {d + i}: {src} and {tgt} did {typ.lower()} things.")
            events.append((src, tgt, typ))
        text = " ".join(sentences)
        doc_id = Document.make_id(text)
        published = start + timedelta(days=rng.randrange(4000))
        batch_docs.append({
            "id": doc_id, "source": f"gen-{d}.txt", "format": "text", "title": f"Generated {d}",
            "outlet": rng.choice(["Wire", "Daily", "Review"]), "published": published,
            "text": text, "words": len(text.split()), "links": [], "paragraphs": [],
            "pages": [], "repeated": [], "extracted": True,
        })  # fmt: skip
        offset = 0
        for sentence, (src, tgt, typ) in zip(sentences, events, strict=True):
            ev = Evidence(doc_id, offset, offset + len(sentence), sentence)
            offset += len(sentence) + 1
            when = published - timedelta(days=rng.randrange(60))
            event = Event(typ, (src,), (tgt,), ev, detail=f"detail {rng.randrange(1000)}",
                          date=DateValue(when.isoformat(), "day", when, when),
                          negated=rng.random() < 0.1, confidence=0.6)  # fmt: skip
            batch_events.append(StoredEvent(f"{d:08d}{len(batch_events):08d}", event, (ev,)))
        if rng.random() < 0.2:
            ev = Evidence(doc_id, 0, len(sentences[0]), sentences[0])
            pred = Prediction(f"claim {d}", ev, rng.choice(["Expert A", "Expert B"]),
                              rng.choice(ACTORS), "LEADER_OUSTED", likelihood=rng.random())
            batch_preds.append((pred, published))
        if len(batch_events) >= 20_000:
            analytics.bulk_insert(store, batch_docs, batch_events, batch_preds)
            batch_docs, batch_events, batch_preds = [], [], []
    if batch_docs:
        analytics.bulk_insert(store, batch_docs, batch_events, batch_preds)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """``allywatch serve`` in a second process. Its output goes to ``log``: a pipe nobody
    reads would fill up and stall the server on its next log line."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), ALLYWATCH_API_TOKEN="bench-token")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "allywatch", "serve", "--db", url, "--port", str(port),
             "--workers", str(workers), "--no-access-log"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/documents?limit=1").status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not answer within 60 s")


def requests_mix(rng: random.Random) -> tuple[str, str]:
    """One request: (endpoint name, path)."""
    actor = rng.choice(ACTORS)
    year = rng.randrange(2015, 2026)
    choices = [
        ("events", f"/api/events?limit=50&offset={rng.randrange(0, 2000, 50)}"),
        ("events?actor", f"/api/events?actor={actor}&limit=50"),
        ("events?type+dates", f"/api/events?type={rng.choice(PLOVER_TYPES)}"
                              f"&since={year}-01-01&until={year}-12-31&limit=50"),
        ("events?negated", f"/api/events?negated=true&actor={actor}&limit=50"),
        ("documents", f"/api/documents?limit=50&offset={rng.randrange(0, 1000, 50)}"),
        ("predictions", f"/api/predictions?limit=50&subject={actor}"),
        ("quotes", "/api/quotes?limit=50"),
        (BASELINE, "/api/health"),
    ]  # fmt: skip
    return rng.choice(choices)


async def drive(base: str, clients: int, seconds: float) -> dict[str, list[float]]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(i: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(i)
        while time.monotonic() < stop:
            name, path = requests_mix(rng)
            t0 = time.perf_counter()
            try:
                r = await client.get(path)
            except httpx.TransportError as exc:  # counted, and the run goes on
                errors[f"{name} ({type(exc).__name__})"] += 1
                continue
            latencies[name].append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors[name] += 1

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        await asyncio.gather(*(worker(i, client) for i in range(clients)))
    for name, n in errors.items():
        print(f"  {name}: {n} failed requests (non-200 or no answer)")
    return latencies


def serial_baseline(base: str, rounds: int = 5) -> dict[str, float]:
    """Median latency of each endpoint with one client and nothing else in flight: the
    cost of one request (store query + serving), before any queueing."""
    rng = random.Random(1)
    samples: dict[str, list[float]] = defaultdict(list)
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(rounds * 20):
            name, path = requests_mix(rng)
            t0 = time.perf_counter()
            client.get(path)
            samples[name].append(time.perf_counter() - t0)
    return {name: statistics.median(v) * 1000 for name, v in samples.items()}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--keep", type=Path, help="directory to keep (and reuse) the store in")
    args = parser.parse_args()

    tmp = None if args.keep else tempfile.TemporaryDirectory(prefix="allywatch-load-")
    folder = args.keep or Path(tmp.name)  # type: ignore[union-attr]
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"load-{args.events}.sqlite"
    url = f"sqlite:///{db}"
    if not db.exists():
        t0 = time.perf_counter()
        generate(url, args.events)
        print(f"generated {args.events:,} events in {time.perf_counter() - t0:.1f} s")
    port = _free_port()
    server = start_server(url, port, args.workers, folder / "server.log")
    try:
        alone = serial_baseline(f"http://127.0.0.1:{port}")
        t0 = time.perf_counter()
        lat = asyncio.run(drive(f"http://127.0.0.1:{port}", args.clients, args.seconds))
        elapsed = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=20)
        if tmp is not None:
            tmp.cleanup()
    every = [x for v in lat.values() for x in v]
    lists = [x for name, v in lat.items() if name != BASELINE for x in v]
    print(f"{args.workers} server process(es), {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} after the run")  # fmt: skip
    print(f"{args.clients} clients, {elapsed:.1f} s, {len(every):,} requests, "
          f"{len(every) / elapsed:.0f} requests/s")  # fmt: skip
    print(f"{'endpoint':<20}{'n':>8}{'p50 ms':>10}{'p99 ms':>10}{'mean ms':>10}"
          f"{'alone ms':>10}")  # fmt: skip
    for name in sorted(lat):
        v = lat[name]
        solo = alone.get(name, float("nan"))
        print(f"{name:<20}{len(v):>8}{pct(v, 0.5):>10.1f}{pct(v, 0.99):>10.1f}"
              f"{statistics.fmean(v) * 1000:>10.1f}{solo:>10.1f}")  # fmt: skip
    p99 = pct(lists, 0.99)
    print(f"{'list endpoints':<20}{len(lists):>8}{pct(lists, 0.5):>10.1f}{p99:>10.1f}"
          f"{statistics.fmean(lists) * 1000:>10.1f}")  # fmt: skip
    base = lat.get(BASELINE, [])
    if base:
        print(f"baseline (health) p50 {pct(base, 0.5):.1f} ms, p99 {pct(base, 0.99):.1f} ms "
              f"in the same run; list endpoints p99 / baseline p99 = "
              f"{p99 / max(pct(base, 0.99), 1e-3):.1f}")  # fmt: skip
    verdict = "PASS" if p99 < 300 else "FAIL"
    print(f"target p99 < 300 ms on list endpoints: {verdict} ({p99:.0f} ms)")
    return 0 if p99 < 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())
