"""Process pools for the heavy stages: each worker loads its models once, single-threaded.

natasha's numpy runs faster with one BLAS thread per process on this kind of machine, so the
workers are started with BLAS and torch limited to one thread; results keep input order, so the
output is the same whatever the worker count. A pool lives for the whole run (every batch of
documents goes to the same workers, whose models stay loaded) and closes when the process ends.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

MIN_ITEMS_PER_WORKER = 20     # below this, starting processes costs more than it saves
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _single_threaded() -> None:
    for var in THREAD_VARS:
        os.environ[var] = "1"


_POOLS: dict[int, ProcessPoolExecutor] = {}


def _started(_: int) -> None:
    time.sleep(0.05)


def _pool(workers: int) -> ProcessPoolExecutor:
    """The run's pool of `workers` processes, all started while BLAS is held to one thread (the
    parent's own threads, e.g. torch's for stanza, keep their default)."""
    if workers not in _POOLS:
        saved = {var: os.environ.get(var) for var in THREAD_VARS}
        _single_threaded()
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


def map_ordered(func: Callable, items: list, workers: int, progress: Callable[[int], None],
                chunksize: int = 8) -> Iterator:
    """func(item) for each item, in order; in `workers` processes when the batch is big enough."""
    if workers <= 1 or len(items) < MIN_ITEMS_PER_WORKER * 2:
        for item in items:
            yield func(item)
            progress(1)
        return
    for result in _pool(workers).map(func, items, chunksize=chunksize):
        yield result
        progress(1)


def flatten(results: Iterable[list]) -> list:
    return [row for rows in results for row in rows]
