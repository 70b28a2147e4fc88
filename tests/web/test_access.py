"""Who sees what: every page, recording and export answers 404 to those who may not see it."""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass

import pytest
import responses
import sqlalchemy as sa

from feedback_service.extensions import db
from feedback_service.settings import settings_of
from feedback_service.staff.directory import ensure_user
from feedback_service.staff.models import Agent, Role
from feedback_service.surveys.models import FollowUp
from feedback_service.web.recordings import MAX_RECORDING_BYTES
from tests.conftest import settings
from tests.web.factories import give_answer, give_password, weeks_ago
from tests.web.login_form import csrf_token_in

ACCOUNT_SID = "AC" + "0" * 32
SAD = 2


def recording_url(name: str) -> str:
    return f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/RE{name:0>32}"


@pytest.fixture
def app_settings(database_url):
    return settings(database_url, TWILIO_ACCOUNT_SID=ACCOUNT_SID)


@dataclass(frozen=True)
class Answers:
    anna: int
    bjorn: int
    freja: int
    anna_follow_up: int
    freja_follow_up: int


@pytest.fixture
def answers(app, organisation) -> Answers:
    """An unhappy answer with a recording for each of Anna, Björn and Freja."""
    with app.app_context():
        made = {}
        for handle in ("anna", "bjorn", "freja"):
            agent = db.session.scalar(sa.select(Agent).where(Agent.handle == handle))
            made[handle] = give_answer(settings_of(app), agent, SAD, weeks_ago(1), reason_digit=1,
                                       comment=f"comment for {handle}",
                                       recording_url=recording_url(handle))
        ensure_user("root@example.com", role=Role.ADMIN, name="Admin")
        give_password("root@example.com")
        db.session.commit()
        return Answers(made["anna"].id, made["bjorn"].id, made["freja"].id,
                       made["anna"].follow_up.id, made["freja"].follow_up.id)


def fake_recordings(*handles: str) -> None:
    for handle in handles:
        responses.get(recording_url(handle) + ".mp3", body=b"ID3 " + handle.encode(),
                      content_type="audio/mpeg")


@pytest.mark.parametrize("path", [
    "/teams/support",
    "/teams/support/agents/bjorn",
    "/teams/support/agents/anna",
    "/teams/support/agents/bjorn/answers.csv",
    "/teams/support/answers.csv",
    "/teams/kundeservice",
    "/teams/kundeservice/agents/freja",
    "/follow-ups",
    "/answers/{bjorn}/recording",
    "/answers/{freja}/recording",
    "/answers/999999/recording",
])
def test_an_agent_sees_nothing_but_their_own(login, answers, path, caplog):
    client = login("anna@example.com")
    with caplog.at_level(logging.WARNING, logger="feedback_service.web.access"):
        reply = client.get(path.format(**answers.__dict__))
    assert reply.status_code == 404
    assert reply.headers["Cache-Control"] == "no-store"
    page = reply.get_data(as_text=True)
    assert "comment for" not in page and "Björn" not in page
    [record] = [r for r in caplog.records if r.name == "feedback_service.web.access"]
    assert record.getMessage().startswith("access refused: user ")
    # The log names the user by id and the page by endpoint: no handles, names or numbers.
    for personal in ("anna", "bjorn", "freja", "example.com", "+46"):
        assert personal not in record.getMessage()


@responses.activate
def test_an_agent_opens_their_own_page_recording_and_export(login, answers):
    fake_recordings("anna")
    client = login("anna@example.com")
    page = client.get("/me").get_data(as_text=True)
    assert "comment for anna" in page
    assert "comment for bjorn" not in page and "comment for freja" not in page
    audio = client.get(f"/answers/{answers.anna}/recording")
    assert audio.status_code == 200
    assert audio.mimetype == "audio/mpeg" and audio.data == b"ID3 anna"
    assert audio.headers["Cache-Control"] == "no-store"
    export = client.get("/me/answers.csv")
    assert export.status_code == 200
    assert "comment for anna" in export.get_data(as_text=True)
    assert "comment for bjorn" not in export.get_data(as_text=True)


def test_an_agent_cannot_handle_follow_ups(login, answers, app):
    client = login("anna@example.com")
    token = csrf_token_in(client.get("/me").get_data(as_text=True))
    reply = client.post(f"/follow-ups/{answers.anna_follow_up}",
                        data={"status": "resolved", "note": "x", "csrf_token": token})
    assert reply.status_code == 404
    with app.app_context():
        assert db.session.get(FollowUp, answers.anna_follow_up).status == "open"


