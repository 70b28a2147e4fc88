"""What the outbox's callers want done around a send, registered when the app is built.

The outbox knows messages, not what they are about: a survey's question, an opt-out, a
delivery report. The packages that queue messages tell it here, so it imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask, current_app

from feedback_service.outbox.models import OutboxMessage
from feedback_service.outbox.send_results import Delivery, SendResult

EXTENSION = "outbox_hooks"


@dataclass
class OutboxHooks:
    # Each is told of a message the provider accepted, within the transaction recording it.
    on_sent: list[Callable[[OutboxMessage, datetime], None]] = field(default_factory=list)
    # Each may name a reason not to send a message after all ("cancelled: ..."), or None.
    hold_back: list[Callable[[OutboxMessage], str | None]] = field(default_factory=list)
    # Each is told of a recipient who unsubscribed at the provider (the message failed).
    on_unsubscribed: list[Callable[[OutboxMessage], None]] = field(default_factory=list)
    # By purpose: the earliest a retry may go, given when it is due (quiet hours, say).
    sending_time: dict[str, Callable[[datetime], datetime]] = field(default_factory=dict)
    # The URL the SMS provider reports delivery to, or None.
    sms_status_callback: Callable[[], str | None] = lambda: None
    # By channel, for channels the outbox does not carry itself (webhooks, chat alerts): reads
    # what the message needs within the transaction and returns the send to make after it, or
    # at once the result when there is nothing to send (a subscriber deleted meanwhile).
    deliveries: dict[str, Callable[[OutboxMessage], Delivery | SendResult]] = field(
        default_factory=dict)


def hooks_of(app: Flask) -> OutboxHooks:
    """The app's hooks, to register with at start."""
    hooks = app.extensions.get(EXTENSION)
    if hooks is None:
        hooks = app.extensions[EXTENSION] = OutboxHooks()
    return hooks


def current_hooks() -> OutboxHooks:
    return hooks_of(current_app)
