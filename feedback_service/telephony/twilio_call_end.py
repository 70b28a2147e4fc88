"""How a Twilio call ended: told by its status callback or, when that was lost, by Twilio's API.

Other phone systems report their calls through `phone_system_hook.py` (`POST /hooks/call-ended`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from feedback_service.settings import Settings
from feedback_service.surveys.calls import survey_for_update
from feedback_service.surveys.models import Call, Survey
from feedback_service.surveys.sms_conversation import start_sms_survey
from feedback_service.surveys.voice_conversation import close_after_hang_up

CALL_ENDED = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})


def record_call_end(call: Call, call_status: str, *, duration_seconds: int | None,
                    ended_at: datetime, settings: Settings,
                    decide_now: Callable[[], Survey] | None = None) -> None:
    """Record how and when the call ended; close its IVR survey; send its SMS survey if due.

    Whether an SMS survey is due is decided by the Dial action, which names the agent and says
    whether they answered; `decide_now` opens the survey here instead, for a call whose Dial
    action will not come.
    """
    call.status = call_status[:32]
    ended = call_status in CALL_ENDED
    if ended:
        call.ended_at = call.ended_at or ended_at
        if call.answered is None:
            call.answered = call_status == "completed"
    if call.duration_seconds is None:
        call.duration_seconds = duration_seconds
    # Locked: an answer to the survey may be being saved at this very moment.
    survey = survey_for_update(call.provider, call.provider_call_id)
    if ended and survey is not None:
        close_after_hang_up(survey)
    if call_status == "completed" and settings.survey_channel == "sms":
        if survey is None and decide_now is not None:
            survey = decide_now()
        if survey is not None:
            start_sms_survey(survey, settings)
