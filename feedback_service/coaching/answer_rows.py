"""Answers one by one, as the API, the CSV downloads and the pages' comment lists show them.

One row shape for every reader: the caller's number masked, and any personal data the caller put
in their comment, a recording only flagged, the call's time (which puts the answer in its week)
beside the time the answer came in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from feedback_service.coaching.read_model import Period, Scope
from feedback_service.database import AnySession
from feedback_service.personal_data import mask_personal_data
from feedback_service.phone_numbers import mask
from feedback_service.staff.models import Agent, Team
from feedback_service.surveys.models import Call, Channel, Response
from feedback_service.surveys.scoring import POSITIVE_CATEGORIES

COLUMNS = ("id", "call_id", "agent", "team", "topic", "channel", "kind", "score", "category",
           "reason", "praise", "comment", "has_recording", "caller", "call_ended_at", "received_at")
# Rows fetched from the database at a time while streaming, so memory stays flat.
FETCH_SIZE = 1000


# The values of the columns before the comment, in the order of `COLUMNS`.
HEAD_VALUES = (Response.id, Call.provider_call_id, Agent.handle, Team.slug, Response.topic,
               Response.channel, Response.kind, Response.score, Response.category,
               Response.reason, Response.praise)


def select_answers(columns: Sequence[Any], scope: Scope,
                   period: Period | None) -> sa.Select[Any]:
    """`columns` of the scope's answers (with a score) to calls that ended in the period, if one
    is given, each answer with its call and, where it has them, its agent and team."""
    stmt = (
        sa.select(*columns)
        .select_from(Response).join(Call, Call.id == Response.call_id)
        .outerjoin(Agent, Agent.id == Response.agent_id)
        .outerjoin(Team, Team.id == Response.team_id)
        .where(scope.answers(), Response.category.is_not(None))
    )
    if period is not None:
        stmt = stmt.where(Response.call_ended_at >= period.start,
                          Response.call_ended_at < period.end)
    return stmt


def _answers(scope: Scope, period: Period | None, *,
             naive_times: bool = False) -> sa.Select[*tuple[Any, ...]]:
    """The answers' columns; with `naive_times` the times as stored, in UTC without a zone."""
    times: tuple[Any, Any] = (Response.call_ended_at, Response.received_at)
    if naive_times:
        times = (sa.type_coerce(times[0], sa.DateTime()), sa.type_coerce(times[1], sa.DateTime()))
    return select_answers((*HEAD_VALUES, Response.comment, Response.recording_url, Call.caller,
                           *times), scope, period)


def _as_row(row: sa.Row[*tuple[Any, ...]]) -> dict[str, Any]:
    (response_id, call_id, agent, team, topic, channel, kind, score, category, reason, praise,
     comment, recording_url, caller, call_ended_at, received_at) = row
    return {
        "id": response_id, "call_id": call_id, "agent": agent, "team": team, "topic": topic,
        "channel": channel, "kind": kind, "score": score, "category": category,
        "reason": reason, "praise": praise,
        "comment": mask_personal_data(comment) if comment is not None else None,
        "has_recording": recording_url is not None,
        "caller": mask(caller) or None, "call_ended_at": call_ended_at.isoformat(),
        "received_at": received_at.isoformat(),
    }


