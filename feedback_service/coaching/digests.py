"""The weekly coaching digest for supervisors and the weekly summary for each agent.

One trip: find who is still owed this week's mail (`digest_sending`), read and compile every
team's and agent's week in one descent (`digest_figures`), then render each mail from those
figures (`digest_mails`) and mark and queue it (`digest_sending`) without reading again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from feedback_service.coaching.digest_figures import DigestFigures, read_digest_figures
from feedback_service.coaching.digest_mails import render_agent_summary, render_weekly_digest
from feedback_service.coaching.digest_sending import (
    AGENT,
    SUPERVISOR,
    CompiledDigest,
    DigestReport,
    agents_waiting,
    mark_and_queue_all,
    supervisors_waiting,
)
from feedback_service.coaching.first_screen import TeamFirstScreen
from feedback_service.coaching.mail_rendering import mail_language
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.extensions import db
from feedback_service.settings import Settings
from feedback_service.staff.models import Agent, Team, User

log = logging.getLogger(__name__)


def rendered_digests(figures: DigestFigures, supervisors: Sequence[tuple[User, list[Team]]],
                     agents: Sequence[Agent], settings: Settings) -> Iterator[CompiledDigest]:
    """One digest per supervisor, covering every team they supervise that has agents, then
    each agent's own summary for those with a surveyed call that week; one at a time, so only
    the mails of one outbox transaction are held at once."""
    charts: dict[tuple[str, str], tuple[TeamFirstScreen, str | None]] = {}
    for supervisor, teams in supervisors:
        team_weeks = [figures.teams[team.id] for team in teams]
        mail = render_weekly_digest(team_weeks, figures,
                                    mail_language(supervisor.language, settings), settings,
                                    reader=supervisor.name, charts=charts)
        quotes = [response_id for team in team_weeks for agent in team.agents
                  for response_id in agent.quoted]
        yield CompiledDigest(SUPERVISOR, supervisor.email, mail, quotes,
                             team_id=teams[0].id if len(teams) == 1 else None)
    for agent in agents:
        if (own := figures.own_weeks.get(agent.id)) is None:
            continue
        mail = render_agent_summary(own, figures, mail_language(own.language, settings),
                                    settings)
        yield CompiledDigest(AGENT, str(agent.email), mail, own.quoted,
                             team_id=agent.team_id, agent_id=agent.id)


def queue_weekly_digests(week: IsoWeek, settings: Settings) -> DigestReport:
    """Queue the week's supervisor digests and agent summaries that no run has queued yet.

    The week is read once for every team and agent either audience needs, each agent's week
    built once for both mails, and the mails marked and queued in bulk.
    """
    report = DigestReport(week)
    supervisors = supervisors_waiting(week, report)
    agents = agents_waiting(week, report)
    if supervisors or agents:
        teams = list({team.id: team for _, teams in supervisors for team in teams}.values())
        figures = read_digest_figures(db.session, week, settings, teams=teams, agents=agents)
        # The agents, teams and supervisors read above are only read: committing a chunk of
        # mails must not expire them, or the next chunk would load each one again.
        session = db.session()
        expiring, session.expire_on_commit = session.expire_on_commit, False
        try:
            mark_and_queue_all(week, rendered_digests(figures, supervisors, agents, settings),
                               report)
        finally:
            session.expire_on_commit = expiring
    log.info("digests for %s: %d queued, %d queued by an earlier run", week,
             len(report.queued), len(report.already_sent))
    return report
