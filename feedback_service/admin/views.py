"""`/admin`: the admin's start page, the settings in force and the Twilio set-up."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from feedback_service.admin.settings_in_force import settings_in_force
from feedback_service.admin.twilio_setup import WebhookPaths, console_fields
from feedback_service.extensions import db, login_manager
from feedback_service.settings import current_settings
from feedback_service.staff.models import Agent
from feedback_service.surveys.sms_texts import texts_split_by
from feedback_service.web.access import refuse, signed_in
from feedback_service.web.blueprints import share_page_behaviour
from feedback_service.web.texts import current_language

admin = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
share_page_behaviour(admin)


@admin.before_request
def admins_only() -> ResponseReturnValue | None:
    """Logged out: to the login page; logged in but not an admin: the same 404 as any page
    one may not see."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not signed_in().is_admin:
        refuse()
    return None


@admin.get("")
def index() -> ResponseReturnValue:
    """What an admin can set up here, one link each."""
    return render_template("admin/index.html")


@admin.get("/settings")
def settings() -> ResponseReturnValue:
    """The survey and service settings this deployment runs with; secrets only as set or not."""
    # The URL actually used, not an empty setting that stands for the SQLite default.
    groups = settings_in_force(current_settings(), current_language(),
                               database_url=current_app.config["SQLALCHEMY_DATABASE_URI"])
    company = current_settings().company_name or None
    return render_template("admin/settings.html", groups=groups,
                           company=company, sms_split=texts_split_by(company))


@admin.get("/twilio")
def twilio() -> ResponseReturnValue:
    """Which URL goes in which Twilio console field, under this deployment's PUBLIC_BASE_URL."""
    settings = current_settings()
    base_url = settings.public_base_url
    example = db.session.scalar(sa.select(Agent.handle).where(Agent.active.is_(True))
                                .order_by(Agent.handle).limit(1))
    paths = WebhookPaths(
        connect=url_for("voice.connect"), after_call=url_for("voice.after_call"),
        voice_status=url_for("voice.status"), sms_inbound=url_for("sms.inbound"),
        sms_status=url_for("sms.status"), call_ended=url_for("call_ended.call_ended_hook"),
    )
    return render_template(
        "admin/twilio.html",
        base_url=base_url,
        fields=console_fields(base_url, paths, example or "HANDLE",
                              bool(settings.pbx_webhook_secret)),
        https=base_url.startswith("https://"),
        token_set=bool(settings.twilio_auth_token),
        example_handle=example,
    )
