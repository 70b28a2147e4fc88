"""What callers appreciated and what drives a team's score, in the reader's words.

The one presenter of these figures that the pages, the digests and the first screens call:
a row's label, its "too few answers" rule and the format of its rise live here, so the team
page and the mail cannot label the same table in two ways.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from feedback_service.coaching.drivers import Driver, DriverTable, praise_counts
from feedback_service.coaching.mail_texts import texts_in
from feedback_service.coaching.presentation import points_text, reason_label, rise_text
from feedback_service.surveys.praise import PraiseCatalogue
from feedback_service.surveys.reasons import ReasonCatalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.topics import topic_label


@dataclass(frozen=True)
class DriverRow:
    """One row of a driver table, labelled: "Väntetid (missnöje)", 3 answers, "+12 (…)"."""

    label: str
    answers: int
    points: str  # the rise with its likely range, "too few answers", or why it has none
    outside: bool  # a reason outside customer service: counted, never in the score


@dataclass(frozen=True)
class DriverTableView:
    """A scale's driver table in the reader's language."""

    table: DriverTable
    score: str  # the team's score on the scale, or "too few answers"
    reasons: list[DriverRow]  # complaints and praise, in the table's order
    topics: list[DriverRow]


def _praise_label(code: str, praise: PraiseCatalogue, language: str) -> str:
    found = praise.by_code(code)
    return found.label(language) if found else code


def driver_table_views(tables: Sequence[DriverTable], language: str, *, rise: str,
                       catalogue: ReasonCatalogue,
                       praise: PraiseCatalogue) -> list[DriverTableView]:
    """Each driver table labelled: a reason "(complaint)", praise "(praise)", a queue by its
    name. `rise` words a row's rise: "{rise} (likely {low} to {high})" under the page's column
    heading, a whole clause in a mail's line."""
    texts = texts_in(language)

    def row(driver: Driver) -> DriverRow:
        if driver.group in ("reason", "outside"):
            label = (f"{reason_label(catalogue, driver.code, language)} "
                     f"({texts['driver_complaint']})")
        elif driver.group == "praise":
            label = f"{_praise_label(driver.code, praise, language)} ({texts['driver_praise']})"
        else:
            label = topic_label(driver.code, language) if driver.code else texts[
                "driver_no_topic"]
        points = rise_text(driver, texts["too_few_answers"], texts["driver_outside"], rise)
        return DriverRow(label, driver.answers, points, outside=driver.group == "outside")

    return [
        DriverTableView(
            table=table,
            score=(texts["too_few_answers"] if table.score is None
                   else points_text(table.kind, table.score, language)),
            reasons=[row(driver) for driver in table.reasons],
            topics=[row(driver) for driver in table.topics],
        )
        for table in tables
    ]


def praise_rows(counts: Mapping[tuple[SurveyKind, str], int], praise: PraiseCatalogue,
                language: str) -> list[tuple[str, int]]:
    """What callers appreciated, in the praise catalogue's order: ("det gick snabbt", 4)."""
    return [(_praise_label(code, praise, language), n) for code, n in praise_counts(counts, praise)]


def praise_lines(counts: Mapping[tuple[SurveyKind, str], int], praise: PraiseCatalogue,
                 language: str) -> list[str]:
    """What callers appreciated, a line each: "det gick snabbt: 4"."""
    return [f"{label}: {n}" for label, n in praise_rows(counts, praise, language)]
