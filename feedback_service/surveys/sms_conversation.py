"""The SMS survey as a conversation: the first question, then each reply applied step by step.

It decides what to answer a text with (`Say`); `telephony.sms_replies` puts that in words.
Nothing here commits: the view, job or command that calls it commits at its edge, and the
outbox sends what was queued only after that commit.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outbox.queue import enqueue_sms
from feedback_service.settings import Settings
from feedback_service.staff.models import Agent
from feedback_service.surveys import answers, opt_outs, sms_texts
from feedback_service.surveys.eligibility import next_sending_time
from feedback_service.surveys.expiry import accepts_answers
from feedback_service.surveys.flow import Step, survey_language
from feedback_service.surveys.models import Channel, Response, Survey, SurveyState
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.surveys.sms_parsing import (
    ParsedReply,
    ReplyIntent,
    match_keyword,
    parse_sms_reply,
)

# Keywords Twilio answers itself on long codes and toll-free numbers (Advanced Opt-Out off):
# the opt-out or opt-in is still recorded here, but a confirmation of our own would be a second.
TWILIO_ANSWERS_ITSELF = frozenset({
    "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "START", "UNSTOP", "HELP", "INFO",
})


# An automatic reply (an away message, another service's bot) must not start an endless
# exchange: clarifications stop after a few, and a number without an open survey is told so
# once a day at most.
MAX_CLARIFICATIONS = 2
NOT_OPEN_REPLY = "not_open_reply"
NOT_OPEN_REPLY_INTERVAL = timedelta(days=1)


def first_question_key(survey: Survey) -> str:
    return f"survey:{survey.id}:score"


def agent_first_name(survey: Survey) -> str | None:
    agent = db.session.get(Agent, survey.agent_id) if survey.agent_id else None
    return sms_texts.first_name(agent.name) if agent else None


def start_sms_survey(survey: Survey, settings: Settings,
                     now: datetime | None = None) -> OutboxMessage | None:
    """Queue the first question of a scheduled SMS survey and open it for answers.

    Inside `SMS_QUIET_HOURS` (in `TIMEZONE`) the message waits in the outbox until the quiet
    hours end; the survey's expiry counts from then, and moves with the send if it comes later.
    Answers are taken only once the question has been sent (`question_sent_at`). A survey
    that was skipped, or is not an SMS survey, gets nothing (None); one already started returns
    its queued question again.
    """
    if survey.channel != Channel.SMS or not survey.caller:
        return None
    if survey.state == SurveyState.ACTIVE:
        return db.session.scalar(
            sa.select(OutboxMessage).where(
                OutboxMessage.idempotency_key == first_question_key(survey)))
    if survey.state != SurveyState.SCHEDULED:
        return None
    now = now or utcnow()
    send_at = next_sending_time(now, settings.zone, settings.quiet_hours)
    expires_at = send_at + timedelta(hours=settings.survey_expiry_hours)
    # Set before the flush that gives the survey its id (which names the message): the survey
    # is written once, not inserted and then updated.
    survey.state = SurveyState.ACTIVE
    survey.asked_at = send_at
    survey.expires_at = expires_at
    db.session.flush()
    return enqueue_sms(
        first_question_key(survey),
        to=survey.caller,
        body=sms_texts.score_question(
            SurveyKind(survey.kind), survey.language,
            agent=agent_first_name(survey), company=settings.company),
        purpose="survey_question",
        survey_id=survey.id,
        not_before=send_at,
        expires_at=expires_at,
        new_key=True,  # only a scheduled survey gets here, and none has had its question yet
    )


class ReplyOutcome(enum.StrEnum):
    """What became of an inbound SMS; kept on the message as received."""

    ANSWERED = "answered"
    COMPLETED = "completed"
    LATE_COMMENT = "late_comment"
    UNCLEAR = "unclear"
    EMPTY = "empty"
    OPTED_OUT = "opted_out"
    OPTED_IN = "opted_in"
    HELP = "help"
    SURVEY_CLOSED = "survey_closed"
    NOT_YET_ASKED = "not_yet_asked"  # the first question still waits in the outbox
    NO_SURVEY = "no_survey"


class Say(enum.StrEnum):
    """What to answer a text with; `telephony.sms_replies` puts it in words."""

    REASON_QUESTION = "reason_question"
    PRAISE_QUESTION = "praise_question"
    COMMENT_INVITATION = "comment_invitation"
    THANKS = "thanks"
    CLARIFICATION = "clarification"  # the question at `step` again, with how to answer it
    LATE_COMMENT_THANKS = "late_comment_thanks"
    SURVEY_CLOSED = "survey_closed"
    NO_OPEN_SURVEY = "no_open_survey"
    OPTED_OUT = "opted_out"
    OPTED_IN = "opted_in"
    HELP = "help"


@dataclass(frozen=True)
class ConversationTurn:
    """The outcome of one inbound SMS and what to answer it with (None: say nothing)."""

    outcome: ReplyOutcome
    say: Say | None
    language: str
    purpose: str = "survey_reply"
    survey: Survey | None = None
    step: str | None = None  # the question a clarification asks again
    kind: str | None = None


# The number's latest SMS survey, locked, so its texts are applied one at a time: texts from
# one number that arrive at once (a caller typing fast, an automatic reply) each see the step
# and the count of clarifications the one before left. With its answer and call, which saving
# an answer reads next: one statement, built once.
_LATEST_SMS_SURVEY = (
    sa.select(Survey)
    .where(Survey.caller == sa.bindparam("phone"), Survey.channel == Channel.SMS,
           Survey.state.not_in([SurveyState.SKIPPED, SurveyState.SCHEDULED]))
    .order_by(Survey.created_at.desc(), Survey.id.desc())
    .limit(1)
    .options(joinedload(Survey.response), joinedload(Survey.call, innerjoin=True))
    .with_for_update(of=Survey)
    .execution_options(populate_existing=True)
)


def _latest_sms_survey(phone: str) -> Survey | None:
    return db.session.scalar(_LATEST_SMS_SURVEY, {"phone": phone})


def _keyword_turn(intent: ReplyIntent, keyword: str | None, phone: str, language: str,
                  settings: Settings) -> ConversationTurn:
    say: Say | None  # None: no reply, Twilio has answered the keyword itself
    if intent is ReplyIntent.OPT_OUT:
        opt_outs.opt_out(phone, keyword=keyword, source="sms")
        say, outcome, purpose = Say.OPTED_OUT, ReplyOutcome.OPTED_OUT, "opt_out_reply"
    elif intent is ReplyIntent.OPT_IN:
        opt_outs.opt_in(phone)
        say, outcome, purpose = Say.OPTED_IN, ReplyOutcome.OPTED_IN, "opt_in_reply"
    else:
        say, outcome, purpose = Say.HELP, ReplyOutcome.HELP, "help_reply"
    if settings.sms_backend == "twilio" and keyword in TWILIO_ANSWERS_ITSELF:
        say = None  # Twilio has already confirmed it; a second confirmation would confuse
    return ConversationTurn(outcome, say, language, purpose)


def _next_question(survey: Survey, response: Response) -> ConversationTurn:
    """After a saved answer: the reason, an invitation to comment, or thanks at the end."""
    if survey.step == Step.REASON:
        return _turn(survey, ReplyOutcome.ANSWERED, Say.REASON_QUESTION)
    if survey.step == Step.PRAISE:
        return _turn(survey, ReplyOutcome.ANSWERED, Say.PRAISE_QUESTION)
    if survey.step == Step.COMMENT and not response.comment:
        return _turn(survey, ReplyOutcome.ANSWERED, Say.COMMENT_INVITATION)
    answers.complete(survey)
    return _turn(survey, ReplyOutcome.COMPLETED, Say.THANKS)


def _turn(survey: Survey, outcome: ReplyOutcome, say: Say | None) -> ConversationTurn:
    return ConversationTurn(outcome, say, survey.language, survey=survey)


def _unclear(survey: Survey, parsed: ParsedReply) -> ConversationTurn:
    survey.attempts += 1
    outcome = ReplyOutcome.EMPTY if parsed.intent is ReplyIntent.EMPTY else ReplyOutcome.UNCLEAR
    if survey.attempts > MAX_CLARIFICATIONS:
        return _turn(survey, outcome, None)  # kept, but no more asking
    return ConversationTurn(outcome, Say.CLARIFICATION, survey.language, survey=survey,
                            step=survey.step, kind=survey.kind)


def _answer_turn(survey: Survey, text: str, raw: Mapping[str, Any],
                 settings: Settings) -> ConversationTurn:
    """Apply a reply to the open survey's waiting question, step by step."""
    parsed = parse_sms_reply(text, kind=survey.kind, step=survey.step)
    if parsed.intent is not ReplyIntent.ANSWER:
        if survey.step == Step.COMMENT:
            return _turn(survey, ReplyOutcome.EMPTY, None)  # nothing to keep
        return _unclear(survey, parsed)
    if survey.step == Step.SCORE and parsed.score is not None:
        response = answers.record_score(survey, parsed.score, raw,
                                        ask_praise=settings.ask_praise)
    elif survey.step == Step.REASON and parsed.reason_digit is not None:
        if answers.record_reason(survey, parsed.reason_digit, raw) is None:
            return _unclear(survey, parsed)
        assert survey.response is not None  # saving the reason made it
        response = survey.response
    elif survey.step == Step.PRAISE and parsed.praise_digit is not None:
        if answers.record_praise(survey, parsed.praise_digit, raw) is None:
            return _unclear(survey, parsed)
        assert survey.response is not None  # saving the praise made it
        response = survey.response
    elif survey.step == Step.COMMENT and parsed.comment:
        answers.record_comment(survey, raw, text=parsed.comment)
        answers.complete(survey)
        return _turn(survey, ReplyOutcome.COMPLETED, Say.THANKS)
    else:
        return _unclear(survey, parsed)
    if parsed.comment:  # "2 lång kö": the score and the comment, both kept
        answers.record_comment(survey, raw, text=parsed.comment)
    return _next_question(survey, response)


