"""What the outbox does for surveys, told to it at app start: the outbox imports no survey.

A survey question that is sent opens the survey for answers; an SMS to a number that opted
out is held back; a number that unsubscribed at the provider is opted out; a question retried
waits out quiet hours like its first try.
"""

from __future__ import annotations

from datetime import datetime

from feedback_service.extensions import db
from feedback_service.outbox.hooks import OutboxHooks
from feedback_service.outbox.models import OutboxChannel, OutboxMessage
from feedback_service.settings import Settings
from feedback_service.surveys.eligibility import next_sending_time
from feedback_service.surveys.expiry import mark_question_sent
from feedback_service.surveys.models import Survey
from feedback_service.surveys.opt_outs import is_opted_out, opt_out

QUESTION = "survey_question"
# Replies to an opt-out must still reach the number that just opted out.
SENT_DESPITE_OPT_OUT = frozenset({"opt_out_reply", "opt_in_reply", "help_reply"})


def question_sent(message: OutboxMessage, now: datetime) -> None:
    if message.purpose == QUESTION and message.survey_id is not None:
        survey = db.session.get(Survey, message.survey_id)
        if survey is not None:
            mark_question_sent(survey, now)  # replies count as answers from now on


def held_back_when_opted_out(message: OutboxMessage) -> str | None:
    if (
        message.channel == OutboxChannel.SMS
        and message.purpose not in SENT_DESPITE_OPT_OUT
        and is_opted_out(message.recipient)
    ):
        return "cancelled: the recipient has opted out"
    return None


def opt_out_unsubscribed(message: OutboxMessage) -> None:
    if message.recipient:
        opt_out(message.recipient, keyword=None, source="twilio-21610")


def register(hooks: OutboxHooks, settings: Settings) -> None:
    """Tell the outbox; `settings` is the app's, read at each send."""

    def question_sending_time(due: datetime) -> datetime:
        return next_sending_time(due, settings.zone, settings.quiet_hours)

    hooks.on_sent.append(question_sent)
    hooks.hold_back.append(held_back_when_opted_out)
    hooks.on_unsubscribed.append(opt_out_unsubscribed)
    hooks.sending_time[QUESTION] = question_sending_time
