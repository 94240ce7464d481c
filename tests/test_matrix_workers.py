"""The matrix's worker processes (`policydiff.matrix.workers`): results in order, a worker's error raised in
the main process, a lost worker reported, and ending the workers never hanging, even while they write
large results (where `multiprocessing.Pool.terminate()` can wait for ever: CPython gh-96995)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

import pytest

from policydiff.matrix.workers import WorkerLost, ordered_map

from .conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see processes")


def _children() -> set[int]:
    me = os.getpid()
    found = Path(f"/proc/{me}/task/{me}/children")
    return {int(p) for p in found.read_text().split()} if found.exists() else set()


def _uneven(n: int) -> tuple[int, int]:
    # Every fifth item takes longer, so chunks finish out of order.
    time.sleep(0.004 if n % 5 == 0 else 0)
    return n, n * n


class _Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:  # pickling calls `_Unpicklable(message)`: TypeError
        super().__init__(f"{a}/{b}")


def _fails_at_37(n: int) -> int:
    if n == 37:
        raise ValueError(f"bad item {n}")
    return n


def _fails_unpicklably(n: int) -> int:
    if n == 3:
        raise _Unpicklable(1, 2)
    return n


def _killed_at_5(n: int) -> int:
    if n == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


@pytest.mark.parametrize(
    ("items", "jobs", "chunk"), [(100, 2, 3), (7, 2, 64), (64, 3, 8), (1, 2, 1), (0, 2, 4)]
)
def test_results_come_in_the_order_of_the_items(items: int, jobs: int, chunk: int) -> None:
    before = _children()
    assert list(ordered_map(_uneven, list(range(items)), jobs, chunk)) == [_uneven(n) for n in range(items)]
    assert _children() == before


def test_an_error_in_a_worker_is_raised_here_and_the_workers_end() -> None:
    before = _children()
    got: list[int] = []
    with pytest.raises(ValueError, match="bad item 37"):
        got.extend(ordered_map(_fails_at_37, list(range(100)), 2, 4))
    assert got == list(range(36))  # everything before the failing chunk, in order
    assert _children() == before


def test_an_error_that_cannot_be_sent_is_named() -> None:
    with pytest.raises(RuntimeError, match="_Unpicklable: 1/2"):
        list(ordered_map(_fails_unpicklably, list(range(10)), 2, 1))


def test_a_worker_killed_from_outside_is_reported_not_waited_for() -> None:
    before = _children()
    with pytest.raises(WorkerLost, match=r"ended unexpectedly \(exit code -9\)"):
        list(ordered_map(_killed_at_5, list(range(20)), 2, 1))
    assert _children() == before


def test_closing_early_ends_the_workers() -> None:
    before = _children()
    with closing(ordered_map(_uneven, list(range(1000)), 2, 4)) as results:
        assert next(results) == (0, 0)
        assert len(_children() - before) == 2
    assert _children() == before


_STOP_WHILE_WRITING = """
import sys
from contextlib import closing
from policydiff.matrix.workers import ordered_map

def big(n):
    return b"x" * 4_000_000  # each result takes many pipe writes: a worker is almost always mid-write

for run in range(8):
    with closing(ordered_map(big, list(range(64)), 2, 1)) as results:
        next(results)
print("ended", flush=True)
"""


def test_ending_workers_that_are_writing_large_results_never_hangs() -> None:
    # The same loop with multiprocessing.Pool's imap and terminate() hung in 3 of 10 single runs
    # (decision 0027); here each worker writes to a pipe of its own and no lock is shared.
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_STOP_WHILE_WRITING)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "ended\n", "")
