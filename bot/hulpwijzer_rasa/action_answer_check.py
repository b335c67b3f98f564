"""Check the action server's answer against Rasa's schema with a validator built once.

Why: after every custom action Rasa 3.6 checks the action server's JSON answer with
``jsonschema.validate(answer, schema)`` (``RemoteAction._validate_action_result``).
That function first checks the *schema itself* against the JSON Schema meta-schema and
builds a new validator, every time. Rasa's event schema is large, so this took 26 of
the 31 ms an action-server round trip costs (`make bench`, profile of a turn), about a
third of a whole Hulpwijzer turn, while the check of the answer itself takes 2 ms.

This module keeps the check, and its exact meaning: the same schema
(``RemoteAction.action_response_format_spec()``), the same validator class jsonschema
picks for it (``validator_for``), the schema checked once, the same ``ValidationError``
with the same text appended. Only the repetition goes. Installed from the one place
Hulpwijzer sets Rasa up at server start
(``hulpwijzer_rasa.stores.tracker_store.at_server_start``), never on import.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import rasa.core.actions.action as rasa_action
from jsonschema import ValidationError, validators
from jsonschema.protocols import Validator
from rasa.shared.constants import DOCS_BASE_URL

_INSTALLED = "_hulpwijzer_answer_check"


@lru_cache(maxsize=1)
def answer_validator() -> Validator:
    """The validator of Rasa's action-answer schema, the schema checked once per process."""
    schema = rasa_action.RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with the validator built once."""
    try:
        answer_validator().validate(result)
    except ValidationError as e:
        # Rasa's own wording, so logs and handling stay the same.
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e
    return True


def install() -> None:
    """Replace ``RemoteAction._validate_action_result`` once per process."""
    remote = rasa_action.RemoteAction
    if getattr(remote, _INSTALLED, False):
        return
    remote._validate_action_result = validate_action_result
    setattr(remote, _INSTALLED, True)
