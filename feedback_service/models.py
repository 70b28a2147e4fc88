"""Every model, imported in one place so migrations and `create_all` see all tables."""

from feedback_service.causes.models import ImprovementAction
from feedback_service.coaching.goals.models import TeamGoal
from feedback_service.coaching.models import DigestRun
from feedback_service.coaching.talks.models import CoachingTalk
from feedback_service.job_runs import JobRun
from feedback_service.outbox.models import (
    OutboxCircuit,
    OutboxMessage,
    OutboxPause,
    OutboxQuote,
)
from feedback_service.outgoing.models import WebhookSubscriber
from feedback_service.staff.models import (
    Agent,
    AgentAddress,
    LoginFailure,
    LoginSession,
    Team,
    User,
)
from feedback_service.surveys.models import Call, FollowUp, OptOut, Response, Survey
from feedback_service.telephony.models import InboundMessage, WebhookEvent, WebhookEventNumber
from feedback_service.web.models import PasswordLink, PasswordLinkRequest

__all__ = [
    "Agent", "AgentAddress", "Call", "CoachingTalk", "DigestRun", "FollowUp", "ImprovementAction",
    "InboundMessage", "JobRun",
    "LoginFailure",
    "LoginSession", "OptOut", "OutboxCircuit", "OutboxMessage", "OutboxPause", "OutboxQuote",
    "PasswordLink",
    "PasswordLinkRequest", "Response",
    "Survey", "Team", "TeamGoal", "User", "WebhookEvent", "WebhookEventNumber",
    "WebhookSubscriber",
]
