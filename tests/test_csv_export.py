"""Answers as CSV: whatever a caller or a phone system wrote is never run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from feedback_service.csv_export import csv_cell
from feedback_service.extensions import db
from feedback_service.staff.directory import AgentChanges, upsert_agent, upsert_team
from feedback_service.surveys.scoring import SurveyKind
from tests.api.test_responses_api import an_answer


@pytest.mark.parametrize(("written", "cell"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
    ("＝1+1", "'＝1+1"),  # full-width: spreadsheets read it as "="
    ("﹢cmd", "'﹢cmd"),
    ("－2", "'－2"),
    ("＠SUM(A1)", "'＠SUM(A1)"),
    ("  =1+1", "'  =1+1"),  # leading blanks do not hide it
    ("\t=1", "'\t=1"),
    ("\n=1", "'\n=1"),
    ("Slow but kind", "Slow but kind"),
    ("4 = good", "4 = good"),
])
def test_free_text_that_a_spreadsheet_would_run_is_defused(written, cell):
    assert csv_cell(written, free_text=True) == cell


def test_the_services_own_values_are_written_as_they_are():
    assert csv_cell("2026-01-12T09:00:00+00:00", free_text=False) == "2026-01-12T09:00:00+00:00"
    assert csv_cell(None, free_text=True) == ""
    assert csv_cell(True, free_text=False) == "true"


def test_a_call_id_and_topic_from_a_phone_system_are_defused_in_the_export(
        app, client, api_headers):
    with app.app_context():
        upsert_team("support", "Support", [])
        upsert_agent("anna", AgentChanges(name="Anna", team="support"))
        db.session.flush()
        an_answer("=cmd|' /C calc'!A0", agent="anna", kind=SurveyKind.SMILEY, score=1,
                  topic="＋billing", received=datetime(2026, 1, 12, 9, 0, tzinfo=UTC))
        db.session.commit()

    reply = client.get("/api/v1/responses.csv", headers=api_headers)
    row = next(csv.DictReader(io.StringIO(reply.data.decode("utf-8-sig"))))
    assert row["call_id"] == "'=cmd|' /C calc'!A0"
    assert row["topic"] == "'＋billing"


def test_the_export_opens_in_a_swedish_or_danish_spreadsheet_with_semicolons(
        app, client, api_headers):
    with app.app_context():
        upsert_team("support", "Support", [])
        upsert_agent("bjorn", AgentChanges(name="Björn", team="support"))
        db.session.flush()
        an_answer("call-1", agent="bjorn", kind=SurveyKind.SMILEY, score=1,
                  topic="faktura; moms", received=datetime(2026, 1, 12, 9, 0, tzinfo=UTC))
        db.session.commit()

    raw = client.get("/api/v1/responses.csv?delimiter=semicolon", headers=api_headers).data
    assert raw.startswith(b"\xef\xbb\xbfid;call_id;agent;team;topic;")
    row = next(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert (row["agent"], row["topic"]) == ("bjorn", "faktura; moms")
    comma = client.get("/api/v1/responses.csv?delimiter=comma", headers=api_headers).data
    assert comma.startswith(b"\xef\xbb\xbfid,call_id,agent,team,topic,")


def test_a_delimiter_the_export_does_not_offer_is_refused(client, api_headers):
    reply = client.get("/api/v1/responses.csv?delimiter=tab", headers=api_headers)
    assert reply.status_code == 400
    assert reply.json == {"error": "delimiter must be one of comma, semicolon"}
