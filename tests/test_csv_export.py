"""Answers as CSV: whatever a caller or a phone system wrote is never run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from random import Random

import pytest
import sqlalchemy as sa

from bench.data import generate
from bench.environment import BenchDatabase
from feedback_service.coaching.answer_rows import COLUMNS
from feedback_service.csv_export import BYTE_ORDER_MARK, csv_batch_lines, csv_cell, quoted
from feedback_service.extensions import db
from feedback_service.staff.directory import AgentChanges, upsert_agent, upsert_team
from feedback_service.surveys.scoring import SurveyKind
from tests.api.test_responses_api import an_answer
from tests.conftest import PUBLIC_BASE_URL, on_postgres


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


def _row_by_row(rows: list[dict[str, object]], delimiter: str) -> bytes:
    """The export as written a row at a time, each value through `csv_cell`."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row[column], column == "comment" or column in (
            "topic", "call_id")) for column in COLUMNS])
    return out.getvalue().encode()


def _api_rows(client, api_headers, query: str) -> list[dict[str, object]]:
    rows, url = [], f"/api/v1/responses?limit=1000&{query}"
    while url:
        page = client.get(url, headers=api_headers).get_json()
        rows += page["responses"]
        url = page["next"] and page["next"].removeprefix(PUBLIC_BASE_URL)
    return rows


def test_the_export_of_a_generated_history_is_the_api_s_rows_cell_by_cell(
        app, client, api_headers, database_url):
    """The export, read a batch at a time column by column, holds the same bytes as the API's
    rows written one by one by the csv writer: masks, times, booleans, defused free text,
    quoting and all, the whole history and a period's or a team's part of it (on PostgreSQL,
    with the database writing most cells)."""
    with app.app_context():
        # The history ends a week after the odd answers' day, whatever the clock says, so
        # that day's export holds generated answers beside them.
        generate(BenchDatabase("postgres" if on_postgres() else "sqlite", database_url),
                 agents=40, answers=12_000, now=datetime(2026, 11, 9, 12, tzinfo=UTC))
        upsert_agent("agent0001", AgentChanges(name="Anna", team="team-001"))
        for number, (comment, caller, topic) in enumerate([
                ("=1+1", "+46070123456", "＋billing"), ("Åsa var bra", "+12025550123", None),
                ("\tok", "client:anna", "-"), ("", None, "billing"),
                ("Ring 070-123 45 67", "+4520123456", "@home"),
                ('Bra, "snabb"\nhjälp', "+4670123", "faktura; moms"),
                ("rad\r\nrad;", "+999123456789", '"citat"'), ('"', "+46", ",")]):
            an_answer(f"=odd-{number}", agent="agent0001", kind=SurveyKind.SMILEY, score=2,
                      comment=comment or None, recording=number % 2 == 0, caller=caller,
                      topic=topic, received=datetime(2026, 11, 2, 9, number, tzinfo=UTC))
        # Call ids a spreadsheet would not run, so the database writes these rows' first cells
        # (on PostgreSQL): the topics need quoting; the times have microseconds or none.
        for number, topic in enumerate(["a,b", "a;b", 'say "hi"', "two\nlines", "cr\rlf",
                                        "Åsa", "=1+1 later"]):
            an_answer(f"plain-{number}", agent="agent0001", kind=SurveyKind.NPS, score=number,
                      comment="Ring 070-123 45 67" if number % 3 == 0 else None,
                      caller="+4520123456" if number % 2 else None, topic=topic,
                      received=datetime(2026, 11, 2, 10, number, 0, number * 1001, tzinfo=UTC))
        db.session.commit()
    for query, least in (("", 12_000), ("since=2026-11-02&until=2026-11-02", 8),
                         ("team=team-001", 8), ("agent=agent0001", 8)):
        rows = _api_rows(client, api_headers, query)
        assert len(rows) > least  # the whole history: more than two of the export's batches
        for name, delimiter in (("comma", ","), ("semicolon", ";")):
            exported = client.get(f"/api/v1/responses.csv?delimiter={name}&{query}",
                                  headers=api_headers)
            assert exported.data == _row_by_row(rows, delimiter)


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_batch_is_quoted_as_the_csv_writer_quotes_it(delimiter):
    columns = ("id", "comment", "has_recording", "caller")
    batch = [(1, 2, 3, 4, 5, 6),
             ["a,b", "a;b", 'say "hi"', "two\nlines", "cr\r", None],
             [True, False, None, True, False, True],
             ["", None, "+46 *****67", " ", "x", '"']]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    writer.writerows([[csv_cell(value, column == "comment") for column, value in
                       zip(columns, row, strict=True)] for row in zip(*batch, strict=True)])

    exported = "".join(csv_batch_lines(columns, [batch, batch], delimiter))

    assert exported == BYTE_ORDER_MARK + out.getvalue() + out.getvalue().split("\r\n", 1)[1]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_cell_is_quoted_as_the_csv_writer_quotes_it(delimiter):
    random = Random(7)
    for _ in range(2000):
        cell = "".join(random.choice('ab ,;"\r\n\'') for _ in range(random.randrange(6)))
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter).writerow([cell, "x"])
        assert quoted(cell, delimiter) + delimiter + "x\r\n" == out.getvalue()


def test_a_download_broken_off_stops_its_query_and_the_next_one_is_whole(
        app, client, api_headers, database_url):
    with app.app_context():
        generate(BenchDatabase("postgres" if on_postgres() else "sqlite", database_url),
                 agents=20, answers=5_000, now=datetime(2026, 11, 9, 12, tzinfo=UTC))
    broken = client.get("/api/v1/responses.csv", headers=api_headers, buffered=False)
    chunks = iter(broken.response)
    assert next(chunks).startswith(BYTE_ORDER_MARK.encode() + b"id,call_id")
    assert next(chunks).count(b"\r\n") == 1000  # the first batch: more are on their way
    broken.close()

    if on_postgres():
        with app.app_context():
            still_running = db.session.scalar(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                "AND pid <> pg_backend_pid() AND query LIKE '%provider_call_id%'"))
        assert still_running == 0
    whole = client.get("/api/v1/responses.csv", headers=api_headers)
    assert whole.status_code == 200
    assert whole.data.count(b"\r\n") == 1 + len(_api_rows(client, api_headers, ""))
