"""Slot validation for the form that asks for the place (the assistant's only form)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from hulpwijzer.geo import Municipality
from hulpwijzer.place_reading import answered_place
from hulpwijzer.place_reading import slot_value as municipality_slot
from hulpwijzer.places import PlaceResult, declines_place

#: How often the assistant asks again before it stops asking and gives national help.
MAX_PLACE_ATTEMPTS = 1
#: Slot value meaning "asked, not found": fills the slot so the form does not loop.
PLACE_NOT_FOUND = "onbekend"


def answered_text(tracker: Tracker, slot: str) -> str | None:
    """The person's own words, when they are answering the form's question.

    Why: "ik woon vlakbij Nagele" may carry no entity the NLU recognised; the pure
    parsers get a second chance on the raw text. Only when the form asked for ``slot``,
    so the sentence that started the form is never mistaken for an answer.
    """
    if tracker.get_slot("requested_slot") != slot or tracker.get_slot(slot):
        return None
    text = (tracker.latest_message or {}).get("text") or ""
    return text.strip() or None


def place_payload(municipality: Municipality) -> str:
    """The text a candidate button sends: unambiguous for ``resolve_place``."""
    return f"{municipality.name} ({municipality.province})"


def button_title(municipality: Municipality) -> str:
    """What the person reads on a candidate button: the name people use, and the province.

    Why not the CBS name: "Hengelo (O.) (Overijssel)" is what nobody says.
    """
    if municipality.province in municipality.display_name:
        return municipality.display_name  # "Bergen in Limburg"
    return f"{municipality.display_name} ({municipality.province})"


def ask_which_place(dispatcher: CollectingDispatcher, place: PlaceResult) -> list[dict[str, Any]]:
    """Offer the candidates of an ambiguous place as buttons."""
    buttons = [
        {"title": button_title(m), "payload": place_payload(m)}
        for m in place.candidates
    ]
    dispatcher.utter_message(
        text=f"Er zijn meer plaatsen die {place.matched_text} heten. Welke bedoel je?",
        buttons=buttons,
    )
    return [SlotSet("place_candidates", [m.name for m in place.candidates])]


class ValidatePlaceForm(FormValidationAction):
    """Ask for the place once more when unknown or ambiguous, then stop asking."""

    def name(self) -> str:
        return "validate_place_form"

    async def extract_place(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = answered_text(tracker, "place")
        return {"place": text} if text else {}

    async def validate_place(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if slot_value == PLACE_NOT_FOUND or declines_place(str(slot_value)):
            return {"place": PLACE_NOT_FOUND, "municipality": None}
        # The person answers "In welke plaats woon je?": a bare name counts even when it
        # is also a word ("lemmer"); a longer answer is read as a sentence ("ik woon in
        # Urk, bij mijn zus"), so "ik ben gemept" never turns into Gemert-Bakel. The
        # NLU's resolution of this message is used, not repeated.
        latest = tracker.latest_message or {}
        result = answered_place(str(slot_value), str(latest.get("text") or ""),
                                list(latest.get("entities") or []))
        if result.status == "found" and result.municipality is not None:
            return {"place": str(slot_value), "municipality": municipality_slot(result.municipality)}
        attempts = int(tracker.get_slot("place_attempts") or 0)
        if attempts >= MAX_PLACE_ATTEMPTS:
            # Asked twice: stop asking. The routes then say how to find the local
            # team through one's own gemeente, next to the national numbers.
            return {"place": PLACE_NOT_FOUND, "municipality": None}
        if result.status == "ambiguous":
            ask_which_place(dispatcher, result)
            return {
                "place": None,
                "place_attempts": attempts + 1,
                "place_candidates": [m.name for m in result.candidates],
            }
        return {"place": None, "place_attempts": attempts + 1, "place_candidates": None}
