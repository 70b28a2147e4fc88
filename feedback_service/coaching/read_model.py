"""The one read path for answers and figures: whose answers (a scope), which time (a period).

An answer belongs to the week, in the company's time zone, of the call it is about
(`call_ended_at`), everywhere: pages, digests, the summaries API, the responses API and every
CSV. Counts are aggregated in the database (GROUP BY), so a read costs what the period asked
for holds, not the whole history.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from feedback_service.coaching.follow_up_outcomes import FollowUpRecord
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.database import AnySession
from feedback_service.surveys.models import (
    WAITING_STATUSES,
    FollowUp,
    FollowUpStatus,
    Response,
    Survey,
    SurveyState,
)
from feedback_service.surveys.scoring import Category, SurveyKind

# A survey counts as sent once its first question reached the caller.
SENT_STATES = (SurveyState.ACTIVE, SurveyState.COMPLETED, SurveyState.ABANDONED,
               SurveyState.EXPIRED)

# The dates a period may name: wide enough for any real history, narrow enough that every
# bound converts to a time the databases can store in every time zone.
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2999, 12, 31)


@dataclass(frozen=True)
class Scope:
    """Whose answers: one agent's, one team's, or (neither given) everyone's."""

    agent_id: int | None = None
    team_id: int | None = None

    def __post_init__(self) -> None:
        if self.agent_id is not None and self.team_id is not None:
            raise ValueError("a scope is one agent, one team or everyone")

    def answers(self) -> sa.ColumnElement[bool]:
        if self.agent_id is not None:
            return Response.agent_id == self.agent_id
        if self.team_id is not None:
            return Response.team_id == self.team_id
        return sa.true()


class PeriodOutOfRange(ValueError):
    """A date outside what the service can store."""


@dataclass(frozen=True)
class Period:
    """Calls that ended from `start` (included) to `end` (excluded), aware datetimes."""

    start: datetime
    end: datetime

    @classmethod
    def days(cls, first: date, last: date, zone: ZoneInfo) -> Period:
        """Whole days in the company's time zone, `first` through `last`."""
        for day in (first, last):
            if not FIRST_DAY <= day <= LAST_DAY:
                raise PeriodOutOfRange(
                    f"{day.isoformat()} is outside {FIRST_DAY.isoformat()}"
                    f"..{LAST_DAY.isoformat()}")
        return cls(datetime.combine(first, time(), tzinfo=zone),
                   datetime.combine(last + timedelta(days=1), time(), tzinfo=zone))

    @classmethod
    def week(cls, week: IsoWeek, zone: ZoneInfo) -> Period:
        return cls(*week.bounds(zone))

    def first_day(self, zone: ZoneInfo) -> date:
        return self.start.astimezone(zone).date()

    def last_day(self, zone: ZoneInfo) -> date:
        return (self.end.astimezone(zone) - timedelta(microseconds=1)).date()


def week_bounds(last_week: IsoWeek, weeks: int, zone: ZoneInfo) -> list[datetime]:
    """The edges of `weeks` consecutive weeks ending with `last_week`: weeks + 1 moments."""
    first = last_week.shifted(-(weeks - 1))
    return [first.shifted(n).bounds(zone)[0] for n in range(weeks)] + [last_week.bounds(zone)[1]]


# (kind, category, reason code) -> how many answers
AnswerCounts = Counter[tuple[SurveyKind, Category, str | None]]


@dataclass(frozen=True)
class SurveyKey:
    """What survey decisions are counted by."""

    kind: SurveyKind
    state: str
    skip_reason: str | None
    traced: bool  # the caller's number was known, so a repeat contact could be seen
    repeat_contact: bool
    # The repeat-contact window after the call has closed: whether it was resolved at first
    # contact is known, and no later call will change it.
    settled: bool = True
    reason: str | None = None  # the reason the caller gave in their answer, if any


SurveyCounts = Counter[SurveyKey]


@dataclass
class Tallies:
    """Answer and survey counts per group (an agent, a team, or everyone) and bucket."""

    answers: dict[tuple[int, int], AnswerCounts]
    surveys: dict[tuple[int, int], SurveyCounts]

    def answers_in(self, group: int, buckets: Sequence[int]) -> AnswerCounts:
        total: AnswerCounts = Counter()
        for bucket in buckets:
            if counts := self.answers.get((group, bucket)):
                total.update(counts)
        return total

    def surveys_in(self, group: int, bucket: int) -> SurveyCounts:
        return self.surveys.get((group, bucket), Counter())

    def sent_in(self, group: int, bucket: int) -> Counter[SurveyKind]:
        """Surveys whose first question reached the caller, per scale."""
        sent: Counter[SurveyKind] = Counter()
        for key, n in self.surveys_in(group, bucket).items():
            if key.state in SENT_STATES:
                sent[key.kind] += n
        return sent


