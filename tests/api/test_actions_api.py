"""`PUT/GET /api/v1/actions[/SLUG]`: an improvement action, its before and after, its effect."""

from __future__ import annotations

import threading
from datetime import date

import pytest
import sqlalchemy as sa

from feedback_service.causes.models import ImprovementAction
from feedback_service.extensions import db
from tests.causes.history import Stretch, support_and_sales
from tests.coaching.builders import a_team
from tests.conftest import settings

# Monday 30 November: the eight weeks after 5 October (to 29 November) have all passed.
pytestmark = pytest.mark.clock("2026-11-30T10:00:00+01:00")

NEW_MENU = {"title": "New IVR menu", "reason": "wait_time", "started_on": "2026-10-05",
            "team": "support", "owner": "Ivy@Example.com"}


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm")


@pytest.fixture
def history(app):
    """Support: ten weeks from 27 July of 10 answers, 4 about the wait; from 5 October eight
    weeks of 10, one about the wait. Sales: the same 18 weeks, 2 in 10 about the wait."""
    support_and_sales(app, Stretch("zoe", date(2026, 7, 27), 10, 10, {"wait_time": 4}),
                      Stretch("zoe", date(2026, 10, 5), 8, 10, {"wait_time": 1}),
                      Stretch("bo", date(2026, 7, 27), 18, 5, {"wait_time": 1}))


def put(client, headers, slug, body):
    return client.put(f"/api/v1/actions/{slug}", json=body, headers=headers)


def test_an_action_shows_eight_weeks_each_side_and_a_lower_effect(client, api_headers, history):
    reply = put(client, api_headers, "new-ivr-menu", NEW_MENU)
    assert reply.status_code == 201
    assert reply.json == {
        "slug": "new-ivr-menu", "title": "New IVR menu", "reason": "wait_time",
        "started_on": "2026-10-05", "team": "support", "owner": "ivy@example.com",
        # Dates inclusive: 56 days on each side of the start.
        "before": {"since": "2026-08-10", "until": "2026-10-04", "answers": 80,
                   "with_reason": 32, "share": 0.4,
                   "interval": [pytest.approx(0.2996, abs=1e-4),
                                pytest.approx(0.5095, abs=1e-4)]},
        "after": {"since": "2026-10-05", "until": "2026-11-29", "answers": 80,
                  "with_reason": 8, "share": 0.1,
                  "interval": [pytest.approx(0.0515, abs=1e-4),
                               pytest.approx(0.1851, abs=1e-4)]},
        "effect": "lower",
    }
    assert client.get("/api/v1/actions/new-ivr-menu", headers=api_headers).json == reply.json
    assert client.get("/api/v1/actions", headers=api_headers).json == {"actions": [reply.json]}


def test_the_whole_company_and_a_before_span_as_far_as_there_is_data(client, api_headers,
                                                                    history):
    body = {**NEW_MENU, "team": None, "started_on": "2026-08-17", "title": "Lunch staffing"}
    reply = put(client, api_headers, "lunch-staffing", body)
    assert reply.status_code == 201
    found = reply.json
    assert found["team"] is None
    # The first answers came on 28 July: the before span starts there, not 8 weeks back.
    assert found["before"]["since"] == "2026-07-28"
    assert found["before"]["until"] == "2026-08-16"
    assert (found["before"]["answers"], found["before"]["with_reason"]) == (45, 15)
    assert (found["after"]["since"], found["after"]["until"]) == ("2026-08-17", "2026-10-11")
    assert (found["after"]["answers"], found["after"]["with_reason"]) == (120, 37)
    # 31 % against 33 %: no change beyond chance, and the eight weeks are over.
    assert found["effect"] == "steady"


