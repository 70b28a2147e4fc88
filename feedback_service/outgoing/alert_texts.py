"""The words of chat alerts, in the language of the team they go to."""

from __future__ import annotations

from collections.abc import Mapping

from feedback_service.languages import messages_in, pgettext_noop

_ENGLISH = [
    pgettext_noop("chat_follow_up_title", "Unhappy caller to call back: {team}"),
    pgettext_noop("chat_follow_up", "An unhappy caller ({caller}) waits for a call back."),
    pgettext_noop("chat_follow_up_reason", "Reason: {reason}"),
    pgettext_noop("chat_follow_up_comment", "Comment: {comment}"),
    pgettext_noop("chat_follow_up_recording", "The caller left a recorded comment."),
    pgettext_noop("chat_follow_up_link", "Follow-up: {link}"),
    pgettext_noop("chat_spike_title", "Reason spike: {reason}"),
    pgettext_noop(
        "chat_spike",
        "The reason “{reason}” was given in {share} of the answers in week {week} ({count} of "
        "{answers}), against {history} in earlier weeks.",
    ),
    pgettext_noop("chat_spike_team", "Team: {team}."),
    pgettext_noop("chat_spike_company", "Across the whole company."),
    pgettext_noop("chat_spike_process", "It concerns the process (staffing, the phone menu), "
                                        "not an agent."),
    pgettext_noop("chat_spike_outside", "It concerns the rest of the company, not customer "
                                        "service."),
]
MESSAGES: dict[str, str] = dict(_ENGLISH)


def alert_texts(language: str) -> Mapping[str, str]:
    """Every alert text in `language` (English for a language the service does not speak)."""
    return messages_in(language, MESSAGES)
