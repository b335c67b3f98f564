"""Build the situation of one turn: what the routing needs to know after a message.

Why a separate pure module: the routing action, the held-out evaluation and the
trainer scenarios must all draw the same conclusions from the same message. Keeping
this step free of Rasa means it is tested directly, and the evaluation measures exactly
what the assistant does.

``read_situation`` is the one function that builds it; each inference is a small
function of its own (topic, risks, time, urgency, place, role, age), tested on its own
in tests/unit/test_understanding.py. The place is resolved once per turn, by the NLU
(``hulpwijzer.place_reading``); the role patterns live in ``hulpwijzer.roles``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hulpwijzer.ages import age_group as group_for_age
from hulpwijzer.ages import parse_age
from hulpwijzer.danger import says_not_now
from hulpwijzer.geo import Municipality
from hulpwijzer.incident_time import days_since
from hulpwijzer.place_reading import municipality_for, place_for
from hulpwijzer.places import PlaceResult
from hulpwijzer.risk import assess, from_entities
from hulpwijzer.risk_cues import mentions_violence_at_home
from hulpwijzer.roles import role_for
from hulpwijzer.routing import Route, needs_danger_check, route
from hulpwijzer.topics import topic_by_intent, topics

#: Intents that lead to routes, and the routing topic each stands for (topics.yml).
TOPIC_BY_INTENT: dict[str, str] = topic_by_intent()
ACUTE_INTENT = "acute_danger"
#: A second intent only lends its topic to an acute message when the model gave it some weight.
MIN_TOPIC_CONFIDENCE = 0.05
#: Risks remembered from earlier turns that still shape the routes. Danger now is judged
#: afresh each turn (one acute message must not put 112 first for the rest of the chat);
#: the vague-answer action reminds of it instead (actions/unclear.py).
REMEMBERED_RISKS = frozenset({"suicide", "sexual_violence", "child"})
@dataclass(frozen=True)
class Situation:
    """What the assistant knows that matters for routing, after one message."""

    topic: str
    urgency: str
    age_group: str
    role: str
    municipality: Municipality | None
    place: PlaceResult | None
    days_since_incident: int | None
    #: Risks raised by the risk screen, this turn or remembered (``hulpwijzer.risk``).
    risks: frozenset[str] = frozenset()
    #: Risks the screen was unsure about this turn: a reason to ask.
    uncertain: frozenset[str] = frozenset()
    #: Risks the screen's model checked this turn and found low.
    cleared: frozenset[str] = frozenset()

    @property
    def needs_danger_check(self) -> bool:
        """112 first and "Is er nu direct gevaar?" (``routing.needs_danger_check``)."""
        return needs_danger_check(self.topic, self.urgency, self.uncertain, self.cleared)

    def routes(self, now: datetime) -> list[Route]:
        return route(
            self.topic,
            self.urgency,
            self.age_group,
            self.municipality,
            self.role,
            now,
            days_since_incident=self.days_since_incident,
            risks=self.risks,
            uncertain=self.uncertain,
            cleared=self.cleared,
        )


def entity_values(entities: Iterable[Mapping[str, Any]], name: str) -> list[str]:
    return [str(e.get("value")) for e in entities if e.get("entity") == name and e.get("value")]


def topic_for(intent: str, ranking: Iterable[Mapping[str, Any]], previous: str | None) -> str:
    """The routing topic: the intent's own, or for an acute message the best other guess.

    Which intents mean which topic, and which may be a second guess: topics.yml.
    """
    by_intent = TOPIC_BY_INTENT
    if intent in by_intent:
        return by_intent[intent]
    # A bare answer, a yes or no, a message not understood: the conversation's topic, not
    # a weak second guess ("ik woon in lemmer" after "ik zoek een wijkteam" stays local
    # support even when the classifier gives violence at home 9 %). Only an acute message
    # takes its topic from this message's ranking.
    if previous and intent != ACUTE_INTENT:
        return previous
    for candidate in ranking:
        name = str(candidate.get("name"))
        if (
            name in by_intent
            and topics()[by_intent[name]].second_guess
            and float(candidate.get("confidence") or 0) >= MIN_TOPIC_CONFIDENCE
        ):
            return by_intent[name]
    return previous or "general"


def risks_for(text: str, entities: Iterable[Mapping[str, Any]], remembered: Iterable[str] | None
              ) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(raised this turn, raised or remembered, uncertain, cleared) risks.

    The rules run again as a second line: the NLU pipeline ran them already, but a
    message that reached the action without the risk screen still gets them.
    """
    raised, uncertain, cleared = from_entities(entities)
    raised |= assess(text).raised
    return raised, raised | (frozenset(remembered or ()) & REMEMBERED_RISKS), uncertain, cleared


