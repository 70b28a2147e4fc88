"""Eligibility rules and SMS quiet hours, with plain values."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from feedback_service.surveys.eligibility import (
    CallFacts,
    Policy,
    SkipReason,
    next_sending_time,
    skip_reason,
)

ELIGIBLE = CallFacts(answered=True, duration_seconds=95, caller_e164="+46701234567",
                     caller_is_mobile=True, opted_out=False, surveyed_recently=False,
                     sample_draw=0.3)
SMS = Policy(min_call_seconds=20, sample_rate=1.0, needs_mobile=True)
IVR = Policy(min_call_seconds=20, sample_rate=1.0, needs_mobile=False)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("change", "policy", "expected"),
    [
        ({}, SMS, None),
        ({"answered": False}, SMS, SkipReason.NOT_ANSWERED),
        ({"agent_known": False}, SMS, SkipReason.UNKNOWN_AGENT),
        ({"agent_active": False}, IVR, SkipReason.AGENT_INACTIVE),
        ({"duration_seconds": 19}, SMS, SkipReason.TOO_SHORT),
        ({"duration_seconds": 20}, SMS, None),
        ({"opted_out": True}, IVR, SkipReason.OPTED_OUT),
        ({"caller_e164": None}, SMS, SkipReason.NO_CALLER_NUMBER),
        ({"caller_e164": None}, IVR, None),
        ({"caller_is_mobile": False}, SMS, SkipReason.NOT_A_MOBILE),
        ({"caller_is_mobile": False}, IVR, None),
        ({"surveyed_recently": True}, IVR, SkipReason.QUARANTINE),
        ({"sample_draw": 0.5}, Policy(20, 0.5, False), SkipReason.NOT_SAMPLED),
        ({"sample_draw": 0.49}, Policy(20, 0.5, False), None),
        ({"sample_draw": 0.0}, Policy(20, 0.0, False), SkipReason.NOT_SAMPLED),
    ],
)
def test_skip_reason(change, policy, expected):
    facts = CallFacts(**{**ELIGIBLE.__dict__, **change})
    assert skip_reason(facts, policy) == expected


@pytest.mark.parametrize(
    ("utc_now", "expected_utc"),
    [
        (datetime(2026, 11, 23, 12, 0, tzinfo=UTC), datetime(2026, 11, 23, 12, 0, tzinfo=UTC)),
        # 22:30 in Stockholm (UTC+1 in winter): deferred to 08:00 the next morning.
        (datetime(2026, 11, 23, 21, 30, tzinfo=UTC), datetime(2026, 11, 24, 7, 0, tzinfo=UTC)),
        # 05:00 local: deferred to 08:00 the same morning.
        (datetime(2026, 11, 24, 4, 0, tzinfo=UTC), datetime(2026, 11, 24, 7, 0, tzinfo=UTC)),
        # The night summer time ends (25 October 2026): 08:00 local is 07:00 UTC again.
        (datetime(2026, 10, 24, 20, 0, tzinfo=UTC), datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),
    ],
)
def test_quiet_hours_defer_to_the_morning(utc_now, expected_utc):
    assert next_sending_time(utc_now, STOCKHOLM, (21, 8)) == expected_utc


def test_quiet_hours_within_one_day_and_off():
    noon = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)  # 12:00 local
    assert next_sending_time(noon, STOCKHOLM, (12, 13)) == datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert next_sending_time(noon, STOCKHOLM, None) == noon
