"""Rendering the coaching e-mails from their templates, as plain text and HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from feedback_service.settings import Settings

_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


def mail_language(preferred: str | None, settings: Settings) -> str:
    """The reader's own language, else `DEFAULT_LANGUAGE`."""
    return preferred or settings.default_language


@cache
def _environment() -> Environment:
    # Autoescape only the HTML: callers' comments are shown verbatim and must stay inert.
    return Environment(
        loader=PackageLoader("feedback_service.coaching", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates are the installed package's: they change only with a new release,
        # which restarts the process. Not checking each one's file at every mail saves two
        # system calls a mail (a week's digests render thousands).
        auto_reload=False,
    )


def render_mail(template: str, subject: str, **context: Any) -> Mail:
    """The mail from `templates/<template>.txt` and `.html`, rendered with the same context."""
    environment = _environment()
    return Mail(
        subject=subject,
        # Optional blocks leave runs of empty lines behind; one empty line is enough.
        text=_BLANK_LINES.sub("\n\n", environment.get_template(f"{template}.txt").render(
            subject=subject, **context)),
        html=environment.get_template(f"{template}.html").render(subject=subject, **context),
    )
