"""The calls the phone system reports, and the survey of a call, locked for its answers.

Nothing here commits: the view, job or command that calls it commits at its edge.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, joinedload

from feedback_service.extensions import db
from feedback_service.staff.models import Agent
from feedback_service.surveys.models import Call, Survey


def find_call(provider: str, provider_call_id: str) -> Call | None:
    """The call with its survey and agent (what every webhook asks for next), in one statement."""
    return db.session.scalar(
        sa.select(Call)
        .where(Call.provider == provider, Call.provider_call_id == provider_call_id)
        .options(joinedload(Call.survey), joinedload(Call.agent))
    )


def find_call_with(
    provider: str, provider_call_id: str, *, agent_handle: str | None,
    with_addresses: bool = False, also: tuple[sa.ColumnElement[Any], ...] = (),
    params: Mapping[str, Any] | None = None,
) -> tuple[Call | None, Agent | None, Sequence[Any]]:
    """The call as `find_call` reads it, the agent `agent_handle` names (`with_addresses`, which
    `/connect` dials), and the values of the columns `also` (with their `params`: a caller's
    history): what a webhook reads before it decides anything, in one statement, whether or not
    the call is known yet."""
    read = _call_with(agent_handle is not None, with_addresses, also)
    row = db.session.execute(read, {"provider": provider, "provider_call_id": provider_call_id,
                                    "agent_handle": agent_handle, **(params or {})}
                             ).unique().one()
    # The anchor's own column first: a row even when nothing else is found.
    if agent_handle is None:
        return row[1], None, tuple(row[2:])
    return row[1], row[2], tuple(row[3:])


@functools.cache
def _call_with(named: bool, with_addresses: bool,
               also: tuple[sa.ColumnElement[Any], ...]) -> sa.Executable:
    """Built once for each shape: building a statement costs more than running it."""
    anchor = sa.select(sa.literal(1).label("one")).subquery()
    read = (
        sa.select(anchor.c.one, Call)
        .select_from(anchor)
        .outerjoin(Call, sa.and_(Call.provider == sa.bindparam("provider"),
                                 Call.provider_call_id == sa.bindparam("provider_call_id")))
        .options(joinedload(Call.survey), joinedload(Call.agent))
    )
    if named:
        agent = aliased(Agent)
        read = (read.add_columns(agent)
                .outerjoin(agent, agent.handle == sa.bindparam("agent_handle")))
        if with_addresses:
            read = read.options(joinedload(agent.addresses))
    return read.add_columns(*also)


def survey_for_update(provider: str, provider_call_id: str) -> Survey | None:
    """The call's survey, locked until the transaction ends, freshly read, with its call and
    answer (what saving an answer reads next) in the same statement.

    Answers to one survey that arrive at once (retries, a second try at a question, a callback)
    are then applied one after the other, each seeing what the one before it did.
    """
    return survey_for_update_with(provider, provider_call_id)[0]


def survey_for_update_with(
    provider: str, provider_call_id: str, also: tuple[sa.ColumnElement[Any], ...] = (),
) -> tuple[Survey | None, Sequence[Any]]:
    """The survey as `survey_for_update` reads it, and the values of the columns `also`, read
    in the same statement (nothing when there is no survey)."""
    row = db.session.execute(_survey_for_update(also), {
        "provider": provider, "provider_call_id": provider_call_id}).unique().first()
    if row is None:
        return None, ()
    return row[0], tuple(row[1:])


@functools.cache
def _survey_for_update(also: tuple[sa.ColumnElement[Any], ...]) -> sa.Executable:
    """Built once for each shape, as `_call_with`."""
    return (
        sa.select(Survey, *also)
        .join(Survey.call)
        .where(Call.provider == sa.bindparam("provider"),
               Call.provider_call_id == sa.bindparam("provider_call_id"))
        .options(contains_eager(Survey.call), joinedload(Survey.response))
        .with_for_update(of=Survey)
        .execution_options(populate_existing=True)
    )


def find_or_create_call(
    provider: str, provider_call_id: str, *, caller: str | None = None, **fields: Any
) -> Call:
    """The call with this provider id; fields given fill in what is not yet known."""
    return fill_in_call(
        find_call(provider, provider_call_id), provider, provider_call_id, caller=caller, **fields
    )


def fill_in_call(
    call: Call | None,
    provider: str,
    provider_call_id: str,
    *,
    caller: str | None = None,
    **fields: Any,
) -> Call:
    """`call` as found by `find_call`, or a new one; fields given fill in what is not yet known.

    The caller's number is recorded only with a new call, never filled in later: a call
    without one was either made from a withheld number or erased, and erased stays erased,
    even when the phone system sends (or someone replays) a webhook that names the number again.
    """
    if call is None:
        call = Call(provider=provider, provider_call_id=provider_call_id, caller=caller)
        db.session.add(call)
    for name, value in fields.items():
        if value is not None and getattr(call, name) is None:
            setattr(call, name, value)
    return call


def caller_was_erased(call: Call | None, caller: str | None) -> bool:
    """Whether a webhook naming `caller` is about a call whose number has been erased."""
    return call is not None and call.caller is None and caller is not None
