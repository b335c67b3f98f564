"""NLU component that finds the place a person names, using the gazetteer.

Why a lookup and not DIET: the Netherlands has 342 gemeenten, 2,500 woonplaatsen and
4,700 postcodes; no amount of examples teaches a model all of them, but
``hulpwijzer.places.resolve_place`` knows them all, with typos and aliases. The entity
value is the text as the person wrote it ("Den Bosch", "8302"); the actions resolve it
again to the municipality, so ambiguity ("Hengelo") is handled in one place.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.base import MessageComponent
from hulpwijzer.places import resolve_place

ENTITY = "place"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class PlaceExtractor(MessageComponent):
    """Adds a ``place`` entity when the message names a known place or postcode."""

    def process_message(self, message: Message) -> None:
        entity = place_entity(message.get(TEXT) or "")
        if entity is not None:
            others = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            message.set(ENTITIES, [*others, entity], add_to_output=True)


def place_entity(text: str) -> dict[str, Any] | None:
    """The Rasa entity dict for the place in ``text``, or None."""
    result = resolve_place(text)
    if result.status == "unknown" or result.matched_text is None:
        return None
    return {
        "entity": ENTITY,
        "value": result.matched_text,
        "start": result.start,
        "end": result.end,
        "confidence_entity": round(result.confidence, 3),
        "extractor": PlaceExtractor.__name__,
    }
