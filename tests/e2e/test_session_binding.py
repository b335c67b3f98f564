"""A widget conversation belongs to the browser the server gave its id to.

Against the real servers on loopback, with python-socketio's client speaking Rasa's
protocol as the widget (and rasa-webchat) do. A second socket that makes up an id (the
one the first client proposed), alters the issued id by one character, or names a REST
sender, can neither read, post to, nor forget the first socket's conversation; neither can
a REST caller using the widget's id as its sender. A new socket with the issued id (a
reconnect) resumes the conversation with its history. Ids never reach the server log.

The client uses HTTP long-polling: python-engineio 4.15's asyncio WebSocket transport
needs aiohttp 3.11 (``ClientWSTimeout``) and Rasa 3.6 pins aiohttp 3.9.5. The session
handling is the same for both transports; the browser tests drive the WebSocket one.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

import pytest
import socketio

from hulpwijzer_tools.trainers.client import RestClient
from tests.helpers import post_json

pytestmark = pytest.mark.e2e

REPLY_TIMEOUT = 60.0
#: After the last expected message, how long a socket must stay silent.
QUIET = 1.5
ISSUED_ID_LENGTH = 76


class Chat:
    """One socket.io client: joins a conversation, says things, records bot_uttered."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = socketio.AsyncClient(reconnection=False)
        self.session_id: str | None = None
        self.received: list[dict[str, Any]] = []
        self._confirmed = asyncio.Event()
        self._new_message = asyncio.Event()
        self.client.on("session_confirm", self._on_confirm)
        self.client.on("bot_uttered", self._on_bot)

    async def _on_confirm(self, session_id: str) -> None:
        self.session_id = session_id
        self._confirmed.set()

    async def _on_bot(self, message: dict[str, Any]) -> None:
        self.received.append(message)
        self._new_message.set()

    async def join(self, asked: Any = None) -> str:
        """Connect and ``session_request`` (asking for ``asked``); the confirmed id."""
        await self.client.connect(self.url, transports=["polling"], socketio_path="socket.io")
        await self.client.emit("session_request", {"session_id": asked})
        await asyncio.wait_for(self._confirmed.wait(), REPLY_TIMEOUT)
        assert self.session_id is not None
        return self.session_id

    async def say(self, text: str) -> list[dict[str, Any]]:
        """Send ``text`` in the joined conversation; the bot messages that answer it."""
        before = len(self.received)
        self._new_message.clear()
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})
        await asyncio.wait_for(self._new_message.wait(), REPLY_TIMEOUT)
        await asyncio.sleep(QUIET)
        return self.received[before:]

    async def close(self) -> None:
        await self.client.disconnect()


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def user_texts(stack: Any, conversation_id: str) -> list[str]:
    """Everything ever said in a conversation, from Rasa's HTTP API (with the run's token)."""
    quoted = urllib.parse.quote(conversation_id, safe=":")
    tracker = get_json(stack.api(f"/conversations/{quoted}/tracker?include_events=ALL"))
    return [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]


def restarted(stack: Any, conversation_id: str) -> bool:
    quoted = urllib.parse.quote(conversation_id, safe=":")
    tracker = get_json(stack.api(f"/conversations/{quoted}/tracker?include_events=ALL"))
    return any(e.get("event") == "restart" for e in tracker.get("events", []))


def one_character_changed(session_id: str) -> str:
    middle = len(session_id) // 2
    replacement = "A" if session_id[middle] != "A" else "B"
    return session_id[:middle] + replacement + session_id[middle + 1:]


async def attack(url: str, asked: str, victim_id: str) -> Chat:
    """A socket that asks for ``asked``, then posts to and forgets ``victim_id``."""
    attacker = Chat(url)
    issued = await attacker.join(asked)
    assert issued not in (asked, victim_id), "the server must issue its own id"
    assert len(issued) == ISSUED_ID_LENGTH
    for session_id in (victim_id, asked):
        await attacker.client.emit(
            "user_uttered", {"message": f"aanvaller {asked[:8]}", "session_id": session_id}
        )
        await attacker.client.emit("forget_session", {"session_id": session_id})
    return attacker


