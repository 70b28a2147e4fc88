"""The pages' texts, in the request's language, and the choice of language per request.

Each text is a message in the catalogues under `translations/`, with its key as context and its
English wording as the message: pages and Python code ask for `text("key")`, and translators
change the words in the `.po` files.
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import get_locale
from flask_login import current_user

from feedback_service.coaching.common_texts import COMMON_MESSAGES
from feedback_service.coaching.goals.presentation import GOAL_MESSAGES
from feedback_service.coaching.talks.presentation import TALK_MESSAGES
from feedback_service.languages import (
    LANGUAGES,
    message_in,
    pgettext_noop,
    preferred_language,
    supported,
)
from feedback_service.settings import current_settings, setting_texts, settings_of
from feedback_service.web.setup_texts import SETUP_MESSAGES

# The English wording of each key; `text` and `text_in` look up its translation.
_ENGLISH = [
    pgettext_noop("app_name", "Call feedback"),
    pgettext_noop("skip_to_content", "Skip to content"),
    pgettext_noop("main_navigation", "Main menu"),
    pgettext_noop("signed_in_as", "Signed in as {name}"),
    pgettext_noop("logout", "Log out"),
    pgettext_noop("start_page", "Start page"),
    # Login
    pgettext_noop("login_title", "Log in"),
    pgettext_noop(
        "login_intro",
        "Call feedback shows what callers thought right after their call with customer service. "
        "Agents see their own answers; supervisors see their team's week and which unhappy callers "
        "are waiting for a call back.",
    ),
    pgettext_noop("email", "E-mail"),
    pgettext_noop("password", "Password"),
    pgettext_noop("login_failed", "Wrong e-mail or password."),
    pgettext_noop("login_needed", "Log in to see this page."),
    pgettext_noop("logged_out", "You are logged out."),
    pgettext_noop("field_required", "Fill in this field."),
    # The agent's page
    pgettext_noop("me_title", "My feedback"),
    pgettext_noop("agent_title", "Feedback for {name}"),
    pgettext_noop(
        "private_note",
        "This page shows only your own answers. Only you and your team's supervisors can see it.",
    ),
    pgettext_noop(
        "agent_note",
        "{name}'s own answers, for coaching. No comparison with anyone else.",
    ),
    pgettext_noop("period", "Period"),
    pgettext_noop("date_from", "From"),
    pgettext_noop("date_until", "Until"),
    pgettext_noop("show", "Show"),
    pgettext_noop(
        "bad_dates",
        "Give dates as YYYY-MM-DD, the first not after the last. Showing the last 12 weeks.",
    ),
    pgettext_noop("trend_title", "Week by week"),
    pgettext_noop("trend_caption_smiley", "Share of happy callers per week, the last 12 weeks"),
    pgettext_noop(
        "trend_caption_nps",
        "Transactional NPS (right after the call) per week, the last 12 weeks",
    ),
    pgettext_noop(
        "trend_caption_ces",
        "Net Easy (how easy it was to get help) per week, the last 12 weeks",
    ),
    pgettext_noop(
        "too_few_rule",
        "A week with fewer than {count} answers shows only the number of answers.",
    ),
    pgettext_noop(
        "agent_score_rule",
        "The score counts only what the agent can change. Answers about the waiting time, effort "
        "and things outside customer service (such as the product) are left out; they are still "
        "listed under the reasons.",
    ),
    pgettext_noop(
        "team_score_rule",
        "The team's score counts every answer except those about things outside customer service, "
        "such as the product.",
    ),
    pgettext_noop(
        "left_out_count",
        "{count} answers about things the score leaves out are listed under the reasons.",
    ),
    pgettext_noop("last_week_title", "Last week (wk {number})"),
    pgettext_noop("focus_label", "Focus"),
    pgettext_noop("col_answers", "Answers"),
    pgettext_noop("col_score", "Score"),
    # {percent} is "95 %" as the language writes it (and a literal "% c" would read to gettext as
    # a printf placeholder). The translations' soft hyphen lets the long word break on a phone
    # instead of widening the table.
    pgettext_noop("col_interval", "{percent} confidence interval"),
    pgettext_noop("kind_ces", "Net Easy (how easy it was)"),
    pgettext_noop("kind_smiley", "Happy or unhappy"),
    pgettext_noop("kind_nps", "Transactional NPS"),
    pgettext_noop("totals_title", "In the period"),
    pgettext_noop("answers_count", "{count} answers"),
    pgettext_noop(
        "no_answers_agent",
        "No answers yet. When callers answer the survey after your calls, their answers show "
        "here, week by week.",
    ),
    pgettext_noop(
        "no_answers_team",
        "No answers yet. They come once calls to the team's agents are surveyed: check that each "
        "agent has their phone address (client:, SIP or a number) and that the phone system points "
        "at this service.",
    ),
    pgettext_noop("no_answers", "No answers in this period."),
    pgettext_noop("reasons_title", "Why callers were unhappy"),
    pgettext_noop("reasons_agent", "What the agent can change"),
    pgettext_noop(
        "reasons_process",
        "The process: staffing and the phone menu (a matter for the team)",
    ),
    pgettext_noop("shares_held_back", "Shares are shown from {count} unhappy answers."),
    pgettext_noop(
        "reasons_other",
        "Outside customer service (passed on to the rest of the company)",
    ),
    pgettext_noop("reasons_none_given", "No reason given: {count}"),
    pgettext_noop("unhappy_count", "{count} unhappy answers"),
    pgettext_noop("col_share", "Share"),
    pgettext_noop("no_unhappy", "No unhappy answers in this period."),
    pgettext_noop("comments_title", "Comments and recordings"),
    pgettext_noop("kudos", "Kudos"),
    pgettext_noop("caller", "Caller"),
    pgettext_noop("topic", "Topic"),
    pgettext_noop("recording", "Recording"),
    pgettext_noop("transcribed", "Said on the phone, transcribed automatically"),
    pgettext_noop("no_comments", "No comments in this period."),
    pgettext_noop("newer_comments", "Newer comments"),
    pgettext_noop("older_comments", "Older comments"),
    pgettext_noop("export_csv", "Download the answers as CSV"),
    pgettext_noop("category_happy", "happy"),
    pgettext_noop("category_sad", "unhappy"),
    pgettext_noop("category_promoter", "promoter"),
    pgettext_noop("category_passive", "passive"),
    pgettext_noop("category_detractor", "detractor"),
    pgettext_noop("category_easy", "easy"),
    pgettext_noop("category_neutral", "neither"),
    pgettext_noop("category_difficult", "difficult"),
    # Team pages
    pgettext_noop("team_title", "Team {name}"),
    pgettext_noop("team_totals", "The team in total"),
    pgettext_noop(
        "team_agents_note",
        "Each agent's page shows their own answers. Agents are never compared with each other.",
    ),
    pgettext_noop("inactive", "inactive"),
    pgettext_noop("teams_title", "Your teams"),
    pgettext_noop("no_teams", "You do not supervise a team yet."),
    pgettext_noop("no_agents", "The team has no agents yet."),
    # Follow-ups
    pgettext_noop(
        "follow_ups_intro",
        "Unhappy callers waiting for a call back, the longest wait first. The full number is "
        "shown only here, to call back, and is hidden once the follow-up is resolved.",
    ),
    pgettext_noop("filter_agent", "Agent"),
    pgettext_noop("all_agents", "All"),
    pgettext_noop("follow_ups_count", "{count} in all"),
    pgettext_noop("due_at", "Due by {when}"),
    pgettext_noop("past_due_since", "Past due: was due by {when}"),
    pgettext_noop("waiting_since", "waiting since {when}"),
    pgettext_noop("record_call_back", "Record the call back"),
    pgettext_noop("confirmed_reason", "Cause found on the call"),
    pgettext_noop("won_back", "Won back"),
    pgettext_noop("yes", "yes"),
    pgettext_noop("no", "no"),
    pgettext_noop("not_known", "not known"),
    pgettext_noop("pages_label", "Pages"),
    pgettext_noop("previous_page", "Previous"),
    pgettext_noop("next_page", "Next"),
    pgettext_noop("page_of", "Page {page} of {pages}"),
    pgettext_noop("show_waiting", "Waiting"),
    pgettext_noop("show_resolved", "Resolved"),
    pgettext_noop("status_open", "waiting"),
    pgettext_noop("status_contacted", "contacted"),
    pgettext_noop("status_resolved", "resolved"),
    pgettext_noop("note", "Note"),
    pgettext_noop("mark_as", "Mark as"),
    pgettext_noop("save", "Save"),
    pgettext_noop("call_back", "Call {number}"),
    pgettext_noop("number_erased", "the number is erased"),
    pgettext_noop("no_follow_ups", "Nobody is waiting for a call back."),
    pgettext_noop("no_resolved", "No resolved follow-ups."),
    pgettext_noop("handled_at", "Handled {when}"),
    pgettext_noop("follow_up_invalid", "Choose a status."),
    # Errors
    pgettext_noop("not_found_title", "Page not found"),
    pgettext_noop(
        "not_found_text",
        "There is nothing here for you. Check the address, or go to your start page.",
    ),
    pgettext_noop("bad_request_title", "The request could not be read"),
    pgettext_noop("bad_request_text", "Go back, check what you filled in and try again."),
    pgettext_noop("forbidden_title", "Not allowed"),
    pgettext_noop("forbidden_text", "You may not do this. Go to your start page."),
    pgettext_noop("method_not_allowed_title", "Not possible here"),
    pgettext_noop(
        "method_not_allowed_text",
        "This address cannot be used that way. Go back, or go to your start page.",
    ),
    pgettext_noop("too_large_title", "Too much at once"),
    pgettext_noop("too_large_text", "What you sent is larger than the service accepts."),
    pgettext_noop("server_error_title", "Something went wrong"),
    pgettext_noop(
        "server_error_text",
        "The service could not answer just now, and nothing was changed. Try again in a while.",
    ),
    pgettext_noop("form_expired_title", "The form has expired"),
    pgettext_noop("form_expired_text", "Go back, reload the page and try again."),
    pgettext_noop("try_later", "Try again in a while."),
    pgettext_noop("recording_not_here_title", "The recording cannot be played here"),
    pgettext_noop(
        "recording_not_here",
        "The recording is kept at Twilio, and no Twilio account is configured here (as in the "
        "local trial), so it cannot be fetched and played.",
    ),
    pgettext_noop("recording_failed", "The recording could not be fetched right now."),
    # What went well (praise) and the team's driver table.
    # Not "satisfied": on an NPS page that would mean promoters, on a smiley page the happy.
    pgettext_noop("praise_intro",
                  "What went well, according to callers who gave the highest answer (happy, "
                  "promoter or easy), in the period."),
    pgettext_noop("praise_none", "No such answers in the period."),
    pgettext_noop("drivers_title", "What drives the team's score"),
    pgettext_noop(
        "drivers_intro",
        "Points: how much higher the team's score would be had the callers behind the row "
        "given the highest answer (happy, promoter or easy), with its likely range; shown from the "
        "minimum of answers for the row. "
        "Reasons outside customer service are not in the score.",
    ),
    pgettext_noop("drivers_reason", "Reason or praise"),
    pgettext_noop("drivers_topic", "Topic or queue"),
    pgettext_noop("drivers_points", "Points had they given the highest answer"),
    pgettext_noop("drivers_rise", "{rise} (likely {low} to {high})"),
    pgettext_noop("drivers_outside_heading", "Reason outside customer service"),
    pgettext_noop("matrix_title", "Loyalty matrix"),
    pgettext_noop("longer_title", "By month and quarter"),
    pgettext_noop("longer_caption_month", "Month by month"),
    pgettext_noop("longer_caption_quarter", "Quarter by quarter"),
    pgettext_noop("longer_col_month", "Month"),
    pgettext_noop("longer_col_quarter", "Quarter"),
    pgettext_noop(
        "longer_hint",
        "The same score, counting the same answers, over longer periods up to the end of the "
        "chosen dates (the last month and quarter so far); scores only from the minimum of "
        "answers. A change is judged week by week only.",
    ),
    pgettext_noop(
        "matrix_intro",
        "Each topic with enough answers: across, its share of the team's answers; up, its "
        "score against the team's. The lines split the topics evenly and mark the team's score.",
    ),
    pgettext_noop("matrix_share", "Share of answers"),
    pgettext_noop("matrix_effect", "Against the team's score"),
    pgettext_noop("matrix_quadrant", "Area"),
    pgettext_noop("quadrant_critical_to_develop", "Critical to develop"),
    pgettext_noop("quadrant_develop", "To develop, less critical"),
    pgettext_noop("quadrant_strong_driver", "Strong drivers"),
    pgettext_noop("quadrant_maintain", "To maintain"),
    pgettext_noop("drivers_none", "No answers in the period."),
    # The reasons page and improvement actions
    pgettext_noop("nav_reasons", "Reasons"),
    pgettext_noop("reasons_page_title", "Why callers were unhappy: {scope}"),
    pgettext_noop("whole_company", "The whole company"),
    pgettext_noop(
        "reasons_page_intro",
        "Every reason callers gave, with who can act on it. Reasons about the process or about "
        "matters outside customer service go to their owner, not into an agent's coaching.",
    ),
    pgettext_noop("reasons_scope", "Whose answers"),
    pgettext_noop("reasons_answers", "{count} answers in the period."),
    pgettext_noop("col_owner", "Who it concerns"),
    pgettext_noop("col_owned_by", "Owner"),
    pgettext_noop("col_with_reason", "Gave the reason"),
    pgettext_noop("col_share_of_all", "Share of all answers"),
    pgettext_noop("col_change", "Last four weeks against the year before"),
    pgettext_noop("owner_kind_agent", "The agent (coached)"),
    pgettext_noop("owner_kind_process", "The process"),
    pgettext_noop("owner_kind_outside", "Outside customer service"),
    pgettext_noop("share_change_higher", "given more often"),
    pgettext_noop("share_change_lower", "given less often"),
    pgettext_noop("share_change_steady", "as usual"),
    pgettext_noop("share_change_unknown", "too few answers to tell"),
    pgettext_noop("reason_trend_caption", "{reason}: share of all answers, week by week"),
    pgettext_noop("axis_share", "percent of answers"),
    pgettext_noop("markers_note", "A numbered line marks the day an action aimed at this reason "
                  "began."),
    pgettext_noop("reason_actions", "Actions aimed at this reason"),
    pgettext_noop("record_action_for", "Record an action aimed at this reason"),
    pgettext_noop(
        "share_rule",
        "A share is shown from {count} answers; the interval is where the true share likely "
        "lies (95 %).",
    ),
    pgettext_noop("actions_title", "Improvement actions"),
    pgettext_noop(
        "actions_intro",
        "What was changed to lower a reason (a new phone menu, more staff at lunch), and "
        "whether it worked: the reason's share over up to eight weeks before and after the "
        "start.",
    ),
    pgettext_noop("no_actions", "No actions recorded yet."),
    pgettext_noop("action_form_title", "Record or change an action"),
    pgettext_noop("action_slug", "Short name for the link (a–z, 0–9, - _ .)"),
    pgettext_noop("action_title", "What was changed"),
    pgettext_noop("action_reason", "The reason it aims at"),
    pgettext_noop("action_started_on", "Started on"),
    pgettext_noop("action_team", "For"),
    pgettext_noop("action_owner", "Owner's e-mail"),
    pgettext_noop("action_saved", "The action is saved."),
    pgettext_noop(
        "action_invalid",
        "The action could not be saved: check the fields marked, and that the short name uses "
        "only a–z, 0–9, '-', '_' and '.'.",
    ),
    pgettext_noop("action_before", "Before"),
    pgettext_noop("action_after", "After"),
    pgettext_noop("col_days", "Days"),
    pgettext_noop("effect_label", "Effect"),
    pgettext_noop("effect_lower", "Lower: callers give the reason less often since the start"),
    pgettext_noop("effect_higher", "Higher: callers give the reason more often since the start"),
    pgettext_noop("effect_steady", "Steady: no change beyond normal variation"),
    pgettext_noop("effect_unknown", "Too little is known yet"),
    pgettext_noop(
        "effect_rule",
        "The effect is judged only with at least {count} answers on each side, by an exact test "
        "that calls a change wrongly in at most one action in twenty over all its weekly looks; "
        "\"steady\" waits until the eight weeks after the start have passed.",
    ),
    pgettext_noop("action_of", "{reason} · {scope} · from {day} · {owner}"),
]
MESSAGES: dict[str, str] = (dict(_ENGLISH) | SETUP_MESSAGES | setting_texts() | GOAL_MESSAGES
                             | TALK_MESSAGES | COMMON_MESSAGES)


def current_language() -> str:
    return supported(str(get_locale() or current_settings().default_language))


def text(key: str, **values: object) -> str:
    """The text for `key` in the request's language, with `{name}` placeholders filled in."""
    return text_in(current_language(), key, **values)


def text_in(language: str, key: str, **values: object) -> str:
    """The text for `key` in a given language (for a mail, its reader's): English for a
    language the service does not speak."""
    return message_in(language, key, MESSAGES[key], **values)


def select_language() -> str:
    """The signed-in person's language (or their agent's), else what the browser asks for."""
    if current_user.is_authenticated:
        user = current_user.user
        chosen = user.language or (user.agent.language if user.agent else None)
        if chosen in LANGUAGES:
            return str(chosen)
    return language_before_sign_in()


def language_before_sign_in() -> str:
    """The best of the service's languages by the browser's `Accept-Language` weights, else the
    service's default."""
    return preferred_language(request.accept_languages) or (
        current_settings().default_language)


def configure_languages(app: Flask) -> None:
    """Bind Flask-Babel: language per request, dates in the company's time zone."""
    from feedback_service.extensions import babel

    babel.init_app(
        app,
        default_locale=str(settings_of(app).default_language),
        default_timezone=str(settings_of(app).timezone),
        locale_selector=select_language,
    )
    app.jinja_env.globals["text"] = text
    app.jinja_env.globals["current_language"] = current_language
