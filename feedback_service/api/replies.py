"""What the API answers, as models: every view's JSON passes through one of these
(description.answer), and the API's description is generated from them."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from feedback_service.coaching.drivers import Quadrant
from feedback_service.coaching.statistics import Change
from feedback_service.coaching.summaries import Level
from feedback_service.coaching.trends import Grain
from feedback_service.surveys.models import Channel
from feedback_service.surveys.reasons import ReasonOwner
from feedback_service.surveys.scoring import Category, SurveyKind

# [low, high]: a 95 % interval, both null when the figure is withheld.
Interval = Annotated[tuple[float | None, float | None],
                     Field(description="[low, high], the 95 % interval; null when withheld")]


class Reply(BaseModel):
    # A field a view adds without describing it fails the view in the tests, not a client.
    model_config = ConfigDict(extra="forbid")


class TeamReply(Reply):
    slug: str
    name: str
    supervisors: list[str] = Field(description="The supervisors' e-mails")
    alert_urls: list[str] | None = Field(
        description="The team's own chat-alert URLs (Apprise); null: those of ALERT_URLS")


class AgentReply(Reply):
    handle: str
    name: str
    email: str | None
    team: str | None = Field(description="The team's slug")
    addresses: list[str] = Field(description="Where the phone system dials the agent")
    language: str | None
    active: bool


class AgentList(Reply):
    agents: list[AgentReply] = Field(description="Every agent, by handle")


class Answer(Reply):
    id: int
    call_id: str = Field(description="The phone system's call id (Twilio's CallSid)")
    agent: str | None = Field(description="The agent's handle")
    team: str | None = Field(description="The team's slug")
    topic: str | None
    channel: Channel
    kind: SurveyKind
    score: int | None
    category: Category
    reason: str | None
    praise: str | None = Field(description="What went well: a code from config/praise.toml")
    comment: str | None = Field(description="Personal data in it masked")
    has_recording: bool
    caller: str | None = Field(description="The caller's number, masked: +46 *******67")
    call_ended_at: str = Field(description="When the call with the agent ended (ISO 8601)")
    received_at: str = Field(description="When the answer came in (ISO 8601)")


class ResponsesPage(Reply):
    responses: list[Answer]
    next: str | None = Field(description="The URL of the following page; null on the last")


class ReasonShareReply(Reply):
    code: str
    owner: ReasonOwner
    answers: int
    share: float | None = Field(description="Of the unhappy answers; null below MIN_RESPONSES")


class ReasonCount(Reply):
    code: str
    owner: ReasonOwner
    answers: int


class CodeCount(Reply):
    code: str
    answers: int


class DriverRow(Reply):
    code: str | None = Field(description="null for calls without a topic")
    answers: int
    rise_if_happy: float | None = Field(
        description="Points the score would rise had these callers been happy")
    interval: Interval


class MatrixPointReply(Reply):
    topic: str
    answers: int
    share: float
    effect: float
    quadrant: Quadrant


class Drivers(Reply):
    reasons: list[DriverRow]
    outside: list[CodeCount] = Field(description="Reasons outside customer service")
    praise: list[CodeCount]
    topics: list[DriverRow]
    loyalty_matrix: list[MatrixPointReply]


class FollowUps(Reply):
    raised: int
    called_back: int
    within_due_time: int
    past_due: int
    median_working_hours: float | None
    resolved: int
    won_back: int
    confirmed: dict[str, int] = Field(description="The causes found on the call backs")


class FirstContactReply(Reply):
    calls: int
    repeated: int
    share: float | None
    interval: Interval
    not_yet_known: int = Field(description="Calls whose repeat window is still open")
    left_out: int = Field(description="Repeats for process or outside reasons")
    window_days: int


class FunnelReply(Reply):
    calls: int
    eligible: int
    skipped: dict[str, int] = Field(description="Calls not surveyed, by reason")
    waiting: int
    surveyed: int
    answered: int
    expired: int


class SummaryReply(Reply):
    scope: Level
    team: str | None
    agent: str | None
    kind: SurveyKind
    answers: int
    categories: dict[Category, int]
    scored_categories: dict[Category, int]
    surveys_sent: int | None
    response_rate: float | None
    score: float | None
    interval: Interval
    change: Change | None
    reasons: list[ReasonShareReply]
    left_out: list[ReasonCount]
    focus: str | None
    first_contact_resolution: FirstContactReply | None
    funnel: FunnelReply | None
    follow_ups: FollowUps | None = Field(description="For a team; null for an agent")
    praise: list[CodeCount]
    drivers: Drivers | None = Field(description="For a team; null for an agent")


class Summaries(Reply):
    week: str
    summaries: list[SummaryReply]


class TrendPoint(Reply):
    # `from` is a Python keyword: the model's name for it is `first`.
    first: str = Field(alias="from")
    until: str
    answers: int
    score: float | None
    interval: Interval


class Series(Reply):
    kind: SurveyKind
    points: list[TrendPoint]


class Trends(Reply):
    grain: Grain
    until: str
    series: list[Series]


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document: this one."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]
