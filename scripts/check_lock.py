"""Check that the lock files in requirements/ match pyproject.toml (CI runs this).

Every requirement of pyproject.toml (with each lock's extras) must be pinned, with hashes, at a
version its specifier allows; every pinned package must be needed by one of them, directly or
through another pinned package; and no lock may name an index or any other URL.
Regenerate the locks with ./scripts/lock.

    python scripts/check_lock.py [--root DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# Which extras each lock holds; ./scripts/lock compiles them so.
LOCK_EXTRAS = {
    "runtime.lock": (),
    "trial.lock": ("trial",),
    "dev.lock": ("trial", "dev"),
}
PROJECT = "feedback-service (pyproject.toml)"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


@dataclass
class Pin:
    version: str
    hashes: int = 0
    needed_by: set[str] = field(default_factory=set)  # package names, or PROJECT


def read_lock(text: str) -> dict[str, Pin]:
    """The pins of a pip-compile lock file, with their hashes and `# via` annotations."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    in_via = False
    for line in text.splitlines():
        stripped = line.strip()
        if match := _PIN.match(line):
            current = pins[canonicalize_name(match[1])] = Pin(match[2].rstrip("\\").strip())
            in_via = False
        elif current is None:
            continue
        elif stripped.startswith("--hash="):
            current.hashes += 1
        elif stripped.startswith("# via"):
            single = stripped.removeprefix("# via").strip()
            in_via = not single
            if single:
                current.needed_by.add(_parent(single))
        elif in_via and stripped.startswith("#   "):
            current.needed_by.add(_parent(stripped.removeprefix("#").strip()))
        else:
            in_via = False
    return pins


def _parent(annotation: str) -> str:
    return annotation if annotation == PROJECT else canonicalize_name(annotation.split()[0])


def requirements_of(pyproject: dict, extras: tuple[str, ...]) -> list[Requirement]:
    """The project's requirements with these extras, for this machine's Python and platform."""
    project = pyproject["project"]
    texts = list(project["dependencies"])
    for extra in extras:
        texts += project.get("optional-dependencies", {}).get(extra, [])
    requirements = [Requirement(text) for text in texts]
    return [r for r in requirements if r.marker is None or r.marker.evaluate()]


def problems_with(lock_name: str, lock_text: str, pyproject: dict) -> list[str]:
    """What keeps this lock from matching pyproject.toml; empty when it matches."""
    problems = []
    if "://" in lock_text:
        problems.append(f"{lock_name} names a URL: keep index and link options out of it")
    pins = read_lock(lock_text)
    required = requirements_of(pyproject, LOCK_EXTRAS[lock_name])
    direct = {canonicalize_name(r.name) for r in required}
    for requirement in required:
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            problems.append(f"{lock_name}: {requirement} is not pinned")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{lock_name}: {requirement.name}=={pin.version} is outside "
                            f"{requirement}")
    for name, pin in sorted(pins.items()):
        if pin.hashes == 0:
            problems.append(f"{lock_name}: {name} is pinned without a hash")
    for name in sorted(set(pins) - _needed(pins, direct)):
        problems.append(f"{lock_name}: {name} is pinned but nothing in pyproject.toml needs it")
    return problems


def _needed(pins: dict[str, Pin], direct: set[str]) -> set[str]:
    """The pinned packages reachable from the project's own requirements."""
    needed = direct & set(pins)
    while True:
        more = {name for name, pin in pins.items()
                if name not in needed and pin.needed_by & needed}
        if not more:
            return needed
        needed |= more


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the project folder (default: this script's project)")
    root = parser.parse_args().root
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    problems = []
    for lock_name in LOCK_EXTRAS:
        path = root / "requirements" / lock_name
        if not path.exists():
            problems.append(f"{lock_name} is missing")
            continue
        problems += problems_with(lock_name, path.read_text(), pyproject)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("The locks do not match pyproject.toml: run ./scripts/lock and commit the result.",
              file=sys.stderr)
        return 1
    print(f"requirements/ ({', '.join(LOCK_EXTRAS)}) matches pyproject.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
