"""Answers to vague messages that are never a dead end for a person at risk.

Why: "Daar kan ik je helaas niet mee helpen" is the right answer to a question about the
weather, and the worst answer to someone in danger whose words the classifier has not
seen. The risk screen (``hulpwijzer_rasa.nlu.risk_screen``) already turns a *raised* risk into
its topic intent; this action covers the rest: a risk the screen is unsure about, or a
risk raised earlier in the conversation followed by a vague message ("weet niet",
"laat maar", "ja"). Then the person gets the routes for those risks (112 first when danger
now is possible, with "Is er nu direct gevaar?") instead of the out-of-scope text.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import services_sent_this_turn, situation_from_tracker
from actions.route_help import answer, answer_with_place
from hulpwijzer.risk_cues import mentions_violence_at_home
from hulpwijzer.understanding import Situation


def with_earlier_danger(situation: Situation, previous_risks: list[str] | None) -> Situation:
    """Danger now raised earlier and a vague message now: unsure, so 112 first and ask."""
    if "danger_now" in (previous_risks or []) and situation.urgency != "acute":
        return dataclasses.replace(
            situation, urgency="unknown", uncertain=situation.uncertain | {"danger_now"}
        )
    return situation


#: The answer when no risk is in sight, per intent (``nlu_fallback`` and others: rephrase).
PLAIN_ANSWER = {
    "out_of_scope": "utter_out_of_scope",
    "affirm": "utter_yes_no_without_question",
    "deny": "utter_yes_no_without_question",
}


def answer_vague(
    dispatcher: CollectingDispatcher, tracker: Tracker, plain: str
) -> list[dict[str, Any]]:
    """The ``plain`` response, or the routes of a risk raised now or earlier."""
    previous = tracker.get_slot("risks")
    situation = with_earlier_danger(situation_from_tracker(tracker), previous)
    text = (tracker.latest_message or {}).get("text") or ""
    # Violence at home told in words the classifier took for something else ("wat moet
    # ik doen als ik weer klappen hoor bij de buren?"): Veilig Thuis, never a plain answer.
    violence = mentions_violence_at_home(text)
    if violence and situation.topic == "general":
        situation = dataclasses.replace(situation, topic="domestic_violence")
    risky = bool((situation.risks | situation.uncertain) - {"child"}) or violence
    if not risky and situation.place is not None:
        # A place, however the classifier read the rest ("Ik sykje help yn Ljouwert",
        # "lemmer" after the place question): help close to home, next to the topic's.
        local = answer_with_place(situation, dispatcher, services_sent_this_turn(tracker),
                                  previous, intro="utter_intro_local_support")
        if local is not None:
            return local
    # A young person alone is no reason for routes: homework stays homework.
    if not risky:
        dispatcher.utter_message(response=plain)
        return [SlotSet("follow_up", None)]
    dispatcher.utter_message(response="utter_unclear_with_risk")
    return answer(situation, dispatcher, services_sent_this_turn(tracker), previous)


class ActionAnswerUnclear(Action):
    """Answer a vague message (out of scope, not understood, a yes or no to no question):
    plainly, or with the routes of a risk raised now or earlier."""

    def name(self) -> str:
        return "action_answer_unclear"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
        return answer_vague(dispatcher, tracker, PLAIN_ANSWER.get(intent, "utter_fallback"))
