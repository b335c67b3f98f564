"""NLU component: the risk screen on every message, and no dead end for a person at risk.

Why: the intent classifier can be confidently wrong, and an ``out_of_scope`` answer to
someone in danger is the worst answer the assistant can give. This component runs last
in the pipeline, after the FallbackClassifier, and for each message:

1. scores it with the risk model (``hulpwijzer.risk_model``), trained here from the same
   training files as DIET but on its own labels and features (see ``risk_labels``);
2. combines the scores with the rule nets (``hulpwijzer.risk.assess``);
3. adds one ``risk`` entity per raised or uncertain risk, which the actions read;
4. replaces the intent when a raised risk must win: danger now -> ``acute_danger``
   (112 first), and suicide or sexual violence instead of an intent that gives no route
   (out-of-scope, fallback, small talk); and overrules ``acute_danger`` when rules and
   model clear danger now and the message says past or habit. The classifier's ranking
   stays in ``intent_ranking`` so the routing still knows the topic.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from hulpwijzer import danger, risk_cues, risk_model
from hulpwijzer import risk as risk_rules
from hulpwijzer.risk import RISKS, RiskAssessment, assess, rule_cue, to_entities
from hulpwijzer.risk_model import RiskModel
from hulpwijzer_rasa.nlu.place_extractor import ENTITY as PLACE_ENTITY

MODEL_FILE = "risk_model.pkl"
#: Parse-data key with the classifier's own intent when the screen replaced it.
CLASSIFIER_INTENT = "classifier_intent"
#: Set by hulpwijzer_rasa.nlu.place_extractor on a message that is only a place.
PLACE_ANSWER = "place_answer"
#: Intents that are the risk itself (a positive label for the model).
RISK_INTENTS = {
    "danger_now": "acute_danger",
    "suicide": "suicidal_thoughts",
    "sexual_violence": "sexual_violence",
}
#: Intents whose examples say nothing about sexual violence unless labelled: they may
#: tell of abuse in passing (a child abused by a carer, a loverboy), so without a label
#: they are left out of that risk's training rather than taught as negatives.
MAY_HIDE_SEXUAL_VIOLENCE = {
    "acute_danger", "domestic_violence", "child_abuse", "human_trafficking",
    "harmful_practices", "suicidal_thoughts",
}
YOUNG_SPEAKERS = {"child", "teen"}


def risk_labels(intent: str, metadata: Mapping[str, Any] | None) -> dict[str, bool | None]:
    """Per-risk training labels of one example: True, False or None (says nothing).

    Labelled examples carry ``metadata: {risks: [...], speaker: ...}`` (written by the
    independent writers, bot/data/nlu/written/); older examples are labelled by intent.
    """
    metadata = metadata or {}
    labelled = "risks" in metadata
    risks = set(metadata.get("risks") or [])
    labels: dict[str, bool | None] = {}
    for risk, risk_intent in RISK_INTENTS.items():
        if risk in risks or intent == risk_intent:
            labels[risk] = True
        elif labelled or not (risk == "sexual_violence" and intent in MAY_HIDE_SEXUAL_VIOLENCE):
            labels[risk] = False
        else:
            labels[risk] = None
    speaker = metadata.get("speaker")
    labels["child"] = ("child" in risks or speaker in YOUNG_SPEAKERS) if (speaker or labelled) else None
    return labels


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class RiskScreen(GraphComponent):
    """Scores every message per risk and makes a raised risk win over the intent."""

    def __init__(
        self, model: RiskModel | None, model_storage: ModelStorage, resource: Resource
    ) -> None:
        self.model = model
        self._storage = model_storage
        self._resource = resource

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrain when the screen's code changes, not only its data.

        Why: Rasa restores a trained component from its cache when config and training
        data are unchanged; thresholds and labels live in code, so their source is part
        of the fingerprint.
        """
        digest = hashlib.sha256()
        for module in (risk_model, risk_rules, risk_cues, danger, sys.modules[__name__]):
            digest.update(Path(str(module.__file__)).read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RiskScreen:
        return cls(None, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RiskScreen:
        try:
            with model_storage.read_from(resource) as directory:
                model = RiskModel.load(Path(directory) / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            # No trained risk model: the rule nets still run (see hulpwijzer.risk.assess).
            model = None
        return cls(model, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        texts: list[str] = []
        labels: dict[str, list[bool | None]] = {risk: [] for risk in RISKS}
        covered: dict[str, list[bool]] = {risk: [] for risk in RISKS}
        for example in training_data.intent_examples:
            text = example.get(TEXT)
            if not text:
                continue
            metadata = (example.get("metadata") or {}).get("example")
            row = risk_labels(example.get(INTENT) or "", metadata)
            texts.append(text)
            for risk in RISKS:
                labels[risk].append(row[risk])
                covered[risk].append(bool(rule_cue(risk, text)))
        self.model = RiskModel.fit(texts, labels, covered)
        with self._storage.write_to(self._resource) as directory:
            self.model.save(Path(directory) / MODEL_FILE)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        texts = [m.get(TEXT) or "" for m in messages]
        scores = self.model.scores(texts) if self.model else [{} for _ in texts]
        thresholds = self.model.thresholds if self.model else {}
        for message, text, score in zip(messages, texts, scores, strict=True):
            # A message that is only a place ("rijssen") is an answer, not a risk: its
            # character n-grams must not raise one (hulpwijzer_rasa.nlu.place_extractor).
            if message.get(PLACE_ANSWER):
                score = {risk: 0.0 for risk in thresholds}
            screen(message, assess(text, score, thresholds))
        return messages


def screen(message: Message, assessment: RiskAssessment) -> None:
    """Write ``assessment`` into one parsed message, in place."""
    entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != "risk"]
    message.set(ENTITIES, [*entities, *to_entities(assessment, RiskScreen.__name__)],
                add_to_output=True)
    intent = message.get(INTENT) or {}
    name = intent.get("name") or "nlu_fallback"
    ranking = [dict(r) for r in message.get(INTENT_RANKING_KEY) or []]
    names_place = any(e.get("entity") == PLACE_ENTITY for e in entities)
    wanted = assessment.intent(name, [str(r.get("name")) for r in ranking], names_place)
    if wanted == name:
        return
    forced = {"name": wanted, "confidence": 1.0}
    ranking = [forced] + [r for r in ranking if r.get("name") != wanted]
    # What the classifier said, for the calibration figures (hulpwijzer_tools.evaluation.evaluate).
    if not message.get(CLASSIFIER_INTENT):  # the place extractor may have kept it already
        message.set(CLASSIFIER_INTENT, dict(intent), add_to_output=True)
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
