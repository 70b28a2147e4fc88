"""Announcing a reason spike: a webhook event and a chat alert to the reason's owner.

What counts as a spike is decided elsewhere (with the coaching signals' discipline against
false alarms); this module only tells. `announce_reason_spike` queues both in the caller's
transaction, once per reason, scope and week however often it is called.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import sqlalchemy as sa

from feedback_service.database import AnySession
from feedback_service.languages import percent
from feedback_service.outgoing.alert_texts import alert_texts
from feedback_service.outgoing.alerts import alert_urls_for, queue_alert, team_language
from feedback_service.outgoing.models import EventType
from feedback_service.outgoing.webhooks import publish
from feedback_service.settings import current_settings
from feedback_service.staff.models import Team
from feedback_service.surveys.reasons import ReasonOwner, load_catalogue


@dataclass(frozen=True)
class ReasonSpike:
    """A `process` or `outside` reason whose share this week is far above its own history."""

    reason: str  # its code in config/reasons.toml
    owner: ReasonOwner  # process or outside: a spike never concerns one agent
    team: str | None  # the team's slug; None: the whole company
    week: str  # ISO week, "2026-W47"
    count: int  # answers giving the reason this week
    answers: int  # every answer in scope this week
    share: float  # count / answers
    history_share: float  # the reason's share in the weeks before


def spike_as_json(spike: ReasonSpike) -> dict[str, object]:
    """The `reason.spike` event's data."""
    return asdict(spike) | {"owner": str(spike.owner)}


def announce_reason_spike(session: AnySession, spike: ReasonSpike) -> int:
    """Queue the `reason.spike` webhook and the owner's chat alert; returns how many outbox
    messages were queued (none twice for one reason, scope and week)."""
    if spike.owner == ReasonOwner.AGENT:  # coached with the agent, never told to a channel
        raise ValueError("a reason spike concerns a process or outside reason")
    settings = current_settings()
    identity = f"spike-{spike.week}-{spike.team or 'company'}-{spike.reason}"
    queued = publish(session, EventType.REASON_SPIKE, spike_as_json(spike), event_id=identity)
    team = session.scalar(sa.select(Team).where(Team.slug == spike.team)) if spike.team else None
    urls = alert_urls_for(team, settings)
    if not urls:
        return queued
    language = team_language(team, settings)
    t = alert_texts(language)
    found = load_catalogue().by_code(spike.reason)
    label = found.label(language) if found else spike.reason
    lines = [
        t["chat_spike"].format(reason=label, share=percent(spike.share, language),
                               week=spike.week, count=spike.count, answers=spike.answers,
                               history=percent(spike.history_share, language)),
        t["chat_spike_team"].format(team=team.name) if team else t["chat_spike_company"],
        t["chat_spike_outside"] if spike.owner == ReasonOwner.OUTSIDE
        else t["chat_spike_process"],
    ]
    return queued + queue_alert(session, f"chat:{identity}", urls,
                                t["chat_spike_title"].format(reason=label), "\n".join(lines),
                                purpose="chat_reason_spike")
