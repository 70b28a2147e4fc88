"""Running a measurement in a fresh process of its own, for its time and peak memory.

The process imports only the job's module, so its peak is what a process serving the same
request would need, not what the benchmark itself has loaded.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.environment import ROOT


def in_child(job: Callable[..., Any], *args: str) -> tuple[Any, float, float]:
    """`job(*args)` in a fresh process: its result, seconds, and the process's peak RSS in MB.

    `job` is a module-level function taking and returning what JSON can carry.
    """
    done = subprocess.run(
        [sys.executable, "-m", "bench.memory", f"{job.__module__}:{job.__name__}", *args],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{job.__name__} failed:\n{done.stderr[-2000:]}")
    result, seconds, peak = json.loads(done.stdout.strip().splitlines()[-1])
    return result, seconds, peak


def _run(target: str, args: list[str]) -> None:
    module, name = target.split(":")
    job = getattr(importlib.import_module(module), name)
    started = time.perf_counter()
    result = job(*args)
    seconds = time.perf_counter() - started
    print(json.dumps([result, seconds, peak_megabytes()]))


def peak_megabytes() -> float:
    """This process's peak resident set since it started its program.

    VmHWM, not getrusage's ru_maxrss: Linux carries the parent's peak over into a child's
    ru_maxrss at exec, so a child of a large process would report the parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    _run(sys.argv[1], sys.argv[2:])
