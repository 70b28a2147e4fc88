"""The demo's teams, agents and the way each one's callers tend to answer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AgentProfile:
    handle: str
    name: str
    language: str
    happy_share: float  # how often callers are happy (or promoters) with this agent
    improving: float  # change in happy_share over the eight weeks, so trends show
    reason_weights: dict[str, int]  # what unhappy callers of this agent mostly mention
    topics: tuple[str, ...] = ("billing", "delivery", "returns", "technical")
    # A real change in the last `recent_weeks` weeks (a new product line, a coaching session),
    # so that the change line has something to find.
    recent_change: float = 0.0
    recent_weeks: int = 0
    recent_reason_weights: dict[str, int] | None = None  # what the change is about


@dataclass(frozen=True)
class TeamProfile:
    slug: str
    name: str
    kind: str
    supervisor_email: str
    supervisor_name: str
    supervisor_language: str
    agents: tuple[AgentProfile, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class GoalStory:
    """The goal a team shares: its score to reach over a quarter-year already under way."""

    team: str
    target: float  # in the team's scale's points (% happy for smiley)
    weeks_ago: int  # the period began on the Monday this many weeks before the current week
    weeks: int


@dataclass(frozen=True)
class ActionStory:
    """A process reason that troubled a team's callers until an improvement action began: the
    answers give it `share_before` before the start and `share_after` from it, whoever took the
    call, so the action's page has a before and an after to measure."""

    slug: str
    title: str
    team: str
    reason: str
    weeks_ago: int  # started on the Monday this many weeks before the current week
    share_before: float
    share_after: float


@dataclass(frozen=True)
class TalkStory:
    """A coaching talk the agent's supervisor held when the agent's answers began to drop."""

    agent: str
    days_ago: int  # held this many days before the current week's Monday
    agreed: str
    notes: str


TEAMS = (
    TeamProfile(
        slug="support",
        name="Kundtjänst Stockholm",
        kind="smiley",
        supervisor_email="sara@demo.example",
        supervisor_name="Sara Ekström",
        supervisor_language="sv",
        agents=(
            AgentProfile("anna", "Anna Lind", "sv", 0.86, 0.04,
                         {"wait_time": 6, "product": 3, "effort": 1}),
            AgentProfile("bjorn", "Björn Holm", "sv", 0.70, 0.10,
                         {"resolution": 5, "effort": 3, "wait_time": 2}),
            AgentProfile("chloe", "Chloe Martin", "en", 0.86, 0.0,
                         {"manner": 4, "wait_time": 3, "product": 3},
                         recent_change=-0.4, recent_weeks=3,
                         recent_reason_weights={"manner": 6, "resolution": 2, "wait_time": 1}),
            AgentProfile("dina", "Dina Berg", "sv", 0.80, 0.0,
                         {"product": 6, "resolution": 2, "wait_time": 2}),
        ),
    ),
    TeamProfile(
        slug="kundeservice",
        name="Kundeservice København",
        kind="nps",
        supervisor_email="mette@demo.example",
        supervisor_name="Mette Larsen",
        supervisor_language="da",
        agents=(
            AgentProfile("freja", "Freja Nielsen", "da", 0.45, 0.0,
                         {"resolution": 4, "manner": 2, "effort": 2, "wait_time": 2},
                         recent_change=0.45, recent_weeks=3),
            AgentProfile("mads", "Mads Jensen", "da", 0.55, 0.0,
                         {"resolution": 6, "manner": 2, "product": 2}),
            AgentProfile("oliver", "Oliver Smith", "en", 0.66, -0.04,
                         {"wait_time": 5, "product": 4}),
        ),
    ),
)

GOAL = GoalStory(team="support", target=75, weeks_ago=6, weeks=13)
ACTION = ActionStory(
    slug="lunch-staffing", title="One more agent on the phones at lunch", team="support",
    reason="wait_time", weeks_ago=4, share_before=0.15, share_after=0.04)
TALK = TalkStory(
    agent="chloe", days_ago=10,
    agreed="Open each call by asking what the caller needs before explaining anything; "
           "listen to two calls together next Friday.",
    notes="Several callers felt rushed in the last two weeks. Chloe has had many returns "
          "calls since the new product line; we looked at how the calls open and close.")

HAPPY_COMMENTS = {
    "sv": ("Supertrevlig och löste allt direkt!", "Tack för snabb hjälp.",
           "Väldigt kunnig, förklarade tydligt.", "Så skönt att få hjälp så fort."),
    "da": ("Meget venlig og hjælpsom!", "Tak for hurtig hjælp.",
           "Fik løst mit problem med det samme.", "God og grundig forklaring."),
    "en": ("Really friendly and sorted it out straight away!", "Thanks for the quick help.",
           "Very knowledgeable, explained everything clearly."),
}

UNHAPPY_COMMENTS = {
    "sv": {
        "wait_time": "Fick vänta över 20 minuter i kön.",
        "resolution": "Problemet är fortfarande inte löst.",
        "manner": "Kändes som att jag störde.",
        "effort": "Fick upprepa mitt ärende tre gånger.",
        "product": "Appen kraschar hela tiden, inte handläggarens fel.",
    },
    "da": {
        "wait_time": "Ventede over et kvarter i køen.",
        "resolution": "Mit problem er stadig ikke løst.",
        "manner": "Følte mig ikke velkommen.",
        "effort": "Måtte forklare det hele tre gange.",
        "product": "Varen var i stykker da den kom.",
    },
    "en": {
        "wait_time": "Waited more than twenty minutes in the queue.",
        "resolution": "My problem still isn't fixed.",
        "manner": "Felt like I was a nuisance.",
        "effort": "Had to explain everything three times.",
        "product": "The product itself keeps failing.",
    },
}
