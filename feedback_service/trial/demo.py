"""`flask demo`: teams, agents, logins, eight weeks of answers, and the loop from a cause to
an improvement (a team goal, an improvement action, a coaching talk) for an empty database."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from feedback_service.coaching.weeks import week_at
from feedback_service.extensions import db
from feedback_service.settings import Settings
from feedback_service.staff.directory import (
    AgentChanges,
    add_user,
    set_password,
    upsert_agent,
    upsert_team,
)
from feedback_service.staff.models import Agent, Role, Team
from feedback_service.surveys import answers, calls, decision
from feedback_service.surveys.flow import Step
from feedback_service.surveys.models import Call, Channel, FollowUpStatus, Survey, SurveyState
from feedback_service.surveys.reasons import load_catalogue
from feedback_service.surveys.scoring import SurveyKind
from feedback_service.trial.demo_loop import action_started_on, record_goal_action_and_talk
from feedback_service.trial.demo_profiles import (
    ACTION,
    HAPPY_COMMENTS,
    TEAMS,
    UNHAPPY_COMMENTS,
    AgentProfile,
    TeamProfile,
)

WEEKS = 8
ADMIN_EMAIL = "admin@demo.example"
ADMIN_NAME = "Alva Admin"
ANSWER_SHARE = 0.62  # callers who answer at all; the rest let the survey expire


class DatabaseNotEmpty(RuntimeError):
    """The demo only fills an empty database, never one with real data."""


class ReasonNotInCatalogue(LookupError):
    """A reason the demo's callers give is missing from the company's edited reason catalogue."""


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    role: str


def database_is_empty() -> bool:
    return all(
        db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
        for model in (Team, Agent, Call)
    )


def load_demo(settings: Settings, now: datetime, seed: int = 2026) -> list[Login]:
    """Create the demo organisation and its answers; returns the logins, to be shown once."""
    if not database_is_empty():
        raise DatabaseNotEmpty("the database already holds teams, agents or calls")
    logins = _create_organisation()
    history = _DemoHistory(settings, now, seed)
    for team in TEAMS:
        for profile in team.agents:
            history.create_calls(profile, team)
    record_goal_action_and_talk(now, settings.zone)
    return logins


def _create_organisation() -> list[Login]:
    logins = []
    for team in TEAMS:
        upsert_team(team.slug, team.name, [team.supervisor_email])
        for profile in team.agents:
            upsert_agent(profile.handle, AgentChanges(
                name=profile.name, email=f"{profile.handle}@demo.example", team=team.slug,
                addresses=[f"client:{profile.handle}"], language=profile.language,
            ))
    # The admin sets up teams, agents and people from /admin.
    add_user(ADMIN_EMAIL, ADMIN_NAME, Role.ADMIN)
    db.session.flush()
    logins.append(_login(ADMIN_EMAIL, "admin"))
    for team in TEAMS:
        logins.append(_login(team.supervisor_email, "supervisor", team.supervisor_name,
                             team.supervisor_language))
        logins += [_login(f"{p.handle}@demo.example", "agent") for p in team.agents]
    return logins


def _login(email: str, role: str, name: str = "", language: str | None = None) -> Login:
    password = secrets.token_urlsafe(9)
    user = set_password(email, password)
    user.name = user.name or name
    user.language = user.language or language
    return Login(email, password, role)


class _DemoHistory:
    """Eight weeks of calls and answers, drawn from seeded random sources.

    Each agent's day has a source of its own, seeded by how many days it lies after the first
    Monday: the demo tells the same story whatever the date, and the calls of today that have
    not happened yet draw nothing from the other days' sources.
    """

    def __init__(self, settings: Settings, now: datetime, seed: int) -> None:
        self.settings = settings
        self.now = now
        self.zone = settings.zone
        self.seed = seed
        self.action_start = action_started_on(now, self.zone)
        rng = random.Random(seed)
        self.rng = rng
        # Swedish (070-) and Danish (2x) mobiles, unique, so quarantine never bites.
        numbers = {f"+4670{rng.randrange(10**7):07d}" for _ in range(1500)}
        numbers |= {f"+452{rng.randrange(10**7):07d}" for _ in range(800)}
        self.callers = rng.sample(sorted(numbers), len(numbers))

    def create_calls(self, profile: AgentProfile, team: TeamProfile) -> None:
        agent = db.session.execute(
            sa.select(Agent).where(Agent.handle == profile.handle)).scalar_one()
        today = self.now.astimezone(self.zone).date()
        first_day = today - timedelta(weeks=WEEKS, days=today.weekday())
        for offset in range((today - first_day).days + 1):
            day = first_day + timedelta(days=offset)
            if day.weekday() >= 5:
                continue
            self.rng = random.Random(f"{self.seed}:{profile.handle}:{offset}")
            for _ in range(self.rng.randint(2, 5)):
                clock = time(self.rng.randint(8, 16), self.rng.randint(0, 59))
                started = datetime.combine(day, clock, tzinfo=self.zone)
                if started < self.now:
                    self.create_call(profile, agent, team, started, offset / (WEEKS * 7))

    def create_call(self, profile: AgentProfile, agent: Agent, team: TeamProfile,
                    started: datetime, progress: float) -> None:
        rng = self.rng
        duration = rng.randint(60, 900)
        ended = started + timedelta(seconds=duration)
        caller = self.callers.pop()
        call = calls.find_or_create_call(
            "demo", f"demo-{profile.handle}-{started.isoformat()}-{caller[-4:]}",
            caller=caller, called=f"client:{profile.handle}", agent_id=agent.id,
            topic=rng.choice(profile.topics), language=profile.language, answered=True,
            status="completed", duration_seconds=duration, started_at=started, ended_at=ended,
        )
        kind = SurveyKind(team.kind)
        channel = Channel.IVR if rng.random() < 0.7 else Channel.SMS
        survey = decision.open_survey(call, channel=channel, kind=kind,
                                     language=profile.language, settings=self.settings,
                                     now=ended, draw=lambda: 0.0)
        survey.state = SurveyState.ACTIVE
        survey.asked_at = ended
        if rng.random() > ANSWER_SHARE:
            survey.state = SurveyState.EXPIRED
            return
        answered_at = min(ended + timedelta(minutes=rng.randint(1, 40)), self.now)
        self.answer(survey, profile, team, answered_at, progress)

    def answer(self, survey: Survey, profile: AgentProfile, team: TeamProfile,
               answered_at: datetime, progress: float) -> None:
        rng = self.rng
        share = profile.happy_share + profile.improving * (progress - 0.5) * 2
        weights = profile.reason_weights
        # The change starts on a Monday, so that the last complete week always shows it.
        this_week = week_at(self.now, self.zone)
        if week_at(answered_at, self.zone) >= this_week.shifted(-profile.recent_weeks):
            share += profile.recent_change
            weights = profile.recent_reason_weights or weights
        happy = rng.random() < share
        if team.slug == ACTION.team:
            happy, weights = self._before_and_after_action(rng, answered_at, happy, weights)
        kind = SurveyKind(team.kind)
        score = _score(kind, happy, rng)
        response = answers.record_score(survey, score, {"demo": str(score)})
        language = profile.language
        if survey.step == Step.REASON:
            code = rng.choices(list(weights), list(weights.values()))[0]
            reason = load_catalogue().by_code(code)
            if reason is None:
                raise ReasonNotInCatalogue(
                    f"the demo's callers give the reason {code!r}, which the reason catalogue"
                    " (reasons.toml) does not have")
            answers.record_reason(survey, reason.digit, {"demo": code})
            if rng.random() < 0.6:
                answers.record_comment(survey, {"demo": "comment"},
                                       text=UNHAPPY_COMMENTS[language][code])
        elif happy and rng.random() < 0.35:
            answers.record_comment(survey, {"demo": "comment"},
                                   text=rng.choice(HAPPY_COMMENTS[language]))
        answers.complete(survey, now=answered_at)
        response.received_at = answered_at
        if response.follow_up is not None:
            response.follow_up.created_at = answered_at
            # Older complaints have been called back; the last week's still wait.
            if self.now - answered_at > timedelta(days=7):
                response.follow_up.status = FollowUpStatus.RESOLVED
                response.follow_up.note = "Called back and sorted out."
                # Resolved on the call back: the figures count it as called back too.
                response.follow_up.called_back_at = answered_at + timedelta(days=1)
                response.follow_up.handled_at = answered_at + timedelta(days=1)

    def _before_and_after_action(self, rng: random.Random, answered_at: datetime, happy: bool,
                                 weights: dict[str, int]) -> tuple[bool, dict[str, int]]:
        """The action's team's callers give its reason often before it started, whoever took
        the call, and seldom from its first day on, when the agents' unhappy callers name
        other things."""
        if answered_at.astimezone(self.zone).date() < self.action_start:
            share = ACTION.share_before
        else:
            share = ACTION.share_after
            weights = {code: w for code, w in weights.items() if code != ACTION.reason}
        if rng.random() < share:
            return False, {ACTION.reason: 1}
        return happy, weights


def _score(kind: SurveyKind, happy: bool, rng: random.Random) -> int:
    if kind is SurveyKind.SMILEY:
        return 1 if happy else 2
    if happy:
        return rng.choice((9, 9, 10, 10, 10))
    return rng.choice((0, 3, 5, 6, 6, 7, 7, 8, 8))
