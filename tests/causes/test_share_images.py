"""A reason's weekly share as a chart: where an action's line falls, the figures that describe
it, and the SVG a page gets (no inline style, ids its own, a text alternative)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from feedback_service.causes.figures import share_of
from feedback_service.causes.share_images import (
    ShareWeek,
    action_positions,
    share_figures,
    share_svg,
)
from feedback_service.coaching.trend_images import ChartWords

# ISO weeks 44 to 47 of 2026: Monday 26 October to Sunday 22 November.
WEEKS = [(date(2026, 10, 26) + timedelta(weeks=n), date(2026, 11, 1) + timedelta(weeks=n))
         for n in range(4)]


def test_an_action_s_line_sits_at_its_day_within_its_week():
    assert action_positions(WEEKS, [
        (date(2026, 10, 26), "1"),  # the first week's Monday: half a day into its slot
        (date(2026, 11, 15), "2"),  # week 46's Sunday
        (date(2026, 10, 1), "3"),  # before the chart: not on it
    ]) == ((-0.5 + 0.5 / 7, "1"), (2 - 0.5 + 6.5 / 7, "2"))


def test_the_chart_is_described_by_every_week_s_figures():
    weeks = [ShareWeek(44, share_of(1, 10, 5)), ShareWeek(45, share_of(1, 3, 5))]
    assert share_figures(weeks, "sv") == ["v. 44: 10\u00a0% (troligen 2\u00a0% till 40\u00a0%)",
                                          "v. 45: n=3"]
    svg = share_svg(weeks, ChartWords(scale="% of answers", week="Week"), chart_id="wait",
                    title="The waiting time", description="; ".join(share_figures(weeks, "en")),
                    markers=action_positions(WEEKS[:2], [(date(2026, 11, 4), "1")]))
    assert svg.startswith('<svg xmlns:xlink="http://www.w3.org/1999/xlink" '
                          'class="chart-image share-image" role="img" '
                          'aria-labelledby="wait-title wait-desc"')
    assert ('<title id="wait-title">The waiting time</title><desc id="wait-desc">'
            "wk 44: 10% (likely 2% to 40%); wk 45: n=3</desc>") in svg
    # One bar (week 45 has too few answers: its count instead), its interval, the action's line.
    assert [svg.count(f'class="chart-{part}"') for part in ("bar", "interval", "action")] == [
        1, 1, 1]
    assert ">n=3</text>" in svg
    # The pages allow no inline style; every id is the chart's own.
    assert not re.search(r"\sstyle=", svg) and "<style" not in svg
    assert all(found.startswith("wait-") for found in re.findall(r'\bid="([^"]+)"', svg))
