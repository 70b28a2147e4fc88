"""Running a measurement in a child process of its own, for its time and peak memory."""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from typing import Any


def _timed(job: Callable[..., Any], args: tuple) -> tuple[Any, float, float]:
    started = time.perf_counter()
    result = job(*args)
    seconds = time.perf_counter() - started
    # ru_maxrss is the process's peak resident set, in kilobytes on Linux.
    return result, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(job: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """`job(*args)` in a fresh process: its result, seconds, and the process's peak RSS in MB.

    The peak includes what any process serving it holds anyway (the interpreter, Flask,
    SQLAlchemy): the figure a server's memory limit has to allow for.
    """
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_timed, (job, args))
