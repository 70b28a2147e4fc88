"""The weekly mail to each owner of process and outside reasons: share, trend, spikes, comments.

Sent like the coaching digests: each mail is marked in `digest_runs` (audience
"reason_owner") in the same transaction that puts it in the outbox, so a second run for the
same week queues nothing and a run that stopped half way queues only the rest.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from feedback_service.causes.figures import (
    OWNED_ELSEWHERE,
    ReasonSpike,
    rates_of,
    reason_change,
    reason_spikes,
    weekly_shares,
)
from feedback_service.causes.share_images import ShareWeek, share_png
from feedback_service.coaching.answer_rows import answer_notes
from feedback_service.coaching.chart_output import png_data_uri
from feedback_service.coaching.digest_sending import DigestReport, mark_and_queue_digest
from feedback_service.coaching.mail_rendering import Mail, mail_language, render_mail
from feedback_service.coaching.mail_texts import texts_in
from feedback_service.coaching.models import DigestRun
from feedback_service.coaching.presentation import week_days
from feedback_service.coaching.read_model import (
    AnswerCounts,
    Period,
    Scope,
    tally,
    week_bounds,
)
from feedback_service.coaching.statistics import BASELINE_WEEKS, Change
from feedback_service.coaching.summaries import HISTORY_WEEKS
from feedback_service.coaching.trend_images import ChartWords
from feedback_service.coaching.weeks import IsoWeek
from feedback_service.extensions import db
from feedback_service.languages import percent
from feedback_service.settings import Settings
from feedback_service.staff.models import Team, User
from feedback_service.surveys.reasons import Reason, ReasonCatalogue, load_catalogue

log = logging.getLogger(__name__)

REASON_OWNER = "reason_owner"
# The weeks of a reason's trend in the mail, and the comments quoted per reason.
MAIL_TREND_WEEKS = 8
COMMENTS_PER_REASON = 5


def owned_reasons(catalogue: ReasonCatalogue) -> dict[str, list[Reason]]:
    """Each owner contact (an address or a team slug) and the reasons it owns."""
    found: dict[str, list[Reason]] = defaultdict(list)
    for reason in catalogue.reasons:
        if reason.owner in OWNED_ELSEWHERE and reason.owned_by:
            found[reason.owned_by].append(reason)
    return found


def owner_recipients(catalogue: ReasonCatalogue) -> dict[str, list[Reason]]:
    """Each address that hears about reasons, and its reasons in the catalogue's order: an
    owner address itself, or the active supervisors of an owner team."""
    order = {reason.code: n for n, reason in enumerate(catalogue.reasons)}
    by_address: dict[str, dict[str, Reason]] = defaultdict(dict)
    for contact, reasons in owned_reasons(catalogue).items():
        if "@" in contact:
            addresses = [contact]
        else:
            team = db.session.scalar(sa.select(Team).options(selectinload(Team.supervisors))
                                     .where(Team.slug == contact))
            if team is None:
                log.warning("reasons owned by team %r: no such team, no mail", contact)
                continue
            addresses = [user.email for user in team.supervisors if user.active]
        for address in addresses:
            for reason in reasons:
                by_address[address.lower()][reason.code] = reason
    return {address: sorted(reasons.values(), key=lambda r: order[r.code])
            for address, reasons in sorted(by_address.items())}


@dataclass(frozen=True)
class ReasonBlock:
    """One reason in an owner's mail, ready to print."""

    label: str
    share: str
    change: str
    spike: str | None
    trend: list[str]  # the figures beside the chart, a week each
    chart: str  # the weekly share as a PNG data: URI, sent as an inline image by Content-ID
    comments: list[str]
    action: str | None


@dataclass(frozen=True)
class OwnerWeek:
    """The company's week for the owners' mails: every week's counts up to it, the spikes."""

    week: IsoWeek
    weeks: list[AnswerCounts]  # HISTORY_WEEKS, oldest first, the mailed week last
    spikes: dict[str, ReasonSpike]
    comments: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    @property
    def answers(self) -> int:
        return sum(self.weeks[-1].values())


def read_owner_week(week: IsoWeek, catalogue: ReasonCatalogue, settings: Settings) -> OwnerWeek:
    """The company's answers week by week up to `week` (one read), its spikes and comments."""
    found = tally(db.session, week_bounds(week, HISTORY_WEEKS, settings.zone), by="everyone",
                  with_surveys=False)
    weeks = [found.answers_in(0, [n]) for n in range(HISTORY_WEEKS)]
    history: AnswerCounts = Counter()
    for counts in weeks[-1 - BASELINE_WEEKS:-1]:
        history.update(counts)
    spikes = reason_spikes(catalogue, rates_of(weeks[-1]), rates_of(history),
                           settings.min_responses)
    period = Period.week(week, settings.zone)
    comments = {}
    for contact_reasons in owned_reasons(catalogue).values():
        for reason in contact_reasons:
            notes = answer_notes(db.session, Scope(), period, limit=COMMENTS_PER_REASON,
                                 reason=reason.code)
            comments[reason.code] = [(note.response_id, note.comment) for note in notes
                                     if note.comment]
    return OwnerWeek(week, weeks, {spike.code: spike for spike in spikes}, comments)