def answer_rows(session: AnySession, scope: Scope, period: Period | None, *,
                after: int | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The scope's answers in the period, in id order, streamed from the database."""
    stmt = _answers(scope, period).order_by(Response.id)
    if after is not None:
        stmt = stmt.where(Response.id > after)
    if limit is not None:
        stmt = stmt.limit(limit)
    for row in session.execute(stmt.execution_options(yield_per=FETCH_SIZE)):
        yield _as_row(row)


# Rows a batch when an export reads every answer column by column: memory stays that of a
# process at rest.
EXPORT_BATCH = 1000


def answer_columns(session: AnySession, scope: Scope,
                   period: Period | None) -> Iterator[list[Sequence[Any]]]:
    """The same answers and values as `answer_rows`, in id order, a batch at a time given
    column by column in the order of `COLUMNS`, for an export of millions of rows.

    Each column is made in one pass, and the rows come as the database driver gives them
    (Core, with the times as stored), which costs a fraction of a mapping a row.
    """
    stmt = _answers(scope, period, naive_times=True).order_by(Response.id)
    # Closed however the reading ends (a download broken off too): the server-side cursor
    # goes with it.
    with session.connection().execute(
            stmt, execution_options={"yield_per": EXPORT_BATCH}) as result:
        yield from _batches(result)


def _batches(result: sa.CursorResult[Any]) -> Iterator[list[Sequence[Any]]]:
    for rows in result.partitions():
        (ids, call_ids, agents, teams, topics, channels, kinds, scores, categories, reasons,
         praise, comments, recording_urls, callers, call_ended_at,
         received_at) = zip(*rows, strict=True)
        yield [ids, call_ids, agents, teams, topics, channels, kinds, scores, categories,
               reasons, praise,
               [None if text is None else mask_personal_data(text) for text in comments],
               [url is not None for url in recording_urls],
               [mask(caller) or None if caller else None for caller in callers],
               _utc_texts(call_ended_at), _utc_texts(received_at)]


def _utc_texts(moments: Sequence[datetime]) -> list[str]:
    """Naive UTC moments as `isoformat` writes them in UTC (`…+00:00`)."""
    # Joined and split again rather than a string made per moment: a NUL is in no moment.
    return ("+00:00\0".join(map(datetime.isoformat, moments)) + "+00:00").split("\0")


def answer_row(session: AnySession, response_id: int) -> dict[str, Any] | None:
    """One answer as `answer_rows` shows it (a webhook's data), None before it has a score."""
    row = session.execute(_answers(Scope(), None).where(Response.id == response_id)).first()
    return _as_row(row) if row is not None else None


@dataclass(frozen=True)
class AnswerNote:
    """One answer with something to read or hear: a comment, a recording or both."""

    response_id: int
    call_ended_at: datetime
    kind: str
    score: int | None
    category: str | None
    reason: str | None
    topic: str | None
    comment: str | None
    has_recording: bool
    caller_masked: str
    # Said on the phone and written down by Twilio's speech recognition, not typed by the caller.
    transcribed: bool = False

    @property
    def kudos(self) -> bool:
        """A happy caller who said something, in words or recorded: praise to pass on."""
        return (bool(self.comment) or self.has_recording) and self.category in POSITIVE_CATEGORIES


def note_from(response: Response, *, as_given: bool = False) -> AnswerNote:
    """The note of one loaded answer (its call loaded too), personal data in its comment masked
    unless `as_given` (only where the caller's full number is shown beside it)."""
    comment = response.comment
    if comment is not None and not as_given:
        comment = mask_personal_data(comment)
    return AnswerNote(
        response_id=response.id, call_ended_at=response.call_ended_at, kind=response.kind,
        score=response.score, category=response.category, reason=response.reason,
        topic=response.topic, comment=comment,
        has_recording=bool(response.recording_url), caller_masked=mask(response.call.caller),
        transcribed=response.channel == Channel.IVR and bool(response.comment),
    )


def answer_notes(session: AnySession, scope: Scope, period: Period, *, limit: int,
                 offset: int = 0, reason: str | None = None) -> list[AnswerNote]:
    """Answers with a comment or a recording (only those giving `reason`, when one is named),
    newest call first; the caller's number masked."""
    stmt = (
        sa.select(Response).options(joinedload(Response.call))
        .where(scope.answers(), Response.category.is_not(None),
               Response.call_ended_at >= period.start, Response.call_ended_at < period.end,
               sa.or_(Response.comment.is_not(None), Response.recording_url.is_not(None)))
    )
    if reason is not None:
        stmt = stmt.where(Response.reason == reason)
    responses = session.scalars(
        stmt.order_by(Response.call_ended_at.desc(), Response.id.desc()).limit(limit)
        .offset(offset))
    return [note_from(response) for response in responses]
