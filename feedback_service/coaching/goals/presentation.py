"""A team goal as the team page and the digest read it, in the reader's language.

One presenter for both: the goal's wording, its "too few answers" rule and its number format
live here, and the page and the mails only place the lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedback_service.coaching.goals.progress import GoalProgress, Standing
from feedback_service.coaching.presentation import points_text, written_score
from feedback_service.languages import days, message_in, number, pgettext_noop

_ENGLISH = [
    pgettext_noop("goal_title", "Team goal"),
    pgettext_noop("goal_target_smiley", "{value} happy callers or more"),
    pgettext_noop("goal_target_nps", "NPS {value} or more"),
    pgettext_noop("goal_target_ces", "Net Easy {value} or more"),
    pgettext_noop("goal_line", "{target}, {days}"),
    pgettext_noop("goal_progress", "{when}: {score} (likely between {low} and {high}), "
                                   "from {answers} answers."),
    pgettext_noop("goal_progress_too_few",
                  "{when}: {answers} answers, too few for a score (it takes {min})."),
    pgettext_noop("goal_so_far", "So far ({days})"),
    pgettext_noop("goal_over_period", "Over the whole period ({days})"),
    pgettext_noop("goal_not_begun", "The goal's period has not begun yet."),
    pgettext_noop("goal_reached", "The whole likely range is at or above the target."),
    pgettext_noop("goal_not_yet", "The whole likely range is below the target."),
    pgettext_noop("goal_undecided",
                  "The target lies within the likely range: too close to tell yet."),
    pgettext_noop("goal_whole_team",
                  "A goal the whole team shares. There are no goals for one person: a caller's "
                  "answer depends on much more than the agent who took the call."),
    # The form on the team page
    pgettext_noop("goal_none", "The team has no goal yet."),
    pgettext_noop("goal_form_title", "Set the team's goal"),
    pgettext_noop("goal_form_kind", "Scale"),
    pgettext_noop("goal_form_target", "Target score"),
    pgettext_noop("goal_form_target_hint",
                  "In the score's points: % happy (0 to 100), or NPS and Net Easy (−100 to "
                  "+100)."),
    pgettext_noop("goal_form_since", "First day"),
    pgettext_noop("goal_form_until", "Last day"),
    pgettext_noop("goal_form_save", "Save the goal"),
    pgettext_noop("goal_saved", "The team's goal is saved."),
    pgettext_noop("goal_invalid",
                  "The goal was not saved: give a target on the scale's points and a first day "
                  "not after the last."),
]
GOAL_MESSAGES: dict[str, str] = dict(_ENGLISH)


def goal_text(language: str, key: str, **values: object) -> str:
    return message_in(language, key, GOAL_MESSAGES[key], **values)


@dataclass(frozen=True)
class GoalView:
    """The goal in lines: what it is, how far it has come, and what that says."""

    title: str
    goal: str
    progress: str
    standing: str | None  # None while too few answers judge nothing
    note: str


def describe_goal(progress: GoalProgress, language: str, min_responses: int) -> GoalView:
    kind = progress.kind

    def points(value: float) -> str:
        return points_text(kind, value, language)

    target = goal_text(language, f"goal_target_{kind.value}", value=points(progress.target))
    goal = goal_text(language, "goal_line", target=target,
                     days=days(progress.since, progress.until, language))
    standing = None
    if progress.last is None:
        line = goal_text(language, "goal_not_begun")
    else:
        span = days(progress.first, progress.last, language)
        when = goal_text(language, "goal_over_period" if progress.last == progress.until
                         else "goal_so_far", days=span)
        score = progress.score
        if score.value is None or score.low is None or score.high is None:
            line = goal_text(language, "goal_progress_too_few", when=when,
                             answers=number(progress.answers, language),
                             min=number(min_responses, language))
        else:
            line = goal_text(language, "goal_progress", when=when,
                             score=written_score(kind, score.value, language),
                             low=points(score.low), high=points(score.high),
                             answers=number(progress.answers, language))
        if progress.standing is not None:
            standing = goal_text(language, _STANDING_KEYS[progress.standing])
    return GoalView(goal_text(language, "goal_title"), goal, line, standing,
                    goal_text(language, "goal_whole_team"))


_STANDING_KEYS = {Standing.REACHED: "goal_reached", Standing.NOT_YET: "goal_not_yet",
                  Standing.UNDECIDED: "goal_undecided"}

