"""Phone numbers: normalising to E.164, telling mobiles apart, masking for display, keying."""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_LANGUAGE_BY_COUNTRY_CODE = {46: "sv", 45: "da", 44: "en", 1: "en", 353: "en"}
# A number in E.164 anywhere in a text ("+46701234567", "sip:+46701234567@pbx"), whole.
_E164_IN_TEXT = re.compile(r"(?<!\d)\+[1-9]\d{6,14}(?!\d)")


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
    parts = _plain_e164_parts(e164)
    if parts is not None:
        shown_code, national = parts
    else:
        number = _parse(e164, None)
        if number is None:
            return "*" * max(len(e164) - 2, 0) + e164[-2:]
        shown_code, national = f"+{number.country_code} ", str(number.national_number)
    return shown_code + "*" * (len(national) - 2) + national[-2:]


# A plus and digits only, the way numbers are stored. Exports mask a million of them, and the
# phonenumbers parser takes tens of microseconds a number.
_PLAIN_E164 = re.compile(r"\+[1-9][0-9]{2,30}", re.ASCII)
# The national significant number's bounds in phonenumbers' parser.
_SHORTEST_NATIONAL, _LONGEST_NATIONAL = 2, 17


@functools.cache
def _country_code_starting(digits: str) -> tuple[str, int, re.Pattern[str] | None] | None:
    """The known country code a number's first three digits start with (as the mask shows it,
    `+46 `), its length, and what a national number of it starts with when it has a national
    (trunk) prefix for the parser to strip, such as Sweden's 0; None when no code fits."""
    for length in (1, 2, 3):
        country_code = int(digits[:length])
        if country_code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return None
    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        country_code, region)
    pattern = metadata.national_prefix_for_parsing if metadata is not None else None
    return f"+{country_code} ", length, re.compile(pattern) if pattern else None


def _plain_e164_parts(e164: str) -> tuple[str, str] | None:
    """The country code (as the mask shows it) and national number phonenumbers' parser gives
    a plain `+digits` number without a national prefix to strip, read straight from its
    digits; None for any other number, which the parser itself reads.

    As the parser: the country code is the known one the digits start with (country codes are
    prefix-free, of one to three digits), and the national number is the rest without its
    leading zeros (an integer).
    """
    found = _PLAIN_E164.fullmatch(e164) and _country_code_starting(e164[1:4])
    if not found:
        return None
    shown_code, length, prefix = found
    rest = e164[1 + length:]
    if (_SHORTEST_NATIONAL <= len(rest) <= _LONGEST_NATIONAL
            and (prefix is None or prefix.match(rest) is None)):
        return shown_code, rest.lstrip("0") or "0"
    return None


def numbers_in(value: Any) -> set[str]:
    """Every E.164 number in a value as received (a webhook's form or JSON, at any depth)."""
    if isinstance(value, str):
        return set(_E164_IN_TEXT.findall(value))
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return set().union(*(numbers_in(item) for item in value))
    return set()


def caller_key(e164: str, secret: str) -> str:
    """A keyed hash of a number: the same caller gives the same key, which tells nothing of the
    number to anyone without the secret."""
    return hmac.new(secret.encode(), e164.encode(), hashlib.sha256).hexdigest()
