"""Fetching a caller's recorded comment from Twilio, so pages play it through the service."""

from __future__ import annotations

import requests

# Twilio's credentials go to Twilio's own API only, whatever a stored URL says.
TWILIO_API = "https://api.twilio.com/"
TIMEOUT_SECONDS = 10


class RecordingUnavailable(Exception):
    """Twilio could not be asked, or did not answer with the recording."""


class RecordingGone(RecordingUnavailable):
    """Twilio no longer has the recording (deleted there, or never stored)."""


def recording_mp3_url(recording_url: str) -> str:
    """Twilio serves a recording as MP3 when `.mp3` is added to its URL."""
    return recording_url if recording_url.endswith((".mp3", ".wav")) else recording_url + ".mp3"


def fetch_recording(recording_url: str, account_sid: str, auth_token: str) -> bytes:
    """The recording's MP3 bytes, fetched with the account's HTTP basic auth."""
    if not recording_url.startswith(TWILIO_API):
        raise RecordingGone("the recording is not stored at Twilio")
    if not (account_sid and auth_token):
        raise RecordingUnavailable("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed")
    try:
        reply = requests.get(recording_mp3_url(recording_url), auth=(account_sid, auth_token),
                             timeout=TIMEOUT_SECONDS)
    except requests.RequestException as error:
        raise RecordingUnavailable(type(error).__name__) from None
    if reply.status_code == 404:
        raise RecordingGone("Twilio has no such recording")
    if reply.status_code != 200:
        raise RecordingUnavailable(f"Twilio answered {reply.status_code}")
    return reply.content
