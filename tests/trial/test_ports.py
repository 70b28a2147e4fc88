"""The trial's ports: a taken web port stops the trial with advice; a taken mail port moves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from feedback_service.trial.ports import PortTaken, free_port, trial_ports


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another program listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def ports_command(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "MAIL_PORT")}
    return subprocess.run([sys.executable, "-m", "feedback_service.trial.ports"],
                          env={**clean, **env}, capture_output=True, text=True, timeout=30)


def test_free_ports_are_kept():
    web, mail = free_port(), free_port()

    result = ports_command(PORT=str(web), MAIL_PORT=str(mail))

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"PORT={web} MAIL_PORT={mail}\n"


def test_a_taken_web_port_stops_the_trial_saying_what_to_do(taken_port):
    result = ports_command(PORT=str(taken_port))

    assert result.returncode == 1
    assert f"Port {taken_port} is taken by another program" in result.stderr
    assert f"PORT={taken_port + 1} ./scripts/serve" in result.stderr
    assert result.stdout == ""


def test_a_mail_port_the_person_chose_is_refused_when_taken(taken_port):
    result = ports_command(PORT=str(free_port()), MAIL_PORT=str(taken_port))

    assert result.returncode == 1
    assert f"MAIL_PORT {taken_port} is taken by another program" in result.stderr


def test_the_default_mail_port_moves_when_another_program_holds_it(taken_port):
    web = free_port()

    chosen_web, mail, note = trial_ports(web, None, default_mail=taken_port)

    assert chosen_web == web
    assert mail != taken_port
    assert note == f"Port {taken_port} is taken; the trial's mail server uses {mail}."
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", mail))  # free indeed


def test_a_taken_web_port_is_refused_before_anything_starts(taken_port):
    with pytest.raises(PortTaken):
        trial_ports(taken_port, free_port())
