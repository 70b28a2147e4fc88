"""Reading and exporting answers: `GET /api/v1/responses` and `/api/v1/responses.csv`."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.settings import Settings
from feedback_service.staff.directory import AgentChanges, upsert_agent, upsert_team
from feedback_service.staff.models import Agent
from feedback_service.surveys import answers, calls, decision
from feedback_service.surveys.models import Channel, SurveyState
from feedback_service.surveys.scoring import SurveyKind

CONTRACT_FIELDS = {"id", "call_id", "agent", "team", "topic", "channel", "kind", "score",
                   "category", "reason", "praise", "comment", "has_recording", "caller",
                   "call_ended_at", "received_at"}


def an_answer(call_id: str, *, agent: str, received: datetime, kind: SurveyKind,
              score: int, channel: Channel = Channel.IVR, reason_digit: int | None = None,
              comment: str | None = None, recording: bool = False,
              caller: str | None = "+46701234567", topic: str | None = "billing") -> None:
    """A call and its answer, recorded the way the webhooks record them."""
    agent_id = db.session.scalar(sa.select(Agent.id).where(Agent.handle == agent))
    call = calls.find_or_create_call("twilio", call_id, caller=caller, agent_id=agent_id,
                                       answered=True, duration_seconds=90, topic=topic)
    survey = decision.open_survey(call, channel=channel, kind=kind, language="sv",
                                 settings=Settings(quarantine_days=0, secret_key="test"),
                                 now=received)
    survey.state = SurveyState.ACTIVE  # as when the first question was asked
    response = answers.record_score(survey, score, {"digits": str(score)})
    if reason_digit:
        answers.record_reason(survey, reason_digit, {"digits": str(reason_digit)})
    if comment or recording:
        answers.record_comment(
            survey, {"test": True}, text=comment,
            recording_url="https://api.twilio.com/Recordings/RE1" if recording else None,
            recording_sid="RE1" if recording else None, recording_seconds=8 if recording else None)
    answers.complete(survey, now=received)
    response.received_at = received


@pytest.fixture
def answered(app):
    """Two teams, three agents, five answers over three days (UTC times, Stockholm = UTC+1)."""
    with app.app_context():
        upsert_team("support", "Support", [])
        upsert_team("sales", "Sales", [])
        for handle, team in (("anna", "support"), ("bo", "support"), ("cecilia", "sales")):
            upsert_agent(handle, AgentChanges(name=handle.title(), team=team))
        db.session.flush()
        an_answer("CA1", agent="anna", kind=SurveyKind.SMILEY, score=1,
                  received=datetime(2026, 1, 12, 9, 0, tzinfo=UTC))
        an_answer("CA2", agent="anna", kind=SurveyKind.SMILEY, score=2, reason_digit=1,
                  recording=True, received=datetime(2026, 1, 12, 23, 30, tzinfo=UTC))
        an_answer("CA3", agent="bo", kind=SurveyKind.NPS, score=0, reason_digit=5,
                  comment="=HYPERLINK(\"x\")\nand a second line", channel=Channel.SMS,
                  received=datetime(2026, 1, 13, 10, 0, tzinfo=UTC))
        an_answer("CA4", agent="cecilia", kind=SurveyKind.NPS, score=8, caller="+4520123456",
                  topic=None, received=datetime(2026, 1, 14, 8, 0, tzinfo=UTC))
        an_answer("CA5", agent="cecilia", kind=SurveyKind.NPS, score=10, caller=None,
                  received=datetime(2026, 1, 14, 9, 0, tzinfo=UTC))
        db.session.commit()


def get(client, headers, path="/api/v1/responses", **filters):
    return client.get(path, query_string=filters, headers=headers)


def call_ids(reply) -> list[str]:
    assert reply.status_code == 200, reply.json
    return [r["call_id"] for r in reply.json["responses"]]


@pytest.mark.parametrize("path", ["/api/v1/responses", "/api/v1/responses.csv"])
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}])
def test_without_the_token_the_answer_is_401(client, path, headers):
    reply = client.get(path, headers=headers)
    assert reply.status_code == 401
    assert reply.json == {"error": "a valid bearer token is required"}


def test_each_response_carries_the_contracts_fields(client, api_headers, answered):
    rows = get(client, api_headers).json["responses"]

    assert [set(row) for row in rows] == [CONTRACT_FIELDS] * 5
    sad = rows[1]
    assert sad == {
        "id": sad["id"], "call_id": "CA2", "agent": "anna", "team": "support",
        "topic": "billing", "channel": "ivr", "kind": "smiley", "score": 2, "category": "sad",
        "reason": "wait_time", "praise": None, "comment": None, "has_recording": True,
        "caller": "+46 *******67", "call_ended_at": "2026-01-12T23:30:00+00:00",
        "received_at": "2026-01-12T23:30:00+00:00",
    }
    assert "recording_url" not in sad
    assert [(r["channel"], r["category"], r["reason"]) for r in rows[2:]] == [
        ("sms", "detractor", "product"), ("ivr", "passive", None), ("ivr", "promoter", None)]
    assert [r["caller"] for r in rows[3:]] == ["+45 ******56", None]


def test_the_list_is_empty_before_any_answer(client, api_headers):
    assert get(client, api_headers).json == {"responses": [], "next": None}


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ["CA1", "CA2", "CA3", "CA4", "CA5"]),
        ({"agent": "anna"}, ["CA1", "CA2"]),
        ({"team": "support"}, ["CA1", "CA2", "CA3"]),
        ({"team": "sales", "agent": "cecilia"}, ["CA4", "CA5"]),
        ({"team": "sales", "agent": "anna"}, []),
        ({"agent": "nobody"}, []),
        # A date is a whole day in the company's time zone: 23:30 UTC is already the 13th there.
        ({"since": "2026-01-13"}, ["CA2", "CA3", "CA4", "CA5"]),
        ({"until": "2026-01-12"}, ["CA1"]),
        ({"since": "2026-01-13", "until": "2026-01-13"}, ["CA2", "CA3"]),
        ({"since": "2026-01-14T08:00:00Z"}, ["CA4", "CA5"]),
        ({"until": "2026-01-14T09:00:00+00:00"}, ["CA1", "CA2", "CA3", "CA4"]),
        ({"since": "2026-01-14T10:00:00"}, ["CA5"]),  # no offset: Stockholm time
    ],
)
def test_filters(client, api_headers, answered, filters, expected):
    assert call_ids(get(client, api_headers, **filters)) == expected


@pytest.mark.parametrize("name", ["since", "until"])
@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-01-12T25:00", "12/01/2026"])
@pytest.mark.parametrize("path", ["/api/v1/responses", "/api/v1/responses.csv"])
def test_a_date_that_does_not_parse_is_a_400(client, api_headers, path, name, value):
    reply = get(client, api_headers, path, **{name: value})
    assert reply.status_code == 400
    assert reply.json["error"].startswith(f"{name} must be an ISO 8601 date or time")


def test_the_csv_has_the_same_rows_and_columns(client, api_headers, answered):
    reply = get(client, api_headers, "/api/v1/responses.csv", team="support")

    assert reply.status_code == 200
    assert reply.mimetype == "text/csv"
    assert 'filename="responses.csv"' in reply.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(reply.data.decode("utf-8-sig"))))
    as_json = get(client, api_headers, team="support").json["responses"]
    assert set(rows[0]) == CONTRACT_FIELDS
    assert [r["call_id"] for r in rows] == [r["call_id"] for r in as_json]
    assert rows[1]["has_recording"] == "true"
    assert rows[0]["reason"] == ""
    assert rows[1]["caller"] == "+46 *******67"
    # A comment is kept whole, and never read as a formula by a spreadsheet.
    assert rows[2]["comment"] == "'=HYPERLINK(\"x\")\nand a second line"


def test_the_csv_columns_are_in_the_documented_order(client, api_headers, answered):
    header = get(client, api_headers, "/api/v1/responses.csv").get_data(as_text=True)
    # The byte-order mark first: Excel reads the file as UTF-8 only with it.
    assert header.splitlines()[0] == (
        "\ufeffid,call_id,agent,team,topic,channel,kind,score,category,reason,praise,comment,"
        "has_recording,caller,call_ended_at,received_at")


@pytest.mark.parametrize("path", ["/api/v1/responses", "/api/v1/responses.csv",
                                  "/api/v1/agents"])
def test_no_cache_may_keep_an_api_answer(client, api_headers, path):
    reply = client.get(path, headers=api_headers)
    assert reply.status_code == 200
    assert reply.headers["Cache-Control"] == "no-store"


def test_answers_come_a_page_at_a_time_with_a_link_to_the_next(client, api_headers, answered):
    first = get(client, api_headers, team="support", limit=2).json
    assert [r["call_id"] for r in first["responses"]] == ["CA1", "CA2"]
    assert first["next"].startswith("https://feedback.example.com/api/v1/responses?")
    following = client.get(first["next"].removeprefix("https://feedback.example.com"),
                           headers=api_headers).json
    assert [r["call_id"] for r in following["responses"]] == ["CA3"]
    assert following["next"] is None


def test_a_page_is_in_id_order_and_after_skips_what_was_read(client, api_headers, answered):
    everything = get(client, api_headers).json["responses"]
    ids = [r["id"] for r in everything]
    assert ids == sorted(ids)
    rest = get(client, api_headers, after=ids[1]).json["responses"]
    assert [r["id"] for r in rest] == ids[2:]


@pytest.mark.parametrize("name, value", [("limit", "0"), ("limit", "10001"), ("limit", "ten"),
                                         ("after", "-1"), ("after", "²")])
def test_a_limit_or_after_out_of_range_is_a_400(client, api_headers, name, value):
    reply = get(client, api_headers, **{name: value})
    assert reply.status_code == 400
    assert reply.json["error"].startswith(f"{name} must be a whole number")


@pytest.mark.parametrize("name, value", [("since", "0001-01-01"), ("until", "9999-12-31"),
                                         ("since", "0001-01-01T00:00:00")])
def test_a_date_the_service_cannot_store_is_a_400(client, api_headers, name, value):
    reply = get(client, api_headers, **{name: value})
    assert reply.status_code == 400
    assert "from 1970-01-01 to 2999-12-31" in reply.json["error"]


def test_the_csv_streams_every_row_without_paging(client, api_headers, answered):
    reply = get(client, api_headers, "/api/v1/responses.csv", limit=1)
    assert reply.is_streamed
    rows = list(csv.DictReader(io.StringIO(reply.data.decode("utf-8-sig"))))
    assert [r["call_id"] for r in rows] == ["CA1", "CA2", "CA3", "CA4", "CA5"]
