"""NLU component that finds the place a person names, using the gazetteer.

Why a lookup and not DIET: the Netherlands has 342 gemeenten, 2,500 woonplaatsen and
4,700 postcodes; no amount of examples teaches a model all of them, but
``hulpwijzer.places.resolve_place`` knows them all, with typos and aliases. The entity
value is the text as the person wrote it ("Den Bosch", "8302"); beside it the entity
carries the CBS code (or the candidates' codes, for "Hengelo"), so the actions never
resolve the message again (``hulpwijzer.place_reading``): one resolution per turn.

A message that is a place and nothing else ("rijssen", "ik wenje yn Snits", "8302") is
an answer, whatever the classifier makes of it: the component sets the intent to
``inform`` (keeping the classifier's guess in ``classifier_intent``) and marks the
message so the risk screen does not score it. Then a bare place never ends the place
question, never raises 112 and never brings another topic's routes.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from hulpwijzer.place_reading import entity_fields
from hulpwijzer.places import PlaceResult, place_answer, resolve_place
from hulpwijzer_rasa.nlu.base import MessageComponent

ENTITY = "place"
#: The intent of a message that is only a place.
ANSWER_INTENT = "inform"
#: Message property: the whole message is a place (read by hulpwijzer_rasa.nlu.risk_screen).
PLACE_ANSWER = "place_answer"
#: Where the classifier's own intent is kept when it is overruled (as the risk screen does).
CLASSIFIER_INTENT = "classifier_intent"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class PlaceExtractor(MessageComponent):
    """Adds a ``place`` entity when the message names a known place or postcode."""

    def process_message(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        result = resolve_place(text)
        entity = place_entity(result)
        if entity is not None:
            others = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            message.set(ENTITIES, [*others, entity], add_to_output=True)
            if place_answer(text, whole=result) is not None:
                answer_as_place(message)


def answer_as_place(message: Message) -> None:
    """Read a message that is only a place as ``inform``, in place."""
    message.set(PLACE_ANSWER, True)
    intent = message.get(INTENT) or {}
    if intent.get("name") == ANSWER_INTENT:
        return
    forced = {"name": ANSWER_INTENT, "confidence": 1.0}
    ranking = [dict(r) for r in message.get(INTENT_RANKING_KEY) or []]
    message.set(CLASSIFIER_INTENT, dict(intent), add_to_output=True)
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY,
                [forced, *[r for r in ranking if r.get("name") != ANSWER_INTENT]],
                add_to_output=True)


def place_entity(result: PlaceResult) -> dict[str, Any] | None:
    """The Rasa entity dict for a resolved place, or None."""
    if result.status == "unknown" or result.matched_text is None:
        return None
    return {
        "entity": ENTITY,
        "value": result.matched_text,
        "start": result.start,
        "end": result.end,
        "confidence_entity": round(result.confidence, 3),
        "extractor": PlaceExtractor.__name__,
        **entity_fields(result),
    }
