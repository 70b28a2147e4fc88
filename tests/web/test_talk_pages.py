"""Coaching talks on the agent's page: recorded by the agent's supervisor, read by the agent on
/me with what the answers said since, a marker on the trend, and nobody else sees them."""

from __future__ import annotations

import html
import re
from datetime import datetime

import pytest
import sqlalchemy as sa

from feedback_service.coaching.talks.models import CoachingTalk
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from tests.conftest import settings
from tests.web.factories import ZONE, give_answer, weeks_ago
from tests.web.login_form import csrf_token_in

# Written for days around Wednesday 18 November 2026 (the goal's and the talks' dates).
pytestmark = pytest.mark.clock("2026-11-18T10:00:00+01:00")

HAPPY, SAD = 1, 2
RESOLUTION, WAIT_TIME = 2, 1  # reason digits: the agent's own, and the process's


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5)


def at(day: int, hour: int = 12, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ZONE)


@pytest.fixture
def history(app, organisation):
    """Anna's ten weeks: before the talk on 3 November mostly unhappy; after it (4 to 18
    November) 10 happy, 2 unhappy about the help, and one about the queue (the process's)."""
    with app.app_context():
        config = settings_of(app)
        anna = db.session.get(Agent, organisation.anna)
        for weeks in range(3, 11):
            for score in (HAPPY, SAD, SAD):
                give_answer(config, anna, score, weeks_ago(weeks),
                            reason_digit=RESOLUTION if score == SAD else None)
        # The day of the talk counts before it: its calls came earlier that day.
        give_answer(config, anna, SAD, at(3, 16), reason_digit=RESOLUTION)
        for day in (4, 5, 6, 9, 10, 11, 12, 13, 16, 17):
            give_answer(config, anna, HAPPY, at(day))
        give_answer(config, anna, SAD, at(10, 14), reason_digit=RESOLUTION)
        give_answer(config, anna, SAD, at(18, 9), reason_digit=RESOLUTION)
        give_answer(config, anna, SAD, at(12, 15), reason_digit=WAIT_TIME)
        db.session.commit()


def text(reply) -> str:
    return html.unescape(reply.get_data(as_text=True))


def record(client, fields, slug="support", handle="anna"):
    page = client.get(f"/teams/{slug}/agents/{handle}").get_data(as_text=True)
    return client.post(f"/teams/{slug}/agents/{handle}/talks",
                       data=fields | {"csrf_token": csrf_token_in(page)}, follow_redirects=True)


TALK = {"held_on": "2026-11-03", "agreed": "Sammanfatta ärendet innan samtalet avslutas",
        "notes": "Anna vill lyssna på två inspelade kommentarer tillsammans."}
SINCE = "Sedan vårt samtal den 3 november: 12 svar, 83\u00a0% nöjda."


def talks_section(page: str) -> str:
    match = re.search(r'<section aria-labelledby="coaching-talks-title".*?</section>', page, re.S)
    assert match, "no coaching talks on the page"
    return match.group(0)


def test_the_supervisor_records_a_talk_and_both_read_what_followed(login, history, client):
    supervisor = login("sara@example.com")
    page = text(record(supervisor, TALK))
    assert "Samtalet är sparat." in page
    section = talks_section(page)
    assert "Samtal den 3 november" in section
    assert SINCE in section
    assert TALK["agreed"] in section and TALK["notes"] in section
    assert "Bara Anna och teamets teamledare ser de här anteckningarna." in section
    client.post("/logout", data={"csrf_token": csrf_token_in(page)})
    me = text(login("anna@example.com").get("/me"))
    section = talks_section(me)
    assert SINCE in section and TALK["agreed"] in section
    assert "Bara du och ditt teams teamledare ser de här anteckningarna." in section
    # The agent reads; only a supervisor records.
    assert "<form" not in section


def test_the_trend_marks_the_talk_in_its_week(login, history):
    supervisor = login("sara@example.com")
    record(supervisor, TALK)
    page = text(supervisor.get("/teams/support/agents/anna"))
    svg = re.search(r'<figure class="trend" id="trend-smiley">.*?</svg>', page, re.S).group(0)
    # A dashed line named by the talk, drawn on the chart (its place in the week is
    # test_trend_markers's).
    assert svg.count('class="chart-marker"') == 1
    assert ">samtal<" in svg


def test_below_the_minimum_the_line_gives_counts_only(login, history):
    supervisor = login("sara@example.com")
    record(supervisor, TALK | {"held_on": "2026-11-15"})
    record(supervisor, TALK | {"held_on": "2026-11-18", "agreed": "Följ upp på fredag"})
    section = talks_section(text(supervisor.get("/teams/support/agents/anna")))
    # 16 to 18 November: a happy answer, a happy one and an unhappy one.
    assert ("Sedan vårt samtal den 15 november: 3 svar, för få för en andel (det krävs 5)."
            in section)
    assert "Sedan vårt samtal den 18 november: inga svar än." in section
    # The latest talk first.
    assert section.index("18 november") < section.index("15 november")


def test_an_agent_reads_their_talks_in_their_own_language(app, login, organisation):
    with app.app_context():
        freja = db.session.get(Agent, organisation.freja)
        for day in (4, 5, 6, 9, 10, 11):
            give_answer(settings_of(app), freja, HAPPY, at(day))
        db.session.commit()
    record(login("mette@example.com"), TALK, slug="kundeservice", handle="freja")
    section = talks_section(text(login("freja@example.com").get("/me")))
    assert "Siden vores samtale den 3. november: 6 svar, 100\u00a0% tilfredse." in section


@pytest.mark.parametrize("email", ["bjorn@example.com", "freja@example.com"])
def test_another_agent_sees_no_talk(login, history, email):
    record(login("sara@example.com"), TALK)
    page = text(login(email).get("/me"))
    assert TALK["agreed"] not in page and "3 november" not in page
    assert login(email).get("/teams/support/agents/anna").status_code == 404


def test_another_teams_supervisor_gets_nothing(app, login, history):
    record(login("sara@example.com"), TALK)
    mette = login("mette@example.com")
    assert mette.get("/teams/support/agents/anna").status_code == 404
    assert mette.get("/teams/kundeservice/agents/anna").status_code == 404
    token = csrf_token_in(mette.get("/teams/kundeservice").get_data(as_text=True))
    for path in ("/teams/support/agents/anna/talks", "/teams/kundeservice/agents/anna/talks"):
        assert mette.post(path, data=TALK | {"csrf_token": token}).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CoachingTalk)) == 1


def test_an_agent_cannot_record_a_talk(app, login, history):
    anna = login("anna@example.com")
    token = csrf_token_in(anna.get("/me").get_data(as_text=True))
    reply = anna.post("/teams/support/agents/anna/talks", data=TALK | {"csrf_token": token})
    assert reply.status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CoachingTalk)) == 0


@pytest.mark.parametrize("change", [
    {"held_on": "2026-11-19"},  # tomorrow
    {"held_on": ""},
    {"held_on": "3 november"},
    {"agreed": "   "},
    {"agreed": "x" * 501},
])
def test_a_talk_without_its_day_or_agreement_is_not_saved(app, login, history, change):
    page = text(record(login("sara@example.com"), TALK | change))
    assert "Samtalet sparades inte" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CoachingTalk)) == 0


def test_without_the_forms_token_nothing_is_recorded(app, login, history):
    reply = login("sara@example.com").post("/teams/support/agents/anna/talks", data=TALK)
    assert reply.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CoachingTalk)) == 0
