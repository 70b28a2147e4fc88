"""A reason spike told to its owner: a `reason.spike` webhook and a chat alert, for each process
or outside reason that spiked in the whole company or in one team.

What counts as a spike is decided in `figures.reason_spikes` (with the coaching signals'
discipline against false alarms); this module only tells, in the caller's transaction, once
per reason, scope and week however often it is called.
"""

from __future__ import annotations

import sqlalchemy as sa

from feedback_service.causes.figures import ReasonSpike
from feedback_service.causes.reading import spikes_of_every_team, week_spikes
from feedback_service.coaching.read_model import Scope
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import AnySession, unit_of_work
from feedback_service.languages import percent
from feedback_service.outgoing.alert_texts import alert_texts
from feedback_service.outgoing.alerts import alert_urls_for, queue_alert, team_language
from feedback_service.outgoing.models import EventType
from feedback_service.outgoing.webhooks import publish
from feedback_service.settings import Settings, current_settings
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import ReasonOwner, load_catalogue


def announce_week_spikes(session: AnySession, week: IsoWeek, settings: Settings) -> int:
    """Announce every spike of `week`, company-wide and team by team; returns how many outbox
    messages were queued now (a week announced before queues nothing again)."""
    catalogue = load_catalogue()
    found: list[tuple[str | None, list[ReasonSpike]]] = [
        (None, week_spikes(session, Scope(), week, settings.zone, catalogue,
                           settings.min_responses))]
    by_team = spikes_of_every_team(session, week, settings.zone, catalogue,
                                   settings.min_responses)
    spiked = [team for team, spikes in by_team.items() if spikes]
    if spiked:
        found += [(team.slug, by_team[team.id]) for team in session.scalars(
            sa.select(Team).where(Team.id.in_(spiked)).order_by(Team.slug))]
    queued = 0
    for slug, spikes in found:
        with unit_of_work(session):
            for spike in spikes:
                queued += announce_reason_spike(session, spike, week, team=slug)
    return queued


def spike_as_json(spike: ReasonSpike, week: IsoWeek, team: str | None) -> dict[str, object]:
    """The `reason.spike` event's data."""
    return {"reason": spike.code, "owner": str(spike.owner), "team": team, "week": str(week),
            "count": spike.with_reason, "answers": spike.answers, "share": spike.share,
            "history_share": spike.expected_share}


def announce_reason_spike(session: AnySession, spike: ReasonSpike, week: IsoWeek, *,
                          team: str | None) -> int:
    """Queue the `reason.spike` webhook and the owner's chat alert for a spike in `week` of the
    team with slug `team` (None: the whole company); returns how many outbox messages were
    queued (none twice for one reason, scope and week)."""
    if spike.owner == ReasonOwner.AGENT:  # coached with the agent, never told to a channel
        raise ValueError("a reason spike concerns a process or outside reason")
    settings = current_settings()
    identity = f"spike-{week}-{team or 'company'}-{spike.code}"
    queued = publish(session, EventType.REASON_SPIKE, spike_as_json(spike, week, team),
                     event_id=identity)
    found_team = session.scalar(sa.select(Team).where(Team.slug == team)) if team else None
    urls = alert_urls_for(found_team, settings)
    if not urls:
        return queued
    language = team_language(found_team, settings)
    t = alert_texts(language)
    reason = load_catalogue().by_code(spike.code)
    label = reason.label(language) if reason else spike.code
    lines = [
        t["chat_spike"].format(reason=label, share=percent(spike.share, language),
                               week=str(week), count=spike.with_reason, answers=spike.answers,
                               history=percent(spike.expected_share, language)),
        t["chat_spike_team"].format(team=found_team.name) if found_team
        else t["chat_spike_company"],
        t["chat_spike_outside"] if spike.owner == ReasonOwner.OUTSIDE
        else t["chat_spike_process"],
    ]
    return queued + queue_alert(session, f"chat:{identity}", urls,
                                t["chat_spike_title"].format(reason=label), "\n".join(lines),
                                purpose="chat_reason_spike")
