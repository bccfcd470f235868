"""The local engine: the per-document pass runs on a pool of worker processes on this machine.

Each worker loads its models once (the loaders cache per process) and runs single-threaded:
natasha's numpy is faster with one BLAS thread per process on this kind of machine, so
partitions in parallel beat threads within one. A pool lives for the whole run (every batch
goes to the same workers, whose models stay loaded) and closes when the process ends.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterator

PARTITIONS_PER_WORKER = 8     # small enough that a slow partition does not leave a core idle
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_POOLS: dict[int, ProcessPoolExecutor] = {}


def _warm_up() -> None:
    """Each worker's start: import the stages and spaCy (about a second) while the parent
    ingests, and exit fast. Best effort: a stage that cannot import fails with its own error
    when it runs, not as a broken pool."""
    from pipeline.tables import arrow_without_pandas

    arrow_without_pandas()
    # A worker's results are sent by the time it exits; tearing down natasha's and spaCy's
    # objects one by one would hold the run's end by half a second.
    atexit.register(os._exit, 0)
    try:
        from pipeline.kk_lang import blank
        from pipeline.registry import load_stages

        load_stages()
        blank("ru")
    except Exception:           # noqa: BLE001 - reported by the stage that needs it
        pass


def _pool(workers: int) -> ProcessPoolExecutor:
    """The run's pool of `workers` processes, started while BLAS is held to one thread; each
    warms up in the background."""
    if workers not in _POOLS:
        saved = {var: os.environ.get(var) for var in THREAD_VARS}
        for var in THREAD_VARS:
            os.environ[var] = "1"
        try:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_warm_up)
            for _ in range(workers):
                pool.submit(int)          # each task while none is idle spawns a worker: all now
        finally:
            for var, value in saved.items():
                if value is None:
                    os.environ.pop(var, None)
                else:
                    os.environ[var] = value
        _POOLS[workers] = pool
    return _POOLS[workers]


@atexit.register
def _close_pools() -> None:
    for pool in _POOLS.values():
        pool.shutdown(cancel_futures=True)
    _POOLS.clear()


@dataclass
class LocalEngine:
    workers: int = 1
    pool_from: int = 0       # fewer documents than this, with no pool started, run in this process
    started: bool = False

    def start(self) -> None:
        """Start the workers early: they warm up while the run ingests."""
        if self.workers > 1:
            _pool(self.workers)
            self.started = True

    def _in_process(self, n_docs: int) -> bool:
        return self.workers <= 1 or (n_docs < self.pool_from and not self.started)

    def partitions(self, n_docs: int) -> int:
        return 1 if self._in_process(n_docs) else max(1, min(n_docs, self.workers * PARTITIONS_PER_WORKER))

    def map(self, func: Callable, calls: list[tuple]) -> Iterator:
        """func(*args) for each call, submitted now, results in order as they come: in the
        worker processes, or here when partitions() gave a single partition to a pool not
        started."""
        if len(calls) == 1 and self._in_process(0):      # partitions() found the work small
            return iter([func(*calls[0])])
        self.start()
        return _pool(self.workers).map(func, *zip(*calls))

    def close(self) -> None:
        pool = _POOLS.pop(self.workers, None)
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        self.started = False
