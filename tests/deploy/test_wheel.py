"""The service's wheel (what the Docker image installs) carries its templates, static files and
compiled translation catalogues."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_template_static_file_and_catalogue_is_in_the_wheel(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    shutil.copytree(ROOT / "feedback_service", source / "feedback_service",
                    ignore=shutil.ignore_patterns("__pycache__"))

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(tmp_path / "wheels"), str(source)],
                   check=True, capture_output=True, timeout=300)

    [wheel] = (tmp_path / "wheels").glob("feedback_service-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    files = {path.relative_to(source).as_posix()
             for path in (source / "feedback_service").rglob("*")
             if path.is_file() and ("templates" in path.parts or "static" in path.parts
                                    or "translations" in path.parts)}
    assert files, "no templates found: the test looks in the wrong place"
    assert sorted(files - packed) == []
    # The texts are read from the compiled catalogues (compiled at install, not committed).
    for language in ("sv", "da", "en"):
        assert f"feedback_service/translations/{language}/LC_MESSAGES/messages.mo" in packed
