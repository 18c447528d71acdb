"""``allywatch ingest --engine ray``: the pipeline as a Ray Data job.

The driver (this process) expands the inputs and skips those ingested before, exactly as
the local engine does (``allywatch.pipeline._plan_inputs``). The rest become a dataset of
``(seq, input, key)`` rows, one block per batch, mapped by a pool of
:class:`~allywatch.scale.worker.DocumentWorker` actors (each loads the spaCy pipeline and
the catalog once) that read, clean, sign, parse and extract. Execution streams: the driver
receives each batch's results as soon as it and every earlier batch are done (order is kept
so near-duplicate decisions, which depend on what came first, match the local engine) and
:class:`~allywatch.scale.writer.BatchWriter` commits it in one transaction.

Faults: Ray Data restarts a killed actor and runs its batch again (its actor pools default
to ``max_restarts=-1`` and ``max_task_retries=-1``; Ray 2.5x deprecates passing them per
``map_batches``, and an exception raised by our code is not retried). Every write is an
idempotent upsert keyed by content hash and the writer ignores a batch it has already
written, so nothing is lost or stored twice. A write whose database connection drops is
retried by the store (``retry_on_disconnect``).
"""

from __future__ import annotations

import logging
import math
import socket
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import allywatch
from allywatch.config import Settings, get_settings
from allywatch.errors import ConfigError, ExtractionError
from allywatch.pipeline import (
    IngestFailure,
    IngestReport,
    Progress,
    _NearDuplicates,
    _plan_inputs,
    _Run,
    resolve_ledger,
)
from allywatch.scale.worker import DocumentWorker, InputResult, decode
from allywatch.scale.writer import BatchWriter, timed
from allywatch.store import Store

__all__ = ["RayOptions", "ingest_ray", "ray_session"]

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class RayOptions:
    """Where and how wide the job runs.

    ``address``: an existing Ray cluster (``ray://host:10001`` or ``host:6379``); None starts
    a local Ray for the job with ``num_cpus`` CPUs (default: ``concurrency``).
    ``concurrency``: worker actors, each with one CPU and its own spaCy pipeline.
    ``batch_size``: inputs per task; also the documents written per transaction.
    """

    address: str | None = None
    concurrency: int = 2
    batch_size: int = 16
    num_cpus: int | None = None

    def __post_init__(self) -> None:
        if self.concurrency < 1 or self.batch_size < 1:
            raise ConfigError("ray: concurrency and batch size must be at least 1")


