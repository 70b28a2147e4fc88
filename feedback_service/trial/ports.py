"""The local trial's ports: the web port must be free; the mail port moves to a free one.

`python -m feedback_service.trial.ports` (run by scripts/serve) reads `PORT` (default 5000)
and `MAIL_PORT` (default 8025) from the environment and prints the two to use as shell
assignments, or stops with a message that says what to do.
"""

from __future__ import annotations

import os
import socket
import sys

DEFAULT_WEB_PORT = 5000
DEFAULT_MAIL_PORT = 8025
HOST = "127.0.0.1"


class PortTaken(RuntimeError):
    """A port the trial needs is held by another program."""


def port_is_free(port: int) -> bool:
    """Whether nothing answers on the port and the trial could listen on it."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        if probe.connect_ex((HOST, port)) == 0:
            return False
    with socket.socket() as probe:
        # As the servers themselves do, so that a trial stopped a moment ago doesn't count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port nothing listens on now, chosen by the system."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def trial_ports(web: int, mail: int | None, *, default_mail: int = DEFAULT_MAIL_PORT
                ) -> tuple[int, int, str | None]:
    """(web port, mail port, a note for the person) for the trial, or `PortTaken`.

    The web port is in every URL the person types, so it never moves by itself. The mail port
    is the trial's own business: the default moves to a free port rather than hand the trial's
    mail to whatever holds it; a port the person chose (`mail`) is kept or refused.
    """
    if not port_is_free(web):
        raise PortTaken(
            f"Port {web} is taken by another program, so the trial cannot serve on it (on macOS "
            "the AirPlay Receiver often holds 5000). Start the trial on another port: "
            f"PORT={web + 1} ./scripts/serve")
    if mail is not None:
        if not port_is_free(mail):
            raise PortTaken(f"MAIL_PORT {mail} is taken by another program; choose another, "
                            "or leave MAIL_PORT unset to let the trial pick a free one.")
        return web, mail, None
    if port_is_free(default_mail):
        return web, default_mail, None
    mail = free_port()
    return web, mail, f"Port {default_mail} is taken; the trial's mail server uses {mail}."


def main() -> int:
    web = int(os.environ.get("PORT") or DEFAULT_WEB_PORT)
    mail = int(os.environ["MAIL_PORT"]) if os.environ.get("MAIL_PORT") else None
    try:
        web, mail, note = trial_ports(web, mail)
    except PortTaken as error:
        print(error, file=sys.stderr)
        return 1
    if note:
        print(note, file=sys.stderr)
    print(f"PORT={web} MAIL_PORT={mail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
