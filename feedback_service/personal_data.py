"""Personal data inside what callers say or write: masked wherever their number is masked.

A caller may leave a phone number ("ring mig på 070-123 45 67"), an e-mail address or an
identity number (Swedish personnummer, Danish CPR) in a comment or a transcribed answer. Pages,
mails, the API and CSV show comments through `mask_personal_data`; only the follow-up a
supervisor calls back from, which shows the caller's full number anyway, shows them as given.

The rule errs on the side of the caller: any run of eight digits or more, however spaced or
hyphenated (every Swedish and Danish number, E.164, personnummer, CPR), is masked, except a
written-out date. A reference number of that length is masked with them.
"""

from __future__ import annotations

import re

MASK = "[…]"
_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Digits, in groups a single space, hyphen, dot, slash or plus apart (personnummer of people
# over a hundred have a plus), with an optional + or 00 in front; brackets as in "+46 (0)70".
_DIGIT_RUN = re.compile(r"\+?\(?\d(?:\)?[ \-./+]?\(?\d)+")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}")
SHORTEST_NUMBER = 8  # digits: a Danish number, or a Swedish one with a short area code


def mask_personal_data(text: str) -> str:
    """The text with phone numbers, e-mail addresses and identity numbers replaced by `[…]`."""
    return _DIGIT_RUN.sub(_mask_digits, _EMAIL.sub(MASK, text))


def _mask_digits(found: re.Match[str]) -> str:
    run = found.group(0)
    if sum(character.isdigit() for character in run) < SHORTEST_NUMBER:
        return run
    if _DATE.fullmatch(run):
        return run
    return MASK
