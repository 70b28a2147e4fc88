"""The numbers behind the pages, computed from answers given through the survey functions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.staff.directory import find_user
from feedback_service.staff.models import Agent
from feedback_service.surveys.models import FollowUpStatus
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.web import results
from feedback_service.web.results import Period, Scope
from tests.web.factories import ZONE, give_answer, weeks_ago

HAPPY, SAD = 1, 2


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def today() -> date:
    return utcnow().astimezone(ZONE).date()


def test_a_scope_is_one_agent_or_one_team():
    with pytest.raises(ValueError):
        Scope()
    with pytest.raises(ValueError):
        Scope(agent_id=1, team_id=1)


def test_weekly_trend_withholds_the_score_of_a_week_with_too_few_answers(ctx, organisation):
    anna = organisation.anna
    agent = db.session.get(Agent, anna)
    for score in (HAPPY, HAPPY, HAPPY, HAPPY, SAD):
        give_answer(ctx.config, agent, score, weeks_ago(1))
    for score in (HAPPY, SAD, SAD):
        give_answer(ctx.config, agent, score, weeks_ago(3))
    db.session.commit()

    trend = results.weekly_trend(db.session, Scope(agent_id=anna), last_day=today(), zone=ZONE,
                                 min_responses=5, catalogue=load_catalogue())
    weeks = trend[SurveyKind.SMILEY]
    assert len(weeks) == 12
    assert weeks[-1].monday == today() - timedelta(days=today().weekday())
    last_week, three_weeks_ago = weeks[-2], weeks[-4]
    assert (last_week.summary.answers, last_week.summary.enough) == (5, True)
    assert last_week.summary.value == pytest.approx(80.0)
    assert last_week.summary.low < 80 < last_week.summary.high
    # Three answers: the count is shown, the score is not.
    assert (three_weeks_ago.summary.answers, three_weeks_ago.summary.enough) == (3, False)
    assert three_weeks_ago.summary.value is None
    assert all(w.summary.answers == 0 for w in weeks if w not in (last_week, three_weeks_ago))


def test_trend_keeps_smiley_and_nps_apart(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    give_answer(ctx.config, agent, HAPPY, weeks_ago(1))
    for score in (10, 9, 8, 3, 10):
        give_answer(ctx.config, agent, score, weeks_ago(1), kind=SurveyKind.NPS,
                    reason_digit=1 if score < 7 else None)
    db.session.commit()
    trend = results.weekly_trend(db.session, Scope(agent_id=agent.id), last_day=today(),
                                 zone=ZONE, min_responses=5, catalogue=load_catalogue())
    assert set(trend) == {SurveyKind.SMILEY, SurveyKind.NPS}
    nps_week = trend[SurveyKind.NPS][-2].summary
    assert nps_week.answers == 5 and nps_week.value == pytest.approx(40.0)  # 3 promoters, 1 det.
    assert trend[SurveyKind.SMILEY][-2].summary.answers == 1


def test_only_the_scope_s_own_answers_count(ctx, organisation):
    anna = db.session.get(Agent, organisation.anna)
    freja = db.session.get(Agent, organisation.freja)
    give_answer(ctx.config, anna, HAPPY, weeks_ago(2))
    give_answer(ctx.config, freja, SAD, weeks_ago(2), reason_digit=3)
    db.session.commit()
    period = results.default_period(today(), ZONE)
    catalogue = load_catalogue()
    assert results.score_totals(db.session, Scope(agent_id=anna.id), period, 1, catalogue)[
        SurveyKind.SMILEY].value == 100
    team = results.score_totals(db.session, Scope(team_id=organisation.kundeservice), period, 1,
                                catalogue)
    assert team[SurveyKind.SMILEY].value == 0


def test_an_agent_s_score_leaves_out_complaints_about_the_product(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    for score, digit in ((HAPPY, None), (HAPPY, None), (HAPPY, None), (SAD, 1), (SAD, 5)):
        give_answer(ctx.config, agent, score, weeks_ago(1), reason_digit=digit)
    db.session.commit()
    period, catalogue = results.default_period(today(), ZONE), load_catalogue()
    [own] = results.score_totals(db.session, Scope(agent_id=agent.id), period, 1,
                                 catalogue).values()
    assert (own.answers, own.value) == (4, 75.0)
    [team] = results.score_totals(db.session, Scope(team_id=organisation.support), period, 1,
                                  catalogue).values()
    assert (team.answers, team.value) == (5, 60.0)
    trend = results.weekly_trend(db.session, Scope(agent_id=agent.id), last_day=today(),
                                 zone=ZONE, min_responses=5, catalogue=catalogue)
    # Four answers count towards the agent's score: too few for that week.
    assert trend[SurveyKind.SMILEY][-2].summary.answers == 4
    assert not trend[SurveyKind.SMILEY][-2].summary.enough


def test_reasons_keep_customer_service_apart_from_the_rest(ctx, organisation):
    agent = db.session.get(Agent, organisation.bjorn)
    for digit in (1, 1, 5, 2, None):
        give_answer(ctx.config, agent, SAD, weeks_ago(1), reason_digit=digit)
    give_answer(ctx.config, agent, HAPPY, weeks_ago(1))
    db.session.commit()
    breakdown = results.reason_breakdown(db.session, Scope(agent_id=agent.id),
                                         results.default_period(today(), ZONE), load_catalogue())
    assert breakdown.unhappy == 5
    assert [(r.code, r.count) for r in breakdown.customer_service] == [
        ("wait_time", 2), ("resolution", 1)]
    assert [(r.code, r.count) for r in breakdown.other] == [("product", 1)]
    assert breakdown.without_reason == 1
    assert breakdown.customer_service[0].share == pytest.approx(0.4)


def test_comments_come_newest_first_with_the_caller_masked(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    give_answer(ctx.config, agent, HAPPY, weeks_ago(2), comment="Så vänlig!",
                caller="+46701112233")
    give_answer(ctx.config, agent, SAD, weeks_ago(1), reason_digit=1, comment="Lång kö",
                caller="+46709998877")
    give_answer(ctx.config, agent, HAPPY, weeks_ago(1))  # nothing to read: not listed
    db.session.commit()
    notes = results.comments_and_recordings(db.session, Scope(agent_id=agent.id),
                                            results.default_period(today(), ZONE))
    assert [n.comment for n in notes] == ["Lång kö", "Så vänlig!"]
    assert [n.caller_masked for n in notes] == ["+46 *******77", "+46 *******33"]
    assert [n.kudos for n in notes] == [False, True]


def test_the_period_is_whole_days_in_the_company_s_time_zone(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    day = today() - timedelta(days=20)
    # 23:30 in Stockholm is still that day, though in UTC it may be the same or the next.
    give_answer(ctx.config, agent, HAPPY, datetime.combine(day, time(23, 30), tzinfo=ZONE),
                comment="late")
    give_answer(ctx.config, agent, HAPPY, datetime.combine(day + timedelta(days=1), time(0, 30),
                                                          tzinfo=ZONE), comment="next day")
    db.session.commit()
    notes = results.comments_and_recordings(db.session, Scope(agent_id=agent.id),
                                            Period(day, day, ZONE))
    assert [n.comment for n in notes] == ["late"]


def test_follow_up_queue_is_per_team_newest_first_and_hides_numbers_once_resolved(
        ctx, organisation):
    anna = db.session.get(Agent, organisation.anna)
    freja = db.session.get(Agent, organisation.freja)
    older = give_answer(ctx.config, anna, SAD, weeks_ago(2), reason_digit=2,
                        caller="+46701112233")
    newer = give_answer(ctx.config, anna, SAD, weeks_ago(1), reason_digit=1)
    give_answer(ctx.config, freja, SAD, weeks_ago(1), reason_digit=1)
    give_answer(ctx.config, anna, HAPPY, weeks_ago(1))  # happy callers need no call back
    db.session.commit()

    queue = results.follow_up_queue(db.session, [organisation.support])
    assert [item.answer.response_id for item in queue] == [newer.id, older.id]
    assert queue[1].caller_to_call == "+46701112233"
    assert queue[1].agent_name == "Anna Lind"
    assert len(results.follow_up_queue(db.session, None)) == 3

    follow_up = results.find_follow_up(db.session, older.follow_up.id, [organisation.support])
    sara = find_user("sara@example.com")
    results.mark_follow_up(follow_up, FollowUpStatus.RESOLVED, " Called back ", sara.id, utcnow())
    db.session.commit()
    assert [i.id for i in results.follow_up_queue(db.session, [organisation.support])] == [
        newer.follow_up.id]
    [resolved] = results.follow_up_queue(db.session, [organisation.support],
                                         [FollowUpStatus.RESOLVED])
    assert (resolved.note, resolved.caller_to_call) == ("Called back", None)
    assert resolved.answer.caller_masked == "+46 *******33"
    # Another team's follow-up cannot be found through this team.
    assert results.find_follow_up(db.session, older.follow_up.id,
                                  [organisation.kundeservice]) is None


def test_export_rows_mask_the_caller(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    give_answer(ctx.config, agent, SAD, weeks_ago(1), reason_digit=5, comment="=1+1",
                caller="+46701112233")
    db.session.commit()
    [row] = results.answers_for_export(db.session, Scope(agent_id=agent.id),
                                       results.default_period(today(), ZONE))
    assert row["caller"] == "+46 *******33"
    assert (row["category"], row["reason"], row["comment"]) == ("sad", "product", "=1+1")
