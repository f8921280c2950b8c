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
from collections.abc import Callable, Iterator, Sequence
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


def chunk_size(items: int, jobs: int) -> int:
    """How many items a worker takes at a time.

    Few round trips for thousands of fast items, yet every worker busy when there are
    only a few slow ones (a PDF takes seconds).
    """
    return max(1, min(32, items // (jobs * 8)))


def run_all(
    func: Callable[[T], R],
    items: Sequence[T],
    initializer: Callable[..., None],
    initargs: tuple[object, ...],
    jobs: int,
) -> Iterator[R]:
    """``func`` over ``items`` in order, on ``jobs`` processes."""
    if jobs <= 1 or len(items) <= 1:
        initializer(*initargs)
        yield from map(func, items)
        return
    # fork: workers start in milliseconds and inherit the imported modules
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        min(jobs, len(items)), mp_context=context, initializer=initializer, initargs=initargs
    ) as pool:
        yield from pool.map(func, items, chunksize=chunk_size(len(items), jobs))
