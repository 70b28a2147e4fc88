"""Commands whose modules load only when the command runs, and Flask-Migrate likewise.

Every process serving the service builds the app, commands and all. Some commands import
heavy libraries: `flask db` Flask-Migrate with Alembic and Mako (about 11 MB), the scheduler
and the privacy commands the Twilio SDK with requests, the scheduler APScheduler. A web or
export process that runs none of them should not hold them: the app registers stand-ins that
import the real command when it runs, and a stand-in for Flask-Migrate that sets up the real
extension the first time a migration reads it.
"""

from __future__ import annotations

import importlib
from typing import Any

import click
from flask import Flask


class LazyCommand(click.Command):
    """Stands for the command `target` ("module:name") under `name`, imported when it runs."""

    def __init__(self, name: str, target: str, help: str) -> None:
        super().__init__(name, help=help)
        self.target = target

    def loaded(self) -> click.Command:
        module, name = self.target.split(":")
        command: click.Command = getattr(importlib.import_module(module), name)
        return command

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # The context is the real command's, so click runs the real command from here on.
        return self.loaded().make_context(info_name, args, parent=parent, **extra)


LAZY_COMMANDS = (
    LazyCommand("db", "flask_migrate.cli:db", "Perform database migrations."),
    LazyCommand(
        "scheduler",
        "feedback_service.scheduler:scheduler_command",
        "Run the job scheduler: outbox, kudos, catch-up, digests, retention (one per deployment).",
    ),
    LazyCommand(
        "reasons",
        "feedback_service.causes.commands:reasons_cli",
        "Reasons and their owners: the owners' weekly mail.",
    ),
    LazyCommand(
        "privacy",
        "feedback_service.privacy.commands:privacy_cli",
        "Erasure on request and the retention run.",
    ),
    LazyCommand(
        "demo",
        "feedback_service.trial.commands:demo_command",
        "Fill an empty database with demo teams, agents, logins, eight weeks of answers, a "
        "team goal, an improvement action measured before and after, and a coaching talk.",
    ),
    LazyCommand(
        "simulate",
        "feedback_service.trial.commands:simulate_cli",
        "Play the phone system against the service.",
    ),
)


def _migrate_extension(app: Flask) -> Any:
    """Flask-Migrate set up on `app`; returns what `app.extensions["migrate"]` then holds."""
    from flask_migrate import Migrate

    from feedback_service.config_files import project_dir
    from feedback_service.extensions import db

    Migrate(
        app, db, directory=str(project_dir("migrations")), render_as_batch=True, compare_type=True
    )
    return app.extensions["migrate"]


class _MigrateOnFirstUse:
    """`app.extensions["migrate"]` until a migration reads it; then the real one takes its
    place (Flask-Migrate's commands and migrations/env.py read it there)."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(_migrate_extension(self._app), name)


def configure_migrations(app: Flask) -> None:
    app.extensions["migrate"] = _MigrateOnFirstUse(app)


def register_lazy_commands(app: Flask) -> None:
    for command in LAZY_COMMANDS:
        app.cli.add_command(command)
