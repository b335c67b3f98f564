"""A bare answer outside a form ("Almere", "gisteren"): use it for the open question."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import services_sent_this_turn, situation_from_tracker
from actions.route_help import answer, answer_with_place
from actions.unclear import answer_vague


def told_new_age(tracker: Tracker, age_group: str) -> bool:
    """This message gave an age that changes the age group ("ik ben 16").

    Why: the help differs for young people (Fier, De Kindertelefoon), so an age given
    after the first answer is a reason to answer again, in words for that age.
    """
    return age_group != "unknown" and age_group != (tracker.get_slot("age_group") or "unknown")


class ActionHandleInform(Action):
    """Route again with the new fact, or ask what the person needs."""

    def name(self) -> str:
        return "action_handle_inform"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        situation = situation_from_tracker(tracker)
        sent = services_sent_this_turn(tracker)
        if situation.urgency == "acute":
            return answer(situation, dispatcher, sent, tracker.get_slot("risks"))
        local = answer_with_place(situation, dispatcher, sent, tracker.get_slot("risks"))
        if local is not None:
            return local
        if situation.topic != "general" and (
            situation.days_since_incident is not None
            or told_new_age(tracker, situation.age_group)
        ):
            return answer(situation, dispatcher, sent, tracker.get_slot("risks"))
        return answer_vague(dispatcher, tracker, plain_answer_for((tracker.latest_message or {}).get("text")))


#: More words than any bare answer ("ik woon in Bergen op Zoom", "ik ben 16 jaar").
BARE_ANSWER_MAX_WORDS = 6


def plain_answer_for(text: str | None) -> str:
    """The answer to an ``inform`` that gave nothing usable.

    A short one ("ja ok", "dat"): ask what the person needs. A long one was not a bare
    answer at all but a sentence the classifier misread ("als mijn ex weer voor de deur
    staat, mag ik dan 112 bellen?"): say so and give Veilig Thuis, like any message not
    understood, instead of a question without help.
    """
    words = len((text or "").split())
    return "utter_fallback" if words > BARE_ANSWER_MAX_WORDS else "utter_yes_no_without_question"
