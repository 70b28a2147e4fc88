"""Recording calls, survey decisions and answers step by step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.directory import AgentChanges, upsert_agent, upsert_team
from feedback_service.surveys import answers, calls, decision, expiry, opt_outs
from feedback_service.surveys.eligibility import SkipReason
from feedback_service.surveys.models import Channel, FollowUpStatus, Survey, SurveyState
from feedback_service.surveys.scoring import SurveyKind

CALLER = "+46701234567"


@pytest.fixture
def agent(app):
    with app.app_context():
        upsert_team("support", "Support", [])
        agent, _ = upsert_agent("anna", AgentChanges(name="Anna", team="support"))
        db.session.commit()
        return agent.id


def a_call(agent_id, call_id="CA1", caller=CALLER, duration=120):
    return calls.find_or_create_call("twilio", call_id, caller=caller, agent_id=agent_id,
                                       answered=True, duration_seconds=duration, topic="billing")


def test_a_sad_answer_asks_the_reason_and_opens_a_follow_up(app, agent):
    with app.app_context():
        survey = decision.open_survey(a_call(agent), channel=Channel.IVR, kind=SurveyKind.SMILEY,
                                     language="sv", settings=settings_of(app))
        response = answers.record_score(survey, 2, {"digits": "2"})
        assert (survey.step, response.category) == ("reason", "sad")
        assert answers.record_reason(survey, 9, {"digits": "9"}) is None
        assert survey.step == "reason"
        assert answers.record_reason(survey, 1, {"digits": "1"}) == "wait_time"
        answers.record_comment(survey, {"text": "slow"}, text="Too slow")
        answers.record_comment(survey, {"text": "again"}, text="and again")
        answers.complete(survey)
        db.session.commit()

        assert response.team.slug == "support"
        assert response.comment == "Too slow\nand again"
        assert response.follow_up.status == FollowUpStatus.OPEN
        assert [raw["step"] for raw in response.raw_inputs] == [
            "score", "reason", "comment", "comment"]
        assert survey.state == SurveyState.COMPLETED


def test_a_happy_answer_goes_straight_to_the_comment(app, agent):
    with app.app_context():
        survey = decision.open_survey(a_call(agent), channel=Channel.IVR, kind=SurveyKind.NPS,
                                     language="sv", settings=settings_of(app))
        response = answers.record_score(survey, 10, {"digits": "10"})
        assert (survey.step, response.category, response.follow_up) == ("comment", "promoter",
                                                                        None)


def test_each_call_gets_one_decision(app, agent):
    with app.app_context():
        call = a_call(agent)
        first = decision.open_survey(call, channel=Channel.IVR, kind=SurveyKind.SMILEY,
                                    language="sv", settings=settings_of(app))
        again = decision.open_survey(call, channel=Channel.SMS, kind=SurveyKind.SMILEY,
                                    language="sv", settings=settings_of(app))
        assert first is again


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("short", SkipReason.TOO_SHORT),
        ("opted_out", SkipReason.OPTED_OUT),
        ("recent", SkipReason.QUARANTINE),
        ("landline", SkipReason.NOT_A_MOBILE),
    ],
)
def test_skipped_calls_keep_their_reason(app, agent, setup, expected):
    with app.app_context():
        if setup == "opted_out":
            opt_outs.opt_out(CALLER, keyword="STOP", source="sms")
        if setup == "recent":
            earlier = decision.open_survey(a_call(agent, "CA0"), channel=Channel.SMS,
                                          kind=SurveyKind.SMILEY, language="sv",
                                          settings=settings_of(app),
                                          now=utcnow() - timedelta(days=6))
            assert earlier.state == SurveyState.SCHEDULED
        call = a_call(agent, duration=5 if setup == "short" else 120,
                      caller="+4687654321" if setup == "landline" else CALLER)
        survey = decision.open_survey(call, channel=Channel.SMS, kind=SurveyKind.SMILEY,
                                     language="sv", settings=settings_of(app))
        db.session.commit()
        assert (survey.state, survey.skip_reason) == (SurveyState.SKIPPED, expected)


def test_a_survey_past_its_expiry_takes_no_answers_and_the_expiry_job_closes_it(app, agent):
    with app.app_context():
        survey = decision.open_survey(a_call(agent), channel=Channel.IVR, kind=SurveyKind.SMILEY,
                                     language="sv", settings=settings_of(app))
        db.session.commit()
        later = utcnow() + timedelta(hours=25)
        assert expiry.accepts_answers(survey, utcnow())
        assert not expiry.accepts_answers(survey, later)
        assert survey.state == SurveyState.ACTIVE  # asking changes nothing

        assert expiry.expire_surveys(utcnow()) == 0
        assert expiry.expire_surveys(later) == 1
        db.session.commit()
        assert db.session.get(Survey, survey.id).state == SurveyState.EXPIRED


def test_opt_out_stops_open_surveys_and_opt_in_lifts_it(app, agent):
    with app.app_context():
        survey = decision.open_survey(a_call(agent), channel=Channel.IVR, kind=SurveyKind.SMILEY,
                                     language="sv", settings=settings_of(app))
        db.session.flush()
        opt_outs.opt_out(CALLER, keyword="STOPP", source="sms")
        assert survey.state == SurveyState.ABANDONED
        assert opt_outs.is_opted_out(CALLER)
        assert opt_outs.opt_in(CALLER)
        assert not opt_outs.is_opted_out(CALLER)
