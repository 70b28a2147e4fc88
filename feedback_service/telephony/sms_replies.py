"""What the SMS conversation decided to answer a text with, in the survey's words."""

from __future__ import annotations

from feedback_service.surveys import sms_texts
from feedback_service.surveys.sms_conversation import ConversationTurn, Say


def reply_text(turn: ConversationTurn, company: str | None) -> str | None:
    """The SMS to send back, or None when the conversation says nothing."""
    language = turn.language
    match turn.say:
        case None:
            return None
        case Say.REASON_QUESTION:
            return sms_texts.reason_question(language)
        case Say.PRAISE_QUESTION:
            return sms_texts.praise_question(language)
        case Say.COMMENT_INVITATION:
            return sms_texts.comment_invitation(language)
        case Say.THANKS:
            return sms_texts.thanks(language)
        case Say.CLARIFICATION:
            return sms_texts.clarification(turn.step or "", turn.kind or "", language)
        case Say.LATE_COMMENT_THANKS:
            return sms_texts.late_comment_thanks(language)
        case Say.SURVEY_CLOSED:
            return sms_texts.survey_closed(language, company)
        case Say.NO_OPEN_SURVEY:
            return sms_texts.no_open_survey(language, company)
        case Say.OPTED_OUT:
            return sms_texts.opted_out(language, company)
        case Say.OPTED_IN:
            return sms_texts.opted_in(language, company)
        case Say.HELP:
            return sms_texts.help_text(language, company)
