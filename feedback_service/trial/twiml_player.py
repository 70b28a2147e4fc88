"""Plays Twilio's part of a call: follows the service's TwiML as a caller would hear it."""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from feedback_service.trial.transport import Transport, TwilioSigner

MAX_REQUESTS = 40  # a service that keeps redirecting forever is reported, not followed forever


class ServiceError(RuntimeError):
    """The service answered something a phone system could not use."""


@dataclass
class CallerScript:
    """What the simulated caller does: keys and words in order, a comment, when to hang up."""

    keys: list[str] = field(default_factory=list)  # "" stays silent at that question
    say: list[str] = field(default_factory=list)  # used once the keys have run out
    # Said at the comment question: words to a speech <Gather>, a recording to a <Record>.
    comment: str | None = None
    # The speech recogniser makes out none of the comment's words, as on a bad line.
    speech_not_recognised: bool = False
    hangup_after: int | None = None  # answers given before the caller hangs up
    ask: Callable[[str], str] | None = None  # interactive input, when scripted answers run out
    answers_given: int = 0

    def next_answer(self, prompt: str) -> tuple[str, str] | None:
        """("digits" or "speech", value) for the next question, or None for silence."""
        if self.keys:
            value = self.keys.pop(0)
            return ("digits", value) if value else None
        if self.say:
            return "speech", self.say.pop(0)
        if self.ask is not None:
            value = self.ask(prompt).strip()
            if not value:
                return None
            return ("digits", value) if value.replace("#", "").isdigit() else ("speech", value)
        return None

    def next_words(self, prompt: str) -> str | None:
        """What the caller says at a question answered in words alone (the comment)."""
        if self.comment is not None:
            return self.comment
        if self.say:
            return self.say.pop(0)
        if self.ask is not None:
            return self.ask(prompt).strip() or None
        return None

    def hangs_up_now(self) -> bool:
        return self.hangup_after is not None and self.answers_given >= self.hangup_after


def new_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


class TwimlPlayer:
    """Posts signed requests the way Twilio does and follows the TwiML that comes back."""

    def __init__(self, transport: Transport, signer: TwilioSigner, call_params: dict[str, str],
                 script: CallerScript, out: Callable[[str], None]) -> None:
        self.transport = transport
        self.signer = signer
        self.call_params = call_params
        self.script = script
        self.out = out
        self.requests = 0
        self.caller_hung_up = False

    def post(self, url: str, extra: dict[str, str]) -> ET.Element:
        """A signed webhook request; the TwiML document it answers with."""
        self.requests += 1
        if self.requests > MAX_REQUESTS:
            raise ServiceError(f"the service asked for more than {MAX_REQUESTS} steps")
        path = self.signer.path_of(url)
        params = {**self.call_params, **extra}
        reply = self.transport.post_form(path, params, self.signer.headers(path, params))
        if reply.status != 200:
            raise ServiceError(f"POST {path} answered {reply.status}: {reply.body[:200]}")
        try:
            return ET.fromstring(reply.body) if reply.body.strip() else ET.Element("Response")
        except ET.ParseError as error:
            raise ServiceError(f"POST {path} did not answer with TwiML: {error}") from None

    def play(self, document: ET.Element) -> None:
        """Act out each verb in turn until the call ends, as a caller would experience it."""
        for verb in document:
            match verb.tag:
                case "Say":
                    self.out(f"caller hears [{verb.get('language', '')}]: {verb.text or ''}")
                case "Play":
                    self.out(f"caller hears a recording: {verb.text or ''}")
                case "Pause":
                    self.out(f"(pause {verb.get('length', '1')} s)")
                case "Gather":
                    if self.gather(verb):
                        return
                case "Record":
                    if self.record(verb):
                        return
                case "Redirect":
                    self.play(self.post(verb.text or "", {}))
                    return
                case "Hangup":
                    self.out("(the service hangs up)")
                    return
                case _:
                    self.out(f"(the simulator skips <{verb.tag}>)")
        self.out("(the call ends)")

    def hang_up_if_done(self) -> bool:
        """End the call from the caller's side once they have given their last answer."""
        if not self.script.hangs_up_now():
            return False
        self.out("(the caller hangs up)")
        self.caller_hung_up = True
        return True

    def gather(self, verb: ET.Element) -> bool:
        """Hear the prompts and answer; True when the call went on elsewhere (or ended)."""
        prompts = [child.text or "" for child in verb if child.tag == "Say"]
        for prompt in prompts:
            self.out(f"caller hears [{verb.get('language', '')}]: {prompt}")
        if self.hang_up_if_done():
            return True
        if verb.get("input") == "speech":
            return self.speak(verb, " ".join(prompts))
        answer = self.script.next_answer(" ".join(prompts))
        if answer is None:
            self.out("(the caller says nothing)")
            return False
        kind, value = answer
        self.script.answers_given += 1
        if kind == "digits":
            self.out(f"caller presses: {value}")
            extra = {"Digits": value.rstrip("#") if verb.get("finishOnKey") == "#" else value}
        else:
            self.out(f"caller says: {value}")
            extra = {"SpeechResult": value, "Confidence": "0.92"}
        self.play(self.post(verb.get("action", ""), extra))
        return True

    def speak(self, verb: ET.Element, prompt: str) -> bool:
        """Answer a question that takes words only, as Twilio's recogniser reports them.

        With `actionOnEmptyResult`, Twilio asks the action even when it made out nothing.
        """
        words = self.script.next_words(prompt)
        if words is None:
            self.out("(the caller says nothing)")
            extra: dict[str, str] = {}
        elif self.script.speech_not_recognised:
            self.out(f"caller says: {words} (the recogniser makes out no words)")
            self.script.speech_not_recognised = False  # the next try is recorded
            extra = {}
        else:
            self.out(f"caller says: {words}")
            self.script.answers_given += 1
            extra = {"SpeechResult": words, "Confidence": "0.92"}
        if not extra and verb.get("actionOnEmptyResult") != "true":
            return False
        self.play(self.post(verb.get("action", ""), extra))
        return True

    def record(self, verb: ET.Element) -> bool:
        """Leave the scripted comment as a recording; silence goes on to the next verb.

        A caller who hangs up here ends the call: Twilio plays nothing after the `<Record>`.
        """
        if self.hang_up_if_done():
            return True
        if self.script.comment is None:
            self.out("(the caller leaves no comment)")
            return False
        self.out(f"caller records: {self.script.comment}")
        self.script.answers_given += 1
        sid = new_sid("RE")
        account = self.call_params["AccountSid"]
        extra = {
            "RecordingSid": sid,
            "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{account}/Recordings/{sid}",
            "RecordingDuration": str(max(2, len(self.script.comment) // 12)),
            # The caller ends with # as the prompt asks; "hangup" would tell the service the
            # caller was gone, and Twilio would not play what it answers.
            "Digits": "#",
        }
        self.play(self.post(verb.get("action", ""), extra))
        return True
