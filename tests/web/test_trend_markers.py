"""A talk's marker on the trend chart: inside its week's slot, at its weekday; none for a week
the chart does not show."""

from __future__ import annotations

from datetime import date

from feedback_service.coaching.statistics import ScoreSummary
from feedback_service.coaching.trends import WeekPoint
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.web.charts import LEFT, RIGHT, WIDTH, trend_chart


def weeks(first: int, count: int) -> list[WeekPoint]:
    return [WeekPoint(IsoWeek(2026, first + n), 3, ScoreSummary(SurveyKind.SMILEY, 3, None,
                                                                None, None))
            for n in range(count)]


def test_markers_sit_at_their_day_within_their_week():
    slot = (WIDTH - LEFT - RIGHT) / 4
    chart = trend_chart(SurveyKind.SMILEY, weeks(44, 4), [
        (date(2026, 11, 2), "talk"),  # Monday of week 45, the second slot
        (date(2026, 11, 22), "talk"),  # Sunday of week 47, the last
        (date(2026, 10, 1), "talk"),  # week 40: not on the chart
    ])
    assert [m.x for m in chart.markers] == [round(LEFT + slot + slot * 0.5 / 7, 1),
                                            round(LEFT + 3 * slot + slot * 6.5 / 7, 1)]
    assert {m.label for m in chart.markers} == {"talk"}


def test_a_chart_without_markers_has_none():
    assert trend_chart(SurveyKind.NPS, weeks(44, 2)).markers == []
