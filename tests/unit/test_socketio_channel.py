"""The widget's socket.io channel: what reaches the browser, and in which room.

A fake ``sio`` records every emit, so these tests run without a server. They pin the two
reasons the channel exists: routes arrive as ``{"custom": {"route": ...}}`` (the stock
channel crashes on them) and the session room is really entered (the stock channel
forgets to await it, so with session persistence no reply ever arrives).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from components.socketio_channel import SocketIOInput, SocketIOOutput, forget_tracker

ROUTE = {
    "route": {
        "service": "veilig_thuis",
        "name": "Veilig Thuis",
        "phone": "0800-2000",
        "url": "https://veiligthuis.nl",
        "municipality": "Almere",
        "urgency": "advice",
    }
}


class FakeSio:
    """Records ``emit`` and ``enter_room`` calls the way python-socketio 5 receives them."""

    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, dict[str, Any]]] = []
        self.rooms_entered: list[tuple[str, str]] = []

    async def emit(self, event: str, data: Any = None, **kwargs: Any) -> None:
        self.emitted.append((event, data, kwargs))

    async def enter_room(self, sid: str, room: str, namespace: str | None = None) -> None:
        self.rooms_entered.append((sid, room))

    def rooms(self, sid: str, namespace: str | None = None) -> list[str]:
        return [sid] + [room for s, room in self.rooms_entered if s == sid]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_route_is_sent_under_custom_to_the_session_room() -> None:
    sio = FakeSio()
    run(SocketIOOutput(sio, "bot_uttered").send_custom_json("session-1", dict(ROUTE)))
    assert sio.emitted == [("bot_uttered", {"custom": ROUTE}, {"room": "session-1"})]


def test_text_then_route_arrive_in_order() -> None:
    sio = FakeSio()
    output = SocketIOOutput(sio, "bot_uttered")
    run(output.send_response("s", {"text": "Bel Veilig Thuis.", "custom": dict(ROUTE)}))
    assert [data for _, data, _ in sio.emitted] == [
        {"text": "Bel Veilig Thuis."},
        {"custom": ROUTE},
    ]


def test_buttons_become_quick_replies_with_their_payload() -> None:
    sio = FakeSio()
    buttons = [{"title": "Ja, nu", "payload": "ja"}, {"title": "Nee, nu niet", "payload": "nee"}]
    run(SocketIOOutput(sio, "bot_uttered").send_text_with_buttons("s", "Is er nu gevaar?", buttons))
    (_, data, kwargs), = sio.emitted
    assert data["text"] == "Is er nu gevaar?"
    assert [q["payload"] for q in data["quick_replies"]] == ["ja", "nee"]
    assert kwargs == {"room": "s"}


def test_credentials_keep_the_event_names_and_persistence() -> None:
    channel = SocketIOInput.from_credentials(
        {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered",
         "session_persistence": True}
    )
    assert isinstance(channel, SocketIOInput)
    assert channel.session_persistence is True
    assert channel.name() == "socketio"


@pytest.fixture()
def wired() -> tuple[SocketIOInput, FakeSio, list[UserMessage]]:
    """A channel whose blueprint handlers talk to a FakeSio and collect user messages."""
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    channel = SocketIOInput(session_persistence=True)
    channel.blueprint(on_new_message)
    fake = FakeSio()
    real = channel.sio
    assert real is not None
    real.emit = fake.emit  # type: ignore[method-assign]
    real.enter_room = fake.enter_room  # type: ignore[method-assign]
    real.rooms = fake.rooms  # type: ignore[method-assign]
    return channel, fake, received


def handler(channel: SocketIOInput, event: str) -> Any:
    assert channel.sio is not None
    return channel.sio.handlers["/"][event]


def test_session_request_enters_the_room_and_confirms(wired) -> None:
    channel, fake, _ = wired
    run(handler(channel, "session_request")("sid-1", {"session_id": "abc"}))
    assert fake.rooms_entered == [("sid-1", "abc")]
    assert fake.emitted == [("session_confirm", "abc", {"room": "sid-1"})]


def test_session_request_without_id_gets_a_fresh_one(wired) -> None:
    channel, fake, _ = wired
    run(handler(channel, "session_request")("sid-1", None))
    (_, session_id, _), = fake.emitted
    assert len(session_id) == 32 and fake.rooms_entered == [("sid-1", session_id)]


def test_user_message_uses_the_session_id_and_metadata(wired) -> None:
    channel, _, received = wired
    data = {"message": "ja", "session_id": "abc", "metadata": {"hulpwijzer": {"kind": "button"}}}
    run(handler(channel, "user_uttered")("sid-1", data))
    (message,) = received
    assert (message.text, message.sender_id) == ("ja", "abc")
    assert message.metadata == {"hulpwijzer": {"kind": "button"}}
    assert isinstance(message.output_channel, SocketIOOutput)


@pytest.mark.parametrize("data", [{"message": "hallo"}, "not a dict", {"session_id": 5}])
def test_malformed_messages_are_ignored(wired, data: Any) -> None:
    channel, _, received = wired
    run(handler(channel, "user_uttered")("sid-1", data))
    assert received == []


def test_typed_intent_syntax_is_read_as_words(wired) -> None:
    channel, _, received = wired
    data = {"message": '/inform{"place": "Almere"}', "session_id": "abc"}
    run(handler(channel, "user_uttered")("sid-1", data))
    assert received[0].text == 'inform{"place": "Almere"}'


class FakeStore:
    def __init__(self) -> None:
        self.store = {"abc": "tracker", "other": "tracker"}


class Wrapper:
    """Like Rasa's FailSafeTrackerStore: the real store sits in ``_tracker_store``."""

    def __init__(self, store: Any) -> None:
        self._tracker_store = store


class FakeApp:
    def __init__(self, store: Any) -> None:
        self.ctx = type("Ctx", (), {"agent": type("Agent", (), {"tracker_store": store})()})()


def test_forget_tracker_drops_only_that_conversation() -> None:
    store = FakeStore()
    assert run(forget_tracker(FakeApp(Wrapper(store)), "abc")) is True
    assert store.store == {"other": "tracker"}
    assert run(forget_tracker(FakeApp(Wrapper(store)), "abc")) is False
    assert run(forget_tracker(None, "abc")) is False


def test_forget_tracker_prefers_a_public_forget() -> None:
    forgotten: list[str] = []

    class Store:
        store: dict[str, str] = {}

        def forget(self, sender_id: str) -> None:
            forgotten.append(sender_id)

    assert run(forget_tracker(FakeApp(Store()), "abc")) is True
    assert forgotten == ["abc"]


def test_forget_session_restarts_its_own_session_silently(wired) -> None:
    channel, fake, received = wired
    run(handler(channel, "session_request")("sid-1", {"session_id": "abc"}))
    run(handler(channel, "forget_session")("sid-1", {"session_id": "abc"}))
    (message,) = received
    assert (message.text, message.sender_id) == ("/restart", "abc")
    assert isinstance(message.output_channel, CollectingOutputChannel)


def test_forget_session_refuses_a_session_the_socket_did_not_join(wired) -> None:
    channel, _, received = wired
    run(handler(channel, "session_request")("sid-1", {"session_id": "abc"}))
    run(handler(channel, "forget_session")("sid-2", {"session_id": "abc"}))
    run(handler(channel, "forget_session")("sid-1", {"session_id": "someone-else"}))
    assert received == []
