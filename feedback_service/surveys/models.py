"""Calls, the surveys they trigger, the answers given, opt-outs and follow-ups."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_service.database import Base, one_of, partial_index, utcnow
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys.eligibility import SkipReason
from feedback_service.surveys.flow import Step
from feedback_service.surveys.scoring import Category, SurveyKind


class Channel(enum.StrEnum):
    IVR = "ivr"
    SMS = "sms"


class SurveyState(enum.StrEnum):
    SKIPPED = "skipped"  # not eligible; `skip_reason` says why
    SCHEDULED = "scheduled"  # SMS survey waiting in the outbox
    ACTIVE = "active"  # a question has been asked and answers are accepted
    COMPLETED = "completed"
    ABANDONED = "abandoned"  # the caller hung up or stopped answering mid-way
    EXPIRED = "expired"


class Call(Base):
    """One customer-service call as the phone system reported it."""

    __tablename__ = "calls"
    __table_args__ = (
        sa.UniqueConstraint("provider", "provider_call_id"),
        # The retention run finds the old calls that still hold a number: only those are in
        # the index, so the nightly run reads a day's calls, not the whole history.
        partial_index("ix_calls_started_at_with_caller", "started_at", "caller IS NOT NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(sa.String(20))  # "twilio" or "pbx"
    provider_call_id: Mapped[str] = mapped_column(sa.String(128))
    caller: Mapped[str | None] = mapped_column(sa.String(32), index=True)  # E.164
    called: Mapped[str | None] = mapped_column(sa.String(200))
    agent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agents.id"), index=True)
    topic: Mapped[str | None] = mapped_column(sa.String(100))
    language: Mapped[str | None] = mapped_column(sa.String(5))
    answered: Mapped[bool | None]
    status: Mapped[str | None] = mapped_column(sa.String(32))
    duration_seconds: Mapped[int | None]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    agent: Mapped[Agent | None] = relationship()
    survey: Mapped[Survey | None] = relationship(back_populates="call")


class Survey(Base):
    """The survey a call triggered, or the recorded decision not to run one."""

    __tablename__ = "surveys"
    __table_args__ = (
        # The read model counts sent surveys per agent or team and call week.
        sa.Index("ix_surveys_agent_call_ended", "agent_id", "call_ended_at"),
        sa.Index("ix_surveys_team_call_ended", "team_id", "call_ended_at"),
        sa.Index("ix_surveys_caller_key_call_ended", "caller_key", "call_ended_at"),
        # Every team's and agent's surveys of a week (the summaries API, the digests).
        sa.Index("ix_surveys_call_ended_at", "call_ended_at"),
        # The retention run's: old surveys that still hold a number.
        partial_index("ix_surveys_created_at_with_caller", "created_at", "caller IS NOT NULL"),
        one_of("channel", Channel),
        one_of("kind", SurveyKind),
        one_of("state", SurveyState),
        one_of("step", Step),
        one_of("skip_reason", SkipReason),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), unique=True)
    agent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agents.id"))
    # The agent's team when the call was taken: moving an agent later does not move the call.
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"))
    caller: Mapped[str | None] = mapped_column(sa.String(32), index=True)  # E.164
    # A keyed hash of the caller's number (phone_numbers.caller_key): it finds a caller's
    # repeat contacts, and survives the retention run that erases the number itself.
    caller_key: Mapped[str | None] = mapped_column(sa.String(64))
    # The caller called again within REPEAT_CONTACT_DAYS: not resolved at first contact.
    repeat_contact: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[str] = mapped_column(sa.String(10))
    kind: Mapped[str] = mapped_column(sa.String(10))
    language: Mapped[str] = mapped_column(sa.String(5))
    state: Mapped[str] = mapped_column(sa.String(20), index=True)
    step: Mapped[str] = mapped_column(sa.String(20), default="score")
    attempts: Mapped[int] = mapped_column(default=0)  # failed tries at the current step
    skip_reason: Mapped[str | None] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # When the call with the agent ended: the moment that puts the survey, and its answer, in a
    # week. One rule everywhere, so pages, digests and the API agree on every count.
    call_ended_at: Mapped[datetime] = mapped_column(default=utcnow)
    asked_at: Mapped[datetime | None]
    # When the first question reached the caller: said on the line, or the SMS handed to the
    # provider. A text that comes before it (quiet hours) answers nothing.
    question_sent_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]

    call: Mapped[Call] = relationship(back_populates="survey")
    agent: Mapped[Agent | None] = relationship()
    response: Mapped[Response | None] = relationship(back_populates="survey")


class Response(Base):
    """What the caller answered; written step by step, so a hang-up keeps what was given."""

    __tablename__ = "responses"
    __table_args__ = (
        # An agent's and a team's counts by week, month or quarter (their pages' trends and
        # figures, a year of history) come from these indexes alone: a year of one agent's or
        # one team's answers lies on nearly every page of the table. Each holds the other's
        # id, as a team's agents are counted with the team (tally_teams_and_agents), and the
        # survey's, which its survey decisions are joined on; the team's, what its driver
        # table counts too (praise and topic).
        sa.Index("ix_responses_agent_counts", "agent_id", "call_ended_at", "team_id", "kind",
                 "category", "reason", "survey_id"),
        sa.Index("ix_responses_team_counts", "team_id", "call_ended_at", "agent_id", "kind",
                 "category", "reason", "survey_id", "praise", "topic"),
        # Every column a week's counts group by: the counts come from the index alone.
        sa.Index("ix_responses_call_ended_counts", "call_ended_at", "agent_id", "team_id", "kind",
                 "category", "reason"),
        # The retention run's: answers not erased yet, and erased ones whose recording Twilio
        # could not delete then.
        partial_index("ix_responses_received_at_not_anonymised", "received_at",
                      "anonymised_at IS NULL"),
        partial_index("ix_responses_recording_kept", "id",
                      "anonymised_at IS NOT NULL AND recording_sid IS NOT NULL"),
        one_of("channel", Channel),
        one_of("kind", SurveyKind),
        one_of("category", Category),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("surveys.id"), unique=True)
    call_id: Mapped[int] = mapped_column(sa.ForeignKey("calls.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agents.id"))
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"))
    # The survey's call_ended_at, kept here so that reads need no join.
    call_ended_at: Mapped[datetime] = mapped_column(default=utcnow)
    topic: Mapped[str | None] = mapped_column(sa.String(100))
    channel: Mapped[str] = mapped_column(sa.String(10))
    kind: Mapped[str] = mapped_column(sa.String(10))
    score: Mapped[int | None]
    category: Mapped[str | None] = mapped_column(sa.String(12))
    reason: Mapped[str | None] = mapped_column(sa.String(40))
    # What went well (a code from config/praise.toml), asked after a positive answer.
    praise: Mapped[str | None] = mapped_column(sa.String(40))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    recording_url: Mapped[str | None] = mapped_column(sa.String(500))
    recording_sid: Mapped[str | None] = mapped_column(sa.String(64))
    recording_seconds: Mapped[int | None]
    raw_inputs: Mapped[list[Any]] = mapped_column(default=list)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    anonymised_at: Mapped[datetime | None]

    survey: Mapped[Survey] = relationship(back_populates="response")
    call: Mapped[Call] = relationship()
    agent: Mapped[Agent | None] = relationship()
    team: Mapped[Team | None] = relationship()
    follow_up: Mapped[FollowUp | None] = relationship(back_populates="response")


class OptOut(Base):
    """A number that must never be surveyed again, on any channel."""

    __tablename__ = "opt_outs"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(sa.String(32), unique=True)  # E.164
    keyword: Mapped[str | None] = mapped_column(sa.String(20))
    source: Mapped[str] = mapped_column(sa.String(20))  # sms, ivr, twilio-21610, api
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuarantineWindow(Base):
    """A caller's quarantine: until `ends_at`, no other survey begins for them.

    One row per caller, by the keyed hash of their number, claimed by one statement that only
    succeeds when no window is open: calls from one caller that end at the same moment each
    read that nobody asked them lately, but the database lets only one of them claim it.
    """

    __tablename__ = "quarantine_windows"

    caller_key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    ends_at: Mapped[datetime]


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    CONTACTED = "contacted"
    RESOLVED = "resolved"


# A caller still waits for a call back until the follow-up is resolved.
WAITING_STATUSES = (FollowUpStatus.OPEN, FollowUpStatus.CONTACTED)
# The same, as the condition of a partial index.
_WAITING = "status IN ({})".format(", ".join(f"'{status.value}'" for status in WAITING_STATUSES))


class FollowUp(Base):
    """An unhappy answer waiting for a supervisor to call the customer back."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        # The retention run's: handled follow-ups whose note is still there.
        partial_index("ix_follow_ups_handled_at_with_note", "handled_at", "note IS NOT NULL"),
        # The team page's and the digests': a team's callers waiting for a call back, and
        # since when, read from the few entries waiting rather than joined to every answer.
        sa.Index("ix_follow_ups_waiting_team", "team_id", "created_at",
                 postgresql_where=sa.text(_WAITING), sqlite_where=sa.text(_WAITING)),
        one_of("status", FollowUpStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id"), unique=True)
    # The team of the answer's call, as the answer keeps it (it never changes): written with
    # the follow-up, so a team's follow-ups are found without their answers.
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"))
    status: Mapped[str] = mapped_column(sa.String(20), default=FollowUpStatus.OPEN, index=True)
    note: Mapped[str | None] = mapped_column(sa.Text)
    # What the call back found: the cause (a reason code, which may differ from the caller's)
    # and whether the customer was won back; None while unknown.
    confirmed_reason: Mapped[str | None] = mapped_column(sa.String(40))
    won_back: Mapped[bool | None]
    called_back_at: Mapped[datetime | None]  # the first call back, contacted or resolved
    handled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    handled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    response: Mapped[Response] = relationship(back_populates="follow_up")
