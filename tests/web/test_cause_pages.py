"""The reasons page and the improvement action pages: who sees what, the figures, the
comments masked, and an action recorded, measured and marked on the reason's trend."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.directory import ensure_user, find_user
from feedback_service.staff.models import Agent, Role
from tests.causes.history import a_week_of_answers, mondays
from tests.conftest import settings
from tests.web.factories import give_password
from tests.web.login_form import csrf_token_in

# Written for days around Wednesday 18 November 2026 (the history's and the actions' dates).
pytestmark = pytest.mark.clock("2026-11-18T10:00:00+01:00")

# Wednesday 18 November 2026, the tests' usual moment: W47 is under way.
MENU = {"slug": "new-ivr-menu", "title": "New IVR menu", "reason": "wait_time",
        "started_on": "2026-10-05", "team": "support", "owner": "ivy@example.com"}


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm")


@pytest.fixture
def history(app, organisation):
    """Anna (support): ten weeks from 27 July of 10 answers, 4 about the wait; from 5 October
    10 a week, 1 about the wait, the first of each saying a phone number. Freja
    (kundeservice): 6 weeks of 5, 1 about the product. Sara reads English; Root is an admin."""
    with app.app_context():
        config = settings_of(app)
        anna = db.session.get(Agent, organisation.anna)
        freja = db.session.get(Agent, organisation.freja)
        for monday in mondays(date(2026, 7, 27), 10):
            a_week_of_answers(anna, monday, config, answers=10, giving={"wait_time": 4})
        for monday in mondays(date(2026, 10, 5), 7):
            a_week_of_answers(anna, monday, config, answers=10, giving={"wait_time": 1},
                              comment="Queued for ages, ring me on +46 70 123 45 67")
        for monday in mondays(date(2026, 10, 5), 6):
            a_week_of_answers(freja, monday, config, answers=5, giving={"product": 1})
        find_user("sara@example.com").language = "en"
        ensure_user("root@example.com", role=Role.ADMIN, name="Root")
        give_password("root@example.com")
        find_user("root@example.com").language = "en"
        db.session.commit()


def page(client, path):
    reply = client.get(path)
    assert reply.status_code == 200, reply.status_code
    return reply.get_data(as_text=True)


def row(text, code):
    match = re.search(rf'<tr id="reason-row-{code}">(.*?)</tr>', text, re.S)
    assert match, f"no row for {code}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(match.group(1)))).strip()


def test_a_supervisor_sees_their_team_s_reasons_with_owners_shares_and_change(login, history):
    client = login("sara@example.com")
    text = page(client, "/reasons?from=2026-11-09&until=2026-11-15")
    assert "Why callers were unhappy: Support Stockholm" in text
    # The week of 9 November: 1 of 10 about the wait, with its Wilson interval; the last four
    # weeks (1 in 10) against the ten before (4 in 10): given less often.
    assert row(text, "wait_time") == (
        "the waiting time The process workforce@example.com 1 10 10% 2% – 40% given less often")
    assert row(text, "resolution") == (
        "the help you got The agent (coached) – 0 10 0% 0% – 28% as usual")
    assert row(text, "product").startswith("the product or service Outside customer service "
                                           "product@example.com 0 10")


def test_the_trend_by_week_month_and_quarter_and_masked_comments(login, history):
    text = page(login("sara@example.com"), "/reasons?from=2026-10-01&until=2026-11-18")
    section = text[text.index('id="reason-wait_time"'):text.index('id="reason-resolution"')]
    assert 'id="reason-trend-wait_time"' in section
    # The chart is an image that says what it shows, and every week's figures.
    svg = re.search(r"<svg [^>]*>.*?</svg>", section, re.S).group(0)
    assert 'role="img"' in svg and "<script" not in svg
    assert ('<title id="reason-wait_time-chart-title">the waiting time: share of all answers, '
            "week by week</title>") in svg
    description = re.search(r"<desc [^>]*>([^<]*)</desc>", svg).group(1)
    assert "wk 44: 10% (likely 2% to 40%); wk 45: 10% (likely 2% to 40%)" in description
    assert svg.count('class="chart-bar"') == 12  # a bar a week, each with enough answers
    assert 'id="reason-wait_time-month"' in section and 'id="reason-wait_time-quarter"' in section
    assert "Queued for ages, ring me on" in section
    assert "123 45 67" not in text


def test_others_teams_and_the_whole_company_are_not_for_a_supervisor(login, history):
    client = login("sara@example.com")
    assert client.get("/reasons?team=kundeservice").status_code == 404
    # Without a team a supervisor sees their own, never the whole company.
    assert "Support Stockholm" in page(client, "/reasons")
    assert "The whole company</option>" not in page(client, "/reasons")


@pytest.mark.parametrize("path", ["/reasons", "/actions", "/actions/new-ivr-menu"])
def test_an_agent_sees_no_reasons_or_actions_pages(login, history, path):
    assert login("anna@example.com").get(path).status_code == 404


def test_an_admin_sees_the_whole_company(login, history):
    text = page(login("root@example.com"), "/reasons?from=2026-11-09&until=2026-11-15")
    assert "Why callers were unhappy: The whole company" in text
    assert "15 answers in the period." in text
    assert row(text, "product").startswith("the product or service Outside customer service "
                                           "product@example.com 1 15 7%")


def record(client, **changes):
    token = csrf_token_in(page(client, "/actions"))
    return client.post("/actions", data={**MENU, **changes, "csrf_token": token})


def test_an_action_recorded_on_the_page_is_measured_and_marked(login, history):
    client = login("sara@example.com")
    reply = record(client)
    assert reply.status_code == 302
    assert reply.headers["Location"].endswith("/actions/new-ivr-menu")
    text = page(client, "/actions/new-ivr-menu")
    assert "<h1>New IVR menu</h1>" in text
    table = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(
        re.search(r'<table class="before-after".*?</table>', text, re.S).group(0))))
    # 40 % in the eight weeks before 5 October; after it, up to the clock's day, 10 %.
    assert "Before 10 Aug 2026 – 4 Oct 2026 32 80 40% 30% – 51%" in table
    assert "After 5 Oct 2026 – 18 Nov 2026 7 70 10% 5% – 19%" in table
    assert "Lower: callers give the reason less often since the start" in text
    reasons = page(client, "/reasons?from=2026-09-01&until=2026-11-18")
    section = reasons[reasons.index('id="reason-wait_time"'):
                      reasons.index('id="reason-resolution"')]
    # The action a numbered line on the chart, on the day it began; the chart's description
    # says what the number stands for.
    assert section.count('class="chart-action"') == 1
    assert ">1</text>" in section
    assert re.search(r'<desc id="reason-wait_time-chart-desc">[^<]*1: New IVR menu</desc>',
                     section)
    assert "/actions/new-ivr-menu" in section
    assert 'class="chart-action"' not in reasons[reasons.index('id="reason-resolution"'):]
    listing = page(client, "/actions")
    assert "New IVR menu" in listing and "Lower: callers" in listing


def test_only_an_admin_records_and_sees_actions_for_the_whole_company(login, history):
    sara = login("sara@example.com")
    assert record(sara, team="").status_code == 400
    assert record(sara, team="kundeservice").status_code == 400
    root = login("root@example.com")
    assert record(root, team="", slug="lunch-staff").status_code == 302
    assert "The whole company" in page(root, "/actions/lunch-staff")
    sara = login("sara@example.com")
    assert sara.get("/actions/lunch-staff").status_code == 404
    assert "lunch-staff" not in page(sara, "/actions")


def test_a_bad_action_is_refused_with_the_fields_marked(login, history):
    reply = record(login("sara@example.com"), slug="New Menu!", owner="")
    assert reply.status_code == 400
    text = reply.get_data(as_text=True)
    assert 'role="alert"' in text
    assert 'aria-invalid="true"' in text
