"""The REST channel: a malformed or disguised command is read as words, and logged nowhere.

Why: Rasa logs the whole text of a message it fails to parse as ``/intent{...}``
(``message.parsing.failed`` with ``user_text``, and warnings that quote the line). On a
helpline that text may say who hurts whom, so it must never get there. The message goes
through the channel's real webhook handler and then through Rasa's own
``RegexMessageHandler``, the step of the NLU pipeline that reads commands.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from pathlib import Path
from typing import Any

import pytest
import structlog
from rasa.core.channels.channel import UserMessage
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from hulpwijzer_rasa.channels.rest import SafeRestInput

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "bot" / "domain.yml"))
SECRET = "Kwartelkoning"  # a name that appears nowhere in the code or the logs otherwise
MALFORMED = [
    "/{" + f'"place":"{SECRET}"' + "}",
    f"/ /{{{SECRET}}}",
    f"/\u00a0/@{SECRET}",
    f"\u200b/\t/onbekend_{SECRET}",
    f'/ /inform{{"place":"{SECRET}"}}',
]


class FakeRequest:
    """What ``RestInput``'s webhook handler reads of a Sanic request."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.json = body
        self.args: dict[str, str] = {}


def post_to_webhook(text: str) -> list[Message]:
    """Send ``text`` through ``SafeRestInput``'s webhook and Rasa's command parser."""
    parsed: list[Message] = []
    handler = RegexMessageHandler()

    async def on_new_message(message: UserMessage) -> None:
        parsed.extend(handler.process([Message({TEXT: message.text})], DOMAIN))

    blueprint = SafeRestInput().blueprint(on_new_message)
    # Sanic 21.12 keeps a blueprint's routes here until it is registered on an app.
    receive = next(r.handler for r in blueprint._future_routes if r.uri == "/webhook")
    asyncio.run(receive(FakeRequest({"sender": "test", "message": text})))
    return parsed


@pytest.mark.parametrize("typed", MALFORMED)
def test_malformed_command_is_neither_parsed_nor_logged(
    typed: str, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    with structlog.testing.capture_logs() as events, warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        (message,) = post_to_webhook(typed)
    assert message.get(INTENT) is None, "read as a command"
    assert SECRET in message.get(TEXT), "the text itself reaches the NLU"
    # the parser's own log events and warnings carry nothing of the text
    assert not [e for e in events if e.get("event") == "message.parsing.failed"]
    assert SECRET not in repr(events)
    assert SECRET not in " ".join(str(w.message) for w in warned)
    assert SECRET not in caplog.text
    out, err = capfd.readouterr()
    assert SECRET not in out + err


def test_the_check_sees_a_logged_text() -> None:
    """Guard: without the channel, Rasa's parser does log the malformed text."""
    with structlog.testing.capture_logs() as events:
        RegexMessageHandler().process([Message({TEXT: MALFORMED[0]})], DOMAIN)
    assert SECRET in repr(events)