@pytest.mark.parametrize("path", [
    "/teams/kundeservice",
    "/teams/kundeservice/agents/freja",
    "/teams/kundeservice/agents/freja/answers.csv",
    "/teams/kundeservice/answers.csv",
    "/teams/support/agents/freja",  # Freja exists, but not in this team
    "/teams/support/agents/freja/answers.csv",
    "/teams/no-such-team",
    "/teams/support/agents/nobody",
    "/answers/{freja}/recording",
    "/me",  # Sara takes no calls herself
])
def test_a_supervisor_sees_only_their_own_teams(login, answers, path):
    client = login("sara@example.com")
    reply = client.get(path.format(**answers.__dict__))
    assert reply.status_code == 404
    assert "comment for freja" not in reply.get_data(as_text=True)


@responses.activate
def test_a_supervisor_opens_their_team_its_agents_recordings_and_exports(login, answers):
    fake_recordings("anna", "bjorn")
    client = login("sara@example.com")
    assert client.get("/teams/support").status_code == 200
    agent_page = client.get("/teams/support/agents/bjorn").get_data(as_text=True)
    assert "comment for bjorn" in agent_page and "comment for anna" not in agent_page
    assert client.get(f"/answers/{answers.bjorn}/recording").data == b"ID3 bjorn"
    assert client.get(f"/answers/{answers.anna}/recording").data == b"ID3 anna"
    export = client.get("/teams/support/agents/anna/answers.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert "comment for anna" in export.get_data(as_text=True)


def test_a_supervisor_cannot_handle_another_team_s_follow_up(login, answers, app):
    client = login("sara@example.com")
    page = client.get("/follow-ups").get_data(as_text=True)
    assert "comment for anna" in page and "comment for freja" not in page
    for guessed in (answers.freja_follow_up, 999999):
        reply = client.post(f"/follow-ups/{guessed}", data={
            "status": "resolved", "note": "sorted", "csrf_token": csrf_token_in(page)})
        assert reply.status_code == 404
    with app.app_context():
        assert db.session.get(FollowUp, answers.freja_follow_up).status == "open"


@responses.activate
def test_an_admin_sees_every_team(login, answers):
    fake_recordings("freja")
    client = login("root@example.com")
    assert client.get("/teams/support").status_code == 200
    assert client.get("/teams/kundeservice/agents/freja").status_code == 200
    assert client.get(f"/answers/{answers.freja}/recording").status_code == 200
    page = client.get("/follow-ups").get_data(as_text=True)
    assert "comment for anna" in page and "comment for freja" in page


def test_a_recording_twilio_no_longer_has_is_not_found(login, answers):
    with responses.RequestsMock() as twilio:
        twilio.get(recording_url("anna") + ".mp3", status=404)
        reply = login("anna@example.com").get(f"/answers/{answers.anna}/recording")
    assert reply.status_code == 404


def test_twilio_failing_gives_a_clear_answer(login, answers):
    with responses.RequestsMock() as twilio:
        twilio.get(recording_url("anna") + ".mp3", status=500)
        reply = login("anna@example.com").get(f"/answers/{answers.anna}/recording")
    assert reply.status_code == 502
    assert "Inspelningen kunde inte hämtas" in reply.get_data(as_text=True)


def test_the_recording_is_fetched_with_the_account_s_basic_auth(login, answers):
    with responses.RequestsMock() as twilio:
        fetch = twilio.get(recording_url("anna") + ".mp3", body=b"ID3")
        login("anna@example.com").get(f"/answers/{answers.anna}/recording")
    expected = base64.b64encode(f"{ACCOUNT_SID}:test-auth-token-0123456789abcdef".encode())
    assert fetch.calls[0].request.headers["Authorization"] == f"Basic {expected.decode()}"


def test_no_transaction_is_open_while_twilio_sends_the_recording(login, answers):
    in_transaction = []

    def twilio_sends(request):
        in_transaction.append(db.session().in_transaction())
        return 200, {"Content-Type": "audio/mpeg"}, b"ID3"

    with responses.RequestsMock() as twilio:
        twilio.add_callback(responses.GET, recording_url("anna") + ".mp3", callback=twilio_sends)
        reply = login("anna@example.com").get(f"/answers/{answers.anna}/recording")
    assert (reply.status_code, reply.data) == (200, b"ID3")
    assert in_transaction == [False]


def test_an_answer_without_a_recording_has_none_to_play(login, organisation, app):
    with app.app_context():
        anna = db.session.get(Agent, organisation.anna)
        response = give_answer(settings_of(app), anna, 1, weeks_ago(1), comment="Tack!")
        db.session.commit()
        response_id = response.id
    assert login("anna@example.com").get(f"/answers/{response_id}/recording").status_code == 404


def test_an_answer_far_larger_than_a_recording_is_not_relayed(login, answers):
    with responses.RequestsMock() as twilio:
        twilio.get(recording_url("anna") + ".mp3", body=b"\0" * (MAX_RECORDING_BYTES + 1),
                   content_type="audio/mpeg")
        reply = login("anna@example.com").get(f"/answers/{answers.anna}/recording")
    assert reply.status_code == 502
    assert reply.mimetype == "text/html"