def test_other_sockets_and_rest_senders_cannot_reach_a_conversation(stack) -> None:
    rest_sender = f"rest-{uuid.uuid4().hex}"
    RestClient(stack.rasa_url).send(rest_sender, "hallo")

    async def scenario() -> tuple[str, list[Chat], list[dict[str, Any]]]:
        victim = Chat(stack.rasa_url)
        proposed = f"door-de-client-gekozen-{uuid.uuid4().hex}"  # what a standard client sends
        victim_id = await victim.join(proposed)
        assert victim_id != proposed and len(victim_id) == ISSUED_ID_LENGTH
        assert await victim.say("ik maak me zorgen om mijn buurvrouw")

        attackers = [
            await attack(stack.rasa_url, proposed, victim_id),
            await attack(stack.rasa_url, one_character_changed(victim_id), victim_id),
            await attack(stack.rasa_url, rest_sender, victim_id),
            await attack(stack.rasa_url, f"rest:{rest_sender}", victim_id),
        ]
        # A REST caller that uses the widget's id as its sender name.
        RestClient(stack.rasa_url).send(victim_id, "rest aanvaller")
        await asyncio.sleep(QUIET)
        second = await victim.say("hij schreeuwt elke avond tegen haar")
        for chat in (victim, *attackers):
            await chat.close()
        return victim_id, attackers, second

    victim_id, attackers, second = asyncio.run(scenario())

    assert second, "the victim's conversation still answers"
    for attacker in attackers:
        assert attacker.received == [], "an attacker received a bot message of the victim"
    said = user_texts(stack, victim_id)
    assert said == ["ik maak me zorgen om mijn buurvrouw", "hij schreeuwt elke avond tegen haar"]
    assert not restarted(stack, victim_id)
    # The REST caller landed in its own namespace, and the REST conversation is untouched.
    assert user_texts(stack, f"rest:{victim_id}") == ["rest aanvaller"]
    assert user_texts(stack, f"rest:{rest_sender}") == ["hallo"]
    assert not restarted(stack, f"rest:{rest_sender}")
    # Conversation ids are never written to the server log.
    assert stack.log_dir is not None
    log = (stack.log_dir / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert victim_id not in log


def test_a_new_socket_with_the_issued_id_resumes_the_conversation(stack) -> None:
    async def scenario() -> tuple[str, str, list[dict[str, Any]]]:
        first = Chat(stack.rasa_url)
        session_id = await first.join()
        assert await first.say("ik word thuis bedreigd")
        await first.close()  # the page reloads or the network drops

        again = Chat(stack.rasa_url)
        resumed = await again.join(session_id)
        reply = await again.say("nee")
        await again.close()
        return session_id, resumed, reply

    session_id, resumed, reply = asyncio.run(scenario())
    assert resumed == session_id
    assert reply, "the resumed conversation answers on the new socket"
    assert user_texts(stack, session_id) == ["ik word thuis bedreigd", "nee"]


def test_an_id_of_100000_characters_is_refused(stack) -> None:
    async def scenario() -> tuple[str, list[dict[str, Any]]]:
        chat = Chat(stack.rasa_url)
        session_id = await chat.join("a" * 100_000)
        reply = await chat.say("hallo")
        await chat.close()
        return session_id, reply

    session_id, reply = asyncio.run(scenario())
    assert len(session_id) == ISSUED_ID_LENGTH
    assert reply, "the socket still gets a working conversation of its own"


@pytest.mark.parametrize("sender", [None, "", 5, "x" * 201])
def test_rest_refuses_a_missing_or_unusable_sender(stack, sender: Any) -> None:
    body = {"message": "hallo"} if sender is None else {"sender": sender, "message": "hallo"}
    with pytest.raises(urllib.error.HTTPError) as refused:  # a malformed body: not the client's job
        post_json(f"{stack.rasa_url}/webhooks/rest/webhook", body)
    assert refused.value.code == 400


def test_quick_exit_forgets_even_when_the_socket_closes_at_once(stack) -> None:
    """The widget sends ``forget_session`` and disconnects in the same burst: the server
    may see the disconnect before it runs the event, and must still honour it."""

    async def scenario() -> str:
        chat = Chat(stack.rasa_url)
        session_id = await chat.join()
        assert await chat.say("ik durf niet naar huis")
        await chat.client.emit("forget_session", {"session_id": session_id})
        await chat.client.disconnect()
        return session_id

    session_id = asyncio.run(scenario())
    for _ in range(40):
        if "ik durf niet naar huis" not in user_texts(stack, session_id):
            break
        time.sleep(0.5)
    assert user_texts(stack, session_id) == []
