"""Generated history: teams, agents and logins, then a year of calls, surveys and answers.

Rows go straight into the tables the migrations built, in bulk (`COPY` on PostgreSQL,
`executemany` on SQLite), with ids chosen here so a row can name its parent without a round
trip. Values follow what the service writes itself: kinds, categories, reasons and their
follow-ups, comments, erased numbers past retention, and `call_ended_at` on every survey.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from werkzeug.security import generate_password_hash

from bench.bulk_writer import BulkWriter
from bench.environment import BenchDatabase

PASSWORD = "bench password 4711"
AGENTS_PER_TEAM = 20
WEEKS = 52
CHUNK = 50_000  # answers generated and written at a time, so memory stays flat
UNANSWERED_SHARE = 0.25  # surveys asked but never answered, per answer given
COMMENT_SHARE = 0.12
RETENTION_DAYS = 180
TOPICS = ("billing", "orders", "returns", "technical", "moving")
# (code, weight): wait time and resolution are what unhappy callers name most.
REASONS = (("wait_time", 35), ("resolution", 25), ("manner", 10), ("effort", 15),
           ("product", 15))
COMMENTS = ("Tack för hjälpen, mycket trevlig!", "Fick vänta alldeles för länge.",
            "Problemet är fortfarande inte löst.", "Super service, tusen tak!",
            "Svært at komme igennem i telefonkøen.", "Very helpful, sorted it in minutes.",
            "Ring mig gärna tillbaka på 070-123 45 67.")
FIRST_NAMES = ("Anna", "Björn", "Freja", "Lars", "Sofia", "Mikkel", "Ida", "Oskar", "Maja",
               "Emil", "Sara", "Jonas", "Karin", "Mads", "Elin", "Nils")
LAST_NAMES = ("Lind", "Holm", "Nielsen", "Berg", "Jensen", "Ek", "Larsen", "Dahl", "Strand")


def _stamp(moment: datetime) -> str:
    """How SQLAlchemy stores a naive UTC moment on SQLite; PostgreSQL's COPY reads it too.

    `isoformat` is several times faster than `strftime`; it matches SQLAlchemy's format as
    long as the microseconds are not zero, which `_answer_chunk` makes sure of.
    """
    return moment.isoformat(" ") if moment.microsecond else moment.strftime(
        "%Y-%m-%d %H:%M:%S.%f")


@dataclass(frozen=True)
class AgentRow:
    id: int
    handle: str
    team_id: int
    kind: str  # the survey kind the agent's team asks
    happy_share: float  # how likely a caller is pleased: agents differ


@dataclass(frozen=True)
class Organisation:
    """What the measurements need to know of the generated organisation."""

    agents: list[AgentRow]
    teams: int
    # Logins: an agent's and the supervisor of that agent's team, both with `PASSWORD`.
    agent_email: str
    supervisor_email: str
    team_slug: str


def team_slug(number: int) -> str:
    return f"team-{number:03d}"


def agent_handle(number: int) -> str:
    return f"agent{number:04d}"


def write_organisation(writer: BulkWriter, agents: int, now: datetime,
                       seed: int = 1) -> Organisation:
    """Teams of `AGENTS_PER_TEAM`, one supervisor each, and every agent with a login."""
    rng = random.Random(seed)
    created = _stamp(now - timedelta(days=400))
    teams = max(1, agents // AGENTS_PER_TEAM)
    # A password is hashed once: the hash is slow on purpose, and every login shares it.
    password_hash = generate_password_hash(PASSWORD)
    languages = ["sv"] * 6 + ["da"] * 3 + ["en"]
    writer.write("teams", ("id", "slug", "name", "created_at"),
                 [(t, team_slug(t), f"Team {t:03d}", created) for t in range(1, teams + 1)])
    users = [(t, f"lead{t:03d}@bench.example", f"Lead {t:03d}", "supervisor",
              languages[t % 10], password_hash, True, created) for t in range(1, teams + 1)]
    rows = []
    for number in range(1, agents + 1):
        team = (number - 1) % teams + 1
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        kind = "nps" if team % 5 == 0 else "smiley"
        rows.append(AgentRow(number, agent_handle(number), team, kind, rng.uniform(0.7, 0.95)))
        users.append((teams + number, f"{agent_handle(number)}@bench.example", name, "agent",
                      languages[team % 10], password_hash, True, created))
    writer.write("users", ("id", "email", "name", "role", "language", "password_hash", "active",
                           "created_at"), users)
    writer.write("team_supervisors", ("team_id", "user_id"),
                 [(t, t) for t in range(1, teams + 1)])
    writer.write("agents", ("id", "handle", "name", "email", "team_id", "language", "active",
                            "user_id", "created_at"),
                 [(a.id, a.handle, users[teams + a.id - 1][2], f"{a.handle}@bench.example",
                   a.team_id, languages[a.team_id % 10], True, teams + a.id, created)
                  for a in rows])
    writer.write("agent_addresses", ("id", "agent_id", "address"),
                 [(a.id, a.id, f"client:{a.handle}") for a in rows])
    first = rows[0]
    return Organisation(rows, teams, f"{first.handle}@bench.example",
                        f"lead{first.team_id:03d}@bench.example", team_slug(first.team_id))


CALL_COLUMNS = ("id", "provider", "provider_call_id", "caller", "called", "agent_id", "topic",
                "language", "answered", "status", "duration_seconds", "started_at", "ended_at")
def _key(caller: str | None) -> str | None:
    """A stand-in for the keyed hash of a number: the same width, the same spread."""
    return hashlib.sha256(caller.encode()).hexdigest() if caller else None


SURVEY_COLUMNS = ("id", "call_id", "agent_id", "team_id", "caller", "caller_key",
                  "repeat_contact", "channel", "kind", "language", "state", "step", "attempts",
                  "created_at", "call_ended_at", "asked_at", "expires_at", "completed_at")
RESPONSE_COLUMNS = ("id", "survey_id", "call_id", "agent_id", "team_id", "call_ended_at", "topic",
                    "channel", "kind", "score", "category", "reason", "comment",
                    "recording_url", "recording_sid", "recording_seconds", "raw_inputs",
                    "received_at", "updated_at", "anonymised_at")
FOLLOW_UP_COLUMNS = ("id", "response_id", "team_id", "status", "handled_at", "created_at")


@dataclass
class _Chunk:
    calls: list[tuple]
    surveys: list[tuple]
    responses: list[tuple]
    follow_ups: list[tuple]


def _score(chance: float, agent: AgentRow, pleased: bool) -> tuple[int, str]:
    """A score the agent's caller gives; `chance` (0..1) picks it within its band."""
    if agent.kind == "smiley":
        return (1, "happy") if pleased else (2, "sad")
    if pleased:
        score = (8, 9, 9, 10, 10)[int(chance * 5)]
        return score, "promoter" if score >= 9 else "passive"
    return int(chance * 7), "detractor"


