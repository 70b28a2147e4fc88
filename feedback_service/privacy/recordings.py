"""Deleting call recordings where they are stored: at Twilio, or nowhere in a local trial."""

from __future__ import annotations

import logging
from typing import Protocol

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from feedback_service.settings import Settings

log = logging.getLogger(__name__)


class RecordingDeleter(Protocol):
    def delete(self, recording_sid: str) -> bool: ...


class TwilioRecordingDeleter:
    """Deletes a recording through Twilio's REST API; one already gone counts as deleted."""

    def __init__(self, account_sid: str, auth_token: str, timeout: float = 10.0) -> None:
        self.client = Client(account_sid, auth_token,
                             http_client=TwilioHttpClient(timeout=timeout))

    def delete(self, recording_sid: str) -> bool:
        """True once Twilio no longer has it; False when Twilio could not be asked now."""
        try:
            self.client.recordings(recording_sid).delete()
        except TwilioRestException as error:
            if error.status == 404:
                return True
            problem = f"Twilio answered {error.status}"
        except (requests.RequestException, TwilioException) as error:
            problem = type(error).__name__  # its text may quote the URL, never a number
        else:
            return True
        log.warning("could not delete recording %s at Twilio (%s); kept for the next retention "
                    "run", recording_sid, problem)
        return False


class LocalRecordingDeleter:
    """Without a Twilio account there is nothing stored elsewhere to delete."""

    def delete(self, recording_sid: str) -> bool:
        return True


def recording_deleter_for(settings: Settings) -> RecordingDeleter:
    if credentials := settings.twilio_credentials:
        return TwilioRecordingDeleter(*credentials)
    return LocalRecordingDeleter()
