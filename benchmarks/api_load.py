"""Load test of the REST API: ``allywatch serve`` in a second process on loopback, over a
generated SQLite store, driven by concurrent clients; prints p50/p99 latency and requests/s
per endpoint, and the CPU both sides used.

    python benchmarks/api_load.py                       # 100k events, 50 clients, 30 s
    python benchmarks/api_load.py --no-cache            # the same, server cache off
    python benchmarks/api_load.py --write-every 5       # a new document every 5 s
    python benchmarks/api_load.py --events 5000 --seconds 5 --clients 10   # quick run

Target: p99 < 300 ms on the list endpoints. The clients are closed-loop (each sends its
next request as soon as it has read the last answer, no think time) and run as asyncio
tasks on one aiohttp session in this one process, so the load generator takes as little of
the machine's CPU as it can; its CPU use and the server's are printed. Each client draws
its requests from a mix of the list endpoints with varied parameters (events by page,
actor, type and year, negated by actor; documents by page; predictions by subject;
quotes), several hundred distinct URLs in a run.

``health`` (``GET /api/health``, which touches neither the store nor the response cache)
is mixed into the same run as a baseline: its latency is what serving alone costs under the
same load. "alone ms" is each endpoint's median with a single client before the run, each
URL asked once, so computed rather than cached; a write after that phase empties the
server's cache, so the run starts cold. "cached" is the share of answers the server's
response cache gave (its ``X-Allywatch-Cache`` header). ``--write-every S`` adds a 20-event
document every S seconds during the run (each write invalidates every cached answer).

The server's log goes to ``server.log`` in the store's folder. The generated store has one
document per 20 events, events between 60 actors over 2015-2026 (a tenth negated) with an
evidence sentence each, and predictions for a fifth of the documents (no quotes);
``--keep DIR`` keeps it for a rerun (writes made by ``--write-every`` stay in it).
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import aiohttp
import httpx
import psutil

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


def _document(
    rng: random.Random, n: int, tag: str, start: date
) -> tuple[dict[str, object], list[StoredEvent], tuple[Prediction, date] | None]:
    """One generated document of ``n`` events (ids prefixed with ``tag``)."""
    sentences = []
    events = []
    for i in range(n):
        src, tgt = rng.sample(ACTORS, 2)
        typ = rng.choice(PLOVER_TYPES)
        sentences.append(f"Sentence {tag}-{i}: {src} and {tgt} did {typ.lower()} things.")
        events.append((src, tgt, typ))
    text = " ".join(sentences)
    doc_id = Document.make_id(text)
    published = start + timedelta(days=rng.randrange(4000))
    doc = {
        "id": doc_id, "source": f"gen-{tag}.txt", "format": "text", "title": f"Generated {tag}",
        "outlet": rng.choice(["Wire", "Daily", "Review"]), "published": published,
        "text": text, "words": len(text.split()), "links": [], "paragraphs": [],
        "pages": [], "repeated": [], "extracted": True,
    }  # fmt: skip
    stored = []
    offset = 0
    for i, (sentence, (src, tgt, typ)) in enumerate(zip(sentences, events, strict=True)):
        ev = Evidence(doc_id, offset, offset + len(sentence), sentence)
        offset += len(sentence) + 1
        when = published - timedelta(days=rng.randrange(60))
        event = Event(typ, (src,), (tgt,), ev, detail=f"detail {rng.randrange(1000)}",
                      date=DateValue(when.isoformat(), "day", when, when),
                      negated=rng.random() < 0.1, confidence=0.6)  # fmt: skip
        stored.append(StoredEvent(f"{tag}{i:08d}", event, (ev,)))
    pred = None
    if rng.random() < 0.2:
        ev = Evidence(doc_id, 0, len(sentences[0]), sentences[0])
        pred = (Prediction(f"claim {tag}", ev, rng.choice(["Expert A", "Expert B"]),
                           rng.choice(ACTORS), "LEADER_OUSTED", likelihood=rng.random()),
                published)  # fmt: skip
    return doc, stored, pred


def generate(url: str, n_events: int, seed: int = 7) -> None:
    """Fill the store at ``url`` with ``n_events`` events in documents of 20."""
    rng = random.Random(seed)
    store = connect(url)
    start = date(2015, 1, 1)
    batch_docs: list[dict[str, object]] = []
    batch_events: list[StoredEvent] = []
    batch_preds: list[tuple[Prediction, date | None]] = []
    for d in range(0, n_events, EVENTS_PER_DOC):
        doc, events, pred = _document(rng, min(EVENTS_PER_DOC, n_events - d), f"{d:08d}", start)
        batch_docs.append(doc)
        batch_events.extend(events)
        if pred is not None:
            batch_preds.append(pred)
        if len(batch_events) >= 20_000:
            analytics.bulk_insert(store, batch_docs, batch_events, batch_preds)
            batch_docs, batch_events, batch_preds = [], [], []
    if batch_docs:
        analytics.bulk_insert(store, batch_docs, batch_events, batch_preds)
    store.close()


class Writer:
    """Adds one new document of 20 events per call, as an ingest in another process would
    (each write changes the store, so the server must drop its cached pages)."""

    def __init__(self, url: str) -> None:
        self.store = connect(url)
        self.rng = random.Random(time.time_ns())
        self.count = 0

    def write(self) -> None:
        self.count += 1
        tag = f"live{os.getpid()}-{time.time_ns()}-"
        doc, events, pred = _document(self.rng, EVENTS_PER_DOC, tag, date(2015, 1, 1))
        analytics.bulk_insert(self.store, [doc], events, [pred] if pred else [])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    url: str, port: int, workers: int, log: Path, *, cache: bool = True
) -> subprocess.Popen[bytes]:
    """``allywatch serve`` in a second process. Its output goes to ``log``: a pipe nobody
    reads would fill up and stall the server on its next log line."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), ALLYWATCH_API_TOKEN="bench-token",
               ALLYWATCH_SERVE_CACHE="1" if cache else "0")  # fmt: skip
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
            if httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200:
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


