"""No log line carries a phone number, not even one quoted by the database driver."""

from __future__ import annotations

import json
import logging
import sys

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.log_privacy import without_phone_numbers
from feedback_service.surveys.models import OptOut


@pytest.mark.parametrize(("text", "logged"), [
    ("Key (phone)=(+46701234567) already exists.",
     "Key (phone)=([number removed]) already exists."),
    ("to +46 70-123 45 67 now", "to [number removed] now"),
    ("From=%2B46701234567&To=x", "From=[number removed]&To=x"),
    ("from 0701234567", "from [number removed]"),
    ("SMS to +46 *******67 not sent", "SMS to +46 *******67 not sent"),  # masked already
    ("call CA0123456789abcdef0123456789abcdef", "call CA0123456789abcdef0123456789abcdef"),
    ("message SM00000000000000000000000000000001", "message SM00000000000000000000000000000001"),
    ("week 2026-W47 from 2026-11-23 07:00:00", "week 2026-W47 from 2026-11-23 07:00:00"),
    ("outbox message 12345: sent", "outbox message 12345: sent"),
])
def test_numbers_are_blotted_out_and_everything_else_stays(text, logged):
    assert without_phone_numbers(text) == logged


def test_an_access_log_line_loses_a_password_links_token(app, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    logging.getLogger("werkzeug").info('127.0.0.1 - - "%s" 200 -',
                                       "GET /password/set/Zk3_x-9QwErTy HTTP/1.1")

    assert caplog.records[-1].getMessage() == (
        '127.0.0.1 - - "GET /password/set/[link removed] HTTP/1.1" 200 -')


def test_a_logged_message_and_its_arguments_lose_the_number(app, caplog):
    logging.getLogger("feedback_service.test").warning("texted %s: %r", "+46701234567",
                                                       {"From": "+46701234568"})

    assert caplog.records[-1].getMessage() == (
        "texted [number removed]: {'From': '[number removed]'}")


@pytest.mark.postgres_only
def test_a_traceback_quoting_the_drivers_detail_loses_the_number(app, caplog):
    with app.app_context():
        db.session.add(OptOut(phone="+46701234567", source="sms"))
        db.session.commit()
        db.session.add(OptOut(phone="+46701234567", source="sms"))
        try:
            db.session.commit()
        except sa.exc.IntegrityError:
            app.logger.exception("refused")
        db.session.rollback()

    assert "already exists" in caplog.text
    assert "Key (phone)=([number removed])" in caplog.text
    assert "701234567" not in caplog.text


def test_a_json_line_loses_numbers_in_every_field_however_deep(app):
    from feedback_service.structured_logs import JsonLineFormatter

    record = logging.getLogger("feedback_service.test").makeRecord(
        "feedback_service.test", logging.INFO, __file__, 1, "texted %s", ("+46701234567",),
        None, extra={"caller": "+46 70-123 45 67", "form": {"From": ["%2B46701234567"]},
                     "path": "/password/set/Zk3_x-9QwErTy", "call_sid": "CA" + "0" * 32,
                     "attempts": 3})

    line = json.loads(JsonLineFormatter().format(record))

    assert line["message"] == "texted [number removed]"
    assert line["caller"] == "[number removed]"
    assert line["form"] == {"From": ["[number removed]"]}
    assert line["path"] == "/password/set/[link removed]"
    assert (line["call_sid"], line["attempts"]) == ("CA" + "0" * 32, 3)


def test_a_json_lines_traceback_loses_the_number(app):
    from feedback_service.structured_logs import JsonLineFormatter

    try:
        raise ValueError("Key (phone)=(+46701234567) already exists.")
    except ValueError:
        record = logging.getLogger("feedback_service.test").makeRecord(
            "feedback_service.test", logging.ERROR, __file__, 1, "refused", (),
            sys.exc_info())

    line = json.loads(JsonLineFormatter().format(record))

    assert "Key (phone)=([number removed]) already exists." in line["exception"]
    assert "701234567" not in json.dumps(line)
