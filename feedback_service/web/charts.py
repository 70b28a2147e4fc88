"""The pages' charts, inline SVG so pages need no script.

The weekly trend is matplotlib's (coaching/trend_images.py, which also draws the mails' PNG).
The loyalty matrix is placed here and drawn by its template: a handful of dots with their
names and four labelled areas, whose text must wrap and follow the page's colours and language
exactly as the table beside it does; a plotting library would add nothing but weight to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from feedback_service.coaching.drivers import MatrixPoint
from feedback_service.coaching.first_screen import TrendPicture, trend_figures
from feedback_service.coaching.trend_images import ChartWords, trend_svg
from feedback_service.coaching.trends import WeekPoint
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.web.texts import text


def trend_svgs(trend: Mapping[SurveyKind, Sequence[WeekPoint]],
               language: str) -> dict[SurveyKind, Markup]:
    """Each scale's weekly trend as an inline SVG for the page: the score with its interval
    band, titled, and described by its figures (the table beside it has them too)."""
    return {kind: Markup(trend_svg(
        kind, weeks, ChartWords(scale=text(f"axis_{kind}"), week=text("col_week")),
        chart_id=f"trend-{kind}-chart", title=text(f"trend_caption_{kind}"),
        description="; ".join(trend_figures(kind, weeks, language))))
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


def picture_svg(picture: TrendPicture | None, chart_id: str) -> Markup | None:
    """A first screen's chart (coaching/first_screen.py) as an inline SVG, described by its
    figures."""
    if picture is None:
        return None
    return Markup(trend_svg(
        picture.kind, picture.weeks, picture.words, chart_id=chart_id, title=picture.title,
        description="; ".join(picture.figures)))
