"""Schemathesis drives every `/api/v1` operation from the API's own description, with a valid
token: no answer is a 500, and every answer's status, content type and body are as described.

The examples come from a fixed seed (derandomize) and no example database is kept, so CI runs
the same requests each time; a few dozen per operation keep the file within seconds.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from feedback_service.api.description import operations as described_operations
from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.models import Agent
from tests.web.factories import give_answer

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def api_schema(app, organisation):
    """The description as the app serves it, over an organisation with an answer in it."""
    with app.app_context():
        give_answer(settings_of(app), db.session.get(Agent, organisation.anna), 2, utcnow(),
                    comment="Slow, call me on 070-123 45 67")
        db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_every_answer_is_as_described(app, api_schema, api_headers):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # Every call the API registers; schemathesis leaves out the description it was loaded from
    # (test_openapi.py validates that one).
    assert {o.label for o in operations} == {
        f"{method.upper()} {path}" for method, path, *_ in described_operations(app)} - {
        "GET /api/v1/openapi.json"}

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def answers_as_described(case):
            case.call_and_validate(headers=api_headers, checks=CHECKS)

        answers_as_described()
