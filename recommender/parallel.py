"""Run one function over many inputs on all cores.

One worker process per core, each building its own knowledge base and durable-rules host
once, in the pool initializer.

Threads would gain nothing (durable holds the GIL while it matches); processes scale
with the cores. With one job the work runs in this process, which keeps tracebacks and
profiling simple.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run_all(
    func: Callable[[T], R],
    items: Iterable[T],
    initializer: Callable[..., None],
    initargs: tuple[object, ...],
    jobs: int,
    chunksize: int = 32,
) -> Iterator[R]:
    """``func`` over ``items`` in order, on ``jobs`` processes."""
    if jobs <= 1:
        initializer(*initargs)
        yield from map(func, items)
        return
    # fork: workers start in milliseconds and inherit the imported modules
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=initializer, initargs=initargs
    ) as pool:
        yield from pool.map(func, items, chunksize=chunksize)