_DAY = timedelta(days=1)


def _answer_chunk(rng: random.Random, agents: Sequence[AgentRow], now: datetime, first_id: int,
                  count: int, follow_up_id: int, span: tuple[float, float]) -> _Chunk:
    """`count` answered calls and their unanswered ones, ending in the `span` of the year
    (fractions, 0 the oldest), in the order they ended: ids grow with time, as when the
    service writes them, so a week's rows lie together on disk as they would in production."""
    # Written for speed (a few million rows per run): one `random()` call where a `randrange`
    # would do, and moments derived from the call's end by adding whole timedeltas.
    chunk = _Chunk([], [], [], [])
    rnd = rng.random
    year = WEEKS * 7 * 24 * 3600 - 60
    oldest, width = span[0], span[1] - span[0]
    erased_before = now - timedelta(days=RETENTION_DAYS + 1)
    settled_before = now - timedelta(days=14)
    kept_for = timedelta(days=RETENTION_DAYS)
    reasons = [code for code, weight in REASONS for _ in range(weight // 5)]
    agent_count, unanswered = len(agents), int(count * UNANSWERED_SHARE)
    answered_flags = [True] * count + [False] * unanswered
    rng.shuffle(answered_flags)
    # How long ago each call ended, oldest first.
    ages = sorted((year * (1 - oldest - rnd() * width) for _ in answered_flags), reverse=True)
    for offset, (answered, age) in enumerate(zip(answered_flags, ages, strict=True)):
        row_id = first_id + offset
        agent = agents[int(rnd() * agent_count)]
        # Never a whole second, so every stamp keeps its microseconds (see `_stamp`).
        ended = now - timedelta(seconds=60 + age, microseconds=1)
        talked = 25 + int(rnd() * 875)
        erased = ended < erased_before
        caller = None if erased else f"+4670{int(rnd() * 10**7):07d}"
        channel = "sms" if rnd() < 0.15 else "ivr"
        ended_at = _stamp(ended)
        expires_at = _stamp(ended + _DAY)
        topic = TOPICS[row_id % len(TOPICS)]
        chunk.calls.append((row_id, "twilio", f"CA{row_id:032x}", caller, f"client:{agent.handle}",
                            agent.id, topic, "sv", True, "completed", talked,
                            _stamp(ended - timedelta(seconds=talked + 20)), ended_at))
        if not answered:
            chunk.surveys.append((row_id, row_id, agent.id, agent.team_id, caller,
                                  _key(caller), False, channel, agent.kind, "sv", "expired",
                                  "score", 0, ended_at, ended_at, ended_at, expires_at, None))
            continue
        answered_at = _stamp(ended + timedelta(seconds=20 + int(rnd() * 280)))
        chunk.surveys.append((row_id, row_id, agent.id, agent.team_id, caller, _key(caller),
                              False, channel, agent.kind, "sv", "completed", "done", 0, ended_at,
                              ended_at, ended_at, expires_at, answered_at))
        pleased = rnd() < agent.happy_share
        score, category = _score(rnd(), agent, pleased)
        reason = reasons[int(rnd() * len(reasons))] if not pleased and rnd() < 0.8 else None
        comment = (COMMENTS[int(rnd() * len(COMMENTS))]
                   if not erased and rnd() < COMMENT_SHARE else None)
        chunk.responses.append((row_id, row_id, row_id, agent.id, agent.team_id, ended_at, topic,
                                channel, agent.kind, score, category, reason, comment, None,
                                None, None, "[]", answered_at, answered_at,
                                _stamp(ended + kept_for) if erased else None))
        if category in ("sad", "detractor"):
            settled = ended < settled_before
            chunk.follow_ups.append((follow_up_id + len(chunk.follow_ups), row_id,
                                     agent.team_id, "resolved" if settled else "open",
                                     expires_at if settled else None, answered_at))
    return chunk


def write_answers(writer: BulkWriter, organisation: Organisation, answers: int, now: datetime,
                  seed: int = 2) -> None:
    """`answers` answered calls over the `WEEKS` weeks before `now`, and the unanswered ones."""
    rng = random.Random(seed)
    next_id, follow_up_id, written = 1, 1, 0
    while written < answers:
        count = min(CHUNK, answers - written)
        span = (written / answers, (written + count) / answers)
        chunk = _answer_chunk(rng, organisation.agents, now, next_id, count, follow_up_id, span)
        writer.write("calls", CALL_COLUMNS, chunk.calls)
        writer.write("surveys", SURVEY_COLUMNS, chunk.surveys)
        writer.write("responses", RESPONSE_COLUMNS, chunk.responses)
        writer.write("follow_ups", FOLLOW_UP_COLUMNS, chunk.follow_ups)
        next_id += len(chunk.calls)
        follow_up_id += len(chunk.follow_ups)
        written += count


OUTBOX_COLUMNS = ("id", "idempotency_key", "channel", "purpose", "recipient", "body",
                  "survey_id", "status", "attempts", "not_before", "created_at", "updated_at",
                  "expires_at")
# An open SMS survey also knows whether its question has been sent.
SMS_SURVEY_COLUMNS = (*SURVEY_COLUMNS, "question_sent_at")


def sms_caller(number: int) -> str:
    return f"+4673{number:07d}"


def write_sms_surveys(writer: BulkWriter, organisation: Organisation, numbers: range,
                      now: datetime, *, question_status: str, first_id: int = 10**8) -> None:
    """An open SMS survey from each caller `sms_caller(n)`, its first question in the outbox.

    With `question_status` "sent" a caller's reply answers the survey; with "pending" the
    question is due, waiting for the outbox to send it.
    """
    stamp = _stamp(now - timedelta(minutes=5))
    expires = _stamp(now + timedelta(hours=24))
    sent = stamp if question_status == "sent" else None

    def rows(kind: str) -> Iterator[tuple]:
        for n in numbers:
            row_id, caller = first_id + n, sms_caller(n)
            agent = organisation.agents[n % len(organisation.agents)]
            if kind == "calls":
                yield (row_id, "twilio", f"CAsms{row_id:030x}", caller, None, agent.id, "billing",
                       "sv", True, "completed", 120, stamp, stamp)
            elif kind == "surveys":
                yield (row_id, row_id, agent.id, agent.team_id, caller, _key(caller), False,
                       "sms", agent.kind, "sv", "active", "score", 0, stamp, stamp, stamp,
                       expires, None, sent)
            else:
                yield (row_id, f"survey:{row_id}:score", "sms", "survey_question", caller,
                       "Hur nöjd var du med samtalet? Svara 1 (nöjd) eller 2 (missnöjd).",
                       row_id, question_status, 0, stamp, stamp, stamp, expires)

    writer.write("calls", CALL_COLUMNS, rows("calls"))
    writer.write("surveys", SMS_SURVEY_COLUMNS, rows("surveys"))
    writer.write("outbox_messages", OUTBOX_COLUMNS, rows("outbox"))


GENERATED_TABLES = ("teams", "users", "agents", "agent_addresses", "calls", "surveys",
                    "responses", "follow_ups", "outbox_messages")


def generate(database: BenchDatabase, *, agents: int, answers: int,
             sms_surveys: range = range(0), sms_question_status: str = "sent",
             now: datetime | None = None) -> Organisation:
    """Fill a freshly migrated database; returns what the measurements need to know of it."""
    # Naive UTC, as the service stores every moment.
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None, microsecond=0)
    writer = BulkWriter(database)
    organisation = write_organisation(writer, agents, now)
    indexes = writer.drop_indexes(("calls", "surveys", "responses", "follow_ups"))
    write_answers(writer, organisation, answers, now)
    writer.create_indexes(indexes)
    if sms_surveys:
        write_sms_surveys(writer, organisation, sms_surveys, now,
                          question_status=sms_question_status)
    writer.finish(GENERATED_TABLES)
    return organisation