EVERYONE = 0  # the group id of the everyone scope
# The stored strings to their enums: a week's tally converts hundreds of thousands of rows.
_KINDS = {kind.value: kind for kind in SurveyKind}
_CATEGORIES = {category.value: category for category in Category}


def _bucket(column: Any, bounds: Sequence[datetime]) -> sa.ColumnElement[int]:
    """Which of the consecutive periods between `bounds` a moment falls in, 0-based."""
    if len(bounds) == 2:
        return sa.literal(0)
    return sa.case(*[(column < edge, index) for index, edge in enumerate(bounds[1:-1])],
                   else_=len(bounds) - 2)


def _group_column(model: type[Response] | type[Survey], by: str) -> Any:
    if by == "agent":
        return model.agent_id
    if by == "team":
        return model.team_id
    return sa.literal(EVERYONE)


def _group_filter(model: type[Response] | type[Survey], by: str,
                  ids: Sequence[int] | None) -> sa.ColumnElement[bool]:
    if by == "everyone" or ids is None:
        return sa.true()
    return _group_column(model, by).in_(list(ids))


def _rows_of(parts: Sequence[sa.Select[Any]]) -> sa.Subquery:
    """The rows of every part, one after the other (the parts never share a row)."""
    return (parts[0] if len(parts) == 1 else sa.union_all(*parts)).subquery()


def _answer_counts(session: AnySession, bounds: Sequence[datetime], by: Sequence[str],
                   wheres: Sequence[sa.ColumnElement[bool]]) -> Iterator[tuple[Any, ...]]:
    """Answers per group (one column per name in `by`), period, kind, category and reason:
    rows of the group ids, the period's number, the key of AnswerCounts and the count.

    The answers counted are those of any of `wheres`, which never share an answer."""
    inner = _rows_of([
        sa.select(*[_group_column(Response, name).label(f"grp{n}") for n, name in enumerate(by)],
                  _bucket(Response.call_ended_at, bounds).label("bucket"),
                  Response.kind, Response.category, Response.reason)
        .where(where, Response.category.is_not(None),
               Response.call_ended_at >= bounds[0], Response.call_ended_at < bounds[-1])
        for where in wheres])
    # A year's counts are tens of thousands of rows over a few dozen keys: each key is made
    # once, and every row of it shares that tuple.
    keys: dict[tuple[str, str, str | None], tuple[SurveyKind, Category, str | None]] = {}
    for *groups, bucket, kind, category, reason, count in session.execute(
            sa.select(*inner.c, sa.func.count()).group_by(*inner.c)):
        key = keys.get((kind, category, reason))
        if key is None:
            key = keys[(kind, category, reason)] = (_KINDS[kind], _CATEGORIES[category], reason)
        yield *groups, bucket, key, count


def _settled(settled_before: datetime | None) -> sa.ColumnElement[Any]:
    """Whether a call's repeat-contact window has closed (None: every window counts as closed)."""
    if settled_before is None:
        return sa.literal(True)
    return sa.case((Survey.call_ended_at < settled_before, True), else_=False)


def _survey_counts(session: AnySession, start: datetime, bounds: Sequence[datetime],
                   by: Sequence[str],
                   wheres: Sequence[tuple[sa.ColumnElement[bool], sa.ColumnElement[bool]]],
                   settled_before: datetime | None) -> Iterator[tuple[Any, ...]]:
    """Survey decisions from `start` per group, period and SurveyKey: rows like
    `_answer_counts`'s, of the surveys of any of `wheres` (each the same filter on surveys
    and on answers), which never share a survey."""
    inner = _rows_of([
        sa.select(*[_group_column(Survey, name).label(f"grp{n}") for n, name in enumerate(by)],
                  _bucket(Survey.call_ended_at, bounds).label("bucket"), Survey.kind,
                  Survey.state, Survey.skip_reason,
                  Survey.caller_key.is_not(None).label("traced"), Survey.repeat_contact,
                  _settled(settled_before).label("settled"), Response.reason)
        # An answer keeps its survey's agent, team and call time: bounding the answers by
        # them too lets the database read the answers of these surveys' teams and period from
        # an index alone, not look up every survey's answer in the table.
        .outerjoin(Response, sa.and_(Response.survey_id == Survey.id, answers_where,
                                     Response.call_ended_at >= start,
                                     Response.call_ended_at < bounds[-1]))
        .where(surveys_where, Survey.call_ended_at >= start, Survey.call_ended_at < bounds[-1])
        for surveys_where, answers_where in wheres])
    keys: dict[tuple[Any, ...], SurveyKey] = {}  # as in `_answer_counts`: one per key
    for (*groups, bucket, kind, state, skip_reason, traced, repeat, settled, reason,
         count) in session.execute(sa.select(*inner.c, sa.func.count()).group_by(*inner.c)):
        raw = (kind, state, skip_reason, traced, repeat, settled, reason)
        key = keys.get(raw)
        if key is None:
            key = keys[raw] = SurveyKey(_KINDS[kind], state, skip_reason, bool(traced),
                                        bool(repeat), bool(settled), reason)
        yield *groups, bucket, key, count


