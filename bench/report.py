"""Figures as they are measured, and the one markdown table a run ends with."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure beside its target; `passed` is None where there is no target."""

    part: str  # webhooks, reads, outbox, scheduler
    database: str
    what: str
    value: str
    target: str = ""
    passed: bool | None = None
    scale: str = ""  # the generated history it was measured on, if any


def verdict(passed: bool | None) -> str:
    return "" if passed is None else ("pass" if passed else "**FAIL**")


def show(figure: Figure) -> None:
    """Print a figure as soon as it is measured, so a long run shows its progress."""
    scale = f" [{figure.scale}]" if figure.scale else ""
    target = f"  (target {figure.target}: {verdict(figure.passed)})" if figure.target else ""
    print(f"  {figure.database}{scale} {figure.what}: {figure.value}{target}", flush=True)


def markdown_table(figures: list[Figure]) -> str:
    lines = ["| part | database | history | figure | measured | target | result |",
             "|---|---|---|---|---|---|---|"]
    for figure in figures:
        lines.append(f"| {figure.part} | {figure.database} | {figure.scale} | {figure.what} | "
                     f"{figure.value} | {figure.target} | {verdict(figure.passed)} |")
    return "\n".join(lines)


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def megabytes(value: float) -> str:
    return f"{value:,.0f} MB"
