"""No log line carries a phone number (or a password link), whoever writes it.

Our own code logs numbers masked, and SQLAlchemy hides statement parameters; but a database
driver's error text can quote the row it refused (`Key (phone)=(+46701234567) already exists`),
and a traceback logged for a failed request carries that text. So every log record, its message
and its traceback alike, has what looks like a phone number blotted out before any handler sees it.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

# E.164 and written-out international numbers (+46 70-123 45 67), the same URL-encoded
# (%2B4670...), and long bare digit runs (4670..., 0701234567) that stand on their own: not
# inside an id like CA0123... or a date.
_PHONE_NUMBER = re.compile(
    r"\+\d[\d \-().]{5,}\d|%2[Bb]\d{6,15}|(?<![\w.:/-])\d{8,15}(?![\w])")
REMOVED = "[number removed]"
# A one-time password link in an access log line would open the account to whoever reads it.
_PASSWORD_LINK = re.compile(r"(/password/set/)[A-Za-z0-9_-]+")


def without_phone_numbers(text: str) -> str:
    return _PHONE_NUMBER.sub(REMOVED, text)


def without_secrets(text: str) -> str:
    """Phone numbers and password-link tokens blotted out."""
    return _PASSWORD_LINK.sub(r"\1[link removed]", without_phone_numbers(text))


def _redact(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: logging reports it when the record is emitted
        return record
    if (cleaned := without_secrets(message)) != message:
        record.msg, record.args = cleaned, ()
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        record.exc_text = without_secrets(
            "".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
    if record.stack_info:
        record.stack_info = without_secrets(record.stack_info)
    return record


def keep_phone_numbers_out_of_logs() -> None:
    """Make every log record in this process without phone numbers (installed once)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "keeps_numbers_out", False):
        return

    def make_record_without_numbers(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _redact(make_record(*args, **kwargs))

    # A mark on the function itself, so a second install finds it; functions have no such
    # attribute in their type.
    make_record_without_numbers.keeps_numbers_out = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make_record_without_numbers)