def answer_inbound_sms(phone: str, text: str, settings: Settings, *,
                       message_sid: str, now: datetime | None = None) -> ConversationTurn:
    """What an SMS from `phone` means for its sender's survey, applied; and what to answer."""
    now = now or utcnow()
    survey = _latest_sms_survey(phone)
    language = survey.language if survey else survey_language(
        caller=phone, default=settings.default_language)
    if keyword := match_keyword(text or ""):
        return _keyword_turn(*keyword, phone, language, settings)
    raw = {"message_sid": message_sid, "text": text}
    if (survey is not None and survey.state == SurveyState.ACTIVE
            and survey.question_sent_at is None):
        # A text sent before the question (still waiting out quiet hours) answers nothing.
        return _not_open_turn(ReplyOutcome.NOT_YET_ASKED, Say.NO_OPEN_SURVEY, language, phone,
                              now, survey)
    if survey is not None and accepts_answers(survey, now):
        return _answer_turn(survey, text, raw, settings)
    if survey is not None and survey.state == SurveyState.COMPLETED and (
            survey.expires_at is None or now < survey.expires_at):
        parsed = parse_sms_reply(text, kind=survey.kind, step=Step.DONE)
        if not parsed.comment:
            return _turn(survey, ReplyOutcome.EMPTY, None)
        answers.record_comment(survey, raw, text=parsed.comment)
        return _turn(survey, ReplyOutcome.LATE_COMMENT, Say.LATE_COMMENT_THANKS)
    if survey is not None:
        return _not_open_turn(ReplyOutcome.SURVEY_CLOSED, Say.SURVEY_CLOSED, language, phone, now,
                              survey)
    return _not_open_turn(ReplyOutcome.NO_SURVEY, Say.NO_OPEN_SURVEY, language, phone, now)


def _not_open_turn(outcome: ReplyOutcome, say: Say, language: str, phone: str, now: datetime,
                   survey: Survey | None = None) -> ConversationTurn:
    """Tell the number no survey takes its text, unless it was told so lately: say nothing."""
    told_lately = db.session.scalar(
        sa.select(OutboxMessage.id).where(
            OutboxMessage.recipient == phone, OutboxMessage.purpose == NOT_OPEN_REPLY,
            OutboxMessage.created_at >= now - NOT_OPEN_REPLY_INTERVAL).limit(1)
    ) is not None
    return ConversationTurn(outcome, None if told_lately else say, language, NOT_OPEN_REPLY,
                            survey)
