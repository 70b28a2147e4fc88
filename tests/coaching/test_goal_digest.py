"""The team goal in the weekly digest: real mail through a local SMTP server, in the
supervisors' languages, as text and as HTML, with progress through the week's last day."""

from __future__ import annotations

import html

import pytest

from feedback_service.extensions import db
from feedback_service.staff.directory import find_user, upsert_team
from tests.coaching.goal_history import goal_start, ten_weeks
from tests.conftest import settings
from tests.smtp_sink import html_of, text_of
from tests.web.factories import give_password

# Written for days around Wednesday 18 November 2026 (the goal's and the talks' dates).
pytestmark = pytest.mark.clock("2026-11-18T10:00:00+01:00")

WEEK = "2026-W46"  # Monday 9 to Sunday 15 November 2026: the last complete week


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="sv", MIN_RESPONSES=5)


@pytest.fixture
def goals(app, client, api_headers, organisation):
    """Ten weeks of answers; support's supervisors read Swedish and English, kundeservice's
    Danish; both teams have a goal running in the week."""
    ten_weeks(app, organisation)
    with app.app_context():
        upsert_team("support", "Support Stockholm", ["sara@example.com", "erin@example.com"])
        give_password("erin@example.com")
        for email, language in (("sara@example.com", "sv"), ("erin@example.com", "en"),
                                ("mette@example.com", "da")):
            find_user(email).language = language
        db.session.commit()
    for slug, body in (
        ("support", {"kind": "smiley", "target": 75, "since": goal_start().isoformat(),
                     "until": "2026-12-31"}),
        ("kundeservice", {"kind": "smiley", "target": 50, "since": "2026-11-02",
                          "until": "2026-11-30"}),
    ):
        reply = client.put(f"/api/v1/teams/{slug}/goal", headers=api_headers, json=body)
        assert reply.status_code == 201, reply.get_json()


def send(runner, smtp_server, count):
    result = runner.invoke(args=["digests", "send", "--week", WEEK])
    assert result.exit_code == 0, result.output
    return smtp_server.wait_for(count)


SWEDISH = [
    "Teamets mål: 75\u00a0% nöjda kunder eller fler, 5 okt.–31 dec. 2026",
    # Six weeks, through the digest's Sunday: what the page showed that Sunday.
    "Hittills (5 okt.–15 nov. 2026): 80\u00a0% nöjda (troligen mellan 63\u00a0% och 90\u00a0%), "
    "av 31 svar.",
    "Målet ligger inom det troliga intervallet: för jämnt för att säga än.",
    "Det finns inga mål för en enskild person",
]
ENGLISH = [
    "Team goal: 75% happy callers or more, Oct 5\u2009–\u2009Dec 31, 2026",
    "So far (Oct 5\u2009–\u2009Nov 15, 2026): 80% happy (likely between 63% and 90%), from 31 "
    "answers.",
    "The target lies within the likely range: too close to tell yet.",
]
DANISH = [
    "Teamets mål: 50\u00a0% tilfredse kunder eller flere, 2.–30. nov. 2026",
    "Indtil nu (2.–15. nov. 2026): 0\u00a0% tilfredse (sandsynligvis mellem 0\u00a0% og "
    "43\u00a0%), ud af 5 svar.",
    "Hele det sandsynlige interval ligger under målet.",
    "Der er ingen mål for den enkelte",
]


def test_each_supervisor_reads_the_teams_goal_in_their_language(runner, smtp_server, goals):
    send(runner, smtp_server, 3)
    for email, lines in (("sara@example.com", SWEDISH), ("erin@example.com", ENGLISH),
                         ("mette@example.com", DANISH)):
        [mail] = smtp_server.to(email)
        text, page = text_of(mail), html.unescape(html_of(mail))
        for line in lines:
            assert line in text, (email, line, text)
            # The HTML sets the title in bold: "<strong>Team goal:</strong> 75% happy…".
            assert line.split(": ", 1)[-1] in page, (email, line)


def test_the_goal_comes_before_the_agents_and_only_in_its_teams_section(runner, smtp_server,
                                                                         goals):
    send(runner, smtp_server, 3)
    text = text_of(smtp_server.to("sara@example.com")[0])
    assert text.index("Teamets mål") < text.index("Anna Lind")
    assert "tilfredse" not in text and "50\u00a0%" not in text


def test_goals_outside_the_week_stay_out_of_its_digest(runner, smtp_server, client,
                                                       api_headers, goals):
    # Ended the day before the week began, and begun the day after it ended.
    client.put("/api/v1/teams/support/goal", headers=api_headers, json={
        "kind": "smiley", "target": 75, "since": "2026-10-01", "until": "2026-11-08"})
    client.put("/api/v1/teams/kundeservice/goal", headers=api_headers, json={
        "kind": "smiley", "target": 75, "since": "2026-11-16", "until": "2026-11-30"})
    for message in send(runner, smtp_server, 3):
        assert "mål" not in text_of(message) and "goal" not in text_of(message).lower()


def test_agents_summaries_carry_no_goal(runner, smtp_server, goals):
    messages = send(runner, smtp_server, 3)
    for message in messages:
        if message["To"] in ("anna@example.com", "bjorn@example.com", "freja@example.com"):
            assert "mål" not in text_of(message) and "goal" not in text_of(message).lower()