def _empty_tallies() -> Tallies:
    return Tallies(defaultdict(Counter), defaultdict(Counter))


def tally(session: AnySession, bounds: Sequence[datetime], *, by: str,
          ids: Sequence[int] | None = None, surveys_from: int = 0,
          settled_before: datetime | None = None, with_surveys: bool = True) -> Tallies:
    """Answers and survey decisions counted per group and period, in two GROUP BY queries.

    `by` is "agent", "team" or "everyone"; `ids` narrows the agents or teams counted.
    Survey decisions are counted from the period numbered `surveys_from` on (0: all of them):
    a week's summaries read a year and more of answers but only that week's surveys. A call
    that ended before `settled_before` has its repeat-contact window closed (None: all have).
    `with_surveys` False counts the answers only (one query).
    """
    found = _empty_tallies()
    where = _group_filter(Response, by, ids)
    for group, bucket, key, count in _answer_counts(session, bounds, [by], [where]):
        if group is not None:
            found.answers[(group, bucket)][key] += count
    if not with_surveys:
        return found
    wheres = [(_group_filter(Survey, by, ids), _group_filter(Response, by, ids))]
    for group, bucket, survey_key, count in _survey_counts(session, bounds[surveys_from],
                                                           bounds, [by], wheres, settled_before):
        if group is not None:
            found.surveys[(group, bucket)][survey_key] += count
    return found


# Beyond this many team and agent ids, filtering on them in SQL costs more (the statement's
# thousands of parameters, a test per row) than reading the period's rows of everyone and
# leaving out here the groups not asked for: a week's digests ask for nearly everyone.
FILTER_IDS_UP_TO = 500


def _teams_or_agents(model: type[Response] | type[Survey], team_ids: Sequence[int] | None,
                     agent_ids: Sequence[int] | None) -> list[sa.ColumnElement[bool]]:
    """The rows of these teams, and those of these agents in other teams (or none), apart.

    Apart rather than in one OR: each part is a range of one index that holds every column
    counted, where an OR of two indexes reads every row it finds in the table."""
    if team_ids is None or agent_ids is None or len(team_ids) + len(agent_ids) > FILTER_IDS_UP_TO:
        return [sa.true()]
    in_teams = model.team_id.in_(list(team_ids))
    return [in_teams, sa.and_(model.agent_id.in_(list(agent_ids)),
                              sa.or_(model.team_id.is_(None), sa.not_(in_teams)))]


def tally_teams_and_agents(session: AnySession, bounds: Sequence[datetime], *,
                           team_ids: Sequence[int] | None, agent_ids: Sequence[int] | None,
                           surveys_from: int = 0,
                           settled_before: datetime | None = None) -> tuple[Tallies, Tallies]:
    """`tally` by team and by agent at once (None: every team, every agent), in two GROUP BY
    queries rather than four: each reads the period once, counted per (agent, team), and a
    team's counts are its agents' added up here.

    Per (agent, team) because an answer keeps the team of its call: an agent who moved
    counts for each team in the weeks they were in it.
    """
    teams, agents = _empty_tallies(), _empty_tallies()
    team_set = None if team_ids is None else set(team_ids)
    agent_set = None if agent_ids is None else set(agent_ids)

    # A year of answers comes back as tens of thousands of rows: each is added in place with
    # plain dict operations (a Counter's missing key costs a Python call).
    by = ["agent", "team"]
    where = _teams_or_agents(Response, team_ids, agent_ids)
    for agent, team, bucket, key, count in _answer_counts(session, bounds, by, where):
        if agent is not None and (agent_set is None or agent in agent_set):
            found = agents.answers[(agent, bucket)]
            found[key] = found.get(key, 0) + count
        if team is not None and (team_set is None or team in team_set):
            found = teams.answers[(team, bucket)]
            found[key] = found.get(key, 0) + count
    wheres = list(zip(_teams_or_agents(Survey, team_ids, agent_ids),
                      _teams_or_agents(Response, team_ids, agent_ids), strict=True))
    for agent, team, bucket, survey_key, count in _survey_counts(
            session, bounds[surveys_from], bounds, by, wheres, settled_before):
        if agent is not None and (agent_set is None or agent in agent_set):
            decided = agents.surveys[(agent, bucket)]
            decided[survey_key] = decided.get(survey_key, 0) + count
        if team is not None and (team_set is None or team in team_set):
            decided = teams.surveys[(team, bucket)]
            decided[survey_key] = decided.get(survey_key, 0) + count
    return teams, agents


