"""An ordered map over worker processes that share no lock, so that stopping them can never hang.

`ordered_map(fn, items, jobs, chunk)` yields `fn(item)` for every item, in order, made by `jobs` forked
processes. Each worker has a pipe of its own: the main process sends it the number of a chunk of `items`
(which the worker already holds, inherited at the fork), the worker sends back that chunk's results. Ending
the workers is killing them and reaping them, whatever they are doing.

Why not `multiprocessing.Pool` (used until session 23): its workers write results into one queue under a
shared lock, and `Pool.terminate()` ends them whatever they hold; a worker ended while writing a result
leaves that lock taken, the pool's task thread then waits on it for ever, and `terminate()` waits on that
thread (CPython gh-96995, open). `matrix --jobs 2` stopped by SIGTERM while reading hung in 3 of 190 runs
on a loaded host (decision 0027). Here no lock is shared between processes, so nothing can be left taken.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
from collections.abc import Callable, Generator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, NoReturn, TypeVar

__all__ = ["WorkerLost", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")

_AHEAD = 2
"""Chunks each worker is given beyond the one it works on, so it never waits for the main process."""

_WINDOW = 4
"""At most this many chunks per worker are handed out beyond the first one not yet yielded: results that
arrive out of order wait in memory, and this bounds how many (a slow chunk holds the others back)."""


class WorkerLost(RuntimeError):
    """A worker process ended without sending its results (killed from outside, for instance by the
    kernel when memory ran out)."""


def _stops() -> set[signal.Signals]:
    return {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}


def _block_stops() -> set[int | signal.Signals] | None:
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _stops())


def _unblock(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _worker_signals() -> None:
    """A worker leaves interrupts to the main process (which ends the workers) and dies quietly when ended."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stop in _stops() - {signal.SIGINT}:
        signal.signal(stop, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _stops())


def _sendable(exc: BaseException) -> BaseException:
    """`exc` if it survives pickling both ways, else a `RuntimeError` naming it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _work(fn: Callable[[Any], Any], items: Sequence[Any], chunk: int, conn: Connection) -> None:
    """A worker's loop: receive a chunk number, send `(number, True, results)` or `(number, False, error)`;
    stop at `None` or when the main process is gone."""
    _worker_signals()
    try:
        while (k := conn.recv()) is not None:
            try:
                conn.send((k, True, [fn(x) for x in items[k * chunk : (k + 1) * chunk]]))
            except Exception as exc:  # sent back and raised in the main process, as Pool did
                conn.send((k, False, _sendable(exc)))
    except (EOFError, OSError):
        pass
    finally:
        conn.close()


def _context() -> Any:
    """Fork where the platform has it: the workers inherit `fn` and `items` without pickling them."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def ordered_map(fn: Callable[[T], R], items: Sequence[T], jobs: int, chunk: int) -> Generator[R, None, None]:
    """Yield `fn(item)` for each of `items` in order, computed by `jobs` worker processes in chunks of
    `chunk` items. An exception `fn` raises in a worker is raised here. Close the generator when not reading
    it to the end: that ends the workers (as does any exception raised into it, a signal's included).
    """
    chunks = -(-len(items) // chunk)
    if not chunks:
        return
    jobs = max(1, min(jobs, chunks))
    context = _context()
    workers: list[tuple[Any, Connection]] = []
    blocked = _block_stops()
    try:
        try:
            for _ in range(jobs):
                mine, theirs = context.Pipe()
                process = context.Process(target=_work, args=(fn, items, chunk, theirs), daemon=True)
                process.start()
                theirs.close()
                workers.append((process, mine))
        finally:
            # A stopping signal that came while the workers were being made is raised here, inside the
            # block that ends them.
            _unblock(blocked)
        yield from _collect(workers, chunks, jobs)
    finally:
        _end(workers)


def _collect(workers: list[tuple[Any, Connection]], chunks: int, jobs: int) -> Generator[Any, None, None]:
    """Hand out chunk numbers and yield the results in chunk order as they come back from the workers; a
    chunk's error is raised in its place (after every earlier result)."""
    given = 0
    waiting: dict[int, tuple[bool, Any]] = {}
    outstanding: dict[Connection, int] = {conn: 0 for _, conn in workers}
    process_of = {conn: process for process, conn in workers}
    wanted = 0

    def give(conn: Connection) -> None:
        nonlocal given
        while outstanding[conn] < 1 + _AHEAD and given < chunks and given < wanted + _WINDOW * jobs:
            try:
                conn.send(given)
            except OSError:  # BrokenPipeError: the worker is gone
                _lost(process_of[conn])
            given += 1
            outstanding[conn] += 1

    for _, conn in workers:
        give(conn)
    while wanted < chunks:
        while wanted in waiting:
            ok, payload = waiting.pop(wanted)
            if not ok:
                raise payload  # at its place in the order, as one process would have raised it
            yield from payload
            wanted += 1
            for conn in outstanding:
                give(conn)
        if wanted >= chunks:
            break
        busy = [c for c, n in outstanding.items() if n]
        ready = wait(busy)
        for conn in [c for c in busy if c in ready]:
            try:
                k, ok, payload = conn.recv()
            except (EOFError, OSError):
                _lost(process_of[conn])
            outstanding[conn] -= 1
            waiting[k] = ok, payload
            give(conn)


def _lost(process: Any) -> NoReturn:
    process.join(1)
    raise WorkerLost(f"a worker process ended unexpectedly (exit code {process.exitcode})")


def _end(workers: list[tuple[Any, Connection]]) -> None:
    """Kill and reap every worker (nothing they hold is shared, so killing leaves nothing taken), with
    the stopping signals held back meanwhile: a second Ctrl-C is raised once no worker is left."""
    blocked = _block_stops()
    try:
        for process, _ in workers:
            if process.exitcode is None:
                process.kill()
        for process, conn in workers:
            process.join()
            conn.close()
    finally:
        _unblock(blocked)
