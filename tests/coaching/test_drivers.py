"""The driver table: what each reason, praise and topic costs or brings a team's score, and what
callers appreciated in an agent; worked by hand, then read on the pages and through the API."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from feedback_service.coaching.drivers import Driver, drivers
from feedback_service.coaching.weeks import week_of
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from feedback_service.surveys.praise import load_praise
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import Category, SurveyKind
from tests.coaching.builders import answered
from tests.conftest import settings
from tests.web.factories import ZONE, weeks_ago
from tests.web.login_form import log_in

CES = SurveyKind.CES
EASY, NEUTRAL, DIFFICULT = Category.EASY, Category.NEUTRAL, Category.DIFFICULT

# A team's week of Net Easy answers: (category, reason, praise, topic) -> answers.
#   easy, praised as quick, billing      4      difficult, wait_time, billing     2
#   easy, praised as friendly, delivery  2      difficult, resolution, delivery   1
#   easy, no praise, billing             1      difficult, product, billing       1
#   neutral, delivery                    1
# The product answer lies outside customer service: not in the team's score. The score counts
# 11 answers: 7 easy, 1 neutral, 3 difficult, so (7 − 3) / 11 = +36.36.
WEEK = Counter({
    (CES, EASY, None, "quick", "billing"): 4,
    (CES, EASY, None, "friendly", "delivery"): 2,
    (CES, EASY, None, None, "billing"): 1,
    (CES, NEUTRAL, None, None, "delivery"): 1,
    (CES, DIFFICULT, "wait_time", None, "billing"): 2,
    (CES, DIFFICULT, "resolution", None, "delivery"): 1,
    (CES, DIFFICULT, "product", None, "billing"): 1,
})


def test_each_driver_is_the_score_with_and_without_its_answers():
    table = drivers(CES, WEEK, load_catalogue(), load_praise(), min_responses=5)
    assert table.answers == 11
    assert table.score == pytest.approx(36.36, abs=0.01)
    assert table.reasons == [
        # Without the 2 waits: 9 answers, (7 − 1) / 9 = +66.67; 36.36 − 66.67 = −30.30.
        Driver("reason", "wait_time", 2, pytest.approx(-30.30, abs=0.01)),
        # Without the 1 about the help: 10 answers, (7 − 2) / 10 = +50; −13.64.
        Driver("reason", "resolution", 1, pytest.approx(-13.64, abs=0.01)),
        # Outside customer service: shown with its answers, driving nothing.
        Driver("reason", "product", 1, None),
        # Without the 4 quick: 7 answers, (3 − 3) / 7 = 0; +36.36.
        Driver("praise", "quick", 4, pytest.approx(36.36, abs=0.01)),
        # Without the 2 friendly: 9 answers, (5 − 3) / 9 = +22.22; +14.14.
        Driver("praise", "friendly", 2, pytest.approx(14.14, abs=0.01)),
    ]
    assert table.topics == [
        # Billing: 7 answers (5 easy, 2 difficult); without them 4 are left, too few to score.
        Driver("topic", "billing", 7, None),
        # Delivery: 4 answers (2 easy, 1 neutral, 1 difficult); without them 7 answers,
        # (5 − 2) / 7 = +42.86; 36.36 − 42.86 = −6.49.
        Driver("topic", "delivery", 4, pytest.approx(-6.49, abs=0.01)),
    ]


def test_a_smiley_driver_is_in_percentage_points():
    # 8 happy (3 quick), 2 sad about the wait: 80 % happy. Without the waits 100 %: −20.
    # Without the quick ones 5 of 7 happy, 71.43 %: +8.57.
    week = Counter({
        (SurveyKind.SMILEY, Category.HAPPY, None, "quick", None): 3,
        (SurveyKind.SMILEY, Category.HAPPY, None, None, None): 5,
        (SurveyKind.SMILEY, Category.SAD, "wait_time", None, None): 2,
    })
    table = drivers(SurveyKind.SMILEY, week, load_catalogue(), load_praise(), min_responses=5)
    assert table.score == pytest.approx(80.0)
    assert [(r.code, r.points) for r in table.reasons] == [
        ("wait_time", pytest.approx(-20.0)), ("quick", pytest.approx(8.571, abs=0.001))]
    assert table.topics == [Driver("topic", "", 10, None)]  # nothing left without them


# --- Through the service ----------------------------------------------------------------------


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm", ASK_PRAISE=True)


@pytest.fixture
def last_week(app, organisation):
    """The week above, answered to Anna (easy ones) and Björn (the rest), in team support."""
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        bjorn = db.session.get(Agent, organisation.bjorn)
        at = weeks_ago(1)
        given = [
            (anna, 5, None, "quick", "billing", 4), (anna, 4, None, "friendly", "delivery", 2),
            (anna, 4, None, None, "billing", 1), (bjorn, 3, None, None, "delivery", 1),
            (bjorn, 1, "wait_time", None, "billing", 2),
            (bjorn, 2, "resolution", None, "delivery", 1),
            (bjorn, 1, "product", None, "billing", 1),
        ]
        minute = 0
        for agent, score, reason, praise, topic, count in given:
            for _ in range(count):
                minute += 5
                answered(agent, at + timedelta(minutes=minute), settings_of(app), score, kind=CES,
                         reason=reason, praise=praise, topic=topic)
        db.session.commit()
    return str(week_of(at.astimezone(ZONE).date()))


def test_the_summaries_api_adds_praise_and_drivers(client, api_headers, last_week):
    reply = client.get("/api/v1/summaries", query_string={"week": last_week, "team": "support"},
                       headers=api_headers)
    assert reply.status_code == 200
    team, anna, bjorn = reply.json["summaries"]
    assert (team["scope"], team["kind"], team["answers"]) == ("team", "ces", 12)
    assert team["score"] == pytest.approx(36.36, abs=0.01)
    assert team["praise"] == [{"code": "quick", "answers": 4}, {"code": "friendly", "answers": 2}]
    assert team["drivers"] == {
        "reasons": [{"code": "wait_time", "answers": 2, "points": -30.3},
                    {"code": "resolution", "answers": 1, "points": -13.6},
                    {"code": "product", "answers": 1, "points": None}],
        "praise": [{"code": "quick", "answers": 4, "points": 36.4},
                   {"code": "friendly", "answers": 2, "points": 14.1}],
        "topics": [{"code": "billing", "answers": 7, "points": None},
                   {"code": "delivery", "answers": 4, "points": -6.5}],
    }
    assert (anna["agent"], anna["praise"], anna["drivers"]) == (
        "anna", [{"code": "quick", "answers": 4}, {"code": "friendly", "answers": 2}], None)
    assert (bjorn["agent"], bjorn["praise"]) == ("bjorn", [])


def test_the_responses_csv_carries_the_kind_category_and_praise(client, api_headers, last_week):
    reply = client.get("/api/v1/responses.csv", query_string={"agent": "anna"},
                       headers=api_headers)
    rows = reply.get_data(as_text=True).splitlines()
    assert len(rows) == 1 + 7
    assert rows[1].split(",")[6:11] == ["ces", "5", "easy", "", "quick"]


def page_for(client, email: str, path: str) -> str:
    assert log_in(client, email).status_code == 302
    return client.get(path).get_data(as_text=True)


def test_the_agent_sees_what_callers_appreciated(client, last_week):
    page = page_for(client, "anna@example.com", "/me")
    assert "Net Easy (hur lätt det var)" in page
    assert "Vad kunderna uppskattade" in page
    assert "<li>det gick snabbt: <strong>4</strong></li>" in page
    assert "<li>ett vänligt bemötande: <strong>2</strong></li>" in page


def test_the_team_page_has_the_driver_table(client, last_week):
    page = page_for(client, "sara@example.com", "/teams/support")
    assert "Vad som driver teamets resultat" in page
    assert "<h3>Net Easy (hur lätt det var): +36</h3>" in page
    rows = [
        ("väntetiden (missnöje)", "2", "−30"), ("hjälpen du fick (missnöje)", "1", "−14"),
        ("produkten eller tjänsten (missnöje)", "1", "för få svar"),
        ("det gick snabbt (beröm)", "4", "+36"), ("ett vänligt bemötande (beröm)", "2", "+14"),
        ("Fakturor", "7", "för få svar"), ("Leveranser", "4", "−6"),
    ]
    for label, answers, points in rows:
        assert (f'<tr><th scope="row">{label}</th><td>{answers}</td><td>{points}</td></tr>'
                in page), label
