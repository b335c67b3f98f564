"""A reload resumes a conversation only while the server still has it (issue 13).

The widget keeps the server-issued id in sessionStorage, sends it back in
``session_request`` after a reload, and says "Je gesprek gaat verder waar je was" when
the server confirms that same id. After a Rasa restart with the in-memory store, or
once the conversation was forgotten (quick exit, Redis expiry), that would be untrue:
the server must answer with a fresh id. A conversation the server still has is resumed.

Against the real servers on loopback, with python-socketio's client over long-polling
(as in test_session_binding.py: Rasa 3.6 pins an aiohttp too old for its WebSocket
transport; the session handling is the same).
"""

from __future__ import annotations

import queue
import secrets
import time
from pathlib import Path
from typing import Any

import pytest
import socketio

from hulpwijzer_rasa.channels.session_ids import SECRET_ENV
from hulpwijzer_tools.stack import Stack, free_port

pytestmark = pytest.mark.e2e

REPLY_TIMEOUT = 60.0
ISSUED_ID_LENGTH = 76


class Visit:
    """One page load of the widget: a socket that asks for ``asked`` and may talk."""

    def __init__(self, url: str, asked: str | None = None) -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("session_confirm", lambda data: self.events.put(("confirm", data)))
        self.client.on("bot_uttered", lambda data: self.events.put(("bot", data)))
        self.client.connect(url, transports=["polling"], socketio_path="/socket.io")
        self.client.emit("session_request", {"session_id": asked})
        kind, session_id = self.events.get(timeout=REPLY_TIMEOUT)
        assert kind == "confirm" and isinstance(session_id, str)
        assert len(session_id) == ISSUED_ID_LENGTH
        self.session_id: str = session_id

    def say(self, text: str) -> Any:
        """Send ``text``; the first bot message that answers it (Rasa saved the turn by then
        or moments later: a reload follows seconds after, never within milliseconds)."""
        self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        kind, message = self.events.get(timeout=REPLY_TIMEOUT)
        assert kind == "bot"
        time.sleep(1)  # let Rasa finish the turn and save the tracker
        return message

    def close(self) -> None:
        self.client.disconnect()


def reload(url: str, session_id: str) -> str:
    """What a reloaded page is told: the id the server confirms for the stored one."""
    visit = Visit(url, session_id)
    visit.close()
    return visit.session_id


def test_a_forgotten_conversation_is_not_resumed_a_live_one_is(stack) -> None:
    first = Visit(stack.rasa_url)
    session_id = first.session_id
    assert first.say("ik word thuis bedreigd")
    first.close()

    # A reload while the server has the conversation: the same id, so "gaat verder" is true.
    again = Visit(stack.rasa_url, session_id)
    assert again.session_id == session_id
    assert again.say("nee")
    # The conversation is forgotten (here by the quick exit's event; Redis expiry and a
    # restarted in-memory store leave the server just as empty).
    again.client.emit("forget_session", {"session_id": session_id})
    again.close()

    deadline = time.monotonic() + 30
    while (confirmed := reload(stack.rasa_url, session_id)) == session_id:
        assert time.monotonic() < deadline, "a forgotten conversation's id is still resumed"
        time.sleep(0.5)
    assert confirmed != session_id


def test_after_a_restart_with_the_memory_store_a_stored_id_gets_a_fresh_one(
    model_path: Path, tmp_path: Path
) -> None:
    """One signing secret across the restart, as production sets it: the id still
    verifies, and only the store check stops the server from resuming an empty one."""
    stack = Stack(model=model_path, rasa_port=free_port(), actions_port=free_port(),
                  web_port=None, log_dir=tmp_path,
                  extra_env={SECRET_ENV: secrets.token_urlsafe(48)})
    with stack:
        first = Visit(stack.rasa_url)
        session_id = first.session_id
        assert first.say("mijn vriend slaat me")
        first.close()
        assert reload(stack.rasa_url, session_id) == session_id, "a live conversation resumes"

        stack.stop_one("rasa")
        stack.start_rasa()

        after = Visit(stack.rasa_url, session_id)  # the reload after the restart
        confirmed = after.session_id
        assert confirmed != session_id, "the restarted server resumed a conversation it lost"
        assert after.say("mijn vriend slaat me")
        after.close()
        # The new conversation is resumed in its turn.
        assert reload(stack.rasa_url, confirmed) == confirmed

    log = (tmp_path / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert session_id not in log and confirmed not in log
