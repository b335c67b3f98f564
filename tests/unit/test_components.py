"""The NLU components on parsed messages, without a trained model."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from hulpwijzer.risk import RiskAssessment, Thresholds, assess
from hulpwijzer_rasa.nlu.place_extractor import PlaceExtractor
from hulpwijzer_rasa.nlu.risk_screen import RiskScreen, risk_labels, screen


def parsed(text: str, intent: str, confidence: float = 0.9) -> Message:
    return Message(data={
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": [],
    })


def rules_only() -> RiskScreen:
    """The screen without a trained model: the rule nets still run."""
    return RiskScreen(None, None, None)  # type: ignore[arg-type]


def test_risk_screen_forces_acute_and_keeps_the_topic_in_the_ranking() -> None:
    message = parsed("hij heeft me net verkracht en hij staat nu voor de deur", "sexual_violence")
    rules_only().process([message])
    assert message.get("intent")["name"] == "acute_danger"
    assert [r["name"] for r in message.get("intent_ranking")] == ["acute_danger", "sexual_violence"]
    assert message.get("classifier_intent")["name"] == "sexual_violence"
    raised = {e["value"] for e in message.get("entities") if e.get("status") == "raised"}
    assert {"danger_now", "sexual_violence"} <= raised


def test_risk_screen_leaves_calm_messages_alone() -> None:
    message = parsed("vorig jaar had hij een mes, nu woon ik alleen", "domestic_violence")
    rules_only().process([message])
    assert message.get("intent")["name"] == "domestic_violence"
    assert not [e for e in message.get("entities") if e["entity"] == "risk"]


def test_risk_screen_keeps_the_codeword() -> None:
    message = parsed("masker 19 hij staat nu met een mes voor de deur", "masker19_codeword")
    rules_only().process([message])
    assert message.get("intent")["name"] == "masker19_codeword"


def test_a_raised_suicide_risk_replaces_out_of_scope_but_not_a_violence_topic() -> None:
    out_of_scope = parsed("ik heb afscheidsbrieven geschreven", "out_of_scope", confidence=0.99)
    rules_only().process([out_of_scope])
    assert out_of_scope.get("intent")["name"] == "suicidal_thoughts"
    home = parsed("thuis word ik steeds geslagen en ik wil er een eind aan maken", "domestic_violence")
    rules_only().process([home])
    assert home.get("intent")["name"] == "domestic_violence"
    assert {"entity": "risk", "value": "suicide"}.items() <= home.get("entities")[0].items()


def test_a_model_score_between_ask_and_raise_is_uncertain_not_raised() -> None:
    thresholds = {"danger_now": Thresholds(raise_=0.6, ask=0.3)}
    message = parsed("er is iets heel raars aan de hand bij ons", "out_of_scope", confidence=0.99)
    screen(message, assess(message.get("text"), {"danger_now": 0.4}, thresholds))
    assert message.get("intent")["name"] == "out_of_scope"
    (entity,) = message.get("entities")
    assert (entity["value"], entity["status"]) == ("danger_now", "uncertain")


def test_screen_replaces_earlier_risk_entities() -> None:
    message = parsed("hallo", "greet")
    message.set("entities", [{"entity": "risk", "value": "suicide", "status": "raised"}])
    screen(message, RiskAssessment())
    assert message.get("entities") == []


def test_training_labels_come_from_metadata_or_the_intent() -> None:
    labelled = risk_labels("domestic_violence", {"risks": ["suicide"], "speaker": "teen"})
    assert labelled == {"danger_now": False, "suicide": True, "sexual_violence": False, "child": True}
    old = risk_labels("child_abuse", None)
    assert old == {"danger_now": False, "suicide": False, "sexual_violence": None, "child": None}
    assert risk_labels("acute_danger", None)["danger_now"] is True
    assert risk_labels("out_of_scope", None)["sexual_violence"] is False


def test_place_extractor_adds_the_place_as_written() -> None:
    message = parsed("ik woon in Almere Buiten", "inform")
    PlaceExtractor().process([message])
    (entity,) = message.get("entities")
    assert entity["entity"] == "place" and entity["value"] == "Almere Buiten"
    assert (entity["start"], entity["end"]) == (11, 24)


def test_place_extractor_ignores_ordinary_sentences() -> None:
    message = parsed("mijn buren slaan elkaar", "domestic_violence")
    PlaceExtractor().process([message])
    assert message.get("entities") == []
