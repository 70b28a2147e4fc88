"""The team goal on the team page: its progress and interval, and the form its supervisors set
it with; nobody else reaches either, and no agent has a goal."""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from feedback_service.coaching.goals.models import TeamGoal
from feedback_service.extensions import db
from tests.coaching.goal_history import goal_start, ten_weeks
from tests.conftest import settings
from tests.web.login_form import csrf_token_in

# Written for days around Wednesday 18 November 2026 (the goal's and the talks' dates).
pytestmark = pytest.mark.clock("2026-11-18T10:00:00+01:00")


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5)


@pytest.fixture
def history(app, organisation):
    ten_weeks(app, organisation)


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def set_goal(client, fields, slug="support"):
    page = client.get(f"/teams/{slug}").get_data(as_text=True)
    return client.post(f"/teams/{slug}/goal", data=fields | {"csrf_token": csrf_token_in(page)},
                       follow_redirects=True)


def test_a_supervisor_sets_the_goal_and_sees_its_progress(app, login, history):
    client = login("sara@example.com")
    page = text(client.get("/teams/support"))
    assert "Teamet har inget mål än." in page
    since = goal_start()
    reply = set_goal(client, {"kind": "smiley", "target": "85", "since": since.isoformat(),
                              "until": "2026-12-31"})
    assert reply.status_code == 200
    page = text(reply)
    assert "Teamets mål är sparat." in page
    assert "85\u00a0% nöjda kunder eller fler, 5 okt.–31 dec. 2026" in page
    # Six weeks of answers so far (today's and yesterday's none): 24 happy of the 30 the
    # team's score counts, and 31 answers in all.
    assert ("Hittills (5 okt.–18 nov. 2026): 80\u00a0% nöjda (troligen mellan 63\u00a0% och "
            "90\u00a0%), av 31 svar.") in page
    assert "Målet ligger inom det troliga intervallet: för jämnt för att säga än." in page
    assert "Det finns inga mål för en enskild person" in page
    with app.app_context():
        goal = db.session.scalar(sa.select(TeamGoal))
        assert (goal.kind, goal.target, goal.since) == ("smiley", 85.0, since)


def test_the_goal_reads_in_the_readers_language(app, login, client, api_headers, history):
    client.put("/api/v1/teams/kundeservice/goal", headers=api_headers, json={
        "kind": "smiley", "target": 50, "since": "2026-11-02", "until": "2026-11-08"})
    page = text(login("mette@example.com").get("/teams/kundeservice",
                                               headers={"Accept-Language": "da"}))
    assert "50\u00a0% tilfredse kunder eller flere, 2.–8. nov. 2026" in page
    # Freja's five unhappy answers two weeks ago: the goal's whole period, ended.
    assert "I hele perioden (2.–8. nov. 2026): 0\u00a0% tilfredse (sandsynligvis mellem " in page
    assert "Hele det sandsynlige interval ligger under målet." in page


def test_too_few_answers_give_counts_and_no_verdict(login, client, api_headers, history):
    client.put("/api/v1/teams/support/goal", headers=api_headers, json={
        "kind": "smiley", "target": 50, "since": "2026-11-18", "until": "2026-11-30"})
    page = text(login("sara@example.com").get("/teams/support"))
    assert "Hittills (18 nov. 2026): 0 svar, för få för ett resultat (det krävs 5)." in page
    goal = page[page.index("Teamets mål"):]
    assert "troliga intervallet" not in goal[:goal.index("Spara målet")]


@pytest.mark.parametrize("fields", [
    {"kind": "smiley", "target": "120", "since": "2026-11-01", "until": "2026-11-30"},
    {"kind": "nps", "target": "-150", "since": "2026-11-01", "until": "2026-11-30"},
    {"kind": "smiley", "target": "80", "since": "2026-12-01", "until": "2026-11-30"},
    {"kind": "smiley", "target": "", "since": "2026-11-01", "until": "2026-11-30"},
    {"kind": "happiness", "target": "80", "since": "2026-11-01", "until": "2026-11-30"},
    {"kind": "smiley", "target": "80", "since": "1 november", "until": "2026-11-30"},
])
def test_a_goal_that_breaks_a_rule_is_not_saved(app, login, organisation, fields):
    page = text(set_goal(login("sara@example.com"), fields))
    assert "Målet sparades inte" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(TeamGoal)) == 0


def test_without_the_forms_token_nothing_changes(app, login, organisation):
    reply = login("sara@example.com").post("/teams/support/goal", data={
        "kind": "smiley", "target": "80", "since": "2026-11-01", "until": "2026-11-30"})
    assert reply.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(TeamGoal)) == 0


@pytest.mark.parametrize("email", ["mette@example.com", "anna@example.com"])
def test_only_the_teams_supervisors_see_and_set_its_goal(app, login, client, api_headers,
                                                         organisation, email):
    client.put("/api/v1/teams/support/goal", headers=api_headers, json={
        "kind": "smiley", "target": 80, "since": "2026-11-01", "until": "2026-11-30"})
    reader = login(email)
    assert reader.get("/teams/support").status_code == 404
    # The form's token from a page the reader does see.
    token = csrf_token_in(reader.get("/", follow_redirects=True).get_data(as_text=True))
    reply = reader.post("/teams/support/goal", data={
        "kind": "smiley", "target": "10", "since": "2026-11-01", "until": "2026-11-30",
        "csrf_token": token})
    assert reply.status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(TeamGoal.target)) == 80.0


def test_an_admin_sets_goals_as_admins_see_every_team(app, login, organisation, runner):
    result = runner.invoke(args=["users", "add", "ada@example.com", "--name", "Ada",
                                 "--role", "admin"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from tests.web.factories import give_password
        give_password("ada@example.com")
        db.session.commit()
    reply = set_goal(login("ada@example.com"), {"kind": "nps", "target": "20",
                                                "since": "2026-11-01", "until": "2026-11-30"},
                     slug="kundeservice")
    assert "Teamets mål är sparat." in text(reply)


def test_no_page_has_a_goal_for_one_agent(login, organisation, history):
    client = login("sara@example.com")
    for path in ("/teams/support/agents/anna", "/teams/support/agents/anna/goal"):
        reply = client.get(path)
        if reply.status_code == 200:
            page = text(reply)
            assert "goal" not in page.lower() and "mål" not in page.lower()
        else:
            assert reply.status_code == 404
    me = text(login("anna@example.com").get("/me"))
    assert "mål" not in me.lower()
