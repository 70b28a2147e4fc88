"""The loyalty matrix as a picture: each topic a dot placed by its share of the team's answers
(across) and its score against the team's (up), named beside it, over the four named areas.

Pages get it as inline SVG (the team page; coaching/chart_output.py says how), beside the table
of its figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from feedback_service.coaching.chart_output import (
    ACCENT,
    FONT,
    GRID,
    INK,
    MUTED,
    inline_svg,
    new_figure,
)
from feedback_service.coaching.drivers import MatrixPoint
from feedback_service.coaching.presentation import signed
from feedback_service.languages import percent

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Inches, drawn 420 × 280 px: room for the topics' names beside their dots.
SIZE = (4.2, 2.8)


@dataclass(frozen=True)
class MatrixWords:
    """The matrix's own words in the reader's language: its axes and its four areas."""

    share: str  # "Share of answers"
    effect: str  # "Against the team's score"
    maintain: str  # few answers, above the team: top left
    strong_driver: str  # many answers, above the team: top right
    develop: str  # few answers, below the team: bottom left
    critical_to_develop: str  # many answers, below the team: bottom right


def _figure(points: tuple[MatrixPoint, ...], labels: tuple[str, ...], words: MatrixWords,
            language: str) -> Figure:
    figure = new_figure(SIZE)
    axes = figure.add_axes((0.14, 0.17, 0.83, 0.8))
    # Across, from none to a little past the widest topic (or an even split's line); up, the
    # effects both ways from the team's score on a scale symmetric in tens.
    split = 1 / len(points)
    widest = min(1.0, max(max(p.share for p in points) * 1.15, split * 1.25))
    reach = max(10, 10 * math.ceil(max(abs(p.effect) for p in points) / 10))
    axes.set_xlim(0, widest)
    axes.set_ylim(-reach, reach)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("bottom", "left"):
        axes.spines[side].set_color(INK)
    step = 0.1 if widest <= 0.6 else 0.2
    shares = [n * step for n in range(int(widest / step + 1e-9) + 1)]
    axes.set_xticks(shares, [percent(share, language) for share in shares])
    axes.set_yticks([-reach, 0, reach], [signed(-reach), "0", signed(reach)])
    axes.tick_params(labelsize=FONT, colors=INK, length=3)
    axes.set_xlabel(words.share, fontsize=FONT, color=INK)
    axes.set_ylabel(words.effect, fontsize=FONT, color=INK)
    for line in (axes.axvline(split, color=GRID, linewidth=1.2, linestyle=(0, (4, 3))),
                 axes.axhline(0, color=GRID, linewidth=1.2, linestyle=(0, (4, 3)))):
        line.set_gid("chart-split")
    for x, y, name, ha in ((0.01, 0.98, words.maintain, "left"),
                           (0.99, 0.98, words.strong_driver, "right"),
                           (0.01, 0.02, words.develop, "left"),
                           (0.99, 0.02, words.critical_to_develop, "right")):
        axes.text(x, y, name, transform=axes.transAxes, ha=ha, va="top" if y > 0.5 else "bottom",
                  fontsize=FONT - 1, color=MUTED, style="italic")
    dots = axes.scatter([p.share for p in points], [p.effect for p in points], s=30,
                        color=ACCENT, zorder=3)
    dots.set_gid("chart-dot")
    for point, label in zip(points, labels, strict=True):
        # A name near the right edge goes on its dot's left, so it stays inside the chart.
        left = point.share > widest * 0.65
        axes.annotate(label, (point.share, point.effect), xytext=(-6 if left else 6, 0),
                      textcoords="offset points", ha="right" if left else "left",
                      va="center", fontsize=FONT, color=INK)
    return figure


def matrix_svg(points: Sequence[MatrixPoint], labels: Sequence[str], words: MatrixWords, *,
               language: str, chart_id: str, title: str, description: str) -> str:
    """The matrix of `points` (each named by its label) as an inline SVG element for a page,
    titled and described by `description` (every topic's figures). The dots and the two
    splitting lines carry the classes `chart-dot` and `chart-split`."""
    return _svg(tuple(points), tuple(labels), words, language, chart_id, title, description)


@lru_cache(maxsize=128)
def _svg(points: tuple[MatrixPoint, ...], labels: tuple[str, ...], words: MatrixWords,
         language: str, chart_id: str, title: str, description: str) -> str:
    # Cached by what it shows: a page opened again draws nothing.
    return inline_svg(_figure(points, labels, words, language), image_class="matrix-image",
                      chart_id=chart_id, title=title, description=description)

