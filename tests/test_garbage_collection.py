"""The cyclic garbage collector waits until a request is over, then collects its garbage."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import feedback_service
from feedback_service import garbage_collection

SERVICE = str(Path(feedback_service.__file__).parent)
MIDDLEWARE = garbage_collection.__file__


def _service_code_running() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(SERVICE) and filename != MIDDLEWARE:
            return True
        frame = frame.f_back
    return False


@pytest.fixture
def collections() -> Iterator[list[bool]]:
    """For each collection that starts: whether the service's code was running at that moment
    (a frame of it other than the middleware's on the stack; a streamed body's generator
    between two pieces is not).

    The threshold of 1 makes the collector run at almost every allocation, as a large
    history's reads make it run at any point of a request."""
    seen: list[bool] = []

    def watch(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(_service_code_running())

    threshold = gc.get_threshold()
    gc.callbacks.append(watch)
    gc.set_threshold(1)
    try:
        yield seen
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(watch)


def test_no_collection_runs_while_the_summaries_are_read(
    client: FlaskClient,
    api_headers: dict[str, str],
    organisation: object,
    collections: list[bool],
) -> None:
    reply = client.get("/api/v1/summaries", query_string={"week": "2026-W10"}, headers=api_headers)
    during_the_request = list(collections)
    assert reply.status_code == 200 and reply.json["summaries"]
    assert during_the_request, "the request's garbage is collected once it is over"
    assert not any(during_the_request), "no collection runs in the middle of the request"


def test_no_collection_runs_while_a_streamed_export_is_read(
    client: FlaskClient,
    api_headers: dict[str, str],
    organisation: object,
    collections: list[bool],
) -> None:
    reply = client.get("/api/v1/responses.csv", headers=api_headers, buffered=False)
    assert b"".join(reply.response).count(b"\n") >= 1
    reply.close()
    during_the_request = list(collections)
    assert during_the_request and not any(during_the_request)
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_request(client: FlaskClient) -> None:
    assert client.get("/healthz").status_code == 200
    assert gc.isenabled()


def test_a_failing_request_turns_the_collector_on_again(client: FlaskClient) -> None:
    client.application.config["PROPAGATE_EXCEPTIONS"] = True

    @client.application.before_request
    def _fail() -> None:
        raise RuntimeError("a request that fails")

    with pytest.raises(RuntimeError):
        client.get("/healthz")
    assert gc.isenabled()