@dataclass
class Run:
    """What the clients saw: latencies (s) and cache answers per endpoint, failures."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    cache: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter[str] = field(default_factory=Counter)
    urls: set[str] = field(default_factory=set)
    writes: int = 0
    elapsed: float = 0.0
    client_cpu: float = 0.0


async def drive(
    base: str, clients: int, seconds: float, writer: Writer | None, write_every: float
) -> Run:
    """``clients`` closed-loop clients (each sends its next request as soon as the last
    answer is read; no think time) on one aiohttp session with a connection each, for
    ``seconds``. With ``writer``, a new document is written every ``write_every`` s."""
    run = Run()
    stop = time.monotonic() + seconds

    async def client(i: int, session: aiohttp.ClientSession) -> None:
        rng = random.Random(i)
        while time.monotonic() < stop:
            name, path = requests_mix(rng)
            run.urls.add(path)
            t0 = time.perf_counter()
            try:
                async with session.get(base + path) as r:
                    await r.read()
                    status = r.status
                    label = r.headers.get("x-allywatch-cache", "none")
            except (aiohttp.ClientError, TimeoutError) as exc:  # counted; the run goes on
                run.errors[f"{name} ({type(exc).__name__})"] += 1
                continue
            run.latencies[name].append(time.perf_counter() - t0)
            run.cache[name][label] += 1
            if status != 200:
                run.errors[f"{name} (HTTP {status})"] += 1

    async def writes() -> None:
        assert writer is not None
        while time.monotonic() + write_every < stop:
            await asyncio.sleep(write_every)
            await asyncio.to_thread(writer.write)
            run.writes += 1

    connector = aiohttp.TCPConnector(limit=clients, limit_per_host=clients)
    timeout = aiohttp.ClientTimeout(total=60)
    cpu0, t0 = time.process_time(), time.perf_counter()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        tasks = [client(i, session) for i in range(clients)]
        if writer is not None and write_every > 0:
            tasks.append(writes())
        await asyncio.gather(*tasks)
    run.elapsed = time.perf_counter() - t0
    run.client_cpu = time.process_time() - cpu0
    return run


async def serial_baseline(base: str, n: int = 100) -> dict[str, float]:
    """Median latency of each endpoint with one client and nothing else in flight, each
    URL asked once (so computed, never a cache hit): what one request costs before any
    queueing."""
    rng = random.Random(1)
    samples: dict[str, list[float]] = defaultdict(list)
    seen: set[str] = set()
    async with aiohttp.ClientSession() as session:
        while sum(map(len, samples.values())) < n:
            name, path = requests_mix(rng)
            if path in seen and name != BASELINE:
                continue
            seen.add(path)
            t0 = time.perf_counter()
            async with session.get(base + path) as r:
                await r.read()
            samples[name].append(time.perf_counter() - t0)
    return {name: statistics.median(v) * 1000 for name, v in samples.items()}


def _server_cpu(proc: psutil.Process) -> float:
    """CPU seconds of the server and its worker processes so far."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--no-cache", action="store_true",
                        help="run the server with its response cache off (ETags stay)")
    parser.add_argument("--write-every", type=float, default=0.0, metavar="S",
                        help="write a new 20-event document into the store every S seconds "
                             "during the run (each write invalidates the server's cache)")
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
    base = f"http://127.0.0.1:{port}"
    server = start_server(url, port, args.workers, folder / "server.log", cache=not args.no_cache)
    writer = Writer(url)
    try:
        alone = asyncio.run(serial_baseline(base))
        # One write after the single-client phase: the run starts with an empty cache.
        writer.write()
        load_before = os.getloadavg()
        proc = psutil.Process(server.pid)
        server_cpu0 = _server_cpu(proc)
        run = asyncio.run(drive(base, args.clients, args.seconds, writer, args.write_every))
        server_cpu = _server_cpu(proc) - server_cpu0
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=20)
        writer.store.close()
        if tmp is not None:
            tmp.cleanup()
    return report(args, run, alone, server_cpu, load_before, load_after)