def topic_with_risks(topic: str, text: str, risks: frozenset[str]) -> tuple[str, frozenset[str]]:
    """Despair told beside violence at home is violence at home, with the suicide risk."""
    if topic == "suicidal_thoughts" and mentions_violence_at_home(text):
        return "domestic_violence", risks | {"suicide"}
    return topic, risks


def days_for(text: str, entities: Iterable[Mapping[str, Any]], today: date,
             known: object = None) -> int | None:
    """Days since it happened: the NLU's time entity, else the text, else an earlier turn."""
    for value in [*entity_values(entities, "incident_time"), text]:
        days = days_since(value, today=today)
        if days is not None:
            return days
    return int(known) if known is not None else None  # type: ignore[call-overload]


def urgency_for(intent: str, raised: frozenset[str], days: int | None, known: object) -> str:
    """acute, not_acute or unknown: this message first, then an earlier turn, then the time."""
    if intent == ACUTE_INTENT or "danger_now" in raised:
        return "acute"
    if known in {"acute", "not_acute"}:
        return str(known)
    if days is not None and days >= 1:
        return "not_acute"
    return "unknown"


def cleared_for(urgency: str, text: str, cleared: frozenset[str]) -> frozenset[str]:
    """Past or habit in the person's own words clears danger now for an unknown urgency.

    112 then does not come first, but the assistant still asks whether there is danger
    now (it may be happening again).
    """
    if urgency == "unknown" and says_not_now(text):
        return cleared | {"danger_now"}
    return cleared


def age_group_for(text: str, risks: frozenset[str], topic: str, role: str, known: str | None) -> str:
    """Child or adult: an age in an age context, else the risk screen's "child", else known.

    The classifier's ``age`` entity is not used: without its context a number is not an
    age ("300 euro", "om 11 uur"); ``ages.parse_age`` needs the context.
    """
    age = parse_age(text)
    if age is not None:
        return group_for_age(age)
    if "child" in risks and role in {"victim", "unknown"}:
        return "child"
    if topic == "child_abuse" and role == "victim":
        return "child"
    return known or "unknown"


def read_situation(
    intent: str,
    text: str,
    entities: list[Mapping[str, Any]],
    ranking: list[Mapping[str, Any]],
    slots: Mapping[str, Any],
    today: date,
    expecting_place: bool = False,
) -> Situation:
    """The situation after this message, given what earlier turns established (``slots``).

    ``expecting_place``: the assistant just asked where the person lives, so a message
    that is only a place is read as one even when the name is also a word ("lemmer").
    """
    raised, risks, uncertain, cleared = risks_for(text, entities, slots.get("risks"))
    topic, risks = topic_with_risks(topic_for(intent, ranking, slots.get("topic")), text, risks)
    days = days_for(text, entities, today, slots.get("days_since_incident"))
    urgency = urgency_for(intent, raised, days, slots.get("urgency"))
    place = place_for(text, entities, expecting_place)
    role = role_for(text, entity_values(entities, "relation"), slots.get("role"))
    return Situation(
        topic=topic,
        urgency=urgency,
        age_group=age_group_for(text, risks, topic, role, slots.get("age_group")),
        role=role,
        municipality=municipality_for(place, slots.get("municipality")),
        place=place,
        days_since_incident=days,
        risks=risks,
        uncertain=uncertain - risks,
        cleared=cleared_for(urgency, text, cleared) - risks,
    )
