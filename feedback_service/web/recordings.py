"""Fetching a caller's recorded comment from Twilio, so pages play it through the service."""

from __future__ import annotations

import time

import requests

from feedback_service.settings import Settings

# Twilio's credentials go to Twilio's own API only, whatever a stored URL says.
TWILIO_API = "https://api.twilio.com/"
TIMEOUT_SECONDS = 10
# A recorded comment lasts a minute or two, well under a megabyte as MP3; a larger answer is
# not one, and reading it would tie up the worker and its memory.
MAX_RECORDING_BYTES = 8 * 1024 * 1024
_CHUNK_BYTES = 64 * 1024


def recordings_playable(settings: Settings) -> bool:
    """Whether recordings can be fetched from Twilio: only with the account they belong to.

    Without `TWILIO_ACCOUNT_SID` (the local trial has none) a recording stays out of reach.
    """
    return settings.twilio_credentials is not None


class RecordingUnavailable(Exception):
    """Twilio could not be asked, or did not answer with the recording."""


class RecordingGone(RecordingUnavailable):
    """Twilio no longer has the recording (deleted there, or never stored)."""


def recording_mp3_url(recording_url: str) -> str:
    """Twilio serves a recording as MP3 when `.mp3` takes the place of any other ending."""
    return recording_url.removesuffix(".wav").removesuffix(".mp3") + ".mp3"


def fetch_recording(recording_url: str, account_sid: str, auth_token: str) -> bytes:
    """The recording's MP3 bytes, fetched with the account's HTTP basic auth."""
    if not recording_url.startswith(TWILIO_API):
        raise RecordingGone("the recording is not stored at Twilio")
    if not (account_sid and auth_token):
        raise RecordingUnavailable("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed")
    try:
        with requests.get(recording_mp3_url(recording_url), auth=(account_sid, auth_token),
                          timeout=TIMEOUT_SECONDS, stream=True) as reply:
            if reply.status_code == 404:
                raise RecordingGone("Twilio has no such recording")
            if reply.status_code != 200:
                raise RecordingUnavailable(f"Twilio answered {reply.status_code}")
            return _read_within_limits(reply)
    except requests.RequestException as error:
        raise RecordingUnavailable(type(error).__name__) from None


def _read_within_limits(reply: requests.Response) -> bytes:
    """The body, as long as it stays under MAX_RECORDING_BYTES and arrives within the timeout."""
    announced = reply.headers.get("Content-Length", "")
    if announced.isdigit() and int(announced) > MAX_RECORDING_BYTES:
        raise RecordingUnavailable(f"Twilio announced {announced} bytes")
    # The timeout alone bounds each read, not a body that trickles in slowly.
    deadline = time.monotonic() + TIMEOUT_SECONDS
    audio = bytearray()
    for chunk in reply.iter_content(_CHUNK_BYTES):
        audio += chunk
        if len(audio) > MAX_RECORDING_BYTES:
            raise RecordingUnavailable("the recording is larger than a comment can be")
        if time.monotonic() > deadline:
            raise RecordingUnavailable("the recording arrived too slowly")
    return bytes(audio)
