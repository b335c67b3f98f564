"""The action answer's schema check built once says exactly what Rasa's own check says.

Why these cases: Rasa's check (``jsonschema.validate`` against
``RemoteAction.action_response_format_spec()``) is what the replacement must equal:
every answer it accepts is accepted, every answer it rejects is rejected with the same
message and Rasa's sentence after it.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from hulpwijzer_rasa import action_answer_check

ROUTE = {"service": "veilig_thuis", "name": "Veilig Thuis", "phone": "0800-2000"}
VALID: list[dict[str, Any]] = [
    {},
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "timestamp": None, "name": "topic", "value": "domestic_violence"},
            {"event": "slot", "timestamp": None, "name": "risks", "value": ["danger_now"]},
            {"event": "active_loop", "timestamp": None, "name": None},
            {"event": "followup", "timestamp": None, "name": "action_listen"},
        ],
        "responses": [
            {"text": "Bel Veilig Thuis.", "buttons": [], "elements": [], "custom": {"route": ROUTE},
             "template": None, "response": None, "image": None, "attachment": None},
            {"response": "utter_ask_place"},
        ],
    },
]
INVALID: list[Any] = [
    [],
    {"events": "slot"},
    {"events": [{"event": "slot", "name": 3}]},
    {"events": [{"event": "no_such_event"}]},
    {"responses": "Bel 112"},
]


def rasa_check(answer: Any) -> str | None:
    """Rasa 3.6's own check: None when valid, else the error message."""
    try:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return error.message
    return None


@pytest.mark.parametrize("answer", VALID)
def test_accepts_what_rasa_accepts(answer: dict[str, Any]) -> None:
    assert rasa_check(answer) is None
    assert action_answer_check.validate_action_result(None, answer) is True


@pytest.mark.parametrize("answer", INVALID)
def test_rejects_what_rasa_rejects_with_the_same_message(answer: Any) -> None:
    expected = rasa_check(answer)
    assert expected is not None
    with pytest.raises(jsonschema.ValidationError) as raised:
        action_answer_check.validate_action_result(None, answer)
    assert raised.value.message.startswith(expected + ". Failed to validate Action server response")


def test_the_validator_is_built_once_for_rasas_schema() -> None:
    validator = action_answer_check.answer_validator()
    assert validator is action_answer_check.answer_validator()
    assert validator.schema == RemoteAction.action_response_format_spec()
    assert type(validator) is jsonschema.validators.validator_for(validator.schema)