def _block(reason: Reason, owner_week: OwnerWeek, language: str,
           settings: Settings) -> ReasonBlock:
    texts, minimum = texts_in(language), settings.min_responses
    shares = weekly_shares(reason.code, owner_week.weeks[-MAIL_TREND_WEEKS:], minimum)
    this_week = shares[-1]
    if this_week.share is None or this_week.low is None or this_week.high is None:
        share = texts["owner_share_few"].format(count=this_week.with_reason,
                                                answers=this_week.answers, min=minimum)
    else:
        share = texts["owner_share"].format(
            count=this_week.with_reason, answers=this_week.answers,
            share=percent(this_week.share, language), low=percent(this_week.low, language),
            high=percent(this_week.high, language))
    change: Change | None = reason_change(reason.code, owner_week.weeks, minimum)
    spike = owner_week.spikes.get(reason.code)
    trend = []
    numbers = [owner_week.week.shifted(offset - len(shares) + 1).week
               for offset in range(len(shares))]
    for number, point in zip(numbers, shares, strict=True):
        label = texts["week_short"].format(number=number)
        value = (percent(point.share, language) if point.share is not None
                 else texts["answers_short"].format(count=point.answers))
        trend.append(f"{label}: {value}")
    return ReasonBlock(
        label=reason.label(language), share=share,
        change=texts[f"trend_{change or 'unknown'}"],
        spike=None if spike is None else texts["owner_spike"].format(
            expected=percent(spike.expected_share, language)),
        trend=trend,
        chart=png_data_uri(share_png(
            tuple(ShareWeek(n, point) for n, point in zip(numbers, shares, strict=True)),
            ChartWords(scale=texts["owner_chart_scale"], week=texts["col_week"]))),
        comments=[text for _, text in owner_week.comments.get(reason.code, [])],
        action=reason.action(language))


def compile_owner_mail(reasons: Sequence[Reason], owner_week: OwnerWeek, language: str,
                       settings: Settings) -> Mail:
    """One owner's mail: each of their reasons over the company's week."""
    texts = texts_in(language)
    week = owner_week.week
    labels = ", ".join(reason.label(language) for reason in reasons)
    subject = texts["owner_subject"].format(week=week, reasons=labels)
    return render_mail(
        "reason_owner", subject, language=language, t=texts, title=subject, greeting=None,
        intro=texts["owner_intro"].format(week=week, days=week_days(week, language)),
        reasons=[_block(reason, owner_week, language, settings) for reason in reasons],
        link=settings.public_url("/reasons"),
        footer=texts["owner_footer"].format(min=settings.min_responses))


def queue_owner_mails(week: IsoWeek, settings: Settings) -> DigestReport:
    """Queue the week's mail to every reason owner no run has mailed yet; none for a week
    without answers."""
    report = DigestReport(week)
    catalogue = load_catalogue()
    recipients = owner_recipients(catalogue)
    marked = set(db.session.scalars(sa.select(DigestRun.recipient_email).where(
        DigestRun.week == str(week), DigestRun.audience == REASON_OWNER)))
    waiting = {address: reasons for address, reasons in recipients.items()
               if address not in marked}
    report.already_sent.extend(address for address in recipients if address in marked)
    if not waiting:
        return report
    owner_week = read_owner_week(week, catalogue, settings)
    if not owner_week.answers:
        log.info("reason owners for %s: no answers that week, no mail", week)
        return report
    languages = {email.lower(): language for email, language in db.session.execute(
        sa.select(User.email, User.language).where(
            sa.func.lower(User.email).in_(list(waiting))))}
    for address, reasons in waiting.items():
        language = mail_language(languages.get(address), settings)
        mail = compile_owner_mail(reasons, owner_week, language, settings)
        quotes = [response_id for reason in reasons
                  for response_id, _ in owner_week.comments.get(reason.code, [])]
        queued = mark_and_queue_digest(week, REASON_OWNER, address, mail, quotes=quotes)
        (report.queued if queued else report.already_sent).append(address)
    log.info("reason owners for %s: %d queued, %d queued by an earlier run", week,
             len(report.queued), len(report.already_sent))
    return report

