"""A caller's side of a Twilio call: signed webhooks, the TwiML that comes back, its next URL."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Callable

from flask.testing import FlaskClient

from tests.conftest import PUBLIC_BASE_URL

ACCOUNT_SID = "AC" + "0" * 32
SWEDISH_MOBILE = "+46701234567"
DANISH_MOBILE = "+4520123456"
BRITISH_MOBILE = "+447911123456"
COMPANY_NUMBER = "+46101600000"

_sids = itertools.count(1)


def new_sid(prefix: str) -> str:
    return f"{prefix}{next(_sids):032x}"


def path_of(url: str) -> str:
    """The path and query Twilio requests for an absolute URL the service handed out."""
    assert url.startswith(PUBLIC_BASE_URL + "/"), f"{url!r} is not under PUBLIC_BASE_URL"
    return url.removeprefix(PUBLIC_BASE_URL)


class TwilioCall:
    """One call, played the way Twilio plays it: each request signed, each TwiML followed."""

    def __init__(self, twilio_post: Callable, caller: str | None = SWEDISH_MOBILE,
                 to: str = COMPANY_NUMBER) -> None:
        self.twilio_post = twilio_post
        self.sid = new_sid("CA")
        self.params = {
            "AccountSid": ACCOUNT_SID, "ApiVersion": "2010-04-01", "CallSid": self.sid,
            "CallStatus": "ringing", "Direction": "inbound", "From": caller or "anonymous",
            "Caller": caller or "anonymous", "To": to, "Called": to,
        }
        self.document = ET.Element("Response")
        self.heard: list[str] = []  # every <Say>, in order
        self.last_request: tuple[str, dict[str, str]] | None = None
        self.last_twiml = ""

    # --- requests ----------------------------------------------------------------------------

    def request(self, path: str, **extra: str) -> ET.Element:
        params = {**self.params, **extra}
        reply = self.twilio_post(path, params)
        assert reply.status_code == 200, reply.get_data(as_text=True)
        assert reply.mimetype == "text/xml"
        self.last_request = (path, params)
        self.last_twiml = reply.get_data(as_text=True)
        self.document = ET.fromstring(self.last_twiml)
        self.heard += [say.text or "" for say in self.document.iter("Say")]
        return self.document

    def repeat_last_request(self) -> str:
        """Twilio retrying the request it just made: the TwiML, as text."""
        assert self.last_request is not None
        path, params = self.last_request
        return self.twilio_post(path, params).get_data(as_text=True)

    def connect(self, query: str = "agent=anna") -> ET.Element:
        return self.request("/twilio/voice/connect" + (f"?{query}" if query else ""))

    def agent_hangs_up(self, seconds: int = 95, *, dial_status: str = "completed",
                       caller_still_there: bool = True) -> ET.Element:
        """The agent's leg ends; Twilio asks the `<Dial action>` what to do next."""
        dial = self.document.find("Dial")
        assert dial is not None, ET.tostring(self.document)
        self.params["CallStatus"] = "in-progress" if caller_still_there else "completed"
        return self.request(path_of(dial.get("action", "")), DialCallStatus=dial_status,
                            DialCallSid=new_sid("CA"), DialCallDuration=str(seconds))

    def press(self, digits: str) -> ET.Element:
        gather = self.gather()
        return self.request(path_of(gather.get("action", "")), Digits=digits)

    def say(self, words: str, confidence: str = "0.91") -> ET.Element:
        gather = self.gather()
        assert "speech" in gather.get("input", "")
        return self.request(path_of(gather.get("action", "")), SpeechResult=words,
                            Confidence=confidence)

    def speech_not_recognised(self) -> ET.Element:
        """The recogniser made out no words: Twilio posts the speech `<Gather>`'s action anyway
        (`actionOnEmptyResult`), without a `SpeechResult`."""
        gather = self.gather()
        assert gather.get("input") == "speech" and gather.get("actionOnEmptyResult") == "true"
        return self.request(path_of(gather.get("action", "")))

    def stay_silent(self) -> ET.Element:
        """No key and no word: Twilio goes on to the verb after `<Gather>`/`<Record>`."""
        assert self.gather_or_record() is not None
        redirect = self.document.find("Redirect")
        assert redirect is not None, ET.tostring(self.document)
        return self.request(path_of(redirect.text or ""))

    def record(self, seconds: int = 7) -> ET.Element:
        record = self.document.find("Record")
        assert record is not None, ET.tostring(self.document)
        recording_sid = new_sid("RE")
        return self.request(
            path_of(record.get("action", "")),
            RecordingSid=recording_sid,
            RecordingUrl=f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/"
                         f"{recording_sid}",
            RecordingDuration=str(seconds),
            Digits="#",
        )

    def hang_up(self, call_seconds: int = 140) -> ET.Element:
        """The caller (or the service) ends the call; Twilio sends the status callback."""
        self.params["CallStatus"] = "completed"
        return self.request("/twilio/voice/status", CallDuration=str(call_seconds))

    # --- what the caller hears -----------------------------------------------------------------

    def gather(self) -> ET.Element:
        gather = self.document.find("Gather")
        assert gather is not None, ET.tostring(self.document)
        return gather

    def gather_or_record(self) -> ET.Element | None:
        gather = self.document.find("Gather")
        return gather if gather is not None else self.document.find("Record")

    @property
    def prompt(self) -> str:
        """What the caller hears in this document."""
        return " ".join(say.text or "" for say in self.document.iter("Say"))

    @property
    def hung_up(self) -> bool:
        return self.document.find("Hangup") is not None

    @property
    def asks_for_spoken_comment(self) -> bool:
        """A `<Gather>` for speech alone: the comment question, answered in words."""
        gather = self.document.find("Gather")
        return gather is not None and gather.get("input") == "speech"

    @property
    def asks_for_recorded_comment(self) -> bool:
        return self.document.find("Record") is not None

    @property
    def asks_for_comment(self) -> bool:
        return self.asks_for_spoken_comment or self.asks_for_recorded_comment


def responses(client: FlaskClient, headers: dict[str, str], **filters: str) -> list[dict]:
    reply = client.get("/api/v1/responses", query_string=filters, headers=headers)
    assert reply.status_code == 200, reply.json
    return reply.json["responses"]


def add_agent(client: FlaskClient, headers: dict[str, str], handle: str = "anna", *,
              team: str = "support", language: str | None = "sv",
              addresses: list[str] | None = None) -> None:
    """Put a team and an agent in through the API, as an integrator would."""
    team_reply = client.put(f"/api/v1/teams/{team}", headers=headers,
                            json={"name": team.title(), "supervisors": []})
    assert team_reply.status_code in (200, 201)
    body: dict[str, object] = {
        "name": f"{handle.title()} Agent", "team": team,
        "addresses": addresses if addresses is not None else [f"client:{handle}"],
    }
    if language:
        body["language"] = language
    reply = client.put(f"/api/v1/agents/{handle}", headers=headers, json=body)
    assert reply.status_code in (200, 201), reply.json
