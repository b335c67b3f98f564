"""A goodbye or a thank-you that still leaves the help in sight."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import now_amsterdam
from actions.replies import send_routes
from hulpwijzer.routing import reminder_routes


class ActionRemindRisks(Action):
    """After the goodbye or thanks text: the routes of risks raised in this conversation.

    Why: a person who spoke of suicide and then types "oke" or "doei" may be leaving;
    the last thing they see should include 113 (or 112, or the CSG), not only a
    greeting. Without such a risk the action says nothing.
    """

    def name(self) -> str:
        return "action_remind_risks"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        risks = frozenset(tracker.get_slot("risks") or ())
        days = tracker.get_slot("days_since_incident")
        send_routes(dispatcher, reminder_routes(risks, now_amsterdam(),
                                                int(days) if days is not None else None))
        return []
