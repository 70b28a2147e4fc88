"""Phone numbers, e-mail addresses and identity numbers in what callers say or write are masked."""

from __future__ import annotations

import pytest

from feedback_service.personal_data import mask_personal_data


@pytest.mark.parametrize(("said", "shown"), [
    ("ring mig på 070-123 45 67 tack", "ring mig på […] tack"),
    ("ring mig på 0701234567", "ring mig på […]"),
    ("mitt nummer är +46 70 123 45 67.", "mitt nummer är […]."),
    ("+46701234567 är mitt nummer", "[…] är mitt nummer"),
    ("0046 70 123 45 67", "[…]"),
    ("ring växeln 08-123 456 78", "ring växeln […]"),
    ("ring på +45 12 34 56 78", "ring på […]"),
    ("mit nummer er 12 34 56 78", "mit nummer er […]"),
    ("ring 20304050 i morgen", "ring […] i morgen"),
    ("min mejl är anna.svensson+kund@exempel.se!", "min mejl är […]!"),
    ("skriv till A_B@sub.example.co.uk", "skriv till […]"),
    ("personnummer 19811218-9876", "personnummer […]"),
    ("personnummer 811218-9876", "personnummer […]"),
    ("pnr 811218+9876 (över hundra)", "pnr […] (över hundra)"),
    ("pnr 198112189876", "pnr […]"),
    ("mit CPR-nummer er 120381-1234", "mit CPR-nummer er […]"),
    ("cpr 1203811234", "cpr […]"),
    ("070-123 45 67 eller anna@exempel.se", "[…] eller […]"),
])
def test_personal_data_is_masked(said, shown):
    assert mask_personal_data(said) == shown


@pytest.mark.parametrize("said", [
    "Väntade 45 minuter i kö, tre gånger",
    "Det kostade 1 200 kr",
    "Jag ringde den 2026-12-06 och den 6/12/2026",
    "Ordern kom 12.30, ärende 12345",
    "Tack Anna! 10 av 10",
    "@anna var bra, skrev någon på 5-6 ställen",
    "",
])
def test_other_words_and_figures_are_left_alone(said):
    assert mask_personal_data(said) == said
