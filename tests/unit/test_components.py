"""The NLU components on parsed messages, without a trained model."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from components.danger_guard import DangerGuard
from components.place_extractor import PlaceExtractor


def parsed(text: str, intent: str, confidence: float = 0.9) -> Message:
    return Message(data={
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": [],
    })


def test_danger_guard_forces_acute_and_keeps_the_topic_in_the_ranking() -> None:
    message = parsed("hij heeft me net verkracht en hij staat nu voor de deur", "sexual_violence")
    DangerGuard().process([message])
    assert message.get("intent")["name"] == "acute_danger"
    assert [r["name"] for r in message.get("intent_ranking")] == ["acute_danger", "sexual_violence"]
    assert any(e["entity"] == "danger_cue" for e in message.get("entities"))


def test_danger_guard_leaves_calm_messages_alone() -> None:
    message = parsed("vorig jaar had hij een mes, nu woon ik alleen", "domestic_violence")
    DangerGuard().process([message])
    assert message.get("intent")["name"] == "domestic_violence"


def test_danger_guard_keeps_the_codeword() -> None:
    message = parsed("masker 19 hij staat nu met een mes voor de deur", "masker19_codeword")
    DangerGuard().process([message])
    assert message.get("intent")["name"] == "masker19_codeword"


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
