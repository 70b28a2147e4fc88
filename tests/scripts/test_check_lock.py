"""scripts/check_lock.py, run as CI runs it, on the project's own files and on broken copies."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_a_dependency_added_without_locking_is_named(project):
    edit(project / "pyproject.toml", '"tzdata>=2024.1",', '"tzdata>=2024.1",\n    "rich>=13",')

    result = check_lock(project)

    assert result.returncode == 1
    for lock in ("runtime.lock", "trial.lock", "dev.lock"):
        assert f"{lock}: rich>=13 is not pinned" in result.stderr
    assert "run ./scripts/lock" in result.stderr


def test_a_pin_outside_the_specifier_is_named(project):
    edit(project / "pyproject.toml", '"flask>=3.1,<4",', '"flask>=3.0,<3.1",')

    result = check_lock(project)

    assert result.returncode == 1
    assert "runtime.lock: flask==" in result.stderr
    assert "is outside flask<3.1,>=3.0" in result.stderr


def test_a_package_nothing_needs_any_more_is_named(project):
    edit(project / "pyproject.toml", '    "aiosmtpd>=1.4,<2",\n', "")

    result = check_lock(project)

    assert result.returncode == 1
    assert "trial.lock: aiosmtpd is pinned but nothing in pyproject.toml needs it" in result.stderr
    assert "dev.lock: atpublic is pinned but nothing" in result.stderr  # aiosmtpd's own need
    assert "runtime.lock" not in result.stderr


def test_an_index_url_or_a_pin_without_hashes_is_refused(project):
    lock = project / "requirements" / "runtime.lock"
    lock.write_text("--index-url https://mirror.example/simple\n"
                    + lock.read_text() + "extra-package==1.0\n    # via flask\n")

    result = check_lock(project)

    assert result.returncode == 1
    assert "runtime.lock names a URL" in result.stderr
    assert "runtime.lock: extra-package is pinned without a hash" in result.stderr
