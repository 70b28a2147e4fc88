"""Recording coaching talks, and what the agent's answers said after each one.

The figures come from the one read model, on the agent's own scoring rule (answers about the
process or about matters outside customer service left out), so they agree with the agent's
trend and summaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from feedback_service.coaching.read_model import AnswerCounts, Period, tally
from feedback_service.coaching.statistics import ScoreSummary
from feedback_service.coaching.summaries import Level, ordered_kinds, scored_answers
from feedback_service.coaching.talks.models import CoachingTalk
from feedback_service.database import AnySession
from feedback_service.staff.models import Agent
from feedback_service.surveys.reasons import ReasonCatalogue


@dataclass(frozen=True)
class TalkNotes:
    held_on: date
    agreed: str
    notes: str


def record_talk(session: AnySession, agent: Agent, talk: TalkNotes, recorded_by: int | None,
                now: datetime) -> CoachingTalk:
    found = CoachingTalk(agent=agent, held_on=talk.held_on, agreed=talk.agreed.strip(),
                         notes=talk.notes.strip(), recorded_by_id=recorded_by, created_at=now)
    session.add(found)
    session.flush()
    return found


def talks_of(session: AnySession, agent_id: int) -> list[CoachingTalk]:
    """The agent's talks, the latest first."""
    return list(session.scalars(
        sa.select(CoachingTalk).where(CoachingTalk.agent_id == agent_id)
        .order_by(CoachingTalk.held_on.desc(), CoachingTalk.id.desc())))


@dataclass(frozen=True)
class SinceTalk:
    """The agent's answers after a talk, one score per scale they answered on."""

    held_on: date
    scores: list[ScoreSummary]  # each with the answers it counts; withheld below the minimum


def since_talks(session: AnySession, agent_id: int, talk_days: list[date], *, through: date,
                zone: ZoneInfo, catalogue: ReasonCatalogue,
                min_responses: int) -> dict[date, SinceTalk]:
    """For each talk day, the agent's answers from the day after it through `through`.

    From the day after: a talk has a day, not a time, and that day's earlier calls came before
    it. One read: the days split the time since the first talk into periods, and each talk
    counts the periods from its own on.
    """
    starts = sorted({day + timedelta(days=1) for day in talk_days if day < through})
    found = {day: SinceTalk(day, []) for day in talk_days}
    if not starts:
        return found
    bounds = [Period.days(day, day, zone).start for day in starts]
    bounds.append(Period.days(through, through, zone).end)
    counted = tally(session, bounds, by="agent", ids=[agent_id], with_surveys=False)
    for day in talk_days:
        if day >= through:
            continue
        first = starts.index(day + timedelta(days=1))
        counts: AnswerCounts = counted.answers_in(agent_id, range(first, len(starts)))
        kinds = ordered_kinds(kind for kind, _, _ in counts)
        found[day] = SinceTalk(day, [scored_answers(Level.AGENT, kind, counts, catalogue,
                                                    min_responses)[1] for kind in kinds])
    return found
