"""Understand "ja" and "nee" after the assistant asked about danger now."""

from __future__ import annotations

import dataclasses
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import services_sent_this_turn, situation_from_tracker
from actions.route_help import answer


class ActionAnswerDangerQuestion(Action):
    """Yes -> the routes again with 112 first; no -> remember there is no danger now.

    The rules only run this action when ``follow_up`` says a danger question was
    asked; after "nee" the rule itself says the calm follow-up text.
    """

    def name(self) -> str:
        return "action_answer_danger_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        situation = situation_from_tracker(tracker)
        if intent == "affirm":
            acute = dataclasses.replace(situation, urgency="acute")
            return answer(acute, dispatcher, services_sent_this_turn(tracker), tracker.get_slot("risks"))
        return [SlotSet("follow_up", None), SlotSet("urgency", "not_acute")]
