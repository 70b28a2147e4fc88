"""The local trial's mail server: files each message it receives under `FOLDER/new/`.

File names say when (on the company's clock), to whom and what, so a person finds the mail
they want: `2026-11-30_0915_sara@demo.example_Veckosammanfattning-v48.eml`. The folder is a
Maildir as well, for mail programs that read one.

    python -m feedback_service.trial.mail_sink FOLDER --port 8025   (scripts/serve runs it)
"""

from __future__ import annotations

import argparse
import email
import email.policy
import logging
import re
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller

from feedback_service.settings_loading import read_settings
from feedback_service.trial.ports import HOST

_UNSAFE = re.compile(r"[^\w@.+-]+")


def mail_file_name(received: datetime, recipient: str, subject: str) -> str:
    """`DATE_TIME_RECIPIENT_SUBJECT.eml`, with nothing a file system or a shell trips over."""
    subject = _UNSAFE.sub("-", subject).strip("-")[:60] or "no-subject"
    recipient = _UNSAFE.sub("-", recipient).strip("-") or "no-recipient"
    return f"{received:%Y-%m-%d_%H%M}_{recipient}_{subject}.eml"


class MailFolder:
    """aiosmtpd handler: each message becomes one file, written whole before it appears."""

    def __init__(self, folder: Path, zone: ZoneInfo) -> None:
        self.folder = folder
        self.zone = zone
        for part in ("tmp", "new", "cur"):
            (folder / part).mkdir(parents=True, exist_ok=True)

    def file(self, content: bytes, recipients: list[str]) -> Path:
        message = email.message_from_bytes(content, policy=email.policy.default)
        to = message["To"]
        recipient = to.addresses[0].addr_spec if to and to.addresses else recipients[0]
        name = mail_file_name(datetime.now(self.zone), recipient, str(message["Subject"] or ""))
        target = self.folder / "new" / name
        counter = 1
        while target.exists():
            counter += 1
            target = target.with_name(f"{name.removesuffix('.eml')}_{counter}.eml")
        draft = self.folder / "tmp" / target.name
        draft.write_bytes(content)
        draft.rename(target)
        return target

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.file(envelope.content, list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def start_mail_sink(folder: Path, port: int, zone: ZoneInfo) -> Controller:
    """The server, listening on 127.0.0.1:`port` in a thread of its own."""
    controller = Controller(MailFolder(folder, zone), hostname=HOST, port=port)
    controller.start()
    return controller


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()

    zone = read_settings().zone  # without starting the whole app
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command otherwise
    # Before listening: once the port answers, a stop may come at any moment.
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    try:
        controller = start_mail_sink(arguments.folder, arguments.port, zone)
    except (OSError, RuntimeError) as error:
        print(f"The trial's mail server could not listen on port {arguments.port}: {error}",
              file=sys.stderr)
        return 1
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
