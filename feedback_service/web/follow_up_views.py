"""`/follow-ups`: the supervisor's list of unhappy callers to call back, and closing one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from feedback_service.coaching.follow_up_outcomes import due_at
from feedback_service.coaching.presentation import alphabetical_key
from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.follow_ups.queue import (
    PAGE_SIZE,
    WAITING,
    CallBack,
    QueueFilter,
    count_follow_ups,
    find_follow_up,
    follow_up_queue,
    mark_follow_up,
)
from feedback_service.settings import current_settings
from feedback_service.staff.models import Agent
from feedback_service.surveys.models import FollowUpStatus
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.web.access import is_supervisor, refuse, signed_in, supervised_team_ids
from feedback_service.web.blueprints import pages
from feedback_service.web.forms import FollowUpForm
from feedback_service.web.texts import current_language, text
from feedback_service.web.views import page_number

WON_BACK = {"yes": True, "no": False}


def _supervisors_only() -> None:
    if not is_supervisor():
        refuse()


def _agents_to_filter_by(team_ids: list[int] | None) -> list[Agent]:
    stmt = sa.select(Agent).order_by(Agent.handle)
    if team_ids is not None:
        stmt = stmt.where(Agent.team_id.in_(team_ids))
    # In the reader's alphabet (Å, Ä, Ö after Z in Swedish), as on the team page: a database
    # sorts by its own collation, which is not the reader's.
    language = current_language()
    return sorted(db.session.scalars(stmt), key=lambda a: alphabetical_key(a.name, language))


def _due_times(items: list[Any]) -> dict[int, datetime]:
    settings = current_settings()
    working = settings.working_week
    zone = settings.zone
    return {item.id: due_at(item.created_at, settings.follow_up_hours, working, zone)
            for item in items}


@pages.get("/follow-ups")
@login_required
def follow_ups() -> ResponseReturnValue:
    """Unhappy callers waiting for a call back in the supervisor's teams, the longest wait
    first, with when each is due; `?show=resolved` lists the closed ones, `?agent=` narrows."""
    _supervisors_only()
    team_ids = supervised_team_ids()
    agents = _agents_to_filter_by(team_ids)
    show_resolved = request.args.get("show") == "resolved"
    chosen_agent = next((a for a in agents if a.handle == request.args.get("agent")), None)
    chosen = QueueFilter(team_ids, [FollowUpStatus.RESOLVED] if show_resolved else WAITING,
                         chosen_agent.id if chosen_agent else None)
    page = page_number()
    items = follow_up_queue(db.session, chosen, page=page)
    total = count_follow_ups(db.session, chosen)
    return render_template(
        "web/follow_ups.html", items=items, show_resolved=show_resolved, agents=agents,
        chosen_agent=chosen_agent, page=page, pages=max(1, -(-total // PAGE_SIZE)), total=total,
        due=_due_times(items), now=utcnow(), reasons=load_catalogue().reasons,
        filter_args={k: v for k, v in (("show", "resolved" if show_resolved else None),
                                       ("agent", chosen_agent.handle if chosen_agent else None))
                     if v},
    )


@pages.post("/follow-ups/<int:follow_up_id>")
@login_required
def update_follow_up(follow_up_id: int) -> ResponseReturnValue:
    """Record a call back: contacted, or resolved with the cause found and whether the customer
    was won back."""
    _supervisors_only()
    follow_up = find_follow_up(db.session, follow_up_id, supervised_team_ids())
    if follow_up is None:
        refuse()
    form = FollowUpForm()
    form.confirmed_reason.choices = ["", *(r.code for r in load_catalogue().reasons)]
    back = redirect(url_for("pages.follow_ups", _anchor=f"follow-up-{follow_up_id}"))
    if not form.validate_on_submit():
        flash(text("follow_up_invalid"), "error")
        return back
    with unit_of_work(db.session):
        mark_follow_up(follow_up, CallBack(
            status=FollowUpStatus(form.status.data), note=form.note.data or "",
            confirmed_reason=form.confirmed_reason.data or None,
            won_back=WON_BACK.get(form.won_back.data or "")), signed_in().user.id, utcnow())
    flash(text("saved"))
    return back
