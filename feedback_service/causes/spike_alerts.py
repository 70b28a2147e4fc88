"""A week's reason spikes told to their owners: a `reason.spike` webhook and a chat alert for
each process or outside reason that spiked in the whole company or in one team."""

from __future__ import annotations

import sqlalchemy as sa

from feedback_service.causes.figures import ReasonSpike
from feedback_service.causes.reading import week_spikes
from feedback_service.coaching.read_model import Scope
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import AnySession, unit_of_work
from feedback_service.outgoing import spikes as announcement
from feedback_service.settings import Settings
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import load_catalogue


def announce_week_spikes(session: AnySession, week: IsoWeek, settings: Settings) -> int:
    """Announce every spike of `week`, company-wide and team by team; returns how many outbox
    messages were queued now (a week announced before queues nothing again)."""
    catalogue = load_catalogue()
    scopes: list[tuple[Scope, str | None]] = [(Scope(), None)]
    scopes += [(Scope(team_id=team.id), team.slug)
               for team in session.scalars(sa.select(Team).order_by(Team.slug))]
    queued = 0
    for scope, slug in scopes:
        found = week_spikes(session, scope, week, settings.zone, catalogue,
                            settings.min_responses)
        with unit_of_work(session):
            for spike in found:
                queued += announcement.announce_reason_spike(
                    session, _told(spike, week, slug))
    return queued


def _told(spike: ReasonSpike, week: IsoWeek, team: str | None) -> announcement.ReasonSpike:
    return announcement.ReasonSpike(
        reason=spike.code, owner=spike.owner, team=team, week=str(week),
        count=spike.with_reason, answers=spike.answers, share=spike.share,
        history_share=spike.expected_share)
