"""Masking a caller's number: read straight from its digits, the same as phonenumbers reads it."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from feedback_service.phone_numbers import mask


def _parsed_mask(e164: str) -> str:
    """The mask from phonenumbers' own parser: what `mask` gave for every number before."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return "*" * max(len(e164) - 2, 0) + e164[-2:]
    national = str(number.national_number)
    return f"+{number.country_code} " + "*" * max(len(national) - 2, 0) + national[-2:]


@pytest.mark.parametrize(("number", "shown"), [
    ("+46701234567", "+46 *******67"),
    ("+4570123456", "+45 ******56"),
    ("+447700900123", "+44 ********23"),
    ("+3906698123", "+39 *****23"),  # Italy keeps its leading zero, but the mask shows none
    ("+46070123456", "+46 ******56"),  # a Swedish trunk 0 the parser strips
    ("+12025550123", "+1 ********23"),
    ("+999123", "*****23"),  # no such country code
    ("client:anna", "*********na"),
    ("", ""),
])
def test_a_number_is_masked_but_for_its_country_code_and_last_two_digits(number, shown):
    assert mask(number) == shown
    assert mask(number) == _parsed_mask(number) or number == ""


def test_every_country_code_and_length_masks_as_the_parser_reads_it():
    rng = random.Random(7)
    numbers = [f"+{country_code}{first}{rng.randrange(10**length):0{length}d}"[:length + 3]
               for country_code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE
               for first in range(10) for length in range(0, 19, 2)]
    # National (trunk) prefixes and the digits after them, such as Argentina's 0…15.
    numbers += [f"+{rng.choice(list(phonenumbers.COUNTRY_CODE_TO_REGION_CODE))}"
                f"{rng.randrange(10**12):012d}"[:rng.randrange(4, 19)] for _ in range(5000)]
    numbers += ["+3900", "+39000000", "+4500001", "+549111512345678", "+54011155555555",
                "+0123456789", "+1", "+12", "+123", "+4612345678901234567890",
                "+46 70 123 45 67", "+４６701234567", "46701234567"]
    assert [mask(number) for number in numbers] == [_parsed_mask(number) for number in numbers]
