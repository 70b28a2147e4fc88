"""The build of the service's wheel, which is the whole service.

Beyond the code, templates and static files that pyproject.toml lists, the build
- compiles the texts' catalogues (.po into the .mo files the service reads; the .mo files are
  not kept in git), with Babel, a build requirement;
- packs the repository's top-level `config/` (the default configuration) and `migrations/`
  inside the package, where an installed service finds them from any folder.
A checkout (an editable install) reads `config/` and `migrations/` where they are, and gets its
catalogues compiled in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import SetupError

ROOT = Path(__file__).resolve().parent
PACKAGE = "feedback_service"
CATALOGUES = Path(PACKAGE, "translations")
# The repository's top-level folders that travel inside the installed package.
CARRIED = ("config", "migrations")


def compile_catalogues(source: Path, target: Path) -> None:
    """Compile every `LANG/LC_MESSAGES/DOMAIN.po` under `source` into a .mo under `target`.

    As `pybabel compile` does: fuzzy messages are left out (the code's own wording shows).
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalogues = sorted(source.glob("*/LC_MESSAGES/*.po"))
    if not catalogues:
        raise SetupError(f"no catalogues (.po) in {source}")
    for po in catalogues:
        with po.open("rb") as file:
            catalog = read_po(file, locale=po.parts[-3], domain=po.stem)
        if catalog.fuzzy:
            # pybabel skips such a catalogue, and the service would refuse to start without it.
            raise SetupError(f"{po} is marked fuzzy in its header: review it, then remove the mark")
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as file:
            write_mo(file, catalog, use_fuzzy=False)


class BuildService(build_py):
    """`build_py`, plus the compiled catalogues and the carried folders."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            compile_catalogues(ROOT / CATALOGUES, ROOT / CATALOGUES)
            return
        built = Path(self.build_lib) / PACKAGE
        compile_catalogues(ROOT / CATALOGUES, Path(self.build_lib) / CATALOGUES)
        for name in CARRIED:
            shutil.copytree(ROOT / name, built / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.py[co]"))


setup(cmdclass={"build_py": BuildService})
