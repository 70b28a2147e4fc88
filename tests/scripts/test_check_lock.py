"""scripts/check_lock.py, run as CI runs it, on the project's own files and on broken copies."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.own_database, pytest.mark.calendar_free]

ROOT = Path(__file__).resolve().parents[2]


def check_lock(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "check_lock.py"),
                           "--root", str(root)], capture_output=True, text=True, timeout=60)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of pyproject.toml and the locks, to break."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_committed_locks_match_pyproject():
    result = check_lock(ROOT)

    assert result.returncode == 0, result.stderr
    assert "matches pyproject.toml" in result.stdout


@pytest.mark.parametrize(("old", "new", "expected"), [
    pytest.param('"tzdata>=2024.1",', '"tzdata>=2024.1",\n    "tabulate>=0.9",',
                 [f"{lock}: tabulate>=0.9 is not pinned" for lock in
                  ("runtime.lock", "trial.lock", "dev.lock")],
                 id="a dependency added without locking"),
    pytest.param('"flask>=3.1,<4",', '"flask>=3.0,<3.1",',
                 ["runtime.lock: flask==", "is outside flask<3.1,>=3.0"],
                 id="a pin outside its range"),
    pytest.param('    "aiosmtpd>=1.4,<2",\n', "",
                 ["trial.lock: aiosmtpd is pinned but nothing in pyproject.toml needs it",
                  "dev.lock: atpublic is pinned but nothing"],  # aiosmtpd's own need
                 id="a package nothing needs any more"),
])
def test_a_lock_that_no_longer_matches_pyproject_is_named(project, old, new, expected):
    edit(project / "pyproject.toml", old, new)

    result = check_lock(project)

    assert result.returncode == 1
    for line in expected:
        assert line in result.stderr
    assert "run ./scripts/lock" in result.stderr


def test_an_index_url_or_a_pin_without_hashes_is_refused(project):
    lock = project / "requirements" / "runtime.lock"
    lock.write_text("--index-url https://mirror.example/simple\n"
                    + lock.read_text() + "extra-package==1.0\n    # via flask\n")

    result = check_lock(project)

    assert result.returncode == 1
    assert "runtime.lock names a URL" in result.stderr
    assert "runtime.lock: extra-package is pinned without a hash" in result.stderr