def scope_grouping(scope: Scope) -> tuple[str, list[int] | None, int]:
    """How `tally` counts one scope: its grouping, ids and the group id to read back."""
    if scope.agent_id is not None:
        return "agent", [scope.agent_id], scope.agent_id
    if scope.team_id is not None:
        return "team", [scope.team_id], scope.team_id
    return "everyone", None, EVERYONE


def follow_up_records(session: AnySession, period: Period, *, by: str,
                      ids: Sequence[int] | None) -> dict[int, list[FollowUpRecord]]:
    """The follow-ups raised for the period's answers (by call time), per group."""
    rows = session.execute(
        sa.select(_group_column(Response, by), Response.kind, FollowUp.created_at,
                  FollowUp.called_back_at, FollowUp.status, FollowUp.confirmed_reason,
                  FollowUp.won_back)
        .join(FollowUp, FollowUp.response_id == Response.id)
        .where(_group_filter(Response, by, ids), Response.call_ended_at >= period.start,
               Response.call_ended_at < period.end)
    )
    found: dict[int, list[FollowUpRecord]] = defaultdict(list)
    for group, kind, created_at, called_back_at, status, confirmed_reason, won_back in rows:
        if group is not None:
            found[group].append(FollowUpRecord(
                kind=kind, created_at=created_at, called_back_at=called_back_at,
                resolved=status == FollowUpStatus.RESOLVED, confirmed_reason=confirmed_reason,
                won_back=won_back))
    return found


@dataclass(frozen=True)
class Waiting:
    """A team's unhappy callers waiting for a call back now, and since when the oldest waits."""

    count: int
    oldest: datetime


def waiting_follow_ups(session: AnySession, team_ids: Sequence[int] | None) -> dict[int, Waiting]:
    """Per team, how many unhappy callers wait for a call back now (None: every team)."""
    # From the follow-ups alone, by their team (`ix_follow_ups_waiting_team`): joined to
    # their answers, a team's count read all of that team's answers.
    stmt = (
        sa.select(FollowUp.team_id, sa.func.count(), sa.func.min(FollowUp.created_at))
        .where(FollowUp.status.in_(WAITING_STATUSES))
        .group_by(FollowUp.team_id)
    )
    if team_ids is not None:
        stmt = stmt.where(FollowUp.team_id.in_(list(team_ids)))
    return {team_id: Waiting(count, oldest) for team_id, count, oldest in session.execute(stmt)
            if team_id is not None}


# (kind, category, reason code, praise code, topic) -> how many answers
DriverCounts = Counter[tuple[SurveyKind, Category, str | None, str | None, str | None]]


def driver_counts(session: AnySession, period: Period,
                  team_ids: Sequence[int] | None) -> dict[int, DriverCounts]:
    """Per team, the period's answers by scale, category, reason, praise and topic (GROUP BY),
    for the driver table (None: every team)."""
    columns = (Response.team_id, Response.kind, Response.category, Response.reason,
               Response.praise, Response.topic)
    stmt = (
        sa.select(*columns, sa.func.count())
        .where(Response.category.is_not(None), Response.call_ended_at >= period.start,
               Response.call_ended_at < period.end)
        .group_by(*columns)
    )
    if team_ids is not None:
        stmt = stmt.where(Response.team_id.in_(list(team_ids)))
    found: dict[int, DriverCounts] = defaultdict(Counter)
    for team_id, kind, category, reason, praise, topic, count in session.execute(stmt):
        assert category is not None  # the query reads only answers with one
        if team_id is not None:
            found[team_id][(SurveyKind(kind), Category(category), reason, praise, topic)] += count
    return found


def praise_by_agent(session: AnySession, period: Period,
                    agent_ids: Sequence[int]) -> dict[int, Counter[tuple[SurveyKind, str]]]:
    """Per agent, how many of the period's answers on each scale said each thing went well
    (GROUP BY)."""
    if not agent_ids:
        return {}
    stmt = (
        sa.select(Response.agent_id, Response.kind, Response.praise, sa.func.count())
        .where(Response.agent_id.in_(list(agent_ids)), Response.praise.is_not(None),
               Response.call_ended_at >= period.start, Response.call_ended_at < period.end)
        .group_by(Response.agent_id, Response.kind, Response.praise)
    )
    found: dict[int, Counter[tuple[SurveyKind, str]]] = defaultdict(Counter)
    for agent_id, kind, praise, count in session.execute(stmt):
        assert agent_id is not None and praise is not None  # the query reads only those
        found[agent_id][(SurveyKind(kind), praise)] += count
    return found