@pytest.mark.clock("2026-10-20T10:00:00+02:00")
def test_while_too_little_is_known_the_effect_is_null(client, api_headers, history):
    reply = put(client, api_headers, "new-ivr-menu", NEW_MENU)
    after = reply.json["after"]
    # Up to the clock's day, included: three Tuesdays of answers so far.
    assert (after["since"], after["until"]) == ("2026-10-05", "2026-10-20")
    assert (after["answers"], after["with_reason"]) == (30, 3)
    assert reply.json["effect"] == "lower"


@pytest.mark.clock("2026-10-13T10:00:00+02:00")
def test_a_drop_too_short_to_judge_leaves_the_effect_null(client, api_headers, history):
    after = put(client, api_headers, "new-ivr-menu", NEW_MENU).json["after"]
    assert (after["answers"], after["with_reason"]) == (20, 2)
    # 40 % before, 10 % in the first two weeks: not beyond what eight weekly looks allow yet,
    # and "steady" waits for the eight weeks to pass.
    assert put(client, api_headers, "new-ivr-menu", NEW_MENU).json["effect"] is None


def test_an_action_yet_to_start_has_nothing_after_it(client, api_headers, history):
    reply = put(client, api_headers, "later", {**NEW_MENU, "started_on": "2027-01-11"})
    assert reply.json["after"] == {"since": "2027-01-11", "until": "2027-01-11", "answers": 0,
                                   "with_reason": 0, "share": None,
                                   "interval": [None, None]}
    assert reply.json["effect"] is None


def test_a_second_put_changes_the_action(client, api_headers, history):
    put(client, api_headers, "new-ivr-menu", NEW_MENU)
    reply = put(client, api_headers, "new-ivr-menu", {**NEW_MENU, "title": "Shorter IVR menu"})
    assert reply.status_code == 200
    assert reply.json["title"] == "Shorter IVR menu"
    assert len(client.get("/api/v1/actions", headers=api_headers).json["actions"]) == 1


@pytest.mark.parametrize(("slug", "body", "message"), [
    ("Bad Slug", NEW_MENU, "an action slug is lower-case letters, digits, '.', '_' or '-'"),
    ("menu", {**NEW_MENU, "reason": "weather"},
     "reason: no reason 'weather' (one of wait_time, resolution, manner, effort, product)"),
    ("menu", {**NEW_MENU, "team": "nobody"}, "team: no team 'nobody'"),
    ("menu", {**NEW_MENU, "owner": "not-an-address"}, "owner: value is not a valid email address"),
    ("menu", {**NEW_MENU, "started_on": "5 October"}, "started_on: "),
    ("menu", {**NEW_MENU, "goal": 3}, "goal: "),
])
def test_bad_actions_are_refused(app, client, api_headers, slug, body, message):
    with app.app_context():
        a_team("support", "Support", {})
        db.session.commit()
    reply = put(client, api_headers, slug, body)
    assert reply.status_code == 400
    assert reply.json["error"].startswith(message)


def test_an_unknown_action_is_404(client, api_headers):
    reply = client.get("/api/v1/actions/nothing", headers=api_headers)
    assert reply.status_code == 404


@pytest.mark.postgres_only
def test_the_same_new_action_sent_at_the_same_moment_is_one_action(app, api_headers):
    with app.app_context():
        a_team("support", "Support", {})
        db.session.commit()
    clients = [app.test_client() for _ in range(4)]
    all_ready = threading.Barrier(len(clients))
    statuses: list[int] = []

    def send(client, title):
        all_ready.wait()
        statuses.append(put(client, api_headers, "new-ivr-menu",
                            {**NEW_MENU, "title": title}).status_code)

    threads = [threading.Thread(target=send, args=(client, f"Menu {n}"))
               for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # One created it; the others changed it; none failed on the unique slug.
    assert sorted(statuses) == [200, 200, 200, 201]
    with app.app_context():
        actions = db.session.scalars(sa.select(ImprovementAction)).all()
        assert [a.slug for a in actions] == ["new-ivr-menu"]
        db.session.remove()
