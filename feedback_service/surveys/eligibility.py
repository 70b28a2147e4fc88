"""Whether a call may be surveyed, and when an SMS may be sent; plain values, no database."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


class SkipReason(enum.StrEnum):
    NOT_ANSWERED = "not_answered"
    TOO_SHORT = "too_short"
    NO_CALLER_NUMBER = "no_caller_number"
    NOT_A_MOBILE = "not_a_mobile"
    OPTED_OUT = "opted_out"
    QUARANTINE = "quarantine"
    NOT_SAMPLED = "not_sampled"
    UNKNOWN_AGENT = "unknown_agent"
    AGENT_INACTIVE = "agent_inactive"


@dataclass(frozen=True)
class CallFacts:
    """What is known about a finished call when deciding on a survey."""

    answered: bool
    duration_seconds: int | None
    caller_e164: str | None
    caller_is_mobile: bool
    opted_out: bool
    surveyed_recently: bool
    sample_draw: float  # uniform in [0, 1), drawn once per call
    agent_known: bool = True
    # A deactivated agent keeps their history but is not surveyed about any more.
    agent_active: bool = True


@dataclass(frozen=True)
class Policy:
    min_call_seconds: int
    sample_rate: float
    needs_mobile: bool  # SMS surveys need a number that can receive texts


def skip_reason(facts: CallFacts, policy: Policy) -> SkipReason | None:
    """The first rule the call fails, or None when it may be surveyed."""
    if not facts.answered:
        return SkipReason.NOT_ANSWERED
    if not facts.agent_known:
        return SkipReason.UNKNOWN_AGENT
    if not facts.agent_active:
        return SkipReason.AGENT_INACTIVE
    if facts.duration_seconds is not None and facts.duration_seconds < policy.min_call_seconds:
        return SkipReason.TOO_SHORT
    if facts.opted_out:
        return SkipReason.OPTED_OUT
    if policy.needs_mobile and not facts.caller_e164:
        return SkipReason.NO_CALLER_NUMBER
    if policy.needs_mobile and not facts.caller_is_mobile:
        return SkipReason.NOT_A_MOBILE
    if facts.surveyed_recently:
        return SkipReason.QUARANTINE
    if facts.sample_draw >= policy.sample_rate:
        return SkipReason.NOT_SAMPLED
    return None


def next_sending_time(now: datetime, zone: ZoneInfo, quiet: tuple[int, int] | None) -> datetime:
    """`now`, or the end of the quiet hours (company time) when `now` falls inside them."""
    if quiet is None:
        return now
    start, end = quiet
    local = now.astimezone(zone)
    hour = local.hour
    inside = (start <= hour or hour < end) if start > end else (start <= hour < end)
    if not inside:
        return now
    day = local.date() if hour < end else local.date() + timedelta(days=1)
    # Built from the wall clock, so a quiet night across a DST change still ends at `end` o'clock.
    return datetime.combine(day, time(end), tzinfo=zone).astimezone(now.tzinfo)
