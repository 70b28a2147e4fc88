"""`GET /api/v1/reasons`: every reason's share of the answers, its interval and its change."""

from __future__ import annotations

from datetime import date

import pytest

from tests.causes.history import Stretch, support_and_sales
from tests.conftest import settings

pytestmark = pytest.mark.clock("2026-11-30T10:00:00+01:00")


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, MIN_RESPONSES=5, TIMEZONE="Europe/Stockholm")


@pytest.fixture
def history(app):
    """Support: 20 weeks from 13 July of 10 answers, one about the wait; then two weeks (W47,
    W48) with six about the wait. Sales: two weeks of 3 answers, one about the product."""
    support_and_sales(app, Stretch("zoe", date(2026, 7, 6), 18, 10, {"wait_time": 1}),
                      Stretch("zoe", date(2026, 11, 16), 2, 10, {"wait_time": 6}),
                      Stretch("bo", date(2026, 11, 16), 2, 3, {"product": 1}))


def get(client, headers, **query):
    return client.get("/api/v1/reasons", query_string=query, headers=headers)


def test_every_reason_with_its_owner_share_interval_and_change(client, api_headers, history):
    reply = get(client, api_headers, since="2026-11-16", until="2026-11-29", team="support")
    assert reply.status_code == 200
    body = reply.json
    assert (body["since"], body["until"], body["team"], body["answers"]) == (
        "2026-11-16", "2026-11-29", "support", 20)
    by_code = {r["code"]: r for r in body["reasons"]}
    assert [r["code"] for r in body["reasons"]] == ["wait_time", "resolution", "manner",
                                                    "effort", "product"]
    wait = by_code["wait_time"]
    assert wait["owner"] == "process"
    assert wait["owned_by"] == "workforce@example.com"
    assert (wait["answers"], wait["share"]) == (12, 0.6)
    # Wilson's 95 % interval of 12 in 20.
    assert wait["interval"] == [pytest.approx(0.3866, abs=1e-4), pytest.approx(0.7812, abs=1e-4)]
    # Two weeks of six in ten after eighteen of one in ten: the coaching signals' CUSUM says
    # higher.
    assert wait["change"] == "higher"
    assert by_code["resolution"] == {"code": "resolution", "owner": "agent", "owned_by": None,
                                     "answers": 0, "share": 0.0,
                                     "interval": [0.0, pytest.approx(0.1611, abs=1e-4)],
                                     "change": "steady"}


def test_the_whole_company_and_shares_withheld_below_the_minimum(client, api_headers, history):
    company = get(client, api_headers, since="2026-11-23", until="2026-11-29").json
    assert company["team"] is None
    assert company["answers"] == 13
    product = next(r for r in company["reasons"] if r["code"] == "product")
    assert (product["answers"], product["share"]) == (1, pytest.approx(1 / 13))
    sales = get(client, api_headers, since="2026-11-23", until="2026-11-29", team="sales").json
    assert sales["answers"] == 3
    product = next(r for r in sales["reasons"] if r["code"] == "product")
    # Three answers are below MIN_RESPONSES: no share, no interval, nothing judged.
    assert product == {"code": "product", "owner": "outside", "owned_by": "product@example.com",
                       "answers": 1, "share": None, "interval": [None, None], "change": None}


@pytest.mark.parametrize(("query", "message"), [
    ({"until": "2026-11-29"}, "since is required, a date like 2026-11-30"),
    ({"since": "2026-11-29"}, "until is required, a date like 2026-11-30"),
    ({"since": "2026-11-29", "until": "2026-11-01"}, "since must not be after until"),
    ({"since": "2026-11-01", "until": "2026-11-29", "team": "nobody"}, "team: no team 'nobody'"),
    ({"since": "0001-01-01", "until": "2026-11-29"}, "since must be from 1970-01-01 to 2999-12-31"),
])
def test_bad_filters_are_refused(client, api_headers, query, message):
    reply = get(client, api_headers, **query)
    assert reply.status_code == 400
    assert reply.json == {"error": message}


def test_a_token_is_required(client):
    assert get(client, {}, since="2026-11-01", until="2026-11-29").status_code == 401
