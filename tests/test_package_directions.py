"""The packages of feedback_service import each other in one direction only, without loops.

A call's data flows one way (webhook, survey decision, stored answer, coaching figures), and
so do the imports: the edges people and phone systems reach (web, admin, api, telephony, ...)
use the survey and coaching rules, which use the outbox and the staff directory, which use the
foundation. The domain rules know nothing of Flask or Twilio.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import feedback_service

pytestmark = pytest.mark.calendar_free

ROOT = Path(feedback_service.__file__).parent

# Each package (or top-level module) and its layer: a module may import its own package and
# any package of a lower layer, never a higher one.
LAYERS = {
    # The foundation: the database, the settings, small helpers.
    "database": 0,
    "database_engine": 0,
    "extensions": 0,
    "settings": 0,
    "settings_loading": 0,
    "settings_reference": 0,
    "config_entries": 0,
    "job_runs": 0,
    "config_files": 0,
    "phone_numbers": 0,
    "personal_data": 0,
    "working_hours": 0,
    "topics": 0,
    "log_privacy": 0,
    "csv_export": 0,
    "http_guards": 0,
    "validation_errors": 0,
    "languages": 0,
    "request_ids": 0,
    "request_metrics": 0,
    "request_log": 0,
    "structured_logs": 0,
    # Leaves that carry things out: delivery, and who works where.
    "outbox": 1,
    "staff": 1,
    # The rules: surveys, coaching, follow-ups.
    "surveys": 2,
    "coaching": 2,
    "follow_ups": 2,
    "outgoing": 2,
    "causes": 2,
    # The edges: what people, phone systems and the clock reach.
    "web": 3,
    "admin": 3,
    "api": 3,
    "telephony": 3,
    "privacy": 3,
    "health": 3,
    "metrics": 3,
    "startup_checks": 3,
    "trial": 3,
    "scheduler": 3,
    # Where the app is put together, and where every table is listed for migrations.
    "__init__": 4,
    "models": 4,
    "lazy_commands": 4,
    "wsgi": 4,
    "command_line": 4,
}
# Imports between packages of one layer, each in one direction only (the foundation's small
# modules and the app's assembly may use each other freely, as long as there is no loop).
ALONGSIDE = {
    ("coaching", "surveys"),
    ("follow_ups", "coaching"),
    ("follow_ups", "surveys"),
    ("causes", "coaching"),
    ("causes", "surveys"),
    ("causes", "outgoing"),
    ("scheduler", "causes"),
    ("admin", "web"),
    ("privacy", "web"),
    ("privacy", "telephony"),
    ("scheduler", "coaching"),
    ("scheduler", "outbox"),
    ("scheduler", "privacy"),
    ("scheduler", "telephony"),
    ("trial", "coaching"),
    ("trial", "outbox"),
    ("trial", "surveys"),
    ("outbox", "staff"),
    ("health", "startup_checks"),
    ("outgoing", "coaching"),
    ("outgoing", "surveys"),
}
# The rules stay free of the web framework and the phone provider. Their CLI commands
# (`commands.py`) are Flask's by nature.
DOMAIN = ("surveys", "coaching", "follow_ups", "causes")
FRAMEWORKS = ("flask", "twilio")


def package_of(path: Path) -> str:
    relative = path.relative_to(ROOT)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def package_imports() -> dict[tuple[str, str], set[str]]:
    """(importing package, imported package) -> the importing modules."""
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        here = package_of(path)
        for module in imported_modules(path):
            parts = module.split(".")
            if (
                parts[0] == "feedback_service"
                and len(parts) > 1
                and parts[1] != here
                and (parts[1] in LAYERS)
            ):
                edges[(here, parts[1])].add(str(path.relative_to(ROOT)))
    return edges


def test_every_package_has_a_layer():
    packages = {package_of(path) for path in ROOT.rglob("*.py")}
    assert packages <= set(LAYERS), sorted(packages - set(LAYERS))


def test_packages_import_downwards_only():
    wrong = {}
    for (importer, imported), modules in package_imports().items():
        allowed = (
            LAYERS[imported] < LAYERS[importer]
            or LAYERS[imported] == LAYERS[importer] in (0, 4)
            or (importer, imported) in ALONGSIDE
        )
        if not allowed:
            wrong[f"{importer} -> {imported}"] = sorted(modules)
    assert wrong == {}


def test_no_import_loops_between_packages():
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, imported in package_imports():
        graph[importer].add(imported)
    loops = []

    def visit(package: str, path: list[str]) -> None:
        for imported in graph[package]:
            if imported in path:
                loops.append(" -> ".join([*path[path.index(imported) :], imported]))
            elif len(path) < len(graph) + 1:
                visit(imported, [*path, imported])

    for package in list(graph):
        visit(package, [package])
    assert loops == []


def test_the_rules_import_no_web_framework_and_no_phone_provider():
    found = {}
    for package in DOMAIN:
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "commands.py":
                continue
            frameworks = {module.split(".")[0] for module in imported_modules(path)} & set(
                FRAMEWORKS
            )
            if frameworks:
                found[str(path.relative_to(ROOT))] = sorted(frameworks)
    assert found == {}
