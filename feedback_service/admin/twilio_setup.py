"""Which URL goes in which Twilio console field, for this deployment's `PUBLIC_BASE_URL`.

The paths come from the app's own routes (the view passes `url_for` results), so the page
cannot name a URL the service does not answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class ConsoleField:
    """One field to fill in: where it is (a text key), the URL, and a note (a text key)."""

    where: str
    field: str
    url: str
    note: str


@dataclass(frozen=True)
class WebhookPaths:
    connect: str
    after_call: str
    voice_status: str
    sms_inbound: str
    sms_status: str
    call_ended: str


def console_fields(base_url: str, paths: WebhookPaths, example_handle: str,
                   pbx_hook_on: bool) -> list[ConsoleField]:
    """The console fields in the order one meets them when setting up a number."""
    base = base_url.rstrip("/")
    agent = "?" + urlencode({"agent": example_handle})
    fields = [
        ConsoleField("twilio_where_voice", "twilio_field_call_comes_in",
                     base + paths.connect + agent, "twilio_note_connect"),
        ConsoleField("twilio_where_voice", "twilio_field_call_status",
                     base + paths.voice_status, "twilio_note_voice_status"),
        ConsoleField("twilio_where_own_flow", "twilio_field_dial_action",
                     base + paths.after_call + agent, "twilio_note_after_call"),
        ConsoleField("twilio_where_messaging", "twilio_field_message_comes_in",
                     base + paths.sms_inbound, "twilio_note_sms_inbound"),
        ConsoleField("twilio_where_set_by_service", "twilio_field_message_status",
                     base + paths.sms_status, "twilio_note_sms_status"),
    ]
    if pbx_hook_on:
        fields.append(ConsoleField("twilio_where_other_pbx", "twilio_field_call_ended_hook",
                                   base + paths.call_ended, "twilio_note_call_ended"))
    return fields
