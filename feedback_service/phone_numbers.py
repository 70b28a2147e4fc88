"""Phone numbers: normalising to E.164, telling mobiles apart, masking for display, keying."""

from __future__ import annotations

import hashlib
import hmac

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_LANGUAGE_BY_COUNTRY_CODE = {46: "sv", 45: "da", 44: "en", 1: "en", 353: "en"}


def _parse(raw: str, default_region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(raw, default_region)
    except NumberParseException:
        return None


def normalize_e164(raw: str | None, default_region: str | None = None) -> str | None:
    """The number in E.164 (`+46701234567`), or None when it is not a valid phone number."""
    if not raw:
        return None
    number = _parse(raw.strip(), default_region)
    if number is None or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    """Whether an SMS can reach this number (a mobile, or a number that may be one)."""
    number = _parse(e164, None)
    return number is not None and phonenumbers.number_type(number) in _MOBILE_TYPES


def language_for_number(e164: str | None) -> str | None:
    """The survey language the caller's country code suggests, if it is one we speak."""
    number = _parse(e164, None) if e164 else None
    if number is None or number.country_code is None:
        return None
    return _LANGUAGE_BY_COUNTRY_CODE.get(number.country_code)


def mask(e164: str | None) -> str:
    """The number with all but its country code and last two digits hidden: `+46 *******67`."""
    if not e164:
        return ""
    number = _parse(e164, None)
    if number is None:
        return "*" * max(len(e164) - 2, 0) + e164[-2:]
    national = str(number.national_number)
    return f"+{number.country_code} " + "*" * max(len(national) - 2, 0) + national[-2:]


def caller_key(e164: str, secret: str) -> str:
    """A keyed hash of a number: the same caller gives the same key, which tells nothing of the
    number to anyone without the secret."""
    return hmac.new(secret.encode(), e164.encode(), hashlib.sha256).hexdigest()
