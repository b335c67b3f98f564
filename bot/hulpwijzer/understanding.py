"""Turn what the NLU understood into the inputs of ``routing.route``.

Why a separate pure module: the routing action, the held-out evaluation and the
trainer scenarios must all draw the same conclusions from the same message. Keeping
this step free of Rasa means it is tested directly, and the evaluation measures exactly
what the assistant does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from hulpwijzer.ages import age_group as group_for_age
from hulpwijzer.ages import parse_age
from hulpwijzer.danger import says_not_now
from hulpwijzer.geo import Municipality
from hulpwijzer.incident_time import days_since
from hulpwijzer.places import PlaceResult, place_answer, resolve_place
from hulpwijzer.risk import assess, from_entities
from hulpwijzer.routing import Route, needs_danger_check, route

#: Intents that lead to routes, and the routing topic each stands for.
TOPIC_BY_INTENT: dict[str, str] = {
    "domestic_violence": "domestic_violence",
    "child_abuse": "child_abuse",
    "elder_abuse": "elder_abuse",
    "human_trafficking": "human_trafficking",
    "labour_exploitation": "labour_exploitation",
    "sexual_violence": "sexual_violence",
    "harmful_practices": "harmful_practices",
    "masker19_codeword": "masker19_codeword",
    "masker19_question": "masker19_question",
    "local_support": "local_support",
    "suicidal_thoughts": "suicidal_thoughts",
    "ask_anonymity": "general",
    "ask_what_happens": "general",
}
ACUTE_INTENT = "acute_danger"
#: A second intent only lends its topic to an acute message when the model gave it some weight.
MIN_TOPIC_CONFIDENCE = 0.05

_FIRST_PERSON_VICTIM = re.compile(
    r"\b(slaat|schopt|duwt|bedreigt|mishandelt|misbruikt|verkracht|sloeg|schopte|"
    r"bedreigde|mishandelde|misbruikte|dwingt|controleert|stalkt)\s+(me|mij)\b"
    r"|\bik\s+(word|werd|ben)\s+(geslagen|mishandeld|misbruikt|verkracht|bedreigd|"
    r"geschopt|gestalkt|uitgebuit|gedwongen)\b"
)
_PERPETRATOR = re.compile(
    r"\bik\s+(sla|schop|duw|sloeg|schopte|word\s+(agressief|gewelddadig))\b"
    r"|\bik\s+heb\s+(mijn|m'n|mn)\s+\w+\s+(geslagen|geschopt|pijn\s+gedaan)\b"
    r"|\bik\s+ben\s+(degene\s+die|de\s+dader)\b"
)
_PROFESSIONAL = re.compile(
    r"\b(leerling|leerlingen|cli[eë]nt|cli[eë]nten|pati[eë]nt|pati[eë]nten|"
    r"leerkracht|docent|juf van|mentor|huisarts|apotheker|wijkverpleegkundige|"
    r"als\s+(professional|hulpverlener|begeleider|trainer|coach)|meldcode|in mijn werk)\b"
)
_BYSTANDER = re.compile(
    r"\b(buurvrouw|buurman|buren|buurjongen|buurmeisje|vriendin|vriend|collega|"
    r"zus|broer|nicht|neef|kennis)\b"
)
#: Risks remembered from earlier turns that still shape the routes. Danger now is judged
#: afresh each turn (one acute message must not put 112 first for the rest of the chat);
#: the vague-answer action reminds of it instead (actions/unclear.py).
REMEMBERED_RISKS = frozenset({"suicide", "sexual_violence", "child"})
#: Violence at home told beside despair: then 113 comes *with* Veilig Thuis.
_HOME_VIOLENCE = re.compile(
    r"\b(geslagen|slaat|sloeg|schopt|mishandel\w*|misbruik\w*|huiselijk geweld|"
    r"geweld thuis|thuis .{0,20}geweld)\b"
)


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
    """The routing topic: the intent's own, or for an acute message the best other guess."""
    if intent in TOPIC_BY_INTENT:
        return TOPIC_BY_INTENT[intent]
    for candidate in ranking:
        name = candidate.get("name")
        if (
            name in TOPIC_BY_INTENT
            and name not in {"masker19_question", "local_support"}
            and float(candidate.get("confidence") or 0) >= MIN_TOPIC_CONFIDENCE
        ):
            return TOPIC_BY_INTENT[name]
    return previous or "general"


def role_for(text: str, relations: list[str]) -> str:
    lowered = text.lower()
    if _PERPETRATOR.search(lowered):
        return "perpetrator"
    if _FIRST_PERSON_VICTIM.search(lowered) or "self" in relations:
        return "victim"
    if _PROFESSIONAL.search(lowered) or {"pupil", "client"} & set(relations):
        return "professional"
    if _BYSTANDER.search(lowered) or "neighbour" in relations:
        return "bystander"
    return "unknown"


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
    """Combine the message and what earlier turns established (``slots``).

    ``expecting_place``: the assistant just asked where the person lives, so a message
    that is only a place is read as one even when the name is also a word ("lemmer").
    """
    topic = topic_for(intent, ranking, slots.get("topic"))
    raised, uncertain, cleared = from_entities(entities)
    # The rules again, as a second line: the NLU pipeline ran them already, but a
    # message that reached the action without the risk screen still gets them.
    raised |= assess(text).raised
    remembered = frozenset(slots.get("risks") or ()) & REMEMBERED_RISKS
    risks = raised | remembered
    if topic == "suicidal_thoughts" and _HOME_VIOLENCE.search(text.lower()):
        topic, risks = "domestic_violence", risks | {"suicide"}

    days = None
    for value in entity_values(entities, "incident_time"):
        days = days_since(value, today=today)
        if days is not None:
            break
    if days is None:
        days = days_since(text, today=today)
    if days is None and slots.get("days_since_incident") is not None:
        days = int(slots["days_since_incident"])

    if intent == ACUTE_INTENT or "danger_now" in raised:
        urgency = "acute"
    elif slots.get("urgency") in {"acute", "not_acute"}:
        urgency = str(slots["urgency"])
    elif days is not None and days >= 1:
        urgency = "not_acute"
    else:
        urgency = "unknown"
    if urgency == "unknown" and says_not_now(text):
        # Past or habit in the person's own words: 112 does not come first, but the
        # assistant still asks whether there is danger now (it may be happening again).
        cleared = cleared | {"danger_now"}

    place = place_answer(text, expecting_place=True) if expecting_place else None
    for value in entity_values(entities, "place") if place is None else []:
        place = resolve_place(value)
        break
    if place is None or place.status == "unknown":
        second = resolve_place(text)
        if second.status != "unknown":
            place = second
    municipality = place.municipality if place and place.status == "found" else None
    if municipality is None and slots.get("municipality"):
        known = resolve_place(str(slots["municipality"]))
        municipality = known.municipality if known.status == "found" else None

    role = role_for(text, entity_values(entities, "relation"))
    if role == "unknown" and slots.get("role"):
        role = str(slots["role"])
    age_group = age_group_for(text, risks, topic, role, slots.get("age_group"))
    return Situation(
        topic=topic,
        urgency=urgency,
        age_group=age_group,
        role=role,
        municipality=municipality,
        place=place,
        days_since_incident=days,
        risks=risks,
        uncertain=uncertain - risks,
        cleared=cleared - risks,
    )
