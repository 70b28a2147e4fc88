"""`GET /api/v1/summaries`: a week's figures per team and per agent, as pages and digests show."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from tests.coaching.builders import a_survey, a_team, an_agent, answered, many, not_surveyed
from tests.conftest import settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WEEK = "2026-W47"
# A week after the week's last repeat-contact window closed, so first-contact resolution is known.
pytestmark = pytest.mark.clock("2026-11-30T10:00:00+01:00")


def local(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=STOCKHOLM)


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm")


@pytest.fixture
def week(app):
    """Support: Zoe (6 happy, 1 sad about the wait), Anna (1 sad about the help); Sales: Bo."""
    with app.app_context():
        config = settings_of(app)
        a_team("support", "Support", {})
        a_team("sales", "Sales", {})
        zoe = an_agent("zoe", "Zoe Ahl", "support")
        anna = an_agent("anna", "Anna Lind", "support")
        bo = an_agent("bo", "Bo Ek", "sales")
        many(zoe, local(17, 9), config, [1] * 6)
        answered(zoe, local(18, 9), config, 2, reason="wait_time")
        answered(anna, local(18, 10), config, 2, reason="resolution")
        not_surveyed(anna, local(18, 11), config)
        answered(bo, local(19, 9), config, 10, kind="nps")
        db.session.commit()


def get(client, headers, **query):
    return client.get("/api/v1/summaries", query_string={"week": WEEK, **query}, headers=headers)


def test_teams_first_then_agents_alphabetically_never_by_score(client, api_headers, week):
    reply = get(client, api_headers)
    assert reply.status_code == 200
    assert reply.json["week"] == WEEK
    order = [(s["scope"], s["team"], s["agent"]) for s in reply.json["summaries"]]
    assert order == [("team", "sales", None), ("team", "support", None),
                     ("agent", "support", "anna"), ("agent", "sales", "bo"),
                     ("agent", "support", "zoe")]


def test_an_agent_is_scored_on_what_they_can_change(client, api_headers, week):
    [zoe] = get(client, api_headers, agent="zoe").json["summaries"]
    assert zoe == {
        "scope": "agent", "team": "support", "agent": "zoe", "kind": "smiley",
        "answers": 7, "categories": {"happy": 6, "sad": 1},
        # The split the score counts: the wait is not Zoe's doing.
        "scored_categories": {"happy": 6, "sad": 0},
        "surveys_sent": 7, "response_rate": 1.0,
        # The wait is left out of Zoe's score: 6 of 6 happy, Wilson 61–100 %.
        "score": 100.0, "interval": [pytest.approx(60.97, abs=0.01), pytest.approx(100.0)],
        "change": None,
        "reasons": [{"code": "wait_time", "owner": "process", "answers": 1, "share": None}],
        "left_out": [{"code": "wait_time", "owner": "process", "answers": 1}],
        "focus": None,
        "first_contact_resolution": {"calls": 7, "repeated": 0, "share": 1.0,
                                     "interval": [pytest.approx(0.6457, abs=1e-4),
                                                  pytest.approx(1.0)],
                                     "not_yet_known": 0, "left_out": 0, "window_days": 7},
        "funnel": {"calls": 7, "eligible": 7, "skipped": {}, "waiting": 0, "surveyed": 7,
                   "answered": 7, "expired": 0},
        "follow_ups": None,
        "praise": [], "drivers": None,
    }


def test_below_the_minimum_there_is_no_score_and_no_share(client, api_headers, week):
    [anna] = get(client, api_headers, agent="anna").json["summaries"]
    assert (anna["answers"], anna["score"], anna["interval"]) == (1, None, [None, None])
    assert anna["reasons"] == [
        {"code": "resolution", "owner": "agent", "answers": 1, "share": None}]
    assert anna["funnel"]["skipped"] == {"too_short": 1}


def test_a_team_keeps_the_process_in_its_score(client, api_headers, week):
    team = [s for s in get(client, api_headers, team="support").json["summaries"]
            if s["scope"] == "team"]
    assert [(s["answers"], s["surveys_sent"], round(s["score"], 1)) for s in team] == [
        (8, 8, 75.0)]
    assert [s["agent"] for s in get(client, api_headers, team="support").json["summaries"]
            if s["scope"] == "agent"] == ["anna", "zoe"]


def test_scales_are_never_pooled(client, api_headers, week):
    [sales, bo] = get(client, api_headers, team="sales").json["summaries"]
    assert (sales["kind"], bo["kind"], bo["answers"]) == ("nps", "nps", 1)


@pytest.mark.parametrize("query, message", [
    ({"week": ""}, "week is required, like 2026-W47"),
    ({"week": "2026-47"}, "week: '2026-47' is not an ISO week like 2026-W47"),
    ({"week": "2026-W54"}, "week: 2026 has no week 54"),
    # Found by schemathesis: a week whose history reaches before year 1 answered 500.
    ({"week": "0001-W01"}, "week must be from 1970-W01 to 3000-W01"),
    ({"week": "9999-W52"}, "week must be from 1970-W01 to 3000-W01"),
    ({"team": "nope"}, "team: no team 'nope'"),
    ({"agent": "nobody"}, "agent: no agent 'nobody'"),
    ({"team": "sales", "agent": "zoe"}, "agent: no agent 'zoe' in that team"),
])
def test_a_question_that_does_not_fit_is_a_400(client, api_headers, week, query, message):
    reply = get(client, api_headers, **query)
    assert reply.status_code == 400
    assert reply.json == {"error": message}


def test_without_the_token_the_answer_is_401(client, week):
    assert client.get("/api/v1/summaries", query_string={"week": WEEK}).status_code == 401


def test_a_repeat_caller_is_not_asked_twice_and_the_funnel_says_so(app, client, api_headers):
    with app.app_context():
        a_team("support", "Support", {})
        anna = an_agent("anna", "Anna Lind", "support")
        a_survey(anna, local(17, 9), settings_of(app), caller="+46701234567")
        a_survey(anna, local(18, 9), settings_of(app), caller="+46701234567")
        db.session.commit()
    [anna] = get(client, api_headers, agent="anna").json["summaries"]
    assert anna["funnel"] == {"calls": 2, "eligible": 1, "skipped": {"quarantine": 1},
                              "waiting": 0, "surveyed": 1, "answered": 0, "expired": 0}
    assert anna["response_rate"] == 0.0


def test_a_caller_who_calls_again_within_a_week_marks_the_first_call_unresolved(
        app, client, api_headers):
    with app.app_context():
        a_team("support", "Support", {})
        anna = an_agent("anna", "Anna Lind", "support")
        bo = an_agent("bo", "Bo Ek", "support")
        for day in (16, 17, 18, 19, 20):
            many(anna, local(day, 9), settings_of(app), [1])
        answered(anna, local(18, 10), settings_of(app), 1, caller="+46701234567")
        # The same caller is back two days later, with Bo: Anna's call did not solve it.
        a_survey(bo, local(20, 15), settings_of(app), caller="+46701234567")
        db.session.commit()
    [anna] = get(client, api_headers, agent="anna").json["summaries"]
    assert anna["first_contact_resolution"]["calls"] == 6
    assert anna["first_contact_resolution"]["repeated"] == 1
    assert anna["first_contact_resolution"]["share"] == pytest.approx(5 / 6)
    [bo] = get(client, api_headers, agent="bo").json["summaries"]
    assert bo["first_contact_resolution"]["repeated"] == 0
    team = get(client, api_headers, team="support").json["summaries"][0]
    assert (team["scope"], team["first_contact_resolution"]["calls"],
            team["first_contact_resolution"]["repeated"]) == ("team", 7, 1)


def test_a_repeat_about_the_wait_is_the_teams_not_the_agents(app, client, api_headers):
    with app.app_context():
        a_team("support", "Support", {})
        anna = an_agent("anna", "Anna Lind", "support")
        bo = an_agent("bo", "Bo Ek", "support")
        for day in (16, 17, 18, 19, 20):
            many(anna, local(day, 9), settings_of(app), [1])
        # The caller was unhappy about the waiting time, and called again: the queue's doing.
        answered(anna, local(18, 10), settings_of(app), 2, reason="wait_time",
                 caller="+46701234567")
        a_survey(bo, local(20, 15), settings_of(app), caller="+46701234567")
        db.session.commit()
    [anna] = get(client, api_headers, agent="anna").json["summaries"]
    first = anna["first_contact_resolution"]
    assert (first["calls"], first["repeated"], first["left_out"]) == (5, 0, 1)
    team = get(client, api_headers, team="support").json["summaries"][0]
    first = team["first_contact_resolution"]
    assert (first["calls"], first["repeated"], first["left_out"]) == (7, 1, 0)


def test_trends_by_month_and_quarter_with_intervals(app, client, api_headers):
    with app.app_context():
        a_team("support", "Support", {})
        anna = an_agent("anna", "Anna Lind", "support")
        many(anna, datetime(2026, 10, 6, 9, tzinfo=STOCKHOLM), settings_of(app), [1] * 6)
        many(anna, local(17, 9), settings_of(app), [1] * 4)
        answered(anna, local(18, 9), settings_of(app), 2, reason="resolution")
        answered(anna, local(18, 10), settings_of(app), 2, reason="wait_time")  # not Anna's doing
        db.session.commit()
    reply = client.get("/api/v1/trends", headers=api_headers,
                       query_string={"grain": "month", "agent": "anna", "until": "2026-11-30"})
    assert reply.status_code == 200
    [series] = reply.json["series"]
    october, november = series["points"]
    assert (october["from"], october["until"], october["answers"], october["score"]) == (
        "2026-10-01", "2026-10-31", 6, 100.0)
    # November: the wait is left out of Anna's score, as on her page: 4 of 5 happy.
    assert (november["from"], november["answers"], november["score"]) == ("2026-11-01", 5, 80.0)
    assert november["interval"] == [pytest.approx(37.55, abs=0.01), pytest.approx(96.38, abs=0.01)]
    reply = client.get("/api/v1/trends", headers=api_headers,
                       query_string={"grain": "quarter", "agent": "anna", "until": "2026-11-30"})
    [series] = reply.json["series"]
    assert [(p["from"], p["until"], p["answers"], p["score"]) for p in series["points"]] == [
        ("2026-10-01", "2026-11-30", 11, pytest.approx(100 * 10 / 11))]
    reply = client.get("/api/v1/trends", headers=api_headers,
                       query_string={"grain": "week", "team": "support", "until": "2026-11-22"})
    [series] = reply.json["series"]
    # The team's score keeps the wait: its week 47 counts all six answers.
    assert series["points"][-1] == {"from": "2026-11-16", "until": "2026-11-22", "answers": 6,
                                    "score": pytest.approx(100 * 4 / 6),
                                    "interval": [pytest.approx(30.0, abs=0.1),
                                                 pytest.approx(90.3, abs=0.1)]}


def test_trends_need_a_grain_and_a_date(client, api_headers):
    assert client.get("/api/v1/trends", headers=api_headers,
                      query_string={"grain": "year", "until": "2026-11-30"}).status_code == 400
    assert client.get("/api/v1/trends", headers=api_headers,
                      query_string={"grain": "month"}).status_code == 400
