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
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterator

PARTITIONS_PER_WORKER = 4     # small enough that a slow partition does not leave a core idle
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_POOLS: dict[int, ProcessPoolExecutor] = {}


def _started(_: int) -> None:
    time.sleep(0.05)


def _pool(workers: int) -> ProcessPoolExecutor:
    """The run's pool of `workers` processes, all started while BLAS is held to one thread."""
    if workers not in _POOLS:
        saved = {var: os.environ.get(var) for var in THREAD_VARS}
        for var in THREAD_VARS:
            os.environ[var] = "1"
        try:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            list(pool.map(_started, range(workers)))      # spawn every worker now
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

    def partitions(self, n_docs: int) -> int:
        return max(1, min(n_docs, self.workers * PARTITIONS_PER_WORKER)) if self.workers > 1 else 1

    def map(self, func: Callable, calls: list[tuple]) -> Iterator:
        """func(*args) for each call, in order; in the worker processes when there are several."""
        if self.workers <= 1 or len(calls) <= 1:
            for args in calls:
                yield func(*args)
            return
        yield from _pool(self.workers).map(func, *zip(*calls))
