"""`LOG_FORMAT=json`: one JSON object a line, a line per request and per job run, each request
with an id that follows it into the outbox; never a phone number or a comment."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.outbox.models import OutboxMessage
from feedback_service.scheduler import in_app_context
from feedback_service.settings import settings_of
from feedback_service.structured_logs import EVENT_LOGGERS, configure_log_format, json_handler
from tests.telephony.sms_fixtures import (
    SWEDISH_MOBILE,
    call_ended_body,
    pbx_headers,
    post_call_ended,
    send_outbox,
    sms_settings,
    text_from,
)

COMMENT = "Ring mig på 070-123 45 67, Karin tyckte inte om väntetiden"


@pytest.fixture
def app_settings(database_url):
    return sms_settings(database_url, LOG_FORMAT="json")


@pytest.fixture
def log_lines(app) -> Iterator[list[dict]]:
    """What the JSON handler writes, parsed a line at a time (each line must be JSON)."""
    # The format is the process's: an app built since (the test schema's, once a session) may
    # have set text, as the last app built in a process decides.
    configure_log_format(settings_of(app).log_format)
    handler = json_handler()
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    root_level = logging.getLogger().level
    lines: list[dict] = []
    yield lines
    handler.setStream(previous)
    logging.getLogger().removeHandler(handler)
    logging.getLogger().setLevel(root_level)
    configure_log_format("text")


def read(stream_lines: list[dict]) -> list[dict]:
    """Refill `stream_lines` from the handler's stream; every line is one JSON object."""
    text = json_handler().stream.getvalue()  # type: ignore[union-attr]
    stream_lines[:] = [json.loads(line) for line in text.splitlines()]
    return stream_lines


def requests_logged(lines: list[dict]) -> list[dict]:
    return [line for line in read(lines) if line["logger"] == "feedback_service.requests"]


def test_a_webhook_request_is_one_json_line_without_number_or_comment(anna, app, client,
                                                                      twilio_post, log_lines):
    post_call_ended(client)
    send_outbox(app)
    answer = text_from(twilio_post, SWEDISH_MOBILE, "1", message_sid="SM" + "7" * 32)
    text_from(twilio_post, SWEDISH_MOBILE, COMMENT)

    *_, score, comment = requests_logged(log_lines)
    assert score["request_id"] == answer.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", score["request_id"])
    assert {key: score[key] for key in ("method", "endpoint", "status", "outcome",
                                        "message_sid", "level")} == {
        "method": "POST", "endpoint": "sms.inbound", "status": 200, "outcome": "ok",
        "message_sid": "SM" + "7" * 32, "level": "info"}
    assert 0 < score["duration_ms"] < 10_000
    assert score["time"].endswith("Z")
    assert comment["request_id"] != score["request_id"]
    everything = json.dumps(read(log_lines))
    assert "701234567" not in everything and "123 45 67" not in everything
    assert "Karin" not in everything and "väntetiden" not in everything


def test_a_voice_request_names_its_call(app, twilio_post, log_lines):
    twilio_post("/twilio/voice/status", {"CallSid": "CA" + "1" * 32, "CallStatus": "completed",
                                         "From": SWEDISH_MOBILE, "To": "+46101234567"})

    [line] = requests_logged(log_lines)
    assert line["call_sid"] == "CA" + "1" * 32
    assert "From" not in json.dumps(line) and "701234567" not in json.dumps(line)


@pytest.mark.parametrize(("sent", "kept"), [
    ("4bf92f3577b34da6a3ce929d0e0e4736", True),
    ("req-2026.11.18:42", True),
    ("+46701234567", False),  # a number is never echoed, nor logged
    ("46701234567", False),
    ("a b", False),
    ("x" * 65, False),
    ("<script>", False),
])
def test_a_sane_incoming_request_id_is_kept_and_echoed(client, log_lines, sent, kept):
    answer = client.get("/healthz", headers={"X-Request-Id": sent})

    echoed = answer.headers["X-Request-Id"]
    assert (echoed == sent) is kept
    if not kept:
        assert re.fullmatch(r"[0-9a-f]{32}", echoed)
    [line] = requests_logged(log_lines)
    assert (line["request_id"], line["endpoint"], line["status"]) == (echoed, "health.healthz",
                                                                      200)


def test_the_request_id_follows_the_call_into_the_outbox_and_its_send(anna, app, client,
                                                                     log_lines):
    raw = json.dumps(call_ended_body(call_id="pbx-traced")).encode()
    client.post("/hooks/call-ended", data=raw,
                headers={**pbx_headers(raw), "X-Request-Id": "pbx-trace-1"})
    with app.app_context():
        [question] = db.session.scalars(sa.select(OutboxMessage))
        assert question.request_id == "pbx-trace-1"

    send_outbox(app)

    [sent] = [line for line in read(log_lines) if line["logger"] == "feedback_service.outbox.sends"]
    assert {key: sent[key] for key in ("request_id", "channel", "purpose", "status")} == {
        "request_id": "pbx-trace-1", "channel": "sms", "purpose": "survey_question",
        "status": "sent"}
    assert "701234567" not in json.dumps(read(log_lines))


def test_each_job_run_is_a_line(app, log_lines):
    def broken() -> None:
        raise RuntimeError("broken")

    in_app_context(app, lambda: None, "survey-expiry")()
    with pytest.raises(RuntimeError):
        in_app_context(app, broken, "kudos-and-alerts")()

    runs = [line for line in read(log_lines) if line["logger"] == "feedback_service.jobs"]
    assert [(run["job"], run["outcome"]) for run in runs] == [
        ("survey-expiry", "ok"), ("kudos-and-alerts", "failed")]
    assert all(run["duration_ms"] >= 0 for run in runs)


def test_a_failed_request_logs_its_traceback_as_one_line(app, client, log_lines):
    @app.get("/broken-for-the-test")
    def broken() -> str:
        raise RuntimeError("caller +46701234567 broke it")

    app.testing = False  # the service's own 500 page, as in production
    answer = client.get("/broken-for-the-test")

    assert answer.status_code == 500
    [failure] = [line for line in read(log_lines) if line["level"] == "error"]
    assert "RuntimeError: caller [number removed] broke it" in failure["exception"]
    [request_line] = requests_logged(log_lines)
    assert (request_line["status"], request_line["outcome"]) == (500, "error")
    assert request_line["request_id"] == answer.headers["X-Request-Id"]


def test_text_stays_the_default_without_a_line_per_request(database_url, caplog):
    from feedback_service import create_app

    app = create_app(sms_settings(database_url))
    answer = app.test_client().get("/healthz")
    with app.app_context():
        db.engine.dispose()

    assert "X-Request-Id" in answer.headers  # the id is there for a proxy's log all the same
    assert json_handler() is None
    assert all(not logging.getLogger(name).isEnabledFor(logging.INFO) for name in EVENT_LOGGERS)
    assert not [record for record in caplog.records if record.name in EVENT_LOGGERS]


def test_a_refused_oversized_webhook_is_logged_without_reading_its_body(app, client, log_lines):
    body = "Body=" + "x" * 300_000 + "&CallSid=CA" + "2" * 32

    answer = client.post("/twilio/sms/inbound", data=body,
                         content_type="application/x-www-form-urlencoded")

    assert answer.status_code == 413
    [line] = requests_logged(log_lines)
    assert (line["endpoint"], line["status"], line["outcome"]) == ("sms.inbound", 413,
                                                                   "rejected")
    assert "call_sid" not in line
