"""The outbox's send cycle: leases, crashes mid-send, faults, and what it logs."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.outbox.flush import LEASE, claim_due_messages, flush_outbox
from feedback_service.outbox.models import OutboxMessage, OutboxStatus
from feedback_service.outbox.queue import enqueue_sms
from feedback_service.outbox.senders import ConsoleMailer, Outcome, SendResult
from feedback_service.surveys.opt_outs import opt_out

CALLER = "+46701234567"
QUESTION = "Hur var samtalet med Anna?"


class RecordingSmsSender:
    """Takes every SMS it is given, noting whether a database transaction was open meanwhile."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.inside_transaction: list[bool] = []

    def send_sms(self, to: str, body: str, *, status_callback: str | None) -> SendResult:
        self.inside_transaction.append(db.session().in_transaction())
        self.sent.append((to, body))
        return SendResult(Outcome.SENT, provider_message_id=f"SM{len(self.sent):032d}")


class FaultySmsSender:
    """Fails the way an unforeseen provider fault does, quoting what it was given."""

    def send_sms(self, to: str, body: str, *, status_callback: str | None) -> SendResult:
        raise RuntimeError(f"could not send {body!r} to {to}")


def queue_question(key: str = "survey:1:score") -> OutboxMessage:
    message = enqueue_sms(key, to=CALLER, body=QUESTION, purpose="survey_question")
    db.session.commit()
    return message


def test_a_sender_that_died_mid_send_leaves_the_message_ambiguous_never_resent(app):
    with app.app_context():
        message_id = queue_question().id
        assert claim_due_messages(utcnow(), 10) == [message_id]  # ... and then the process died
        sender = RecordingSmsSender()

        assert flush_outbox(sender, ConsoleMailer()) == {}  # the lease still runs
        summary = flush_outbox(sender, ConsoleMailer(), now=utcnow() + LEASE + timedelta(1))

        assert summary == {"ambiguous": 1}
        assert sender.sent == []
        assert db.session.get(OutboxMessage, message_id).status == OutboxStatus.AMBIGUOUS


def test_the_lease_runs_from_the_claim_not_from_the_start_of_the_flush(app):
    with app.app_context():
        started = utcnow() - timedelta(minutes=10)  # a long flush, claiming its next batch
        message = queue_question()
        message.not_before = started
        db.session.commit()
        message_id = message.id

        assert claim_due_messages(started, 10) == [message_id]

        lease_until = db.session.get(OutboxMessage, message_id).lease_until
        assert lease_until >= utcnow() + LEASE - timedelta(seconds=5)


def test_no_transaction_is_open_while_the_provider_answers(app):
    with app.app_context():
        queue_question("survey:1:score")
        queue_question("survey:2:score")
        sender = RecordingSmsSender()

        assert flush_outbox(sender, ConsoleMailer()) == {"sent": 2}
        assert sender.inside_transaction == [False, False]


def test_an_erased_recipient_is_not_sent_to(app):
    with app.app_context():
        message = queue_question()
        message.recipient = None
        db.session.commit()
        sender = RecordingSmsSender()

        assert flush_outbox(sender, ConsoleMailer()) == {"failed": 1}
        assert sender.sent == []


def test_an_unforeseen_fault_is_ambiguous_and_logged_without_the_number_or_text(app, caplog):
    with app.app_context():
        message_id = queue_question().id

        with caplog.at_level(logging.INFO):
            assert flush_outbox(FaultySmsSender(), ConsoleMailer()) == {"ambiguous": 1}

        assert "RuntimeError" in caplog.text and "send_sms" in caplog.text
        assert CALLER not in caplog.text and QUESTION not in caplog.text
        assert db.session.get(OutboxMessage, message_id).last_error == "unexpected: RuntimeError"


@pytest.mark.parametrize("purpose", ["opt_out_reply", "help_reply"])
def test_a_confirmation_reaches_a_number_that_has_just_opted_out(app, purpose):
    with app.app_context():
        enqueue_sms("sms-reply:SM1", to=CALLER, body="Du får inga fler enkäter.", purpose=purpose)
        opt_out(CALLER, keyword="STOPP", source="sms")
        db.session.commit()
        sender = RecordingSmsSender()

        assert flush_outbox(sender, ConsoleMailer()) == {"sent": 1}
        assert sender.sent == [(CALLER, "Du får inga fler enkäter.")]


def test_one_run_sends_a_whole_backlog_not_a_hundred_at_a_time(app):
    with app.app_context():
        for number in range(250):
            enqueue_sms(f"survey:{number}:score", to=CALLER, body=QUESTION,
                        purpose="survey_question")
        db.session.commit()
        sender = RecordingSmsSender()

        assert flush_outbox(sender, ConsoleMailer()) == {"sent": 250}
        assert len(sender.sent) == 250


def test_a_run_whose_time_is_up_leaves_the_rest_for_the_next(app):
    with app.app_context():
        queue_question("survey:1:score")
        queue_question("survey:2:score")
        sender = RecordingSmsSender()

        assert flush_outbox(sender, ConsoleMailer(), seconds=0) == {}
        assert sender.sent == []
        assert flush_outbox(sender, ConsoleMailer(), limit=1) == {"sent": 1}
        assert flush_outbox(sender, ConsoleMailer()) == {"sent": 1}