def report(
    args: argparse.Namespace, run: Run, alone: dict[str, float], server_cpu: float,
    load_before: tuple[float, float, float], load_after: tuple[float, float, float],
) -> int:
    lat = run.latencies
    every = [x for v in lat.values() for x in v]
    lists = [x for name, v in lat.items() if name != BASELINE for x in v]
    cache = "off" if args.no_cache else "on"
    print(f"{args.workers} server process(es), response cache {cache}, {os.cpu_count()} CPUs; "
          f"load average (1 min) {load_before[0]:.2f} before the run, {load_after[0]:.2f} "
          f"after")  # fmt: skip
    print(f"{args.clients} closed-loop clients, {run.elapsed:.1f} s, {len(every):,} requests "
          f"over {len(run.urls)} distinct URLs, {len(every) / run.elapsed:.0f} requests/s; "
          f"{run.writes} writes during the run")  # fmt: skip
    print(f"CPU: load generator {run.client_cpu:.1f} s ({run.client_cpu / run.elapsed:.0%} of "
          f"a core), server {server_cpu:.1f} s ({server_cpu / run.elapsed:.0%} of a core)")
    for name, n in sorted(run.errors.items()):
        print(f"  {name}: {n} failed requests")
    print(f"{'endpoint':<20}{'n':>8}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}"
          f"{'alone ms':>10}{'cached':>8}")  # fmt: skip
    for name in sorted(lat):
        v = lat[name]
        labels = run.cache[name]
        cached = (labels["hit"] + labels["shared"]) / max(1, sum(labels.values()))
        print(f"{name:<20}{len(v):>8}{len(v) / run.elapsed:>8.0f}{pct(v, 0.5):>9.1f}"
              f"{pct(v, 0.99):>9.1f}{statistics.fmean(v) * 1000:>9.1f}"
              f"{alone.get(name, float('nan')):>10.1f}{cached:>8.0%}")  # fmt: skip
    p99 = pct(lists, 0.99)
    labels = Counter[str]()
    for name, c in run.cache.items():
        if name != BASELINE:
            labels.update(c)
    cached = (labels["hit"] + labels["shared"]) / max(1, sum(labels.values()))
    print(f"{'list endpoints':<20}{len(lists):>8}{len(lists) / run.elapsed:>8.0f}"
          f"{pct(lists, 0.5):>9.1f}{p99:>9.1f}{statistics.fmean(lists) * 1000:>9.1f}"
          f"{'':>10}{cached:>8.0%}")  # fmt: skip
    print("  (alone: median of one client's first request per URL, computed, not cached; "
          "cached: answered from the server's response cache)")
    base = lat.get(BASELINE, [])
    if base:
        print(f"baseline (health) p50 {pct(base, 0.5):.1f} ms, p99 {pct(base, 0.99):.1f} ms "
              f"in the same run; list endpoints p99 / baseline p99 = "
              f"{p99 / max(pct(base, 0.99), 1e-3):.1f}")  # fmt: skip
    verdict = "PASS" if p99 < 300 and not run.errors else "FAIL"
    print(f"target p99 < 300 ms on list endpoints: {verdict} ({p99:.0f} ms)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
