"""Process pools for the heavy stages: each worker loads its models once, single-threaded.

natasha's numpy runs faster with one BLAS thread per process on this kind of machine, so the
workers are started with BLAS and torch limited to one thread; results keep input order, so the
output is the same whatever the worker count.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

MIN_ITEMS_PER_WORKER = 20     # below this, starting processes costs more than it saves
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _single_threaded() -> None:
    for var in THREAD_VARS:
        os.environ[var] = "1"


def map_ordered(func: Callable, items: list, workers: int, progress: Callable[[int], None],
                chunksize: int = 8) -> Iterator:
    """func(item) for each item, in order; in `workers` processes when the batch is big enough."""
    if workers <= 1 or len(items) < MIN_ITEMS_PER_WORKER * 2:
        for item in items:
            yield func(item)
            progress(1)
        return
    saved = {var: os.environ.get(var) for var in THREAD_VARS}
    _single_threaded()          # inherited by the spawned workers before numpy loads
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for result in pool.map(func, items, chunksize=chunksize):
                yield result
                progress(1)
    finally:
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def flatten(results: Iterable[list]) -> list:
    return [row for rows in results for row in rows]
