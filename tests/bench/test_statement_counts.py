"""How many SQL statements a webhook or a page runs, pinned so N+1 queries cannot creep back.

A count that goes down is good news: lower the pinned number with the change that earned it.
"""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest
import sqlalchemy as sa

from bench.data import Organisation, agent_handle
from bench.environment import PBX_WEBHOOK_SECRET
from bench.reads import log_in, page_statements
from bench.statements import counting_statements, grouped
from bench.webhooks import count_webhook_statements
from feedback_service.coaching.digests import queue_weekly_digests
from feedback_service.coaching.weeks import last_complete_week
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.privacy.commands import run_retention
from feedback_service.settings import settings_of
from feedback_service.surveys.models import Response
from tests.conftest import on_postgres
from tests.telephony.sms_fixtures import pbx_headers

# A repeated webhook is found by its key's unique index when its event is kept, not looked up
# first; what the webhook reads next comes with the call or the survey, in one statement. A
# voice webhook's event is kept with the numbers in its payload (one INSERT more on SQLite; on
# PostgreSQL one statement, see WITH_ITS_NUMBERS), so that erasure finds them by an index.
WEBHOOK_STATEMENTS = {
    # the call with the agent and addresses; the call, the event, its numbers
    "/twilio/voice/connect": 4,
    # (A call first heard of here:) the call, the agent and the caller's history; the call,
    # the survey, the event, its numbers.
    "/twilio/voice/after-call": 5,
    # the survey with its call and answer, and whether anyone subscribes to webhooks (their
    # events go in the answer's transaction); the survey, the answer, the event, its numbers
    "keypad step": 5,
    # The survey with its call and answer; the text with its outcome (its MessageSid's unique
    # index the claim; whether anyone subscribes, returned with it), the reply, the survey,
    # the answer: one transaction.
    "/twilio/sms/inbound": 5,
    # (A call first heard of here:) the call with its agent and the caller's history; the
    # call, the survey (written once, with its question queued), the question, the event, its
    # numbers.
    "/hooks/call-ended": 6,
}
# On PostgreSQL an event and its numbers are one INSERT (the event in a CTE).
WITH_ITS_NUMBERS = ("/twilio/voice/connect", "/twilio/voice/after-call", "keypad step",
                    "/hooks/call-ended")
SUMMARIES_STATEMENTS = 8
DIGEST_STATEMENTS = 20  # one of them: the teams' goals (one GROUP BY more per goal running)
RETENTION_STATEMENTS = 19  # four of them: password links, requests, quarantine windows and
# coaching talks past their time
# The run's units of work here: the reads, the answers (one batch), the rest. Twilio is asked
# between the first two, with no transaction open.
RETENTION_UNITS = 3


def test_each_webhook_runs_its_pinned_number_of_statements(app, generated: Organisation):
    expected = {name: count - (on_postgres() and name in WITH_ITS_NUMBERS)
                for name, count in WEBHOOK_STATEMENTS.items()}
    assert count_webhook_statements(app) == expected


def test_the_call_ended_hook_runs_its_pinned_number_of_statements(
        app, generated: Organisation):
    client = app.test_client()

    def report(call_id: str, caller: str) -> dict[str, object]:
        ended = utcnow().replace(tzinfo=UTC).isoformat()
        raw = json.dumps({"call_id": call_id, "caller": caller, "agent": agent_handle(1),
                          "answered": True, "duration_seconds": 95, "ended_at": ended}).encode()
        answer = client.post("/hooks/call-ended", data=raw,
                             headers=pbx_headers(raw, PBX_WEBHOOK_SECRET))
        assert answer.status_code == 202, answer.get_data()
        return answer.get_json()

    report("pbx-warm-up", "+46731000001")
    with app.app_context(), counting_statements() as statements:
        assert report("pbx-counted", "+46731000002")["survey"] == "scheduled"
    assert len(statements) == WEBHOOK_STATEMENTS["/hooks/call-ended"] - on_postgres()
    # A retry: the call read, its question found queued, the event refused by its key, the
    # answer kept the first time; nothing written twice.
    with app.app_context(), counting_statements() as statements:
        assert report("pbx-counted", "+46731000002")["survey"] == "scheduled"
    assert len(statements) == 4


def test_the_agent_page_and_the_team_page_aggregate_in_a_pinned_number_of_statements(
        app, generated: Organisation):
    # One GROUP BY each for what callers appreciated (/me) and the driver table (team); the
    # agent's coaching talks (/me; one GROUP BY more for what followed them, when there are
    # any) and the team's goal (team; its progress one GROUP BY more, when there is one).
    # The page's trend (to today), its first screen's (to the last complete week) and the
    # month-by-month and quarter-by-quarter views are one GROUP BY of answers between all
    # their edges; the first screen adds what callers praised in its week.
    pages = [("/me", generated.agent_email, 12),
             (f"/teams/{generated.team_slug}", generated.supervisor_email, 17)]
    for path, email, expected in pages:
        statements = page_statements(app, log_in(app.test_client(), email), path)
        assert len(statements) == expected, path
        # The weekly figures are counted by the database, not by loading every answer.
        assert len(grouped(statements)) >= 2, path


def test_the_summaries_of_every_agent_take_a_few_aggregate_statements(
        app, client, api_headers, generated: Organisation):
    week = last_complete_week(utcnow(), settings_of(app).zone)
    with app.app_context(), counting_statements() as statements:
        answer = client.get(f"/api/v1/summaries?week={week}", headers=api_headers)
    assert answer.status_code == 200
    assert len(answer.get_json()["summaries"]) > len(generated.agents)
    # The teams with their agents, the agents, the week's counts, the praise and the drivers:
    # however many teams.
    assert len(statements) == SUMMARIES_STATEMENTS
    assert len(grouped(statements)) >= 2


# The digests' moment: the weeks of the generated history around it decide which statements run.
@pytest.mark.clock("2026-11-23T07:00:00+01:00")
def test_every_digest_of_a_week_is_compiled_and_queued_in_a_pinned_number_of_statements(
        app, generated: Organisation):
    week = last_complete_week(utcnow(), settings_of(app).zone)
    with app.app_context(), counting_statements() as statements:
        report = queue_weekly_digests(week, settings_of(app))
    # Every supervisor's digest, and a summary for each agent surveyed that week.
    assert len(report.queued) > generated.teams
    # The week is read once for both audiences and the mails inserted in bulk: the count does
    # not grow with the number of teams, agents or mails.
    assert len(statements) == DIGEST_STATEMENTS


def test_the_retention_run_erases_in_a_pinned_number_of_statements(app, generated: Organisation):
    with app.app_context():
        cutoff = utcnow() - timedelta(days=settings_of(app).retention_days)
        # The generated history is erased past retention already: put comments back on the
        # answers of the few days before the cutoff, as if the nightly run had not run then.
        db.session.execute(sa.update(Response).where(
            Response.received_at < cutoff, Response.received_at >= cutoff - timedelta(days=60))
            .values(comment="Ring mig på 070-123 45 67", anonymised_at=None))
        db.session.commit()
        with counting_statements() as statements:
            erased = run_retention()
        assert erased["responses"] > 10
        # Not one statement per answer or per follow-up: a few per ERASED_AT_ONCE answers.
        # On PostgreSQL one more per unit: each lifts the statement timeout for its transaction.
        assert len(statements) == RETENTION_STATEMENTS + RETENTION_UNITS * on_postgres()
        left = db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
            Response.received_at < cutoff, Response.comment.is_not(None)))
        assert left == 0
