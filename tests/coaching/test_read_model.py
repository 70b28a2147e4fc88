"""The read model: a scope's trend, period figures and comments, from answers given through the
survey functions."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from feedback_service.coaching import read_model
from feedback_service.coaching.answer_rows import answer_notes, answer_rows
from feedback_service.coaching.read_model import (
    Period,
    PeriodOutOfRange,
    Scope,
    tally,
    tally_teams_and_agents,
)
from feedback_service.coaching.summaries import Level
from feedback_service.coaching.trends import (
    Grain,
    calendar_bounds,
    calendar_trends,
    period_summaries,
    read_counts_over_time,
    trend_bounds,
    week_points,
    weekly_trend,
)
from feedback_service.coaching.weeks import IsoWeek, week_of
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import Category, SurveyKind
from tests.web.factories import ZONE, give_answer, weeks_ago

HAPPY, SAD = 1, 2
WAIT, HELP, MANNER, EFFORT, PRODUCT = 1, 2, 3, 4, 5


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def today() -> date:
    return utcnow().astimezone(ZONE).date()


def last_twelve_weeks() -> Period:
    return Period.days(week_of(today()).shifted(-11).monday, today(), ZONE)


def trend_of(scope: Scope, min_responses: int = 5):
    return weekly_trend(db.session, scope, week_of(today()), ZONE, load_catalogue(),
                        min_responses)


def totals_of(scope: Scope, min_responses: int = 1):
    return period_summaries(db.session, scope, last_twelve_weeks(), load_catalogue(),
                            min_responses, settled_before=None)


def test_a_scope_is_one_agent_one_team_or_everyone():
    assert Scope().agent_id is None and Scope().team_id is None
    with pytest.raises(ValueError):
        Scope(agent_id=1, team_id=1)


def test_weekly_trend_withholds_the_score_of_a_week_with_too_few_answers(ctx, organisation):
    assert trend_of(Scope(agent_id=organisation.anna)) == {}  # nothing yet: no empty weeks
    agent = db.session.get(Agent, organisation.anna)
    for score in (HAPPY, HAPPY, HAPPY, HAPPY, SAD):
        give_answer(settings_of(ctx), agent, score, weeks_ago(1))
    for score in (HAPPY, SAD, SAD):
        give_answer(settings_of(ctx), agent, score, weeks_ago(3))
    db.session.commit()

    weeks = trend_of(Scope(agent_id=agent.id))[SurveyKind.SMILEY]
    # From the first week with answers, three weeks ago, to this week.
    assert len(weeks) == 4
    assert weeks[-1].monday == today() - timedelta(days=today().weekday())
    last_week, three_weeks_ago = weeks[-2], weeks[-4]
    assert (last_week.answers, last_week.score.enough) == (5, True)
    assert last_week.score.value == pytest.approx(80.0)
    assert last_week.score.low < 80 < last_week.score.high
    # Three answers: the count is shown, the score is not.
    assert (three_weeks_ago.answers, three_weeks_ago.score.enough) == (3, False)
    assert three_weeks_ago.score.value is None
    assert all(w.answers == 0 for w in weeks if w not in (last_week, three_weeks_ago))


def test_trend_keeps_smiley_and_nps_apart(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    give_answer(settings_of(ctx), agent, HAPPY, weeks_ago(1))
    for score in (10, 9, 8, 3, 10):
        give_answer(settings_of(ctx), agent, score, weeks_ago(1), kind=SurveyKind.NPS,
                    reason_digit=HELP if score < 7 else None)
    db.session.commit()
    trend = trend_of(Scope(agent_id=agent.id))
    assert set(trend) == {SurveyKind.SMILEY, SurveyKind.NPS}
    nps_week = trend[SurveyKind.NPS][-2]
    assert nps_week.answers == 5 and nps_week.score.value == pytest.approx(40.0)
    assert trend[SurveyKind.SMILEY][-2].answers == 1


def test_only_the_scope_s_own_answers_count(ctx, organisation):
    anna = db.session.get(Agent, organisation.anna)
    freja = db.session.get(Agent, organisation.freja)
    give_answer(settings_of(ctx), anna, HAPPY, weeks_ago(2))
    give_answer(settings_of(ctx), freja, SAD, weeks_ago(2), reason_digit=MANNER)
    db.session.commit()
    [own] = totals_of(Scope(agent_id=anna.id))
    assert own.score.value == 100
    [team] = totals_of(Scope(team_id=organisation.kundeservice))
    assert team.score.value == 0
    [everyone] = totals_of(Scope())
    assert (everyone.answers, everyone.score.value) == (2, 50.0)


def test_an_agent_is_scored_only_on_what_they_can_change(ctx, organisation):
    # Three happy callers, one unhappy about the help (the agent's), one about the wait
    # (staffing), one about the product (outside customer service).
    agent = db.session.get(Agent, organisation.anna)
    for score, digit in ((HAPPY, None), (HAPPY, None), (HAPPY, None), (SAD, HELP), (SAD, WAIT),
                         (SAD, PRODUCT)):
        give_answer(settings_of(ctx), agent, score, weeks_ago(1), reason_digit=digit)
    db.session.commit()

    [own] = totals_of(Scope(agent_id=agent.id))
    assert own.level is Level.AGENT
    assert own.answers == 6  # every answer is counted as an answer...
    assert (own.score.answers, own.score.value) == (4, 75.0)  # ...the score takes 3 of 4
    assert [(r.code, r.owner, r.answers) for r in own.left_out] == [
        ("wait_time", "process", 1), ("product", "outside", 1)]

    [team] = totals_of(Scope(team_id=organisation.support))
    assert team.level is Level.TEAM
    assert (team.answers, team.score.answers, team.score.value) == (6, 5, 60.0)
    assert [r.code for r in team.left_out] == ["product"]


def test_reasons_by_owner_with_shares_held_back_below_the_minimum(ctx, organisation):
    agent = db.session.get(Agent, organisation.bjorn)
    for digit in (WAIT, WAIT, PRODUCT, HELP, None):
        give_answer(settings_of(ctx), agent, SAD, weeks_ago(1), reason_digit=digit)
    give_answer(settings_of(ctx), agent, HAPPY, weeks_ago(1))
    db.session.commit()

    [enough] = totals_of(Scope(agent_id=agent.id), min_responses=5)
    assert (enough.unhappy, enough.without_reason) == (5, 1)
    assert [(r.code, r.owner, r.answers, r.share) for r in enough.reasons] == [
        ("wait_time", "process", 2, pytest.approx(0.4)),
        ("resolution", "agent", 1, pytest.approx(0.2)),
        ("product", "outside", 1, pytest.approx(0.2)),
    ]
    [too_few] = totals_of(Scope(agent_id=agent.id), min_responses=6)
    assert [r.share for r in too_few.reasons] == [None, None, None]


def test_answers_belong_to_the_week_of_their_call_not_of_their_answer(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    sunday = weeks_ago(2).date() + timedelta(days=4)
    give_answer(settings_of(ctx), agent, HAPPY, datetime.combine(sunday, time(23, 51), tzinfo=ZONE),
                answered_at=datetime.combine(sunday + timedelta(days=1), time(0, 10),
                                             tzinfo=ZONE))
    db.session.commit()
    weeks = trend_of(Scope(agent_id=agent.id), min_responses=1)[SurveyKind.SMILEY]
    assert [w.answers for w in weeks] == [1, 0, 0]
    monday = Period.days(sunday + timedelta(days=1), sunday + timedelta(days=1), ZONE)
    assert list(answer_rows(db.session, Scope(agent_id=agent.id), monday)) == []


def test_tallies_are_grouped_in_the_database(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    for _ in range(3):
        give_answer(settings_of(ctx), agent, HAPPY, weeks_ago(1))
    db.session.commit()
    agent_id, engine = agent.id, db.engine
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        period = last_twelve_weeks()
        tallies = tally(db.session, [period.start, period.end], by="agent", ids=[agent_id])
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert sum(tallies.answers_in(agent_id, [0]).values()) == 3
    # One aggregate query for the answers and one for the surveys sent, rows never loaded.
    assert len(statements) == 2
    assert all("GROUP BY" in statement and "count(" in statement for statement in statements)


def _support_and_anna_together_as_each_alone(organisation, monkeypatch):
    """Support's and Anna's tallies read together (filtered by id, and every group read and
    the others left out in Python) are each what it is read alone; the filtered ones."""
    period = last_twelve_weeks()
    bounds = [period.start, period.start + (period.end - period.start) / 2, period.end]
    support, agents = [organisation.support], [organisation.anna]
    alone = (tally(db.session, bounds, by="team", ids=support),
             tally(db.session, bounds, by="agent", ids=agents))
    filtered = tally_teams_and_agents(db.session, bounds, team_ids=support, agent_ids=agents)
    with monkeypatch.context() as patched:
        patched.setattr(read_model, "FILTER_IDS_UP_TO", 0)
        unfiltered = tally_teams_and_agents(db.session, bounds, team_ids=support,
                                            agent_ids=agents)
    for together in (filtered, unfiltered):
        for one, other in zip(alone, together, strict=True):
            assert dict(one.answers) == dict(other.answers)
            assert dict(one.surveys) == dict(other.surveys)
    return filtered


def test_teams_and_agents_are_counted_together_as_each_alone(ctx, organisation, monkeypatch):
    anna = db.session.get(Agent, organisation.anna)
    freja = db.session.get(Agent, organisation.freja)
    give_answer(settings_of(ctx), anna, HAPPY, weeks_ago(1))
    give_answer(settings_of(ctx), anna, SAD, weeks_ago(3), reason_digit=WAIT)
    give_answer(settings_of(ctx), freja, SAD, weeks_ago(1), reason_digit=MANNER)
    db.session.commit()
    filtered = _support_and_anna_together_as_each_alone(organisation, monkeypatch)
    assert sum(filtered[0].answers_in(organisation.support, [0, 1]).values()) == 2


def test_an_agent_who_moved_is_counted_once_in_each_team_as_each_alone(ctx, organisation,
                                                                          monkeypatch):
    anna = db.session.get(Agent, organisation.anna)
    bjorn = db.session.get(Agent, organisation.bjorn)
    give_answer(settings_of(ctx), anna, HAPPY, weeks_ago(5))
    give_answer(settings_of(ctx), bjorn, SAD, weeks_ago(5), reason_digit=WAIT)
    anna.team_id = organisation.kundeservice
    give_answer(settings_of(ctx), anna, SAD, weeks_ago(3), reason_digit=MANNER)
    anna.team_id = None
    give_answer(settings_of(ctx), anna, SAD, weeks_ago(1), reason_digit=HELP)
    db.session.commit()
    filtered = _support_and_anna_together_as_each_alone(organisation, monkeypatch)
    # Support: Anna's first answer and Björn's; Anna: her three, in whichever team.
    assert sum(filtered[0].answers_in(organisation.support, [0, 1]).values()) == 2
    assert sum(filtered[1].answers_in(organisation.anna, [0, 1]).values()) == 3
    assert sum(sum(filtered[1].sent_in(organisation.anna, n).values()) for n in (0, 1)) == 3


def test_a_page_s_trends_and_longer_view_from_one_read_are_each_read_alone(ctx, organisation):
    # Answers on both sides of week and month edges, over the year a longer view shows: the
    # page's trend (to today), its first screen's (to last week) and the months and quarters,
    # counted between all their edges at once, add up to what each counts on its own.
    anna = db.session.get(Agent, organisation.anna)
    for weeks in (0, 1, 2, 4, 5, 9, 11, 12, 13, 17, 22, 30, 40, 51):
        give_answer(settings_of(ctx), anna, HAPPY if weeks % 3 else SAD, weeks_ago(weeks),
                    reason_digit=None if weeks % 3 else WAIT)
        give_answer(settings_of(ctx), anna, HAPPY, weeks_ago(weeks) + timedelta(days=4, hours=11))
    db.session.commit()
    catalogue, last_week = load_catalogue(), week_of(today()).shifted(-1)
    for scope in (Scope(agent_id=organisation.anna), Scope(team_id=organisation.support)):
        counts = read_counts_over_time(db.session, scope, [
            *trend_bounds([week_of(today()), last_week], ZONE),
            *calendar_bounds(today(), ZONE)])
        for week in (week_of(today()), last_week):
            assert (weekly_trend(db.session, scope, week, ZONE, catalogue, 1, counts=counts)
                    == weekly_trend(db.session, scope, week, ZONE, catalogue, 1))
        together = calendar_trends(db.session, scope, today(), ZONE, catalogue, 1, counts=counts)
        assert together == calendar_trends(db.session, scope, today(), ZONE, catalogue, 1)
        assert sum(p.answers for p in together[Grain.MONTH][SurveyKind.SMILEY]) > 10


def test_comments_come_newest_first_with_the_caller_masked(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    give_answer(settings_of(ctx), agent, HAPPY, weeks_ago(2), comment="Så vänlig!",
                caller="+46701112233")
    give_answer(settings_of(ctx), agent, SAD, weeks_ago(1), reason_digit=WAIT, comment="Lång kö",
                caller="+46709998877")
    give_answer(settings_of(ctx), agent, HAPPY, weeks_ago(1))  # nothing to read: not listed
    db.session.commit()
    notes = answer_notes(db.session, Scope(agent_id=agent.id), last_twelve_weeks(), limit=10)
    assert [n.comment for n in notes] == ["Lång kö", "Så vänlig!"]
    assert [n.caller_masked for n in notes] == ["+46 *******77", "+46 *******33"]
    assert [n.kudos for n in notes] == [False, True]


def test_the_period_is_whole_days_in_the_company_s_time_zone(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    day = today() - timedelta(days=20)
    # The calls end a minute before these times: 23:30 in Stockholm is still that day, though
    # in UTC it may be the same or the next.
    give_answer(settings_of(ctx), agent, HAPPY, datetime.combine(day, time(23, 31), tzinfo=ZONE),
                comment="late")
    give_answer(settings_of(ctx), agent, HAPPY,
                datetime.combine(day + timedelta(days=1), time(0, 31), tzinfo=ZONE),
                comment="next day")
    db.session.commit()
    notes = answer_notes(db.session, Scope(agent_id=agent.id), Period.days(day, day, ZONE),
                         limit=10)
    assert [n.comment for n in notes] == ["late"]


def test_a_period_outside_what_can_be_stored_is_refused():
    with pytest.raises(PeriodOutOfRange):
        Period.days(date(1, 1, 1), date(2026, 1, 1), ZONE)
    with pytest.raises(PeriodOutOfRange):
        Period.days(date(2026, 1, 1), date(9999, 12, 31), ZONE)


def test_answer_rows_mask_the_caller_and_carry_the_call_time(ctx, organisation):
    agent = db.session.get(Agent, organisation.anna)
    response = give_answer(settings_of(ctx), agent, SAD, weeks_ago(1), reason_digit=PRODUCT,
                           comment="=1+1", caller="+46701112233")
    db.session.commit()
    [row] = answer_rows(db.session, Scope(agent_id=agent.id), None)
    assert row["caller"] == "+46 *******33"
    assert (row["agent"], row["team"]) == ("anna", "support")
    assert (row["category"], row["reason"], row["comment"]) == ("sad", "product", "=1+1")
    assert row["call_ended_at"] == (weeks_ago(1) - timedelta(minutes=1)).astimezone(
        response.call_ended_at.tzinfo).isoformat()


def test_a_trend_week_shows_the_answers_its_score_counts():
    # Five answers, one about the waiting time: an agent's score counts four, too few to show;
    # the week beside it says 4, not 5.
    week = Counter({(SurveyKind.SMILEY, Category.HAPPY, None): 4,
                    (SurveyKind.SMILEY, Category.SAD, "wait_time"): 1})
    [point] = week_points(Level.AGENT, SurveyKind.SMILEY, [week], IsoWeek(2026, 47),
                          load_catalogue(), 5)
    assert (point.answers, point.score.value) == (4, None)
