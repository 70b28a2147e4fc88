"""`feedback-service`: the commands of `flask --app feedback_service`, from any folder."""

from __future__ import annotations

from flask.cli import FlaskGroup


def main() -> None:
    from feedback_service import create_app

    FlaskGroup(
        name="feedback-service",
        create_app=create_app,
        help="Post-call feedback for telephone customer service: its commands.",
    ).main(prog_name="feedback-service")
