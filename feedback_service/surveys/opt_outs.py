"""The numbers that must never be surveyed again, on any channel.

Nothing here commits: the view, job or command that calls it commits at its edge.
"""

from __future__ import annotations

import sqlalchemy as sa

from feedback_service.database import insert_if_absent, rows_changed, utcnow
from feedback_service.extensions import db
from feedback_service.surveys.models import OptOut, Survey, SurveyState


def is_opted_out(phone: str | None) -> bool:
    return (
        bool(phone)
        and db.session.execute(
            sa.select(sa.func.count()).select_from(OptOut).where(OptOut.phone == phone)
        ).scalar_one()
        > 0
    )


def opt_out(phone: str, *, keyword: str | None, source: str) -> None:
    """Put the number on the opt-out list (once, however many ask at once); close its surveys."""
    added = insert_if_absent(
        db.session,
        OptOut,
        {"phone": phone, "keyword": keyword, "source": source, "created_at": utcnow()},
        "phone",
    )
    if not added:
        return
    # Surveys still waiting for this number stop accepting answers and sending questions.
    for survey in db.session.scalars(
        sa.select(Survey).where(
            Survey.caller == phone,
            Survey.state.in_([SurveyState.SCHEDULED, SurveyState.ACTIVE]),
        )
    ):
        survey.state = SurveyState.ABANDONED


def opt_in(phone: str) -> bool:
    """Remove an opt-out; True when there was one."""
    return bool(rows_changed(db.session, sa.delete(OptOut).where(OptOut.phone == phone)))
