"""TwiML documents for the call: connecting the agent, asking a question, recording, ending."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from twilio.twiml.voice_response import Dial, VoiceResponse

from feedback_service.telephony.prompts import SPEECH_LANGUAGE, VOICE

TWIML_MIMETYPE = "text/xml"
COMMENT_MAX_SECONDS = 60
# Seconds Twilio waits for another key or word; long enough to key "1", then "0".
ANSWER_PAUSE_SECONDS = 5
MAX_DIALLED_ADDRESSES = 10  # Twilio rings at most ten at once


@dataclass(frozen=True)
class Question:
    """One question inside `<Gather>`, so the caller can answer while it plays."""

    text: str
    language: str  # sv, da or en
    action_url: str  # absolute; also where silence is redirected
    max_digits: int  # 1 for smiley and reason, 2 for NPS (0-10)
    finished_by_hash: bool
    speech_hints: str | None  # None turns speech off for this question


def _say(parent: VoiceResponse, text: str, language: str) -> None:
    parent.say(text, voice=VOICE[language], language=SPEECH_LANGUAGE[language])


def dial_agent(addresses: Sequence[str], action_url: str | None) -> str:
    """Ring the agent at every address at once; when the agent hangs up, Twilio asks `action_url`.

    `client:NAME` is a Twilio Client, `sip:...` a SIP endpoint, anything else a phone number.
    Without `action_url` the call simply ends when the dialled party hangs up.
    """
    response = VoiceResponse()
    dial: Dial = (response.dial(action=action_url, method="POST") if action_url
                  else response.dial())
    for address in addresses[:MAX_DIALLED_ADDRESSES]:
        if address.startswith("client:"):
            dial.client(address.removeprefix("client:"))
        elif address.startswith(("sip:", "sips:")):
            dial.sip(address)
        else:
            dial.number(address)
    return response.to_xml()


def ask(question: Question, *, before: str | None = None) -> str:
    """The question, then (when nothing was keyed or said) a redirect to the same action."""
    response = VoiceResponse()
    options: dict[str, object] = {
        "action": question.action_url,
        "method": "POST",
        "timeout": ANSWER_PAUSE_SECONDS,
        "num_digits": question.max_digits,
    }
    if question.finished_by_hash:
        options["finish_on_key"] = "#"
    if question.speech_hints is not None:
        options.update(input="dtmf speech", language=SPEECH_LANGUAGE[question.language],
                       speech_timeout="auto", hints=question.speech_hints)
    else:
        options["input"] = "dtmf"
    gather = response.gather(**options)
    for text in (before, question.text):
        if text:
            _say(gather, text, question.language)
    # Twilio goes on to the next verb when the caller stays silent; the action hears no answer.
    response.redirect(question.action_url, method="POST")
    return response.to_xml()


def ask_for_spoken_comment(text: str, language: str, action_url: str) -> str:
    """Invite a short spoken comment, transcribed by Twilio in the caller's language.

    Twilio posts to `action_url` even when it heard nothing (`actionOnEmptyResult`), so the
    service can ask once more by recording; the redirect covers the same for silence.
    """
    response = VoiceResponse()
    gather = response.gather(
        input="speech",
        language=SPEECH_LANGUAGE[language],
        speech_timeout="auto",  # ends when the caller pauses, not after a fixed time
        timeout=ANSWER_PAUSE_SECONDS,
        action=action_url,
        method="POST",
        action_on_empty_result=True,
    )
    _say(gather, text, language)
    response.redirect(action_url, method="POST")
    return response.to_xml()


def ask_for_recording(text: str, language: str, action_url: str, status_url: str) -> str:
    """Invite a short recorded comment; silence or a hang-up goes on without one."""
    response = VoiceResponse()
    _say(response, text, language)
    response.record(
        action=action_url,
        method="POST",
        max_length=COMMENT_MAX_SECONDS,
        timeout=ANSWER_PAUSE_SECONDS,
        finish_on_key="#",
        play_beep=True,
        trim="trim-silence",
        recording_status_callback=status_url,
        recording_status_callback_method="POST",
        recording_status_callback_event="completed",
    )
    response.redirect(action_url, method="POST")
    return response.to_xml()


def say_and_hang_up(text: str, language: str) -> str:
    response = VoiceResponse()
    _say(response, text, language)
    response.hangup()
    return response.to_xml()


def hang_up() -> str:
    response = VoiceResponse()
    response.hangup()
    return response.to_xml()


def acknowledge() -> str:
    """An empty document, for callbacks whose answer Twilio does not play."""
    return VoiceResponse().to_xml()
