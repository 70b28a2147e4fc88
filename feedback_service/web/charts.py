"""Geometry of the weekly trend chart, drawn as inline SVG so pages need no script."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from feedback_service.causes.reading import ReasonPoint
from feedback_service.coaching.drivers import MatrixPoint
from feedback_service.coaching.presentation import signed
from feedback_service.coaching.trends import WeekPoint
from feedback_service.coaching.weeks import week_of
from feedback_service.surveys.scoring import SurveyKind

WIDTH = 600
HEIGHT = 264
LEFT = 44
RIGHT = 8
TOP = 36  # room for the unit above the scale
BOTTOM = 64  # room for the week numbers under the plot, and the axis's name under them


@dataclass(frozen=True)
class Bar:
    """One week: a bar and its interval whisker, or only the answer count when too few."""

    x: float
    width: float
    centre: float
    label: str
    answers: int
    enough: bool
    top: float = 0.0
    height: float = 0.0
    whisker_low: float = 0.0
    whisker_high: float = 0.0


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Marker:
    """A day worth seeing beside the bars (a coaching talk, the start of an improvement action):
    a line at its x, named."""

    x: float
    label: str


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    baseline: float
    count_y: float  # where a week with too few answers shows its count
    week_y: float  # the week numbers' line
    unit_x: float  # the week axis's name, centred under the plot
    bars: list[Bar]
    ticks: list[Tick]
    markers: list[Marker] = field(default_factory=list)


def _scale(kind: SurveyKind) -> tuple[float, float]:
    # Percent happy runs 0..100; NPS runs −100..+100, with 0 as the baseline.
    return (0.0, 100.0) if kind is SurveyKind.SMILEY else (-100.0, 100.0)


def trend_chart(kind: SurveyKind, weeks: Sequence[WeekPoint],
                markers: Sequence[tuple[date, str]] = ()) -> TrendChart:
    """Bars for the weeks with enough answers, labelled by ISO week number; each marker
    `(day, label)` a line at its day within its week, when that week is on the chart."""
    low, high = _scale(kind)
    plot_bottom = HEIGHT - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT

    def y(value: float) -> float:
        return round(plot_bottom - (value - low) / (high - low) * (plot_bottom - TOP), 1)

    slot = plot_width / max(len(weeks), 1)
    baseline = y(max(low, 0.0))
    bars = []
    for index, week in enumerate(weeks):
        x = LEFT + index * slot
        summary = week.score
        bar = Bar(x=round(x + slot * 0.15, 1), width=round(slot * 0.7, 1),
                  centre=round(x + slot / 2, 1),
                  label=str(week.week.week),
                  answers=week.answers, enough=summary.enough)
        if summary.value is not None and summary.low is not None and summary.high is not None:
            top = y(summary.value)
            bar = replace(bar, top=min(top, baseline), height=round(abs(baseline - top), 1),
                          whisker_low=y(summary.low), whisker_high=y(summary.high))
        bars.append(bar)
    step = 25 if kind is SurveyKind.SMILEY else 50
    # A net score's scale carries signs with a true minus, as the figures beside it do.
    ticks = [Tick(y(value), signed(value) if low < 0 else str(value))
             for value in range(int(low), int(high) + 1, step)]
    slots = {point.week: LEFT + index * slot for index, point in enumerate(weeks)}
    lines = [Marker(round(slots[marked] + slot * (day.weekday() + 0.5) / 7, 1), label)
             for day, label in markers if (marked := week_of(day)) in slots]
    return TrendChart(width=WIDTH, height=HEIGHT, plot_left=LEFT, plot_right=WIDTH - RIGHT,
                      baseline=baseline, count_y=baseline - 6, week_y=plot_bottom + 26,
                      unit_x=round(LEFT + plot_width / 2, 1), bars=bars, ticks=ticks,
                      markers=lines)


@dataclass(frozen=True)
class MatrixDot:
    """A topic in the loyalty matrix: where it sits, and its name beside it."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class LoyaltyChart:
    """The loyalty matrix's geometry: share of answers across, effect on the score up."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    split_x: float  # an even split of the answers among the topics shown
    zero_y: float  # the team's own score
    dots: list[MatrixDot]
    quadrants: list[tuple[float, float, str]]  # each area's name, at its corner


MATRIX_WIDTH, MATRIX_HEIGHT, MATRIX_MARGIN = 600, 360, 48


def loyalty_chart(points: Sequence[MatrixPoint], labels: Sequence[str],
                  text: Callable[[str], str]) -> LoyaltyChart | None:
    """The matrix of the driver table's topics, or None when no topic has enough answers."""
    if not points:
        return None
    left, right = MATRIX_MARGIN, MATRIX_WIDTH - 16
    top, bottom = 16, MATRIX_HEIGHT - MATRIX_MARGIN
    widest = max(p.share for p in points)
    # Effects run both ways from the team's score; the scale is symmetric, in tens.
    reach = max(10.0, 10 * math.ceil(max(abs(p.effect) for p in points) / 10))

    def x_of(share: float) -> float:
        return left + (right - left) * share / max(widest * 1.1, 1 / len(points) * 1.2)

    def y_of(effect: float) -> float:
        return top + (bottom - top) * (reach - effect) / (2 * reach)

    split, zero = x_of(1 / len(points)), y_of(0)
    names: list[tuple[float, float, str]] = [(left + 4, top + 12, text("quadrant_maintain")),
             (right - 4, top + 12, text("quadrant_strong_driver")),
             (left + 4, bottom - 6, text("quadrant_develop")),
             (right - 4, bottom - 6, text("quadrant_critical_to_develop"))]
    return LoyaltyChart(MATRIX_WIDTH, MATRIX_HEIGHT, left, right, top, bottom, split, zero,
                        [MatrixDot(x_of(p.share), y_of(p.effect), label)
                         for p, label in zip(points, labels, strict=True)],
                        names)


