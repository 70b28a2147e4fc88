"""Telling the outbox how to deliver webhooks and chat alerts, and the sessions to queue events."""

from __future__ import annotations

from feedback_service.outbox.hooks import OutboxHooks
from feedback_service.outbox.models import OutboxChannel
from feedback_service.outgoing.alert_delivery import prepare_alert
from feedback_service.outgoing.answer_events import listen_for_answer_events
from feedback_service.outgoing.webhook_delivery import prepare_webhook


def register(hooks: OutboxHooks) -> None:
    hooks.deliveries[OutboxChannel.WEBHOOK] = prepare_webhook
    hooks.deliveries[OutboxChannel.ALERT] = prepare_alert
    listen_for_answer_events()
