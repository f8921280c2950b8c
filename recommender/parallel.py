"""Run one function over many inputs on all cores, and stop cleanly on Ctrl-C.

One worker process per core, each building its own knowledge base and durable-rules host
once, in the pool initializer.

Threads would gain nothing (durable holds the GIL while it matches); processes scale
with the cores. With one job the work runs in this process, which keeps tracebacks and
profiling simple.

Ctrl-C reaches every process of the terminal's process group. While :func:`run_all`
runs, a process turns it into a KeyboardInterrupt only where nothing is lost: a worker
inside an item (never while the pool itself waits, which would break it), at most once
(so clean-up code is not interrupted in turn), and never after the item entered
:func:`uninterrupted`; the parent only while it waits for results. Items not started
are skipped; the parent waits for the workers, hands over every result they finished,
then raises the KeyboardInterrupt: nothing is left half-written, nothing done goes
unreported.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# this process's interrupt state: busy in an item, or waiting for the workers' results
_STATE = {"busy": False, "waiting": False, "deferred": False, "interrupted": False, "raised": False}


def _reset() -> None:
    """A fresh interrupt state, for a new run or a new worker."""
    _STATE.update(dict.fromkeys(_STATE, False))


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def chunk_size(items: int, jobs: int, most: int = 32, per_worker: int = 8) -> int:
    """How many items a worker takes at a time (at most ``most``).

    Small enough that each worker gets at least ``per_worker`` chunks: few round trips
    for thousands of fast items, yet every worker busy when there are only a few slow
    ones (a PDF takes seconds).
    """
    return max(1, min(most, items // (jobs * per_worker)))


def run_all(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    initializer: Callable[..., None],
    initargs: tuple[object, ...],
    jobs: int,
    started: Callable[[], None] | None = None,
    chunk: int | None = None,
) -> Generator[R, None, None]:
    """``func`` over ``items`` on ``jobs`` processes, each result as soon as it is ready.

    ``func`` takes a few items at a time (``chunk``; default :func:`chunk_size`) and
    returns one result for each, so it can share work among them. Results come in the
    order the workers finish them, so a caller counting them counts what is done; sort
    them if the order matters. ``started`` is called once every worker exists: from then
    on the caller may start threads (a progress bar's), which a fork must not copy.
    """
    size = chunk or chunk_size(len(items), jobs)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with _interrupts_handled():
        if jobs <= 1 or len(chunks) <= 1:
            initializer(*initargs)
            if started:
                started()
            for part in chunks:
                yield from _Chunk(func)(part)
        else:
            yield from _in_workers(_Chunk(func), chunks, initializer, initargs, jobs, started)


def _in_workers(
    run: _Chunk[T, R],
    chunks: list[Sequence[T]],
    initializer: Callable[..., None],
    initargs: tuple[object, ...],
    jobs: int,
    started: Callable[[], None] | None,
) -> Iterator[R]:
    import multiprocessing  # only when there is parallel work: `goalrec` starts faster
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed

    # fork: workers start in milliseconds and inherit the imported modules
    pool = ProcessPoolExecutor(
        min(jobs, len(chunks)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(initializer, initargs),
    )
    futures = [pool.submit(run, part) for part in chunks]
    taken: set[Future[list[R]]] = set()
    try:
        if started:  # with fork, the pool starts all its workers at the first submission
            started()
        finished = as_completed(futures)
        while True:
            if _STATE["interrupted"]:  # Ctrl-C while the caller had a result in hand
                raise KeyboardInterrupt
            _STATE["waiting"] = True
            try:
                future = next(finished, None)
            finally:
                _STATE["waiting"] = False
            if future is None:
                break
            taken.add(future)
            yield from future.result()
    except BaseException as exc:
        # what has not started never will; the workers are told (if the signal reached
        # this process alone) and waited for
        for child in multiprocessing.active_children():
            with contextlib.suppress(OSError):
                os.kill(child.pid or 0, signal.SIGINT)
        pool.shutdown(wait=True, cancel_futures=True)
        if isinstance(exc, KeyboardInterrupt):  # what was finished meanwhile, then stop
            for future in futures:
                if future not in taken and not future.cancelled() and future.exception() is None:
                    yield from future.result()
        raise
    pool.shutdown(wait=True)


@contextlib.contextmanager
def _interrupts_handled() -> Iterator[None]:
    """Ctrl-C as the module docstring says, in this process, for the block."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread
        return
    previous = signal.signal(signal.SIGINT, _on_interrupt)
    _reset()
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        _STATE.update(interrupted=False, raised=False)


def _init_worker(initializer: Callable[..., None], initargs: tuple[object, ...]) -> None:
    _reset()
    signal.signal(signal.SIGINT, _on_interrupt)
    initializer(*initargs)


def _on_interrupt(signum: int, frame: Any) -> None:
    _STATE["interrupted"] = True
    if _STATE["raised"] or _STATE["deferred"]:
        return
    if _STATE["busy"] or _STATE["waiting"]:
        _STATE["raised"] = True
        raise KeyboardInterrupt


class _Chunk(Generic[T, R]):
    """``func`` over a few items, as a process of the run calls it: not once interrupted."""

    def __init__(self, func: Callable[[Sequence[T]], list[R]]) -> None:
        self.func = func

    def __call__(self, items: Sequence[T]) -> list[R]:
        if _STATE["interrupted"]:
            raise KeyboardInterrupt
        _STATE["busy"] = True
        try:
            return self.func(items)
        finally:
            _STATE.update(busy=False, deferred=False)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold a Ctrl-C back while the block runs (files being written get finished).

    Inside :func:`run_all` it is held back until the item is done, so its result is
    handed over; the items after it are skipped. Elsewhere it is raised when the block
    ends.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread
        return
    handler = signal.getsignal(signal.SIGINT)
    if handler is _on_interrupt:
        _STATE["deferred"] = True
        yield
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