@dataclass(frozen=True)
class ShareChart:
    """A reason's share week by week, with the actions aimed at it marked where they began."""

    chart: TrendChart
    markers: list[Marker]


def share_chart(points: Sequence[ReasonPoint], starts: Sequence[tuple[date, str]]) -> ShareChart:
    """Bars of the weekly share with their intervals (only the count below the minimum), on a
    scale from 0 to the nearest ten percent above the highest interval, and a marker for each
    action that began within the weeks shown, placed at its day of the week."""
    highs = [p.share.high for p in points if p.share.high is not None]
    top = max(10.0, 10 * math.ceil(100 * max(highs, default=0.1) / 10))
    plot_bottom = HEIGHT - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT

    def y(value: float) -> float:
        return round(plot_bottom - value / top * (plot_bottom - TOP), 1)

    slot = plot_width / max(len(points), 1)
    baseline = y(0.0)
    bars = []
    for index, point in enumerate(points):
        x = LEFT + index * slot
        share = point.share
        bar = Bar(x=round(x + slot * 0.15, 1), width=round(slot * 0.7, 1),
                  centre=round(x + slot / 2, 1), label=str(point.first.isocalendar().week),
                  answers=share.answers, enough=share.share is not None)
        if share.share is not None and share.low is not None and share.high is not None:
            bar_top = y(100 * share.share)
            bar = replace(bar, top=bar_top, height=round(baseline - bar_top, 1),
                          whisker_low=y(100 * share.low), whisker_high=y(100 * share.high))
        bars.append(bar)
    step = max(5, int(top // 4 // 5 * 5))
    ticks = [Tick(y(value), f"{value}") for value in range(0, int(top) + 1, step)]
    markers = []
    for started_on, label in starts:
        for index, point in enumerate(points):
            if point.first <= started_on <= point.last:
                days = (point.last - point.first).days + 1
                offset = (started_on - point.first).days / days
                markers.append(Marker(round(LEFT + (index + offset) * slot, 1), label))
    chart = TrendChart(width=WIDTH, height=HEIGHT, plot_left=LEFT, plot_right=WIDTH - RIGHT,
                       baseline=baseline, count_y=baseline - 6, week_y=plot_bottom + 26,
                       unit_x=round(LEFT + plot_width / 2, 1), bars=bars, ticks=ticks)
    return ShareChart(chart, markers)
