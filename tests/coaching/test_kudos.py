"""Kudos for positive comments and alerts about unhappy ones, mailed through the outbox."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from feedback_service.coaching.kudos import queue_kudos_and_alerts
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.commands import flush_with_configured_senders
from feedback_service.outbox.models import OutboxMessage
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from feedback_service.surveys import answers
from feedback_service.surveys.models import FollowUpStatus
from feedback_service.surveys.scoring import SurveyKind
from tests.coaching.builders import a_survey, a_team, an_agent, answered
from tests.conftest import settings
from tests.smtp_sink import html_of, text_of

CALLER = "+46701234567"


@pytest.fixture
def app_settings(database_url, smtp_server):
    return settings(database_url, SMTP_URL=smtp_server.url, MAIL_FROM="feedback@acme.example",
                    DEFAULT_LANGUAGE="sv")


@pytest.fixture
def team(app):
    with app.app_context():
        a_team("support", "Support", {"sara@acme.example": None, "erin@acme.example": "en"})
        an_agent("anna", "Anna Lind", "support", language="da")
        an_agent("bo", "Bo Ek", "support", email=False)
        db.session.commit()


def agent(handle):
    return db.session.scalar(sa.select(Agent).where(Agent.handle == handle))


def run_job(app):
    with app.app_context():
        summary = queue_kudos_and_alerts(settings_of(app))
        flush_with_configured_senders()
        return summary


def test_a_happy_comment_reaches_its_agent_as_kudos(app, team, smtp_server):
    with app.app_context():
        answered(agent("anna"), utcnow() - timedelta(minutes=2), settings_of(app), 10,
                 kind=SurveyKind.NPS,
                 comment=("Anna var fantastisk, ring 0701234567 igen, kunde@firma.dk, "
                          "cpr 1203811234"),
                 caller=CALLER)
        db.session.commit()
    assert run_job(app) == {"kudos": 1}
    [mail] = smtp_server.wait_for(1)
    assert (mail["To"], mail["Subject"]) == ("anna@acme.example", "Ros fra en kunde")
    text = text_of(mail)
    assert text.startswith("Hej Anna! En kunde skrev denne kommentar efter en samtale med dig:")
    assert '"Anna var fantastisk, ring […] igen, […], cpr […]"' in text
    # The comment, and no number: neither the caller's nor the score. In the HTML, what the
    # reader sees: the tags' own widths and colours are no numbers of the call.
    for body in (text, re.sub(r"<[^>]+>", " ", html_of(mail))):
        assert "0701234567" not in body and "+46" not in body and "10" not in body
        assert "kunde@firma.dk" not in body and "1203811234" not in body
    assert run_job(app) == {}
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1


def test_an_unhappy_comment_alerts_each_supervisor_once(app, team, smtp_server):
    with app.app_context():
        response = answered(agent("anna"), utcnow() - timedelta(minutes=2), settings_of(app), 2,
                            reason="wait_time", comment="Fyrtio minuter i kö!", caller=CALLER)
        db.session.commit()
        assert response.follow_up.status == FollowUpStatus.OPEN
        response_id = response.id
    assert run_job(app) == {"alerts": 2}
    mails = {m["To"]: m for m in smtp_server.wait_for(2)}
    assert mails["sara@acme.example"]["Subject"] == "Missnöjd kund att ringa upp (Anna Lind)"
    assert mails["erin@acme.example"]["Subject"] == "Unhappy caller to call back (Anna Lind)"
    english = text_of(mails["erin@acme.example"])
    assert "Reason: the waiting time" in english
    assert "https://feedback.example.com/follow-ups" in english
    assert CALLER[3:] not in english
    with app.app_context():
        keys = set(db.session.scalars(sa.select(OutboxMessage.idempotency_key)))
    assert keys == {f"follow-up-alert:{response_id}:sara@acme.example",
                    f"follow-up-alert:{response_id}:erin@acme.example"}
    assert run_job(app) == {}


def test_nothing_for_handled_follow_ups_agents_without_email_or_plain_answers(app, team,
                                                                               smtp_server):
    with app.app_context():
        handled = answered(agent("anna"), utcnow(), settings_of(app), 2, comment="Dåligt")
        handled.follow_up.status = FollowUpStatus.RESOLVED
        answered(agent("bo"), utcnow(), settings_of(app), 1, comment="Tack Bo!")
        answered(agent("anna"), utcnow(), settings_of(app), 1)
        answered(agent("anna"), utcnow() - timedelta(days=3), settings_of(app), 1,
                 comment="Gammalt")
        db.session.commit()
    assert run_job(app) == {}
    assert smtp_server.messages == []


def test_kudos_waits_while_the_caller_may_still_be_writing(app, team, smtp_server):
    with app.app_context():
        survey = a_survey(agent("anna"), utcnow(), settings_of(app))
        answers.record_score(survey, 1, {"digits": "1"})
        answers.record_comment(survey, {"text": "Tack"}, text="Tack")
        db.session.commit()
        assert queue_kudos_and_alerts(settings_of(app)) == {}
        # Once the survey is over, or quiet for a while, the comment is whole.
        later = utcnow() + timedelta(minutes=6)
        assert queue_kudos_and_alerts(settings_of(app), now=later) == {"kudos": 1}
