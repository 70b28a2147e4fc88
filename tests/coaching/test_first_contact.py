"""First-contact resolution is reported for a call only once its repeat window has closed."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from feedback_service.coaching.presentation import describe_numbers
from feedback_service.coaching.read_model import Period, Scope, SurveyKey
from feedback_service.coaching.summaries import Level, summarize
from feedback_service.coaching.trends import period_summaries
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import Category, SurveyKind
from tests.coaching.builders import a_team, an_agent, answered

SMILEY = SurveyKind.SMILEY
DAY = date(2026, 11, 16)  # a Monday


def key(*, repeat: bool = False, settled: bool = True, reason: str | None = None) -> SurveyKey:
    return SurveyKey(SMILEY, "completed", None, True, repeat, settled, reason)


def test_a_call_whose_window_is_open_is_not_yet_known():
    surveys = Counter({key(): 6, key(settled=False): 4})
    summary = summarize(Level.AGENT, SMILEY, Counter({(SMILEY, Category.HAPPY, None): 10}),
                        load_catalogue(), 5, surveys=surveys)
    first = summary.first_contact
    assert first is not None
    assert (first.calls, first.repeated, first.pending) == (6, 0, 4)
    line = describe_numbers([summary], "en", load_catalogue(), 5, follow_up_hours=4,
                            repeat_days=7).scores[0].first_contact
    assert line == ("Resolved at first contact: 100% (6 of 6 calls; likely between 61% and "
                    "100%); a call counts as resolved when the caller did not call again within "
                    "7 days; not yet known for 4 calls whose 7 days have not passed")


@pytest.mark.parametrize(("level", "expected"), [(Level.AGENT, (5, 0, 1)),
                                                 (Level.TEAM, (6, 1, 0))])
def test_a_repeat_for_a_process_reason_is_left_out_of_the_agents_figure_only(level, expected):
    surveys = Counter({key(): 5, key(repeat=True, reason="wait_time"): 1})
    summary = summarize(level, SMILEY, Counter(), load_catalogue(), 5, surveys=surveys)
    first = summary.first_contact
    assert first is not None
    assert (first.calls, first.repeated, first.left_out) == expected


def test_the_read_model_counts_a_call_as_pending_until_its_window_closes(app):
    with app.app_context():
        a_team("support", "Support", {})
        anna = an_agent("anna", "Anna Lind", "support")
        zone = settings_of(app).zone
        monday = Period.days(DAY, DAY + timedelta(days=6), zone)
        for hours in (10, 34, 58, 82, 106, 130):  # one call a day, Monday to Saturday
            answered(anna, monday.start + timedelta(hours=hours), settings_of(app), 1)
        db.session.commit()
        # Read an hour after the week following Wednesday's call ended: calls that ended before
        # then minus the seven days (Monday's to Wednesday's) are settled, the rest not.
        now = monday.start + timedelta(hours=58 + 1) + timedelta(days=7)
        settled_before = now - timedelta(days=7)
        [summary] = period_summaries(db.session, Scope(agent_id=anna.id), monday,
                                     load_catalogue(), 1, settled_before)
    first = summary.first_contact
    assert first is not None
    assert (first.calls, first.pending) == (3, 3)
