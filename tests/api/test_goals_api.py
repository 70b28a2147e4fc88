"""`PUT`/`GET /api/v1/teams/SLUG/goal`: a collective goal and its progress over weeks of history;
no goal for an agent anywhere."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.coaching.goal_history import goal_start, ten_weeks
from tests.conftest import settings

# Written for days around Wednesday 18 November 2026 (the goal's and the talks' dates).
pytestmark = pytest.mark.clock("2026-11-18T10:00:00+01:00")


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5)


@pytest.fixture
def history(app, organisation):
    ten_weeks(app, organisation)


def put_goal(client, headers, body, slug="support"):
    return client.put(f"/api/v1/teams/{slug}/goal", json=body, headers=headers)


def test_a_goal_is_set_and_read_with_its_progress_so_far(client, api_headers, history):
    since = goal_start()
    body = {"kind": "smiley", "target": 85, "since": since.isoformat(), "until": "2026-12-31"}
    reply = put_goal(client, api_headers, body)
    assert reply.status_code == 201, reply.get_json()
    read = client.get("/api/v1/teams/support/goal", headers=api_headers)
    assert read.status_code == 200
    found = read.get_json()
    assert found == reply.get_json()
    # Six weeks of Anna's 3 happy and 1 sad and Björn's 1 happy, and one answer about the
    # product: counted among the answers, left out of the team's customer-service score.
    assert {k: v for k, v in found.items() if k != "progress"} == {
        "team": "support", "kind": "smiley", "target": 85.0, "since": since.isoformat(),
        "until": "2026-12-31"}
    assert found["progress"]["answers"] == 31
    assert found["progress"]["score"] == pytest.approx(80.0)
    # Wilson's 95 % interval for 24 happy answers of 30.
    assert found["progress"]["interval"] == pytest.approx([62.69, 90.49], abs=0.01)


def test_the_same_figures_as_the_summaries_for_one_week(client, api_headers, history):
    monday = goal_start() + timedelta(weeks=5)  # last week
    put_goal(client, api_headers, {"kind": "smiley", "target": 70, "since": monday.isoformat(),
                                   "until": (monday + timedelta(days=6)).isoformat()})
    goal = client.get("/api/v1/teams/support/goal", headers=api_headers).get_json()
    week = monday.isocalendar()
    summaries = client.get(f"/api/v1/summaries?week={week.year}-W{week.week:02d}&team=support",
                           headers=api_headers).get_json()["summaries"]
    [team] = [s for s in summaries if s["scope"] == "team"]
    assert goal["progress"] == {"score": team["score"], "interval": team["interval"],
                                "answers": team["answers"]}
    assert goal["progress"]["answers"] == 5


def test_putting_again_replaces_the_goal(client, api_headers, history):
    put_goal(client, api_headers, {"kind": "smiley", "target": 85, "since": "2026-10-01",
                                   "until": "2026-12-31"})
    reply = put_goal(client, api_headers, {"kind": "nps", "target": -10.5,
                                           "since": "2026-11-01", "until": "2026-11-30"})
    assert reply.status_code == 200
    found = client.get("/api/v1/teams/support/goal", headers=api_headers).get_json()
    assert (found["kind"], found["target"], found["since"]) == ("nps", -10.5, "2026-11-01")
    # No NPS answers in the period: nothing to judge.
    assert found["progress"] == {"score": None, "interval": [None, None], "answers": 0}


def test_below_the_minimum_only_the_answers_are_given(client, api_headers, history):
    # Today (Wednesday) and yesterday hold no answers; last Wednesday's five do not count.
    reply = put_goal(client, api_headers, {"kind": "smiley", "target": 80,
                                           "since": "2026-11-16", "until": "2026-11-22"})
    assert reply.get_json()["progress"] == {"score": None, "interval": [None, None],
                                            "answers": 0}
    reply = put_goal(client, api_headers, {"kind": "smiley", "target": 80,
                                           "since": (goal_start() + timedelta(weeks=5)).isoformat(),
                                           "until": "2026-11-22"})
    # Last week's 5 answers: exactly the minimum, so a score.
    assert reply.get_json()["progress"]["answers"] == 5
    assert reply.get_json()["progress"]["score"] == pytest.approx(80.0)


def test_a_goal_that_has_not_begun_counts_nothing(client, api_headers, history):
    reply = put_goal(client, api_headers, {"kind": "ces", "target": 20, "since": "2027-01-01",
                                           "until": "2027-03-31"})
    assert reply.status_code == 201
    assert reply.get_json()["progress"] == {"score": None, "interval": [None, None],
                                            "answers": 0}


GOOD = {"kind": "smiley", "target": 85, "since": "2026-10-01", "until": "2026-12-31"}


@pytest.mark.parametrize(("change", "message"), [
    ({"kind": "happiness"}, "kind: Input should be 'smiley', 'nps' or 'ces'"),
    ({"target": 101}, "target: a smiley target lies from 0 to 100 points"),
    ({"target": -1}, "target: a smiley target lies from 0 to 100 points"),
    ({"kind": "nps", "target": -101}, "target: a nps target lies from -100 to 100 points"),
    ({"target": "high"}, "target: Input should be a valid number"),
    ({"since": "2026-12-01", "until": "2026-11-30"}, "until: the period ends before it begins"),
    ({"since": "1.10.2026"}, "since: "),
    ({"until": 20261231}, "until: Value error, give a day as YYYY-MM-DD"),
    ({"since": "0001-01-01"}, "since: 0001-01-01 is outside 1970-01-01..2999-12-31"),
    ({"agent": "anna"}, "agent: Extra inputs are not permitted"),
])
def test_a_goal_that_breaks_a_rule_is_refused_in_the_apis_usual_format(
        client, api_headers, organisation, change, message):
    reply = put_goal(client, api_headers, GOOD | change)
    assert reply.status_code == 400
    assert list(reply.get_json()) == ["error"]
    assert message in reply.get_json()["error"]
    assert client.get("/api/v1/teams/support/goal", headers=api_headers).status_code == 404


@pytest.mark.parametrize("body", [None, [], "goal"])
def test_a_body_that_is_no_object_is_refused(client, api_headers, organisation, body):
    reply = client.put("/api/v1/teams/support/goal", json=body, headers=api_headers)
    assert reply.status_code == 400
    assert reply.get_json() == {"error": "the body must be a JSON object"}


def test_unknown_teams_and_teams_without_a_goal_answer_404(client, api_headers, organisation):
    assert put_goal(client, api_headers, GOOD, slug="nobody").status_code == 404
    reply = client.get("/api/v1/teams/support/goal", headers=api_headers)
    assert reply.status_code == 404
    assert reply.get_json() == {"error": "team 'support' has no goal"}


def test_without_the_token_nothing_is_read_or_set(client, organisation):
    assert client.put("/api/v1/teams/support/goal", json=GOOD).status_code == 401
    assert client.get("/api/v1/teams/support/goal").status_code == 401


@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
def test_no_agent_has_a_goal(client, api_headers, organisation, method):
    # Goals are the whole team's: nothing under /api/v1/agents/ takes one.
    reply = client.open("/api/v1/agents/anna/goal", method=method, json=GOOD,
                        headers=api_headers)
    assert reply.status_code == 404
    # The agent exists: it is the goal that does not.
    assert client.get("/api/v1/agents", headers=api_headers).get_json()["agents"][0]["handle"] \
        == "anna"