@contextmanager
def ray_session(options: RayOptions) -> Iterator[None]:
    """Ray for the job: the one this process already runs, the cluster at
    ``options.address``, or a local one started now and shut down afterwards."""
    import ray

    if ray.is_initialized():
        yield
        return
    if options.address:
        _check_reachable(options.address)
    verbose = logging.getLogger().getEffectiveLevel() <= logging.INFO
    try:
        ray.init(
            address=options.address,
            num_cpus=None if options.address else (options.num_cpus or options.concurrency),
            include_dashboard=False,
            logging_level=logging.INFO if verbose else logging.ERROR,
            log_to_driver=verbose,
            runtime_env=_runtime_env(),
        )
    except (ConnectionError, ValueError, RuntimeError) as exc:
        where = options.address or "a local Ray"
        raise ConfigError(f"ray: cannot start or reach {where}: {exc}") from exc
    try:
        yield
    finally:
        ray.shutdown()


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail fast on a cluster address nobody answers at (``ray.init`` would retry for
    minutes). ``auto`` and addresses without a port are left to Ray."""
    host, sep, port = address.split("://", 1)[-1].rpartition(":")
    if not sep or not port.isdigit() or not host:
        return
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ConfigError(f"ray: cannot reach a Ray cluster at {address}: {exc}") from exc


def ingest_ray(
    inputs: Iterable[str],
    store: Store,
    *,
    published: date | None = None,
    outlet: str | None = None,
    fields: Mapping[str, str] | None = None,
    extract: bool = True,
    options: RayOptions | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> IngestReport:
    """Ingest like :func:`allywatch.pipeline.ingest_paths`, with the reading, NLP and
    extraction of new inputs done by a Ray Data job; same arguments, same report."""
    options = options or RayOptions()
    settings = settings or get_settings()
    started = time.perf_counter()
    report = IngestReport()
    phases = report.phases
    run = _Run(store, settings, published, outlet, dict(fields or {}), extract, report,
               _NearDuplicates(store, settings))  # fmt: skip
    with timed(phases, "plan"):
        to_read, early = _plan(run, inputs)
    writer = BatchWriter(run, early)
    done = 0
    if to_read:
        with ray_session(options):
            job_start = time.perf_counter()
            for batch in _results(to_read, run, options, phases):
                phases.setdefault("first_batch", time.perf_counter() - job_start)
                with timed(phases, "write"):
                    writer.write(batch)
                done = len(writer.written)
                if progress:
                    progress("extract", done, len(to_read))
    writer.flush_errors()
    if done != len(to_read):  # the writer ignores repeats, so this counts each input once
        raise ExtractionError(f"ray: {len(to_read) - done} of {len(to_read)} inputs "
                              "came back without results")  # fmt: skip
    if extract:
        with timed(phases, "resolve"):
            report.resolved = resolve_ledger(store, report)
    report.seconds = time.perf_counter() - started
    log.info("ray job: %.1f s; %s", report.seconds,
             ", ".join(f"{name} {seconds:.1f} s" for name, seconds in phases.items()))  # fmt: skip
    return report


def _plan(
    run: _Run, inputs: Iterable[str]
) -> tuple[list[tuple[str, str | None]], list[tuple[int, IngestFailure]]]:
    """The inputs to read, and each input that could not even be listed with the number
    of inputs to read before it (so errors come out in input order, as locally)."""
    to_read: list[tuple[str, str | None]] = []
    early: list[tuple[int, IngestFailure]] = []
    errors = run.report.errors
    for planned in _plan_inputs(run, inputs):
        early += [(len(to_read), failure) for failure in errors]
        errors.clear()
        if planned is not None:
            to_read.append(planned)
    early += [(len(to_read), failure) for failure in errors]
    errors.clear()
    return to_read, early


def _results(
    to_read: list[tuple[str, str | None]],
    run: _Run,
    options: RayOptions,
    phases: dict[str, float],
) -> Iterator[list[InputResult]]:
    """Run the job and yield each batch's results, in input order, as they complete.
    ``phases`` gets the seconds spent waiting for Ray (``wait``) and decoding (``decode``)."""
    import ray
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    rows = [{"seq": i, "input": item, "key": key or ""} for i, (item, key) in enumerate(to_read)]
    blocks = math.ceil(len(rows) / options.batch_size)  # one block = one task = one commit
    source = ray.data.from_items(rows, override_num_blocks=blocks)
    ds = source.map_batches(
        DocumentWorker,
        batch_size=options.batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=min(options.concurrency, blocks)),
        num_cpus=1,
        fn_constructor_args=(run.settings,),
        fn_constructor_kwargs={
            "published": run.published,
            "outlet": run.outlet,
            "fields": dict(run.fields),
            "extract": run.extract,
        },
    )
    batches = iter(ds.iter_batches(batch_size=None, batch_format="numpy"))
    try:
        while True:
            with timed(phases, "wait"):
                batch = next(batches, None)
            if batch is None:
                return
            with timed(phases, "decode"):
                results = [decode(bytes(blob)) for blob in batch["result"]]
            log.debug("batch of %d inputs from worker(s) %s", len(results),
                      sorted({r.worker for r in results}))  # fmt: skip
            yield results
    except ray.exceptions.RayError as exc:
        raise ExtractionError(f"ray: the job failed: {_first_line(exc)}") from exc


def _runtime_env() -> dict[str, Any]:
    """Ship this allywatch package to the workers, so a cluster runs the driver's code
    (Ray accepts a local package only in ``ray.init``, not per task)."""
    package = Path(allywatch.__file__).parent
    return {"py_modules": [str(package)], "excludes": ["__pycache__", "*.pyc"]}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
