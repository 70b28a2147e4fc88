"""Log lines as JSON, one object a line, for `LOG_FORMAT=json`; text stays the default.

Written here rather than taken from a package: a formatter is a dozen lines, and this one must
pass every field, not only the message, through the same redaction as log_privacy.py does.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from feedback_service.log_privacy import without_secrets

# What every LogRecord has; anything else on a record came as `extra=` and becomes a field.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "taskName"}
# The loggers that write a line per request and per job run: in a terminal (text) they would
# bury everything else, so there they speak only of what went wrong.
EVENT_LOGGERS = ("feedback_service.requests", "feedback_service.jobs",
                 "feedback_service.outbox.sends")


class JsonLineFormatter(logging.Formatter):
    """A record as one JSON object: time, level, logger, message and the record's extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and not name.startswith("_"):
                line[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(_redacted(line), ensure_ascii=False, default=str)


def _redacted(value: Any) -> Any:
    """Every text in the line without phone numbers or password links, however deep."""
    if isinstance(value, str):
        return without_secrets(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item) for item in value]
    if isinstance(value, int | float | bool) or value is None:
        return value
    return without_secrets(str(value))


def json_handler() -> logging.Handler | None:
    """The JSON handler this process writes through, once installed."""
    return next((handler for handler in logging.getLogger().handlers
                 if isinstance(handler.formatter, JsonLineFormatter)), None)


def configure_log_format(log_format: str) -> None:
    """Text lines (as before) or JSON lines on standard error; events logged only in JSON."""
    root = logging.getLogger()
    if log_format == "json":
        if json_handler() is None:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(JsonLineFormatter())
            root.addHandler(handler)
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)
        event_level = logging.INFO
    else:
        if not root.handlers:
            logging.basicConfig(
                level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        event_level = logging.WARNING
    for name in EVENT_LOGGERS:
        logging.getLogger(name).setLevel(event_level)
