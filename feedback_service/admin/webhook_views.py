"""`/admin/webhooks`: the subscribers to the service's events, their last delivery, their secret.

The same rules as `/api/v1/webhooks` (`outgoing.webhooks`). A secret is shown once, on the page
that made it, never in a flash message: those travel in the session cookie.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from babel.dates import format_datetime
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Regexp

from feedback_service.admin.forms import ActionForm, CheckboxesField
from feedback_service.admin.views import admin
from feedback_service.database import unit_of_work
from feedback_service.extensions import db
from feedback_service.outbox.circuits import circuit_state
from feedback_service.outbox.models import OutboxMessage
from feedback_service.outgoing.models import EventType, WebhookSubscriber
from feedback_service.outgoing.network_rule import RefusedDestination
from feedback_service.outgoing.webhooks import SubscriberChange, rotate_secret, save_subscriber
from feedback_service.settings import current_settings
from feedback_service.staff.directory import SLUG_PATTERN
from feedback_service.web.texts import current_language, text


class WebhookForm(FlaskForm):
    name = StringField(validators=[InputRequired(), Regexp(SLUG_PATTERN)])
    url = StringField(validators=[InputRequired(), Length(max=2000)])
    events = CheckboxesField(choices=[str(e) for e in EventType], validate_choice=True,
                             validators=[InputRequired()])


@dataclass(frozen=True)
class SubscriberRow:
    subscriber: WebhookSubscriber
    last_status: str | None  # the last delivery's outbox status, None before the first
    last_at: str | None
    last_error: str | None
    waiting_until: str | None  # its circuit is open until then


def _when(moment: object) -> str | None:
    if moment is None:
        return None
    return format_datetime(moment, "short", tzinfo=current_settings().zone,  # type: ignore[arg-type]
                           locale=current_language())


def _rows() -> list[SubscriberRow]:
    rows = []
    for subscriber in db.session.scalars(sa.select(WebhookSubscriber)
                                         .order_by(WebhookSubscriber.name)):
        last = db.session.scalar(
            sa.select(OutboxMessage).where(OutboxMessage.recipient == subscriber.destination)
            .order_by(OutboxMessage.id.desc()).limit(1))
        circuit = circuit_state(subscriber.destination)
        rows.append(SubscriberRow(
            subscriber, last.status if last else None,
            _when((last.sent_at or last.updated_at) if last else None),
            last.last_error if last else None,
            _when(circuit.open_until) if circuit and circuit.open_until else None))
    return rows


def _page(form: WebhookForm, *, new_secret: tuple[str, str] | None = None,
          status: int = 200) -> ResponseReturnValue:
    return render_template("admin/webhooks.html", form=form, rows=_rows(), action=ActionForm(),
                           new_secret=new_secret, events=[str(e) for e in EventType]), status


@admin.route("/webhooks", methods=["GET", "POST"])
def webhooks() -> ResponseReturnValue:
    """Every subscriber with its last delivery, and a form to add or change one."""
    form = WebhookForm()
    if not form.is_submitted():
        return _page(form)
    if not form.validate():
        return _page(form, status=400)
    name = str(form.name.data)
    try:
        with unit_of_work(db.session):
            subscriber, _, secret = save_subscriber(
                name, SubscriberChange(str(form.url.data).strip(),
                                       [EventType(e) for e in form.events.data or []]),
                current_settings().webhook_allow_private)
    except RefusedDestination as error:
        flash(text("webhook_refused", detail=str(error)), "error")
        return _page(form, status=400)
    flash(text("webhook_saved", name=name))
    return _page(WebhookForm(formdata=None),
                 new_secret=(subscriber.name, secret) if secret else None)


@admin.post("/webhooks/<name>/secret")
def rotate_webhook_secret(name: str) -> ResponseReturnValue:
    """A new secret for one subscriber, shown once; deliveries are signed with it from now on."""
    subscriber = db.session.scalar(
        sa.select(WebhookSubscriber).where(WebhookSubscriber.name == name))
    if subscriber is None or not ActionForm().validate_on_submit():
        return redirect(url_for("admin.webhooks"))
    with unit_of_work(db.session):
        secret = rotate_secret(subscriber)
    return _page(WebhookForm(formdata=None), new_secret=(name, secret))


@admin.post("/webhooks/<name>/delete")
def delete_webhook(name: str) -> ResponseReturnValue:
    """Remove a subscriber; what was queued for it is not sent."""
    subscriber = db.session.scalar(
        sa.select(WebhookSubscriber).where(WebhookSubscriber.name == name))
    if subscriber is not None and ActionForm().validate_on_submit():
        with unit_of_work(db.session):
            db.session.delete(subscriber)
        flash(text("webhook_deleted", name=name))
    return redirect(url_for("admin.webhooks"))
