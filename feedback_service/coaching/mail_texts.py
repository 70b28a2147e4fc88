"""The words of the coaching e-mails, in the reader's language.

Nothing here ranks: no "best", no "worst", no place in a list. Each agent is set only
against their own earlier weeks.

Each text is a message in the catalogues under `translations/`, with its key as context and
its English wording as the message; the translations are in the `.po` files, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from feedback_service.coaching.common_texts import COMMON_MESSAGES
from feedback_service.languages import messages_in, pgettext_noop

# The English wording of each key; `texts_in` looks up its translation.
_ENGLISH = [
    pgettext_noop("digest_subject", "Coaching week {week}: {teams}"),
    pgettext_noop(
        "digest_intro",
        "Week {week} ({days}). Each agent is set only against their own earlier weeks.",
    ),
    pgettext_noop("team_totals", "{team}: the whole team"),
    pgettext_noop("team_no_answers", "{team}: no answers this week."),
    pgettext_noop(
        "drivers",
        "What drives the team's score (points it would rise had those callers given the "
        "highest answer)",
    ),
    pgettext_noop("driver_line", "{label}: {answers} answers, {points}"),
    pgettext_noop("score_counts_team",
                  "A customer-service score: it leaves out only answers about matters outside "
                  "customer service, so it is not comparable with an agent's score."),
    pgettext_noop("score_counts_agent",
                  "The agent's own score: it leaves out answers about the process and about "
                  "matters outside customer service, so it is not comparable with the team's."),
    pgettext_noop("driver_rise",
                  "{rise} points had they given the highest answer (likely {low} to {high})"),
    pgettext_noop("agents_heading", "Per agent (in alphabetical order)"),
    pgettext_noop("answers", "{answers} answers to {sent} surveys sent, response rate {rate}"),
    pgettext_noop("answers_none_sent", "No surveys were sent this week."),
    pgettext_noop("smiley", "Happy callers"),
    pgettext_noop("nps", "Transactional NPS (after the call)"),
    pgettext_noop("ces", "Net Easy (how easy it was to get help)"),
    pgettext_noop("score", "{value} (with this many answers, likely between {low} and {high})"),
    pgettext_noop("trend_higher", "higher"),
    pgettext_noop("trend_lower", "lower"),
    pgettext_noop("trend_steady", "unchanged (normal variation)"),
    pgettext_noop(
        "left_out_agent",
        "{count} answers about {label} are not counted in the score: a matter for the team, not "
        "for {name}.",
    ),
    pgettext_noop(
        "left_out_agent_own",
        "{count} answers about {label} are not counted in your score: a matter for the team, not "
        "for you.",
    ),
    pgettext_noop(
        "left_out_outside",
        "{count} answers about {label} are not counted in the score: they go to the rest of the "
        "company.",
    ),
    pgettext_noop("funnel", "Calls {calls} → survey sent {surveyed} → answered {answered}"),
    pgettext_noop("funnel_skipped", "Not asked: {reasons}"),
    pgettext_noop("funnel_waiting", "Waiting to be sent after the quiet hours: {count}"),
    pgettext_noop("funnel_expired", "Unanswered when the survey closed: {count}"),
    pgettext_noop("skip_not_answered", "{count} unanswered calls"),
    pgettext_noop("skip_unknown_agent", "{count} without a known agent"),
    pgettext_noop("skip_agent_inactive", "{count} to an inactive agent"),
    pgettext_noop("skip_too_short", "{count} too short"),
    pgettext_noop("skip_opted_out", "{count} opted out"),
    pgettext_noop("skip_no_caller_number", "{count} with a withheld number"),
    pgettext_noop("skip_not_a_mobile", "{count} without a mobile number"),
    pgettext_noop("skip_quarantine", "{count} asked recently"),
    pgettext_noop("skip_not_sampled", "{count} not in the sample"),
    pgettext_noop(
        "follow_ups",
        "Called back: {called_back} of {raised} unhappy callers, {within} within {hours} working "
        "hours (median {median} hours); {won_back} won back",
    ),
    pgettext_noop("follow_ups_past_due", "Waiting past their due time: {count}"),
    pgettext_noop("follow_ups_confirmed", "Causes confirmed on the call: {reasons}"),
    pgettext_noop("follow_ups_title", "Follow-ups of unhappy callers"),
    pgettext_noop(
        "first_contact",
        "Resolved at first contact: {share} ({resolved} of {calls} calls; likely between {low} "
        "and {high})",
    ),
    pgettext_noop("first_contact_few", "Resolved at first contact: {resolved} of {calls} calls"),
    pgettext_noop("first_contact_window",
                  "a call counts as resolved when the caller did not call again within {days} "
                  "days"),
    pgettext_noop("first_contact_pending",
                  "not yet known for {count} calls whose {days} days have not passed"),
    pgettext_noop("first_contact_left_out",
                  "{count} repeat calls about the process or outside customer service are not "
                  "counted against the agent"),
    pgettext_noop("answers_short", "n={count}"),
    pgettext_noop("trend_heading", "The last 12 weeks"),
    pgettext_noop("greeting", "Hi {name},"),
    pgettext_noop("nobody_waiting", "No unhappy caller is waiting for a call back."),
    pgettext_noop("digest_title", "Coaching week {number}"),
    pgettext_noop("process_reasons", "The process (staffing and the phone menu)"),
    pgettext_noop(
        "nothing_stands_out",
        "No reason stands out over the last four weeks ({positive} of {answers} callers were "
        "positive).",
    ),
    pgettext_noop("too_few", "too few answers to show a score ({answers} of at least {min})"),
    pgettext_noop("reasons", "Reasons the agent can influence"),
    pgettext_noop("reason_count_few", "{label}: {count}"),
    pgettext_noop(
        "other_reasons",
        "Reasons outside customer service (for the rest of the company)",
    ),
    pgettext_noop("no_reasons", "No reasons given."),
    pgettext_noop("reason_count", "{label}: {count} ({share})"),
    pgettext_noop("comments", "Comments"),
    pgettext_noop("kudos", "Kudos"),
    pgettext_noop("focus", "Suggested coaching focus"),
    pgettext_noop("no_focus", "No single reason stands out this week."),
    pgettext_noop(
        "footer",
        "Scores are shown only with at least {min} answers. Agents are never compared with each "
        "other.",
    ),
    pgettext_noop("agent_subject", "Your week {week}"),
    pgettext_noop(
        "agent_intro",
        "Hi {name}, here is your own feedback for week {week} ({days}), set against "
        "your own earlier weeks.",
    ),
    pgettext_noop("open_my_page", "Your page"),
    pgettext_noop("open_team_page", "The team's page"),
    pgettext_noop("kudos_subject", "Kudos from a caller"),
    pgettext_noop("kudos_intro", "Hi {name}, a caller left this comment after a call with you:"),
    pgettext_noop(
        "kudos_intro_recorded",
        "Hi {name}, a caller left a comment after a call with you.",
    ),
    pgettext_noop("listen_to_recording", "The comment is recorded. Listen to it"),
    pgettext_noop("alert_subject", "Unhappy caller to call back ({agent})"),
    pgettext_noop(
        "alert_intro",
        "An unhappy caller left a comment after a call with {agent}. The follow-up waits in the "
        "queue.",
    ),
    pgettext_noop("open_follow_ups", "Follow-up queue"),
    # The weekly mail to the owner of process and outside reasons
    pgettext_noop("owner_subject", "Your reasons, week {week}: {reasons}"),
    pgettext_noop(
        "owner_intro",
        "Week {week} ({days}), every answer in the company. The reason catalogue names you as "
        "the owner of these reasons. No agent is named: they concern the process or matters "
        "outside customer service.",
    ),
    pgettext_noop("owner_share", "{count} of {answers} answers gave this reason: {share} "
                  "(likely {low} to {high})"),
    pgettext_noop("owner_share_few", "{count} of {answers} answers gave this reason; a share "
                  "needs at least {min} answers"),
    pgettext_noop("owner_spike", "Spike: given far more often this week than its usual "
                  "{expected}."),
    pgettext_noop("owner_trend", "Share week by week"),
    pgettext_noop("owner_chart_scale", "Share of all answers, %"),
    pgettext_noop("owner_action", "Where to start"),
    pgettext_noop("owner_open_page", "Open the reasons page to record an action"),
    pgettext_noop(
        "owner_footer",
        "Shares are of every answer in the company that week, shown from {min} answers. The "
        "change compares the last four weeks with the year before, by the rule of the coaching "
        "signals.",
    ),
    # The first screen of a week: the team page, the digest, /me and the agent's summary.
    pgettext_noop("first_sentence", "{team}, week {week}: {said}."),
    pgettext_noop("first_sentence_own", "Your week {week}: {said}."),
    pgettext_noop("first_no_answers", "no answers"),
    pgettext_noop(
        "first_score",
        "{value} {kind} from {answers} answers (likely {low} to {high}), "
        "{change}",
    ),
    pgettext_noop("first_too_few", "{answers} answers on {kind}, too few for a score"),
    pgettext_noop("first_kind_smiley", "happy callers"),
    pgettext_noop("first_kind_nps", "NPS"),
    pgettext_noop("first_kind_ces", "Net Easy"),
    pgettext_noop("first_change_lower", "lower than the year before"),
    pgettext_noop("first_change_higher", "higher than the year before"),
    pgettext_noop("first_change_steady", "in line with the year before"),
    pgettext_noop("first_change_unknown", "too few answers yet to tell a change"),
    pgettext_noop("first_chart_title", "{kind}, the last {weeks} weeks, with the likely range"),
    pgettext_noop("first_chart_figure", "{value} (likely {low} to {high})"),
    pgettext_noop("first_worth_title", "Worth a word this week"),
    pgettext_noop("first_worth_none", "Nobody's week stands out against their own year before."),
    pgettext_noop("first_reason_lower", "{kind} lower than their own year before"),
    pgettext_noop("first_reason_focus", "callers named “{reason}” unusually often"),
    pgettext_noop(
        "first_evidence_score",
        "{value} this week from {answers} answers, likely {low} to {high}",
    ),
    pgettext_noop("first_evidence_few", "{answers} answers in the last four weeks"),
    pgettext_noop("first_evidence_focus", "{count} of {answers} answers in the last four weeks"),
    pgettext_noop("first_more", "and {count} more in the details below"),
    pgettext_noop("first_praise_title", "Praise to pass on"),
    pgettext_noop("first_praise_none", "No caller named what went well this week."),
    pgettext_noop(
        "first_waiting",
        "{count} unhappy callers are waiting for a call back; the oldest for "
        "{age}.",
    ),
    pgettext_noop("first_spiked_title", "A reason that stood out"),
    pgettext_noop(
        "first_spiked",
        "“{reason}” stood out against the year before: {count} of {answers} answers in "
        "the last four weeks.",
    ),
    pgettext_noop("first_spiked_none", "No reason stood out against the year before."),
    pgettext_noop("first_details", "Agent by agent, in alphabetical order"),
    pgettext_noop("first_try_title", "One thing to try"),
    pgettext_noop("first_chart_alt", "Chart: {title}. The figures are beside it."),
]
MESSAGES: dict[str, str] = dict(_ENGLISH) | COMMON_MESSAGES


@cache
def texts_in(language: str) -> Mapping[str, str]:
    """Every mail text in `language` (English for a language the service does not speak),
    looked up once per language: a week's digests ask for them thousands of times."""
    return messages_in(language, MESSAGES)
