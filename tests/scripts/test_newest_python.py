"""scripts/newest_python.py, which chooses the Python CI runs the suite on a second time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.own_database, pytest.mark.calendar_free]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = str(ROOT / "scripts" / "newest_python.py")


def newest(**environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **environment})


def version_of(python: str) -> tuple[int, ...]:
    answer = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:3])"],
                            capture_output=True, text=True, check=True, timeout=30)
    return tuple(int(part) for part in answer.stdout.split())


def test_it_names_a_python_that_runs_and_is_no_older_than_this_one():
    found = newest()
    assert found.returncode == 0, found.stderr
    assert version_of(found.stdout.strip()) >= sys.version_info[:3]


def fake_python(root: Path, version: str, script: str) -> Path:
    """A pyenv version whose python3 is a shell script."""
    python = root / "versions" / version / "bin" / "python3"
    python.parent.mkdir(parents=True)
    python.write_text(f"#!/bin/sh\n{script}\n")
    python.chmod(0o755)
    return python


def test_the_newest_final_release_among_pyenv_versions_that_run_is_chosen(tmp_path):
    newer = fake_python(tmp_path, "3.99.1", "echo 3 99 1 final")
    fake_python(tmp_path, "3.100.0a1", "echo 3 100 0 alpha")
    fake_python(tmp_path, "3.101.0", "exit 127")

    found = newest(PYENV_ROOT=str(tmp_path), PATH="/usr/bin:/bin")

    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == str(newer)
