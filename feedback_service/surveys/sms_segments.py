"""How many SMS segments a text takes, as the phone network counts them (GSM 03.38).

A text of the GSM-7 alphabet is sent in 7-bit septets: 160 fit one segment, and a character of
the extension table (€, [, ], {, }, ^, ~, |, \\) takes two. A single character outside both
(an emoji, a typographic quote, Ł) sends the whole text as UCS-2, 70 characters a segment. A
longer text is split into parts that each give up room to the header joining them: 153
septets or 67 UCS-2 characters.
"""

from __future__ import annotations

GSM_7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM_7_SEGMENT, GSM_7_PART = 160, 153
UCS_2_SEGMENT, UCS_2_PART = 70, 67


def is_gsm_7(text: str) -> bool:
    """Whether every character of `text` has a GSM-7 septet (else it goes as UCS-2)."""
    return all(char in GSM_7_BASIC or char in GSM_7_EXTENSION for char in text)


def sms_length(text: str) -> int:
    """The text's length as the network counts it: septets in GSM-7, else UTF-16 code units."""
    if is_gsm_7(text):
        return sum(2 if char in GSM_7_EXTENSION else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def sms_segments(text: str) -> int:
    """How many segments `text` is sent in (and billed for)."""
    length = sms_length(text)
    single, part = (GSM_7_SEGMENT, GSM_7_PART) if is_gsm_7(text) else (UCS_2_SEGMENT, UCS_2_PART)
    return 1 if length <= single else -(-length // part)
