"""Delivering one chat alert through Apprise, to one URL, with its outcome for the outbox.

Each alert URL gets an outbox message of its own: a chat service that is down delays its own
alerts (and, after a few faults, waits behind its circuit), never another's. The outbox keeps
the URL's digest, not the URL, which often holds a token: the URL is looked up when the alert
is sent, among `ALERT_URLS` and the teams' own lists; one removed meanwhile is not sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import partial

import apprise
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outbox.send_results import Delivery, Outcome, SendResult
from feedback_service.outgoing.network_rule import (
    RefusedDestination,
    Unresolved,
    check_host,
    guarded,
)
from feedback_service.settings import current_settings
from feedback_service.staff.models import Team


def alert_destination(url: str) -> str:
    """The outbox recipient (and circuit) of an alert URL: a digest, never the URL itself."""
    return "alert:" + hashlib.sha256(url.encode()).hexdigest()[:40]


class NotAnAlertUrl(ValueError):
    """A URL Apprise cannot send to."""


def named_host(url: str) -> tuple[str, int] | None:
    """The host an Apprise URL names and connects to (`json://host:port/...`, a Mattermost or
    mail server), or None for a service at its fixed address (Slack, Teams), whose URL holds
    tokens where a host would be. Raises `NotAnAlertUrl` for a URL Apprise does not take."""
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        raise NotAnAlertUrl("not an Apprise URL (see the Apprise wiki for each service's form)")
    templates = getattr(plugin, "templates", ())
    if not any("{host}" in template for template in templates):
        return None
    host = str(getattr(plugin, "host", "") or "")
    port = getattr(plugin, "port", None) or (443 if getattr(plugin, "secure", False) else 80)
    return host, int(port)


def check_alert_url(url: str, allow_private: bool, *, resolve: bool = True) -> None:
    """Refuse an alert URL Apprise does not take, or whose host the network rule refuses."""
    try:
        host = named_host(url)
    except NotAnAlertUrl as error:
        raise RefusedDestination(str(error)) from None
    if host is not None:
        check_host(*host, allow_private, resolve=resolve)


def configured_alert_urls() -> Iterable[str]:
    """Every alert URL in use: `ALERT_URLS` and the teams' own."""
    yield from current_settings().alert_url_list()
    for urls in db.session.scalars(sa.select(Team.alert_urls).where(Team.alert_urls.is_not(None))):
        yield from urls or ()


def prepare_alert(message: OutboxMessage) -> Delivery | SendResult:
    """The alert's URL and text, read now; sent after the commit."""
    url = next((u for u in configured_alert_urls()
                if alert_destination(u) == message.recipient), None)
    if url is None:
        return SendResult(Outcome.FAILED, error="cancelled: the alert URL was removed")
    if message.body is None:
        return SendResult(Outcome.FAILED, error="cancelled: it quotes an erased answer")
    return partial(deliver_alert, url, message.subject or "", message.body,
                   current_settings().webhook_allow_private)


def deliver_alert(url: str, title: str, body: str, allow_private: bool) -> SendResult:
    """Send one alert through Apprise; a service that refuses or is out of reach: RETRY."""
    try:
        check_alert_url(url, allow_private)
        plugin = apprise.Apprise.instantiate(url)
        if plugin is None:
            raise RefusedDestination("not an Apprise URL")
        # Apprise's HTTP goes through urllib3: the guard checks the address it connects to.
        with guarded(allow_private):
            sent = plugin.notify(body=body, title=title)
    except Unresolved as error:
        return SendResult(Outcome.RETRY, error=str(error))
    except RefusedDestination as error:
        return SendResult(Outcome.FAILED, error=f"refused: {error}")
    if not sent:
        return SendResult(Outcome.RETRY, error="the chat service did not take the alert")
    return SendResult(Outcome.SENT)
