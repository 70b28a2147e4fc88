"""A talk's marker on the trend chart: inside its week, at its weekday; none for a week the
chart does not show. Drawn as a dashed line on the page's SVG."""

from __future__ import annotations

from datetime import date

from feedback_service.coaching.statistics import ScoreSummary
from feedback_service.coaching.trend_images import ChartWords, marker_positions, trend_svg
from feedback_service.coaching.trends import WeekPoint
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.surveys.scoring import SurveyKind


def weeks(first: int, count: int) -> list[WeekPoint]:
    return [WeekPoint(IsoWeek(2026, first + n), 3, ScoreSummary(SurveyKind.SMILEY, 3, None,
                                                                None, None))
            for n in range(count)]


def test_markers_sit_at_their_day_within_their_week():
    # Week n's middle is at n; its Monday begins half a week before.
    assert marker_positions(weeks(44, 4), [
        (date(2026, 11, 2), "talk"),  # Monday of week 45, the second week
        (date(2026, 11, 22), "talk"),  # Sunday of week 47, the last
        (date(2026, 10, 1), "talk"),  # week 40: not on the chart
    ]) == ((1 - 0.5 + 0.5 / 7, "talk"), (3 - 0.5 + 6.5 / 7, "talk"))


def test_a_marker_is_drawn_as_a_named_line_and_a_chart_without_has_none():
    words = ChartWords(scale="% happy", week="Week")
    marked = trend_svg(SurveyKind.SMILEY, weeks(44, 4), words, chart_id="t", title="Trend",
                       description="-", markers=marker_positions(weeks(44, 4), [
                           (date(2026, 11, 3), "3 Nov")]))
    plain = trend_svg(SurveyKind.SMILEY, weeks(44, 4), words, chart_id="t", title="Trend",
                      description="-")
    assert 'class="chart-marker"' in marked and "3 Nov" in marked
    assert 'class="chart-marker"' not in plain
