"""Run one function over many inputs on all cores, and stop cleanly on Ctrl-C.

One worker process per core, each building its own knowledge base and durable-rules host
once, in the pool initializer.

Threads would gain nothing (durable holds the GIL while it matches); processes scale
with the cores. With one job the work runs in this process, which keeps tracebacks and
profiling simple.

Ctrl-C reaches every process of the terminal's process group. A worker turns it into a
KeyboardInterrupt only inside an item (so the pool itself never breaks), at most once
(so clean-up code is not interrupted in turn), and never inside :func:`uninterrupted`;
items still queued are skipped. The parent cancels what has not started and waits for
the workers, so nothing is left half-written when the command returns.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# this worker's interrupt state (one copy per process)
_STATE = {"busy": False, "deferred": False, "interrupted": False, "raised": False}


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
    started: Callable[[], None] | None = None,
    chunk: int | None = None,
) -> Iterator[R]:
    """``func`` over ``items`` on ``jobs`` processes, each result as soon as it is ready.

    Results come in the order the workers finish them, so a caller counting them counts
    what is done; sort them if the order matters. A worker takes ``chunk`` items at a
    time (default: :func:`chunk_size`); ``started`` is called once every worker
    exists: from then on the caller may start threads (a progress bar's), which a fork
    must not copy.
    """
    if jobs <= 1 or len(items) <= 1:
        initializer(*initargs)
        if started:
            started()
        yield from map(func, items)
        return
    import multiprocessing  # only when there is parallel work: `goalrec` starts faster
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # fork: workers start in milliseconds and inherit the imported modules
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        min(jobs, len(items)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(initializer, initargs),
    )
    size = chunk or chunk_size(len(items), jobs)
    run = _Chunk(func)
    futures = [pool.submit(run, items[i : i + size]) for i in range(0, len(items), size)]
    try:
        if started:  # with fork, the pool starts all its workers at the first submission
            started()
        for future in as_completed(futures):
            yield from future.result()
    except BaseException:
        # Ctrl-C, or the consumer stopped early: what has not started never will; the
        # workers are told (if the signal reached this process alone) and waited for
        for child in multiprocessing.active_children():
            with contextlib.suppress(OSError):
                os.kill(child.pid or 0, signal.SIGINT)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _init_worker(initializer: Callable[..., None], initargs: tuple[object, ...]) -> None:
    signal.signal(signal.SIGINT, _on_interrupt)
    initializer(*initargs)


def _on_interrupt(signum: int, frame: Any) -> None:
    _STATE["interrupted"] = True
    if _STATE["busy"] and not _STATE["deferred"] and not _STATE["raised"]:
        _STATE["raised"] = True
        raise KeyboardInterrupt


class _Chunk(Generic[T, R]):
    """``func`` over a few items, as a worker runs it: not at all once interrupted."""

    def __init__(self, func: Callable[[T], R]) -> None:
        self.func = func

    def __call__(self, items: Sequence[T]) -> list[R]:
        if _STATE["interrupted"]:
            raise KeyboardInterrupt
        _STATE["busy"] = True
        try:
            return [self.func(item) for item in items]
        finally:
            _STATE["busy"] = False


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold a Ctrl-C back until the block is done (files being written get finished).

    In a worker the interrupt then skips the items still queued; in the main process it
    is raised when the block ends.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread
        return
    handler = signal.getsignal(signal.SIGINT)
    if handler is _on_interrupt:  # a worker: its handler defers by itself
        _STATE["deferred"] = True
        try:
            yield
        finally:
            _STATE["deferred"] = False
        return
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)
    if caught and callable(handler):
        handler(signal.SIGINT, None)
    elif caught and handler == signal.SIG_DFL:
        os.kill(os.getpid(), signal.SIGINT)
