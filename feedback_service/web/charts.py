"""The pages' charts, inline SVG so pages need no script.

The weekly trend is matplotlib's (coaching/trend_images.py, which also draws the mails' PNG).
A reason's weekly share (the reasons page, with its actions marked) and the loyalty matrix are
placed here and drawn by their templates: a handful of dots with their
names and four labelled areas, whose text must wrap and follow the page's colours and language
exactly as the table beside it does; a plotting library would add nothing but weight to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from markupsafe import Markup

from feedback_service.causes.reading import ReasonPoint
from feedback_service.coaching.drivers import MatrixPoint
from feedback_service.coaching.first_screen import TrendPicture, trend_figures
from feedback_service.coaching.trend_images import ChartWords, marker_positions, trend_svg
from feedback_service.coaching.trends import WeekPoint
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.web.texts import text

# The share chart's drawing area, in SVG units.
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


def trend_svgs(trend: Mapping[SurveyKind, Sequence[WeekPoint]], language: str,
               markers: Sequence[tuple[date, str]] = ()) -> dict[SurveyKind, Markup]:
    """Each scale's weekly trend as an inline SVG for the page: the score with its interval
    band, titled, and described by its figures (the table beside it has them too); each
    marker `(day, label)` (a coaching talk) a dashed line at its day."""
    return {kind: Markup(trend_svg(
        kind, weeks, ChartWords(scale=text(f"axis_{kind}"), week=text("col_week")),
        chart_id=f"trend-{kind}-chart", title=text(f"trend_caption_{kind}"),
        description="; ".join(trend_figures(kind, weeks, language)),
        markers=marker_positions(weeks, markers)))
        for kind, weeks in trend.items()}


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


def picture_svg(picture: TrendPicture | None, chart_id: str) -> Markup | None:
    """A first screen's chart (coaching/first_screen.py) as an inline SVG, described by its
    figures."""
    if picture is None:
        return None
    return Markup(trend_svg(
        picture.kind, picture.weeks, picture.words, chart_id=chart_id, title=picture.title,
        description="; ".join(picture.figures)))
