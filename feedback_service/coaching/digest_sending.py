"""Sending a week's digests: who is still owed one, and queueing each mail in the outbox.

Each mail is marked in `digest_runs` (unique on week, audience and recipient) in the same
transaction that puts it in the outbox, a few hundred recipients at a time. A second run for
the same week therefore queues nothing, a run that stopped half way queues only the rest, and
the outbox retries what an SMTP server could not take.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from feedback_service.coaching.mail_rendering import Mail
from feedback_service.coaching.models import DigestRun
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import unit_of_work, utcnow
from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxChannel, OutboxMessage, OutboxQuote
from feedback_service.outbox.queue import enqueue_email
from feedback_service.staff.models import Agent, Team, User

SUPERVISOR = "supervisor"
AGENT = "agent"


def digest_key(week: IsoWeek, audience: str, email: str) -> str:
    """The outbox idempotency key of one weekly mail."""
    return f"digest:{week}:{audience}:{email}"


def _marked_recipients(week: IsoWeek, audience: str) -> set[str]:
    """Who an earlier run already marked for this week and audience."""
    return set(db.session.scalars(
        sa.select(DigestRun.recipient_email).where(DigestRun.week == str(week),
                                                   DigestRun.audience == audience)
    ))


def mark_and_queue_digest(week: IsoWeek, audience: str, email: str, mail: Mail, *,
                    quotes: list[int], team_id: int | None = None,
                    agent_id: int | None = None) -> bool:
    """Mark the digest and queue its mail in one unit of work; False when it was already marked."""
    try:
        with unit_of_work(db.session):
            run = DigestRun(week=str(week), audience=audience, recipient_email=email,
                            team_id=team_id, agent_id=agent_id)
            db.session.add(run)
            db.session.flush()
            message = enqueue_email(digest_key(week, audience, email), to=email,
                                    subject=mail.subject, text=mail.text, html=mail.html,
                                    purpose=f"digest_{audience}", quotes=quotes)
            db.session.flush()
            run.outbox_message_id = message.id
    except IntegrityError:
        # Another run marked it first (two commands at once): theirs is the one that goes.
        return False
    return True


@dataclass(frozen=True)
class CompiledDigest:
    """One weekly mail, compiled and ready to be marked and queued."""

    audience: str
    email: str
    mail: Mail
    quotes: list[int]
    team_id: int | None = None
    agent_id: int | None = None


# Mails marked and queued per transaction: a crash loses at most this many to the next run,
# never sends one twice, and each transaction stays short.
QUEUED_AT_ONCE = 500
# And at most this many characters of mail per transaction: a supervisor's digest of twenty
# agents is some 180,000 characters, so 500 of them would hold a hundred megabytes at once.
QUEUED_CHARACTERS_AT_ONCE = 4_000_000


def _insert_marked(week: IsoWeek, digests: Sequence[CompiledDigest]) -> None:
    """Insert the digests' outbox rows, their quotes and their marks, a statement each."""
    now = utcnow()
    rows = db.session.execute(
        sa.insert(OutboxMessage).returning(OutboxMessage.id, OutboxMessage.idempotency_key),
        [{"idempotency_key": digest_key(week, d.audience, d.email),
          "channel": OutboxChannel.EMAIL, "purpose": f"digest_{d.audience}",
          "recipient": d.email, "subject": d.mail.subject, "body": d.mail.text,
          "html_body": d.mail.html, "not_before": now} for d in digests])
    message_ids = {key: message_id for message_id, key in rows}
    quotes = [{"outbox_message_id": message_ids[digest_key(week, d.audience, d.email)],
               "response_id": response_id}
              for d in digests for response_id in dict.fromkeys(d.quotes)]
    if quotes:
        db.session.execute(sa.insert(OutboxQuote), quotes)
    db.session.execute(sa.insert(DigestRun), [
        {"week": str(week), "audience": d.audience, "recipient_email": d.email,
         "team_id": d.team_id, "agent_id": d.agent_id,
         "outbox_message_id": message_ids[digest_key(week, d.audience, d.email)]}
        for d in digests])


def _in_chunks(digests: Iterable[CompiledDigest]) -> Iterator[list[CompiledDigest]]:
    """The digests a transaction at a time: QUEUED_AT_ONCE of them, or fewer when their mails
    reach QUEUED_CHARACTERS_AT_ONCE."""
    chunk: list[CompiledDigest] = []
    characters = 0
    for digest in digests:
        chunk.append(digest)
        characters += len(digest.mail.html) + len(digest.mail.text)
        if len(chunk) == QUEUED_AT_ONCE or characters >= QUEUED_CHARACTERS_AT_ONCE:
            yield chunk
            chunk, characters = [], 0
    if chunk:
        yield chunk


def mark_and_queue_all(week: IsoWeek, digests: Iterable[CompiledDigest],
                        report: DigestReport) -> None:
    """Mark and queue the digests QUEUED_AT_ONCE to a transaction, as they are compiled, so
    only that many mails are held in memory at a time.

    A transaction in which another run marked one of the recipients first (two commands at
    once) is rolled back and done again one mail at a time, so only that one is left out.
    """
    for chunk in _in_chunks(digests):
        try:
            with unit_of_work(db.session):
                _insert_marked(week, chunk)
        except IntegrityError:
            for digest in chunk:
                queued = mark_and_queue_digest(week, digest.audience, digest.email, digest.mail,
                                         quotes=digest.quotes, team_id=digest.team_id,
                                         agent_id=digest.agent_id)
                (report.queued if queued else report.already_sent).append(digest.email)
        else:
            report.queued.extend(digest.email for digest in chunk)


@dataclass
class DigestReport:
    """What a run did: mails queued now, and recipients whose mail an earlier run queued."""

    week: IsoWeek
    queued: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)


def _supervisors() -> list[User]:
    # Their teams, the teams' agents and the agents' logins come with them, not a query each.
    return list(db.session.scalars(
        sa.select(User).where(User.supervised_teams.any(), User.active.is_(True))
        .options(selectinload(User.supervised_teams).selectinload(Team.agents)
                 .selectinload(Agent.user))
        .order_by(User.email)
    ))


def supervisors_waiting(week: IsoWeek, report: DigestReport) -> list[tuple[User, list[Team]]]:
    """The supervisors no run has mailed this week's digest yet, with their teams that have
    agents."""
    marked = _marked_recipients(week, SUPERVISOR)
    waiting = []
    for supervisor in _supervisors():
        if supervisor.email in marked:
            report.already_sent.append(supervisor.email)
        elif teams := [team for team in supervisor.supervised_teams if team.agents]:
            waiting.append((supervisor, teams))
    return waiting


def agents_waiting(week: IsoWeek, report: DigestReport) -> list[Agent]:
    """The active agents with an e-mail that no run has sent this week's summary yet."""
    agents = list(db.session.scalars(
        sa.select(Agent).where(Agent.email.is_not(None), Agent.active.is_(True))
        .options(selectinload(Agent.team), selectinload(Agent.user))
        .order_by(Agent.handle)
    ))
    marked = _marked_recipients(week, AGENT)
    report.already_sent.extend(str(a.email) for a in agents if a.email in marked)
    return [agent for agent in agents if agent.email not in marked]
