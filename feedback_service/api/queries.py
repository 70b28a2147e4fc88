"""The query parameters the API's reads accept, as models: the views read them through these,
and the API's description lists them from these."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from feedback_service.coaching.read_model import FIRST_DAY, LAST_DAY
from feedback_service.coaching.trends import Grain
from feedback_service.coaching.weeks import IsoWeek, NotAnIsoWeek, parse_iso_week, week_of
from feedback_service.csv_export import DELIMITERS, UnknownDelimiter, delimiter_named
from feedback_service.http_guards import LARGEST_ID

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10000


def _whole_number(low: int, high: int) -> tuple[BeforeValidator, WithJsonSchema]:
    def check(value: Any, info: ValidationInfo) -> int:
        text = str(value)
        if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(f"{info.field_name} must be a whole number from {low} to {high}")
        return int(text)
    return BeforeValidator(check), WithJsonSchema(
        {"type": "integer", "minimum": low, "maximum": high})


def _week(value: Any) -> IsoWeek:
    try:
        week = parse_iso_week(str(value))
    except NotAnIsoWeek as error:
        raise ValueError(f"week: {error}") from None
    # The summaries read a year's history before the week: it must stay within the dates the
    # service can store and Python can count back from.
    first, last = week_of(FIRST_DAY), week_of(LAST_DAY)
    if not (first.year, first.week) <= (week.year, week.week) <= (last.year, last.week):
        raise ValueError(f"week must be from {first} to {last}")
    return week


def _grain(value: Any) -> Grain:
    if value not in {g.value for g in Grain}:
        raise ValueError("grain must be week, month or quarter")
    return Grain(value)


def _day(value: Any, info: ValidationInfo) -> date:
    name = info.field_name
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} is required, a date like 2026-11-30") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{name} must be from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}")
    return day


def _delimiter(value: Any) -> str:
    try:
        delimiter_named(str(value))
    except UnknownDelimiter as error:
        raise ValueError(str(error)) from None
    return str(value)


# A bound of `since`/`until`: the view reads it in TIMEZONE (a date is a whole day).
Moment = Annotated[str, WithJsonSchema({
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}],
    "description": "A date (the whole day in TIMEZONE) or a time (without an offset, in "
                   f"TIMEZONE), from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"})]
Handle = Annotated[str, Field(description="An agent's handle; one that does not exist "
                                          "selects nothing")]
Slug = Annotated[str, Field(description="A team's slug; one that does not exist selects nothing")]


class Query(BaseModel):
    """Query parameters: an empty one (`?team=`) counts as left out; unknown ones are ignored."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _empty_is_left_out(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {name: value for name, value in data.items() if value != ""}
        return data


class AnswerFilter(Query):
    since: Moment | None = None
    until: Moment | None = None
    agent: Handle | None = None
    team: Slug | None = None


Limit = Annotated[int, *_whole_number(1, MAX_LIMIT)]
AnswerId = Annotated[int, *_whole_number(0, LARGEST_ID)]


class ResponsesQuery(AnswerFilter):
    limit: Annotated[Limit, Field(description="Answers on a page at most")] = DEFAULT_LIMIT
    after: Annotated[AnswerId | None, Field(
        description="Only answers with a higher id: the page after that answer")] = None


class ExportQuery(AnswerFilter):
    delimiter: Annotated[str, BeforeValidator(_delimiter), WithJsonSchema(
        {"type": "string", "enum": list(DELIMITERS), "description": "The CSV's separator"})] = (
        "comma")


class SummariesQuery(Query):
    week: Annotated[IsoWeek, BeforeValidator(_week), WithJsonSchema(
        {"type": "string", "pattern": "^(19[7-9][0-9]|2[0-9]{3})-W(0[1-9]|[1-4][0-9]|5[0-3])$",
         "examples": ["2026-W47"], "description": "The ISO week"})]
    team: Annotated[str | None, Field(description="Only this team (its slug) and its agents")] = (
        None)
    agent: Annotated[str | None, Field(description="Only this agent (their handle)")] = None


class TrendsQuery(Query):
    grain: Annotated[Grain, BeforeValidator(_grain), Field(description="The scale of a point")]
    until: Annotated[date, BeforeValidator(_day), Field(
        description="The last day of the series", examples=["2026-11-30"])]
    agent: Handle | None = None
    team: Slug | None = None


class ReasonsQuery(Query):
    since: Annotated[date, BeforeValidator(_day), Field(
        description="The first day counted", examples=["2026-11-01"])]
    until: Annotated[date, BeforeValidator(_day), Field(
        description="The last day counted", examples=["2026-11-30"])]
    team: Annotated[str | None, Field(
        description="Only this team (its slug); left out, the whole company")] = None


# What a required parameter left out answers: an example of what it takes.
REQUIRED_EXAMPLES = {"week": "week is required, like 2026-W47",
                     "grain": "grain must be week, month or quarter",
                     "since": "since is required, a date like 2026-11-30",
                     "until": "until is required, a date like 2026-11-30"}
