"""NLU safety net: strong cues of danger now turn any prediction into ``acute_danger``.

Why: a classifier will sometimes miss "hij heeft een mes" inside a long story, and the
cost of that miss is a life. ``hulpwijzer.danger.detect_danger`` is deterministic and
independent of the trained model. This component runs last in the pipeline, after the
FallbackClassifier, so it also rescues messages the model was unsure about. The original
prediction stays in ``intent_ranking`` so the routing action still knows the topic
(sexual violence -> Centrum Seksueel Geweld after 112).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.base import MessageComponent
from hulpwijzer.danger import detect_danger

ACUTE_INTENT = "acute_danger"
ENTITY = "danger_cue"
#: Intents whose own answer already puts 112 first; overriding them would only lose detail.
KEEP_INTENTS = {ACUTE_INTENT, "masker19_codeword"}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class DangerGuard(MessageComponent):
    """Marks messages with a danger-now cue and forces the ``acute_danger`` intent."""

    def process_message(self, message: Message) -> None:
        guard(message)


def guard(message: Message) -> None:
    """Apply the safety net to one parsed message, in place."""
    signal = detect_danger(message.get(TEXT) or "")
    if signal is None:
        return
    entity = {
        "entity": ENTITY,
        "value": signal.category,
        "extractor": DangerGuard.__name__,
    }
    message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
    intent = message.get(INTENT) or {}
    if intent.get("name") in KEEP_INTENTS:
        return
    ranking = [dict(r) for r in message.get(INTENT_RANKING_KEY) or []]
    forced = {"name": ACUTE_INTENT, "confidence": 1.0}
    ranking = [forced] + [r for r in ranking if r.get("name") != ACUTE_INTENT]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
