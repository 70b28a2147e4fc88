"""Schemathesis drives every `/api/v1` operation from the API's own description, with a valid
token: no answer is a 500, and every answer's status, content type and body are as described.

The examples come from a fixed seed (derandomize) and no example database is kept, so CI runs
the same requests each time; 25 valid and 25 invalid requests per operation keep it to seconds.
It takes the place of the hand-written generated API requests test_no_server_errors.py once
sent: this one sends odd and valid input alike and checks more than the status.
"""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from feedback_service.api.description import operations as described_operations
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from feedback_service.surveys.scoring import SurveyKind
from tests.web.factories import give_answer

# Questions about the fixture's week (the test clock's), so that figures are answered too, not
# only the empty weeks and refusals that generated parameters mostly reach.
ABOUT_THIS_WEEK = {
    "GET /api/v1/summaries": [{"week": "2026-W47"}, {"week": "2026-W47", "team": "support"},
                              {"week": "2026-W47", "agent": "anna"}],
    "GET /api/v1/trends": [{"grain": grain, "until": "2026-11-22", "team": "support"}
                           for grain in ("week", "month", "quarter")],
    "GET /api/v1/responses": [{"limit": "1"}],
}
POSITIVE = GenerationMode.POSITIVE
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(app, organisation):
    """The description as the app serves it, over an organisation with an answer in it."""
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        give_answer(settings_of(app), anna, 2, utcnow(), reason_digit=1,
                    comment="Slow, call me on 070-123 45 67")
        give_answer(settings_of(app), anna, 1, utcnow(), topic="billing")
        give_answer(settings_of(app), anna, 9, utcnow(), kind=SurveyKind.NPS)
        db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_every_answer_is_as_described(app, api_schema, api_headers):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # Every call the API registers; schemathesis leaves out the description it was loaded from
    # (test_openapi.py validates that one).
    assert {o.label for o in operations} == {
        f"{method.upper()} {path}" for method, path, *_ in described_operations(app)} - {
        "GET /api/v1/openapi.json"}

    for operation, mode in itertools.product(operations, GenerationMode):
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def answers_as_described(case):
            case.call_and_validate(headers=api_headers, checks=CHECKS)

        answers_as_described()
        for query in ABOUT_THIS_WEEK.get(operation.label, []) if mode is POSITIVE else []:
            reply = operation.Case(query=query).call_and_validate(headers=api_headers,
                                                                  checks=CHECKS)
            assert reply.status_code == 200, (operation.label, query, reply.text)
