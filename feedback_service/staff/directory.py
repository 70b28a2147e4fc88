"""Creating and updating teams and agents, shared by the API and the command line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from feedback_service.database import utcnow
from feedback_service.extensions import db
from feedback_service.phone_numbers import normalize_e164
from feedback_service.staff.models import (
    Agent,
    AgentAddress,
    LoginFailure,
    LoginSession,
    Role,
    Team,
    User,
)

# A team's slug and an agent's handle: they appear in URLs and CSV file names. `\Z`, not `$`,
# which would let a final newline through.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}\Z"
_SLUG = re.compile(SLUG_PATTERN)
LONGEST_ADDRESS = 200  # what `agent_addresses.address` holds


def is_slug(text: str) -> bool:
    return _SLUG.match(text) is not None


class DirectoryError(ValueError):
    """A change to teams or agents that cannot be made as asked."""


class DirectoryConflict(DirectoryError):
    """A change that would hand one person's login to someone else."""


@dataclass(frozen=True)
class AgentChanges:
    name: str
    email: str | None = None
    team: str | None = None
    addresses: Sequence[str] | None = None
    language: str | None = None
    active: bool = True


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def ensure_user(email: str, *, role: Role, name: str = "") -> User:
    """The user with this e-mail, created without a password if new; a role is only ever raised."""
    user = find_user(email)
    if user is None:
        user = User(email=email.strip().lower(), name=name, role=role)
        db.session.add(user)
    elif _rank(role) > _rank(Role(user.role)):
        user.role = role
    if name and not user.name:
        user.name = name
    return user


def _rank(role: Role) -> int:
    return [Role.AGENT, Role.SUPERVISOR, Role.ADMIN].index(role)


def upsert_team(slug: str, name: str, supervisor_emails: Sequence[str]) -> tuple[Team, bool]:
    """Create or update a team and set its supervisors; returns the team and whether it is new."""
    team = db.session.scalar(sa.select(Team).where(Team.slug == slug))
    created = team is None
    if team is None:
        team = Team(slug=slug, name=name)
        db.session.add(team)
    team.name = name
    before = list(team.supervisors)
    # An address named twice (in any case) is one supervisor.
    emails = dict.fromkeys(email.strip().lower() for email in supervisor_emails)
    team.supervisors = [ensure_user(email, role=Role.SUPERVISOR) for email in emails]
    for user in before:
        # Taken off their last team, a supervisor no longer sees any team's answers.
        if user not in team.supervisors and user.role == Role.SUPERVISOR and not any(
                other is not team for other in user.supervised_teams):
            user.role = Role.AGENT
    return team, created


def normalize_address(address: str) -> str:
    """Phone numbers in E.164; client names and SIP URIs as given, without surrounding space."""
    address = address.strip()
    if address.startswith("+") or address.replace(" ", "").isdigit():
        e164 = normalize_e164(address)
        if e164 is None:
            raise DirectoryError(f"address {address!r} is not a valid phone number")
        return e164
    return address


def upsert_agent(handle: str, changes: AgentChanges) -> tuple[Agent, bool]:
    """Create or update an agent, with their team, addresses and login."""
    agent = db.session.scalar(sa.select(Agent).where(Agent.handle == handle))
    created = agent is None
    if changes.email:
        # Checked before anything changes: a conflict leaves the directory as it was.
        login = _login_for(agent, changes.email.strip().lower(), changes.name)
    if agent is None:
        agent = Agent(handle=handle, name=changes.name)
        db.session.add(agent)
    agent.name = changes.name
    agent.language = changes.language
    agent.active = changes.active
    agent.team = _team_named(changes.team) if changes.team else None
    if changes.email:
        agent.email = login.email
        agent.user = login
        agent.user.language = agent.user.language or changes.language
        agent.user.active = changes.active
    if changes.addresses is not None:
        _set_addresses(agent, changes.addresses)
    return agent, created


def _login_for(agent: Agent | None, email: str, name: str) -> User:
    """The login an agent gets for `email`: their own (renamed when the e-mail changed), or a
    new one; never a login that belongs to another agent, a supervisor or an admin."""
    own = agent.user if agent is not None else None
    existing = find_user(email)
    if existing is not None and existing is not own:
        if existing.agent is not None or existing.role != Role.AGENT:
            raise DirectoryConflict(f"{email} already belongs to someone else")
        return existing  # a login made for this person before their agent existed
    if own is not None:
        own.email = email
        return own
    user = User(email=email, name=name, role=Role.AGENT)
    db.session.add(user)
    return user


def add_user(email: str, name: str, role: Role) -> User:
    """A new login without a password; an e-mail that already has one is refused."""
    email = email.strip().lower()
    if find_user(email) is not None:
        raise DirectoryConflict(f"{email} already has a login")
    user = User(email=email, name=name, role=role)
    db.session.add(user)
    return user


@dataclass(frozen=True)
class PersonChanges:
    name: str
    role: Role
    teams: Sequence[str] = ()
    language: str | None = None
    active: bool = True


def update_person(user: User, changes: PersonChanges) -> User:
    """Set a login's name, role, supervised teams, language and whether it may log in.

    An agent's login supervises no team: choosing teams needs the role supervisor or admin.
    """
    if not changes.name.strip():
        raise DirectoryError("a person needs a name, as pages and mails show it")
    if changes.teams and changes.role == Role.AGENT:
        raise DirectoryError("only a supervisor or an admin supervises teams")
    teams = [_team_named(slug) for slug in dict.fromkeys(changes.teams)]
    user.name = changes.name.strip()
    user.role = changes.role
    user.supervised_teams = teams
    user.language = changes.language or None
    user.active = changes.active
    return user


def _team_named(slug: str) -> Team:
    team = db.session.scalar(sa.select(Team).where(Team.slug == slug))
    if team is None:
        raise DirectoryError(f"there is no team {slug!r}")
    return team


def _set_addresses(agent: Agent, addresses: Sequence[str]) -> None:
    wanted = list(dict.fromkeys(normalize_address(a) for a in addresses if a.strip()))
    if any(len(address) > LONGEST_ADDRESS for address in wanted):
        raise DirectoryError(f"an address is at most {LONGEST_ADDRESS} characters")
    taken = db.session.scalars(
        sa.select(AgentAddress).where(AgentAddress.address.in_(wanted))
    ).all()
    for existing in taken:
        if existing.agent is not agent:
            raise DirectoryError(f"address {existing.address!r} belongs to {existing.agent.handle}")
    current = {a.address: a for a in agent.addresses}
    agent.addresses = [current.get(a) or AgentAddress(address=a) for a in wanted]


def set_password(email: str, password: str) -> User:
    """Set a login's password; sessions opened with the old one end, as after a leaked password."""
    from werkzeug.security import generate_password_hash


    user = find_user(email)
    if user is None:
        raise DirectoryError(f"there is no user {email!r}")
    user.password_hash = generate_password_hash(password)
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.user_id == user.id))
    db.session.execute(
        sa.update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return user


def agent_as_json(agent: Agent) -> dict:
    return {
        "handle": agent.handle,
        "name": agent.name,
        "email": agent.email,
        "team": agent.team.slug if agent.team else None,
        "addresses": [a.address for a in agent.addresses],
        "language": agent.language,
        "active": agent.active,
    }


def team_as_json(team: Team) -> dict:
    return {
        "slug": team.slug,
        "name": team.name,
        "supervisors": [u.email for u in team.supervisors],
        "alert_urls": team.alert_urls,
    }
