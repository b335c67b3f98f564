"""Send routes and remember the situation: the shared tail of the routing actions."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hulpwijzer.place_reading import slot_value
from hulpwijzer.routing import Route
from hulpwijzer.understanding import Situation


def send_routes(dispatcher: CollectingDispatcher, routes: list[Route]) -> None:
    """One message per route, text and payload together, in the order to try them."""
    for item in routes:
        dispatcher.utter_message(text=item.text, json_message=item.payload())


def remember(situation: Situation) -> list[dict[str, Any]]:
    """Slot events that carry this turn's conclusions into the next turn."""
    return [
        SlotSet("topic", situation.topic),
        # Only "no danger now" is carried over: danger is judged afresh every turn,
        # so one acute message does not put 112 first for the rest of the chat.
        SlotSet("urgency", "not_acute" if situation.urgency == "not_acute" else None),
        SlotSet("age_group", situation.age_group),
        SlotSet("role", situation.role),
        # The CBS code: read back without resolving (hulpwijzer.place_reading).
        SlotSet("municipality", slot_value(situation.municipality)),
        SlotSet("days_since_incident", situation.days_since_incident),
    ]


def remembered_risks(previous: list[str] | None, situation: Situation) -> list[str]:
    """The risks raised so far in this conversation, this turn's included.

    Why: a risk raised earlier must not be forgotten when the next message is vague
    ("weet niet", "laat maar"); ``actions.unclear`` answers such a message with the
    routes of these risks instead of the out-of-scope text.
    """
    risks = set(previous or []) | set(situation.risks)
    if situation.urgency == "acute":
        risks.add("danger_now")
    return sorted(risks)
