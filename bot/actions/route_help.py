"""The routing action: the answer that points a person to help."""

from __future__ import annotations

import dataclasses
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    now_amsterdam,
    responses_said_this_turn,
    services_sent_this_turn,
    situation_from_tracker,
)
from actions.forms import ask_which_place
from actions.replies import remember, remembered_risks, send_routes
from hulpwijzer.routing import DANGER_CHECK_TOPICS
from hulpwijzer.topics import intro_by_intent
from hulpwijzer.understanding import Situation

#: Values of the ``follow_up`` slot; the rules ask the matching question next.
DANGER_QUESTION = "danger_question"
DISCREET_QUESTION = "discreet_question"
WHEN_QUESTION = "when_question"


def follow_up_for(situation: Situation) -> str | None:
    """Which yes/no question, if any, comes after the routes.

    Acute: none (112 is already first). The codeword: a discreet "Ben je nu in
    gevaar?" because the person may be watched. Sexual violence without a time:
    when it happened (within 7 days a doctor can do most). Violence close by with
    unclear urgency, or a message the risk screen is unsure about: "Is er nu direct
    gevaar?" (112 is the first route unless the screen cleared danger now,
    ``routing.needs_danger_check``).
    """
    if situation.urgency == "acute":
        return None
    if situation.topic == "masker19_codeword":
        return DISCREET_QUESTION
    if situation.topic == "sexual_violence" and situation.days_since_incident is None:
        return WHEN_QUESTION
    if situation.needs_danger_check or (
        situation.topic in DANGER_CHECK_TOPICS and situation.urgency == "unknown"
    ):
        return DANGER_QUESTION
    return None


def answer(
    situation: Situation,
    dispatcher: CollectingDispatcher,
    already_sent: set[str],
    previous_risks: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Send the routes for ``situation`` and the slot events that remember it.

    The topic's intro (a domain response) is said before this, by ``ActionRouteHelp``
    or a rule; in acute answers the rule says the 112 route first (``already_sent``).
    """
    routes = [r for r in situation.routes(now_amsterdam()) if r.service not in already_sent]
    send_routes(dispatcher, routes)
    return [
        *remember(situation),
        SlotSet("risks", remembered_risks(previous_risks, situation)),
        SlotSet("follow_up", follow_up_for(situation)),
        SlotSet("place_attempts", 0),
        SlotSet("place_candidates", None),
    ]


def answer_with_place(
    situation: Situation,
    dispatcher: CollectingDispatcher,
    already_sent: set[str],
    previous_risks: list[str] | None = None,
    intro: str | None = None,
) -> list[dict[str, Any]] | None:
    """Answer a message that gave a place: ask which one, or route with the local team.

    Why one function: a bare place ("Almere") and a place inside a message the
    classifier did not understand ("Ik sykje help yn Ljouwert") must get the same
    answer. None when the situation has no place to act on.
    """
    place = situation.place
    if place is not None and place.status == "ambiguous":
        return ask_which_place(dispatcher, place)
    if situation.municipality is None:
        return None
    if situation.topic == "general":
        situation = dataclasses.replace(situation, topic="local_support")
    if intro:
        dispatcher.utter_message(response=intro)
    return answer(situation, dispatcher, already_sent, previous_risks)


class ActionRouteHelp(Action):
    """Answer a question about violence, abuse or exploitation with the right help.

    It says the intent's intro (a response in the domain, named in the topic table)
    before the routes. Why not a rule step before it: one action instead of a response
    and an action saves a policy prediction and a processor step in most routed turns
    (docs/performance.md). 112 in an acute answer stays a rule step before this action,
    so it is said even when the action server is down.
    """

    def name(self) -> str:
        return "action_route_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        situation = situation_from_tracker(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        for response in intros(intent, situation, responses_said_this_turn(tracker)):
            dispatcher.utter_message(response=response)
        return answer(situation, dispatcher, services_sent_this_turn(tracker), tracker.get_slot("risks"))


def intros(intent: str | None, situation: Situation, said: set[str]) -> list[str]:
    """The domain responses said before the routes: the intent's intro (unless a rule
    already said it this turn), then any extra intro."""
    return [name for name in (intro_by_intent().get(intent or ""), extra_intro(intent, situation))
            if name and name not in said]


def extra_intro(intent: str | None, situation: Situation) -> str | None:
    """A second intro for a general question that touches a raised risk.

    Why: "wat doen ze bij het Centrum Seksueel Geweld?" or "wat gebeurt er als ik
    aangifte doe van verkrachting?" is a question about what happens, but the person
    needs what the CSG does, not only what Veilig Thuis does.
    """
    if intent == "ask_what_happens" and "sexual_violence" in situation.risks:
        return "utter_what_happens_csg"
    return None
