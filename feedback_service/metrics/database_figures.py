"""Figures the database already holds, read when Prometheus scrapes: the same on every web
worker and instance, however many there are, and nothing for a request to count.

Surveys are never deleted (retention blanks their personal data, not the rows), so their
counts only grow and are exposed as counters; the one exception is a call skipped for an
unknown agent, decided again once the agent is known, which moves from that rule's skips
to the offered surveys.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

import sqlalchemy as sa
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from feedback_service.extensions import db
from feedback_service.job_runs import job_runs
from feedback_service.outbox.backlog import backlog_by_channel
from feedback_service.outbox.circuits import open_circuits_by_channel
from feedback_service.outbox.models import OutboxChannel
from feedback_service.surveys.models import Response, Survey, SurveyState

# States a survey reaches once its first question went out: SCHEDULED waits in the outbox.
_NOT_YET_OFFERED = (SurveyState.SKIPPED, SurveyState.SCHEDULED)


class Figures(Collector):
    """Metric families read beforehand, inside the request and its database session."""

    def __init__(self, families: Iterable[Metric]) -> None:
        self.families = list(families)

    def collect(self) -> Iterator[Metric]:
        return iter(self.families)


def read_database_figures(now: datetime) -> Figures:
    return Figures([*_survey_figures(), *_outbox_figures(now), *_job_figures()])


def _survey_figures() -> Iterator[Metric]:
    offered = CounterMetricFamily(
        "feedback_surveys_offered", "Surveys whose first question was asked, by channel and "
        "kind.", labels=["channel", "kind"])
    for channel, kind, count in db.session.execute(
            sa.select(Survey.channel, Survey.kind, sa.func.count())
            .where(Survey.state.not_in(_NOT_YET_OFFERED))
            .group_by(Survey.channel, Survey.kind)):
        offered.add_metric([channel, kind], count)
    yield offered
    answered = CounterMetricFamily(
        "feedback_surveys_answered", "Surveys the caller answered (a score recorded), by channel "
        "and kind.", labels=["channel", "kind"])
    for channel, kind, count in db.session.execute(
            sa.select(Response.channel, Response.kind, sa.func.count())
            .group_by(Response.channel, Response.kind)):
        answered.add_metric([channel, kind], count)
    yield answered
    skipped = CounterMetricFamily(
        "feedback_eligibility_skips", "Calls not surveyed, by the eligibility rule that "
        "excluded them.", labels=["rule"])
    for rule, count in db.session.execute(
            sa.select(Survey.skip_reason, sa.func.count())
            .where(Survey.state == SurveyState.SKIPPED)
            .group_by(Survey.skip_reason)):
        skipped.add_metric([rule or "unknown"], count)
    yield skipped


def _outbox_figures(now: datetime) -> Iterator[Metric]:
    pending = GaugeMetricFamily(
        "feedback_outbox_pending", "Messages due and not yet sent, by channel.",
        labels=["channel"])
    oldest = GaugeMetricFamily(
        "feedback_outbox_oldest_pending_age_seconds", "How long the oldest message due and not "
        "yet sent has waited, by channel (0: none).", labels=["channel"])
    backlog = backlog_by_channel(now)
    # Every channel, also an empty one: an alert on a series that vanishes never resolves.
    for channel in sorted({*OutboxChannel, *backlog}):
        figures = backlog.get(channel)
        pending.add_metric([channel], figures.due if figures else 0)
        oldest.add_metric([channel], (figures.oldest_due_seconds or 0) if figures else 0)
    yield pending
    yield oldest
    circuits = GaugeMetricFamily(
        "feedback_outbox_open_circuits", "Webhook receivers and chat services whose messages "
        "wait after failing again and again (an open circuit), by channel.", labels=["channel"])
    for channel, count in open_circuits_by_channel(now).items():
        circuits.add_metric([channel], count)
    yield circuits


def _job_figures() -> Iterator[Metric]:
    # Labelled `scheduled_job`, not `job`: Prometheus gives every scraped series a `job` label
    # of its own (the scrape job's name), and would rename ours to `exported_job`.
    success = GaugeMetricFamily(
        "feedback_job_last_success_timestamp_seconds", "When each scheduled job last "
        "succeeded (Unix time).", labels=["scheduled_job"])
    failure = GaugeMetricFamily(
        "feedback_job_last_failure_timestamp_seconds", "When each scheduled job last failed "
        "(Unix time).", labels=["scheduled_job"])
    for run in job_runs():
        if run.last_success_at is not None:
            success.add_metric([run.job], _unix(run.last_success_at))
        if run.last_failure_at is not None:
            failure.add_metric([run.job], _unix(run.last_failure_at))
    yield success
    yield failure


def _unix(moment: datetime) -> float:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.timestamp()
