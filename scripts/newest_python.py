"""Print the path of the newest CPython release on this machine that the service supports.

Looks at `python3.N` on PATH and at pyenv's versions; each candidate is run, so a pyenv shim
for a version that is not active, or a broken install, is passed over.

    python3 scripts/newest_python.py
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

OLDEST = (3, 11)  # pyproject.toml's requires-python
_ASK = "import sys; v = sys.version_info; print(v.major, v.minor, v.micro, v.releaselevel)"


def candidates() -> set[str]:
    found = {sys.executable}
    for minor in range(OLDEST[1], 30):
        if path := shutil.which(f"python3.{minor}"):
            found.add(path)
    pyenv = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    found.update(glob.glob(f"{pyenv}/versions/*/bin/python3"))
    return found


def version_of(python: str) -> tuple[int, int, int] | None:
    """The release a Python is, or None when it doesn't run or is not a final release."""
    try:
        answer = subprocess.run([python, "-c", _ASK], capture_output=True, text=True,
                                timeout=30, check=True).stdout.split()
        major, minor, micro, level = answer
        version = (int(major), int(minor), int(micro))
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return version if level == "final" else None


def main() -> int:
    versions = {path: v for path in candidates() if (v := version_of(path)) and v >= OLDEST}
    if not versions:
        print(f"no Python {'.'.join(map(str, OLDEST))} or newer found", file=sys.stderr)
        return 1
    print(max(versions, key=lambda path: versions[path]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
