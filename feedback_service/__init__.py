"""Post-call feedback for telephone customer service."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from feedback_service.settings_loading import load_settings
from feedback_service.startup_checks import check_at_start


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the web application; `overrides` take setting names without the `FEEDBACK_` prefix."""
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    check_at_start(load_settings(app, overrides))
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_outbox_hooks(app)
    return app


def configure_logging(app: Flask) -> None:
    from feedback_service.log_privacy import keep_phone_numbers_out_of_logs
    from feedback_service.settings import settings_of
    from feedback_service.structured_logs import configure_log_format

    keep_phone_numbers_out_of_logs()
    configure_log_format(settings_of(app).log_format)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # The outbox job runs every few seconds: a line per run would bury everything else; and
    # the scheduler's own start-up lines ("Adding job tentatively", ...) say nothing useful.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    logging.getLogger("apscheduler.scheduler").setLevel(logging.WARNING)


def register_extensions(app: Flask) -> None:
    from feedback_service import models  # noqa: F401  (every table, for migrations)
    from feedback_service.database_engine import configure_engine
    from feedback_service.extensions import csrf, db
    from feedback_service.http_guards import configure_http_guards
    from feedback_service.lazy_commands import configure_migrations
    from feedback_service.request_log import configure_request_log
    from feedback_service.web.auth import configure_login
    from feedback_service.web.texts import configure_languages

    # First, so that no other extension reads a body before its size is checked.
    configure_http_guards(app)
    # Its before_request goes ahead of the guards', so a refused request is timed and logged.
    configure_request_log(app)
    db.init_app(app)
    configure_migrations(app)
    csrf.init_app(app)
    configure_engine(app)
    configure_login(app)
    configure_languages(app)


def register_blueprints(app: Flask) -> None:
    from feedback_service.admin import (  # noqa: F401  (their routes join `admin`)
        directory_views,
        webhook_views,
    )
    from feedback_service.admin.views import admin
    from feedback_service.api import (
        causes,  # noqa: F401  (its routes join the `api` blueprint)
        goals,  # noqa: F401  (its routes join the `api` blueprint)
        results,  # noqa: F401  (its routes join the `api` blueprint)
        webhooks,  # noqa: F401  (its routes join `api`)
    )
    from feedback_service.api.views import api
    from feedback_service.health import health
    from feedback_service.metrics.views import metrics
    from feedback_service.telephony.phone_system_hook import call_ended
    from feedback_service.telephony.sms import sms
    from feedback_service.telephony.voice import voice
    from feedback_service.web import (
        cause_views,  # noqa: F401  (its routes join `pages`)
        follow_up_views,  # noqa: F401  (its routes join `pages`)
        password_views,  # noqa: F401  (its routes join `auth`)
    )
    from feedback_service.web.error_pages import configure_error_pages
    from feedback_service.web.login_views import auth
    from feedback_service.web.views import pages

    app.register_blueprint(health)
    app.register_blueprint(metrics)
    app.register_blueprint(api)
    app.register_blueprint(voice)
    app.register_blueprint(sms)
    app.register_blueprint(call_ended)
    app.register_blueprint(auth)
    app.register_blueprint(pages)
    app.register_blueprint(admin)
    configure_error_pages(app)


def register_outbox_hooks(app: Flask) -> None:
    """The outbox imports none of its callers: they tell it what to do around a send."""
    from feedback_service.outbox.hooks import hooks_of
    from feedback_service.outgoing import hooks as outgoing_hooks
    from feedback_service.settings import settings_of
    from feedback_service.surveys import outbox_hooks
    from feedback_service.telephony import delivery_reports

    outbox_hooks.register(hooks_of(app), settings_of(app))
    delivery_reports.register(app)
    outgoing_hooks.register(hooks_of(app))


def register_commands(app: Flask) -> None:
    from feedback_service.coaching.commands import digests_cli
    from feedback_service.lazy_commands import register_lazy_commands
    from feedback_service.outbox.commands import outbox_cli
    from feedback_service.staff.commands import agents_cli, teams_cli, users_cli

    for command in (teams_cli, agents_cli, users_cli, outbox_cli, digests_cli):
        app.cli.add_command(command)
    # `flask db`, scheduler, privacy, demo and simulate: imported when they run.
    register_lazy_commands(app)
