"""A reason's weekly share as a picture: a bar for each week's share with its 95 % interval,
the answer count of a week with too few for a share, and a numbered line for each improvement
action aimed at the reason, on the day it began.

Pages get it as inline SVG (the reasons page), mails as PNG (the owners' weekly mail), both
from one drawing (coaching/chart_output.py says how).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from feedback_service.causes.figures import Share
from feedback_service.coaching.chart_output import (
    ACCENT,
    ACTION,
    BAND,
    FONT,
    GRID,
    INK,
    MUTED,
    inline_svg,
    new_figure,
    png_of,
)
from feedback_service.coaching.mail_texts import texts_in
from feedback_service.coaching.trend_images import ChartWords
from feedback_service.languages import percent

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Inches, drawn 420 × 190 px: as wide as the trend, a little taller for the actions' numbers.
SIZE = (4.2, 1.9)


@dataclass(frozen=True)
class ShareWeek:
    """One week of the chart: its ISO week number and the reason's share of its answers."""

    number: int
    share: Share


# An action on the chart: where it began, in weeks from the first week's middle, and its name.
Marker = tuple[float, str]


def action_positions(weeks: Sequence[tuple[date, date]],
                     starts: Sequence[tuple[date, str]]) -> tuple[Marker, ...]:
    """Each `(day, label)` placed at its day within its week (`(first, last)` day of each week
    shown); an action that began outside those weeks is not on the chart."""
    found = []
    for started_on, label in starts:
        for index, (first, last) in enumerate(weeks):
            if first <= started_on <= last:
                days = (last - first).days + 1
                found.append((index - 0.5 + ((started_on - first).days + 0.5) / days, label))
    return tuple(found)


def share_figures(weeks: Sequence[ShareWeek], language: str) -> list[str]:
    """The chart's figures as text, a week each ("wk 45: 10% (likely 2% to 40%)"): what a
    reader who does not see it reads."""
    texts = texts_in(language)
    figures = []
    for week in weeks:
        share = week.share
        if share.share is None or share.low is None or share.high is None:
            shown = texts["answers_short"].format(count=share.answers)
        else:
            shown = texts["first_chart_figure"].format(
                value=percent(share.share, language), low=percent(share.low, language),
                high=percent(share.high, language))
        figures.append(f"{texts['week_short'].format(number=week.number)}: {shown}")
    return figures


def _top(weeks: Sequence[ShareWeek]) -> int:
    """The scale's top: the nearest ten percent above the highest interval, at least 10."""
    highs = [w.share.high for w in weeks if w.share.high is not None]
    return max(10, 10 * math.ceil(100 * max(highs, default=0.1) / 10))


def _figure(weeks: tuple[ShareWeek, ...], words: ChartWords,
            markers: tuple[Marker, ...]) -> Figure:
    figure = new_figure(SIZE)
    axes = figure.add_axes((0.13, 0.3, 0.85, 0.6))
    axes.set_axis_off()
    top = _top(weeks)
    axes.set_xlim(-0.5, len(weeks) - 0.5)
    axes.set_ylim(0, top)
    # The scale, its lines and the week numbers as plain texts and lines, as the trend draws
    # them: matplotlib's tick objects would cost most of the drawing.
    for value in range(0, top + 1, max(5, top // 4 // 5 * 5)):
        axes.axhline(value, color=INK if value == 0 else GRID, linewidth=0.8, zorder=0)
        axes.text(-0.6, value, str(value), ha="right", va="center", fontsize=FONT, color=INK)
    for n, week in enumerate(weeks):
        axes.text(n, -top * 0.06, str(week.number), ha="center", va="top", fontsize=FONT,
                  color=INK)
    figure.text(0.555, 0.07, words.week, ha="center", va="bottom", fontsize=FONT, color=INK)
    figure.text(0.015, 0.6, words.scale, ha="left", va="center", rotation=90, fontsize=FONT,
                color=INK)
    shown = [(n, w.share) for n, w in enumerate(weeks)
             if w.share.share is not None and w.share.low is not None
             and w.share.high is not None]
    for bar in axes.bar([n for n, _ in shown], [100 * (s.share or 0) for _, s in shown],
                        width=0.6, color=BAND, linewidth=0):
        bar.set_gid("chart-bar")
    if shown:
        interval = axes.vlines([n for n, _ in shown], [100 * (s.low or 0) for _, s in shown],
                               [100 * (s.high or 0) for _, s in shown], colors=ACCENT,
                               linewidth=2)
        interval.set_gid("chart-interval")
    for n, week in enumerate(weeks):
        if week.share.share is None and week.share.answers:
            # Too few answers for a share: the count, where the bar would be.
            axes.text(n, top * 0.04, f"n={week.share.answers}", ha="center", va="bottom",
                      fontsize=FONT - 1, color=MUTED, style="italic")
    for position, label in markers:
        line = axes.axvline(position, color=ACTION, linewidth=2, linestyle=(0, (4, 2)))
        line.set_gid("chart-action")
        named = axes.text(position + 0.06, top, label, ha="left", va="top", fontsize=FONT,
                          fontweight="bold", color=ACTION)
        named.set_gid("chart-action-label")
    return figure


def share_svg(weeks: Sequence[ShareWeek], words: ChartWords, *, chart_id: str, title: str,
              description: str, markers: Sequence[Marker] = ()) -> str:
    """The chart as an inline SVG element for a page, titled, described by `description`
    (its figures, and what each numbered line is). The bars, their intervals and the actions
    carry the classes `chart-bar`, `chart-interval` and `chart-action`."""
    return _svg(tuple(weeks), words, chart_id, title, description, tuple(markers))


@lru_cache(maxsize=256)
def _svg(weeks: tuple[ShareWeek, ...], words: ChartWords, chart_id: str, title: str,
         description: str, markers: tuple[Marker, ...]) -> str:
    # Cached by what it shows: a page opened again draws nothing.
    return inline_svg(_figure(weeks, words, markers), image_class="share-image",
                      chart_id=chart_id, title=title, description=description)


@lru_cache(maxsize=64)
def share_png(weeks: tuple[ShareWeek, ...], words: ChartWords,
              markers: tuple[Marker, ...] = ()) -> bytes:
    """The chart as PNG for a mail, 672 px wide: sharp where a mail shows it 560 px wide or
    less. Cached: every owner of the same reason gets the same weeks."""
    return png_of(_figure(weeks, words, markers))
