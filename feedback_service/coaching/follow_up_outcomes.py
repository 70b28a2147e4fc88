"""How the follow-ups of a period went: called back, how fast, the causes found, won back.

Pure: it takes plain records and the working hours; the read model reads the records.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from feedback_service.working_hours import WorkingHours


@dataclass(frozen=True)
class FollowUpRecord:
    """One follow-up as the figures need it."""

    kind: str
    created_at: datetime
    called_back_at: datetime | None
    resolved: bool
    confirmed_reason: str | None
    won_back: bool | None


@dataclass(frozen=True)
class FollowUpOutcomes:
    """The follow-ups raised for a period's answers and what became of them."""

    raised: int
    called_back: int
    within_due_time: int  # called back before they were due
    past_due: int  # not called back although due
    median_hours: float | None  # working hours from the answer to the first call back
    resolved: int
    won_back: int
    confirmed: list[tuple[str, int]]  # causes found on the call back, most frequent first


def due_at(created_at: datetime, hours: float, working: WorkingHours,
           zone: ZoneInfo) -> datetime:
    """When a follow-up raised at `created_at` is due: `hours` working hours later."""
    return working.add(created_at, hours, zone)


def summarize_follow_ups(records: Sequence[FollowUpRecord], *, hours: float,
                         working: WorkingHours, zone: ZoneInfo,
                         now: datetime) -> FollowUpOutcomes:
    """The outcomes of these follow-ups, judged at `now`."""
    waits = []
    within = past_due = 0
    for record in records:
        due = due_at(record.created_at, hours, working, zone)
        if record.called_back_at is None:
            past_due += now > due
            continue
        within += record.called_back_at <= due
        wait = working.between(record.created_at, record.called_back_at, zone)
        waits.append(wait.total_seconds() / 3600)
    confirmed = Counter(r.confirmed_reason for r in records if r.resolved and r.confirmed_reason)
    return FollowUpOutcomes(
        raised=len(records),
        called_back=len(waits),
        within_due_time=within,
        past_due=past_due,
        median_hours=statistics.median(waits) if waits else None,
        resolved=sum(r.resolved for r in records),
        won_back=sum(bool(r.won_back) for r in records),
        confirmed=sorted(confirmed.items(), key=lambda item: (-item[1], item[0])),
    )
