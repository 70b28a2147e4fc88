"""The pages' charts, inline SVG so pages need no script: matplotlib's drawings (the trend in
coaching/trend_images.py, the loyalty matrix in coaching/matrix_images.py, a reason's weekly
share in causes/share_images.py) with the page's words, titled and described by their figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from markupsafe import Markup

from feedback_service.causes.reading import ReasonPoint
from feedback_service.causes.share_images import (
    ShareWeek,
    action_positions,
    share_figures,
    share_svg,
)
from feedback_service.coaching.drivers import MatrixPoint
from feedback_service.coaching.first_screen import TrendPicture, trend_figures
from feedback_service.coaching.matrix_images import MatrixWords, matrix_svg
from feedback_service.coaching.trend_images import ChartWords, marker_positions, trend_svg
from feedback_service.coaching.trends import WeekPoint
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.web.texts import text


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


def matrix_chart(points: Sequence[MatrixPoint], rows: Sequence[Mapping[str, object]],
                 kind: str, language: str) -> Markup | None:
    """The loyalty matrix of the driver table's topics, described by each topic's figures and
    area as its table `rows` print them; None when no topic has enough answers."""
    if not points:
        return None
    topics = [f"{row['label']}: {text('col_answers')} {row['answers']}, "
              f"{text('matrix_share')} {row['share']}, {text('matrix_effect')} {row['effect']}, "
              f"{text('matrix_quadrant')} {row['quadrant']}" for row in rows]
    words = MatrixWords(
        share=text("matrix_share"), effect=text("matrix_effect"),
        maintain=text("quadrant_maintain"), strong_driver=text("quadrant_strong_driver"),
        develop=text("quadrant_develop"),
        critical_to_develop=text("quadrant_critical_to_develop"))
    return Markup(matrix_svg(points, [str(row["label"]) for row in rows], words,
                             language=language, chart_id=f"matrix-{kind}-chart",
                             title=text("matrix_title"),
                             description=" ".join([text("matrix_intro"), "; ".join(topics)])))


def share_chart(code: str, label: str, points: Sequence[ReasonPoint],
                actions: Sequence[tuple[date, str]], language: str) -> Markup:
    """A reason's weekly share for the reasons page: bars with their intervals (only the count
    below the minimum), and each action `(day, title)` aimed at it a numbered line on the day it
    began, the number being its place in the list under the chart."""
    weeks = [ShareWeek(p.first.isocalendar().week, p.share) for p in points]
    starts = [(day, str(n)) for n, (day, _) in enumerate(actions, start=1)]
    markers = action_positions([(p.first, p.last) for p in points], starts)
    described = "; ".join(share_figures(weeks, language))
    if markers:
        shown = {label for _, label in markers}
        described += ". " + text("markers_note") + " " + "; ".join(
            f"{n}: {title}" for n, (_, title) in enumerate(actions, start=1) if str(n) in shown)
    return Markup(share_svg(
        weeks, ChartWords(scale=text("axis_share"), week=text("col_week")),
        chart_id=f"reason-{code}-chart", title=text("reason_trend_caption", reason=label),
        description=described, markers=markers))


def picture_svg(picture: TrendPicture | None, chart_id: str) -> Markup | None:
    """A first screen's chart (coaching/first_screen.py) as an inline SVG, described by its
    figures."""
    if picture is None:
        return None
    return Markup(trend_svg(
        picture.kind, picture.weeks, picture.words, chart_id=chart_id, title=picture.title,
        description="; ".join(picture.figures)))
