"""Read a rasa_sdk tracker into the pure ``hulpwijzer.understanding`` inputs.

Why here: the actions should decide nothing themselves. This module is the single
place that knows where in the tracker each input lives (latest message, earlier
turns, slots), so every action sees the situation the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker

from hulpwijzer.understanding import TOPIC_BY_INTENT, Situation, read_situation

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
#: Slots that carry what earlier turns established into the next decision.
CONTEXT_SLOTS = ("municipality", "urgency", "age_group", "role", "days_since_incident", "risks")


def now_amsterdam() -> datetime:
    return datetime.now(tz=AMSTERDAM)


def previous_topic(tracker: Tracker) -> str | None:
    """The topic of the most recent earlier message that had one.

    Why: after "ik zoek hulp in de buurt" the next message is just "8302"; the
    routing still has to know the person asked for local support.
    """
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        name = (event.get("parse_data") or {}).get("intent", {}).get("name")
        if name in TOPIC_BY_INTENT:
            return TOPIC_BY_INTENT[name]
    return None


def services_sent_this_turn(tracker: Tracker) -> set[str]:
    """Services whose route a static response already gave since the last message.

    Why: in acute answers the rules say the 112 route from the domain first, so 112
    comes even when the action server is slow or down; the action must not repeat it.
    """
    sent: set[str] = set()
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            route = ((event.get("data") or {}).get("custom") or {}).get("route") or {}
            if route.get("service"):
                sent.add(str(route["service"]))
    return sent


def responses_said_this_turn(tracker: Tracker) -> set[str]:
    """Names of the domain responses the rules already said since the last message.

    Why: the rule after the place form says ``utter_intro_local_support`` itself (the
    message that finished the form may be a bare place), so the routing action must not
    say that intro a second time.
    """
    said: set[str] = set()
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name:
                said.add(str(name))
    return said


#: The responses and form that ask for the place.
PLACE_QUESTIONS = frozenset({"utter_ask_place", "utter_ask_place_form_place"})


def asked_for_place(tracker: Tracker) -> bool:
    """Is this message the answer to "In welke plaats woon je?"

    Why: while that question is open, the answer is first read as a place ("lemmer",
    "harlem" with a typo), whatever the intent classifier made of it.
    """
    if tracker.active_loop_name == "place_form" or tracker.get_slot("requested_slot") == "place":
        return True
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            return (event.get("metadata") or {}).get("utter_action") in PLACE_QUESTIONS
    return False


def form_read_answer(tracker: Tracker) -> bool:
    """The place form has read this message as the place already.

    Why: then the municipality slot holds its result (the CBS code), and the routing
    action that follows in the same turn must not read the answer a second time.
    """
    text = (tracker.latest_message or {}).get("text")
    return bool(text) and tracker.get_slot("place") == text and bool(
        tracker.get_slot("municipality"))


def situation_from_tracker(tracker: Tracker, now: datetime | None = None) -> Situation:
    latest: dict[str, Any] = tracker.latest_message or {}
    slots = {name: tracker.get_slot(name) for name in CONTEXT_SLOTS}
    # The slot covers a topic named before a long conversation was trimmed.
    slots["topic"] = previous_topic(tracker) or tracker.get_slot("topic")
    return read_situation(
        intent=(latest.get("intent") or {}).get("name") or "",
        text=latest.get("text") or "",
        entities=list(latest.get("entities") or []),
        ranking=list(latest.get("intent_ranking") or []),
        slots=slots,
        today=(now or now_amsterdam()).date(),
        expecting_place=asked_for_place(tracker) and not form_read_answer(tracker),
    )
