"""The shipped Prometheus alert rules and Grafana dashboard: well-formed, and asking only for
series the service's own `/metrics` has, with the labels it gives them."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from feedback_service.scheduler import in_app_context
from tests.deploy.test_slow_clients import ROOT
from tests.metrics.scrape import METRICS_TOKEN
from tests.telephony.sms_fixtures import (
    SWEDISH_MOBILE,
    post_call_ended,
    send_outbox,
    sms_settings,
    text_from,
)

ALERTS = ROOT / "deploy" / "monitoring" / "prometheus-alerts.yml"
DASHBOARD = ROOT / "deploy" / "monitoring" / "grafana-dashboard.json"
DURATION = re.compile(r"^\d+[smhd]$")
# Labels Prometheus adds to every scraped series, and a histogram's bucket bound.
ADDED_LABELS = {"instance", "job", "le"}


@pytest.fixture
def app_settings(database_url):
    return sms_settings(database_url, METRICS_TOKEN=METRICS_TOKEN)


@pytest.fixture
def exposed(anna, app, client, twilio_post) -> dict[str, set[str]]:
    """Each series name `/metrics` shows, with its labels, once a call has been skipped, a
    survey answered and a job run."""
    post_call_ended(client)
    post_call_ended(client, answered=False)  # skipped
    send_outbox(app)
    text_from(twilio_post, SWEDISH_MOBILE, "1")
    in_app_context(app, lambda: None, "survey-expiry")()
    text = client.get("/metrics", headers={
        "Authorization": f"Bearer {METRICS_TOKEN}"}).get_data(as_text=True)
    series: dict[str, set[str]] = {}
    for line in text.splitlines():
        if match := re.match(r"^(feedback_\w+)(?:\{(.*)\})? ", line):
            series.setdefault(match[1], set()).update(re.findall(r"(\w+)=\"", match[2] or ""))
    return series


def rules() -> list[dict]:
    document = yaml.safe_load(ALERTS.read_text())
    assert set(document) == {"groups"}
    [group] = document["groups"]
    assert set(group) == {"name", "rules"}
    return group["rules"]


def expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]] + [
        rule["expr"] for rule in rules()]


def test_each_alert_rule_has_what_prometheus_requires():
    names = [rule["alert"] for rule in rules()]

    assert len(names) == len(set(names))
    for rule in rules():
        assert set(rule) == {"alert", "expr", "for", "labels", "annotations"}, rule["alert"]
        assert re.fullmatch(r"[A-Z][A-Za-z]+", rule["alert"])
        assert isinstance(rule["expr"], str) and DURATION.match(rule["for"])
        assert rule["labels"]["severity"] in {"page", "warning"}
        assert set(rule["annotations"]) == {"summary", "description"}
        assert rule["expr"].count("(") == rule["expr"].count(")")


def test_the_alerts_the_operations_team_asked_for():
    by_name = {rule["alert"]: rule["expr"] for rule in rules()}

    assert by_name["FeedbackOutboxBehind"].endswith(
        "(feedback_outbox_oldest_pending_age_seconds) > 15 * 60")
    assert by_name["FeedbackSchedulerSilent"] == (
        "time() - max(feedback_job_last_success_timestamp_seconds) > 2 * 3600")
    assert 'feedback_webhook_requests_total{outcome=~"error|unavailable"}' in by_name[
        "FeedbackWebhookErrors"]


def test_the_rules_and_the_dashboard_ask_for_series_the_service_exposes(exposed):
    for expression in expressions():
        for name in re.findall(r"\bfeedback_\w+", expression):
            assert name in exposed, f"{name} in {expression}"


def test_the_labels_they_group_and_name_by_are_on_those_series(exposed):
    labels = set().union(*exposed.values()) | ADDED_LABELS
    dashboard = json.loads(DASHBOARD.read_text())
    legends = [target["legendFormat"] for panel in dashboard["panels"]
               for target in panel["targets"]]
    summaries = [text for rule in rules() for text in rule["annotations"].values()]

    for expression in expressions():
        for group in re.findall(r"\b(?:by|without) \(([^)]*)\)", expression):
            assert {name.strip() for name in group.split(",")} <= labels, expression
        for name in re.findall(r"(\w+)=~?\"", expression):
            assert name in labels, expression
    for text in legends + summaries:
        named = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", text)) | set(
            re.findall(r"\$labels\.(\w+)", text))
        assert named <= labels, text
