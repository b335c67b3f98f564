"""The widget's socket.io channel: what reaches the browser, and in which room.

A fake ``sio`` records every emit, so these tests run without a server. They pin the
reasons the channel exists: routes arrive as ``{"custom": {"route": ...}}`` (the stock
channel crashes on them), the session room is really entered (the stock channel forgets
to await it, so with session persistence no reply ever arrives), and a socket reaches
only the conversation the server issued to it (the stock channel lets any socket join,
post to and forget any conversation whose id it names).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from hulpwijzer_rasa.channels.session_ids import SECRET_ENV, SecretError, SessionIds
from hulpwijzer_rasa.channels.socketio import (
    MAX_METADATA_BYTES,
    SocketIOInput,
    SocketIOOutput,
    confirmed_session_id,
    forget_tracker,
)

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
    """Records ``emit`` and room calls the way python-socketio 5 receives them."""

    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, dict[str, Any]]] = []
        self.rooms_entered: list[tuple[str, str]] = []
        self.rooms_left: list[tuple[str, str]] = []

    async def emit(self, event: str, data: Any = None, **kwargs: Any) -> None:
        self.emitted.append((event, data, kwargs))

    async def enter_room(self, sid: str, room: str, namespace: str | None = None) -> None:
        self.rooms_entered.append((sid, room))

    async def leave_room(self, sid: str, room: str, namespace: str | None = None) -> None:
        self.rooms_left.append((sid, room))

    def confirmed(self, sid: str) -> list[str]:
        return [data for event, data, kw in self.emitted
                if event == "session_confirm" and kw.get("room") == sid]


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


IDS = SessionIds(b"k" * 32)


class HeldStore:
    """A tracker store that only knows which conversations it holds; counts lookups."""

    def __init__(self, *held: str) -> None:
        self.held = set(held)
        self.lookups = 0

    async def exists(self, conversation_id: str) -> bool:
        self.lookups += 1
        return conversation_id in self.held


class FailingStore:
    async def exists(self, conversation_id: str) -> bool:
        raise ConnectionError(f"redis down while looking up {conversation_id}")


@pytest.fixture()
def store() -> HeldStore:
    return HeldStore()


@pytest.fixture()
def wired(store: HeldStore) -> tuple[SocketIOInput, FakeSio, list[UserMessage]]:
    """A channel whose blueprint handlers talk to a FakeSio and collect user messages;
    like Rasa, the app's tracker store (``store``) holds a conversation once a message
    arrived."""
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        store.held.add(message.sender_id)

    channel = SocketIOInput(session_persistence=True, session_ids=IDS)
    channel.blueprint(on_new_message).ctx.app = FakeApp(store)
    fake = FakeSio()
    real = channel.sio
    assert real is not None
    real.emit = fake.emit  # type: ignore[method-assign]
    real.enter_room = fake.enter_room  # type: ignore[method-assign]
    real.leave_room = fake.leave_room  # type: ignore[method-assign]
    return channel, fake, received


def handler(channel: SocketIOInput, event: str) -> Any:
    assert channel.sio is not None
    return channel.sio.handlers["/"][event]


def join(channel: SocketIOInput, fake: FakeSio, sid: str, asked: Any = None) -> str:
    """``session_request`` from ``sid`` (asking for ``asked``); returns the confirmed id."""
    run(handler(channel, "session_request")(sid, {"session_id": asked}))
    return fake.confirmed(sid)[-1]


def say(channel: SocketIOInput, sid: str, session_id: Any, text: str = "ja", **extra: Any) -> None:
    run(handler(channel, "user_uttered")(sid, {"message": text, "session_id": session_id, **extra}))


def test_session_request_without_id_gets_a_fresh_signed_one(wired) -> None:
    channel, fake, _ = wired
    run(handler(channel, "session_request")("sid-1", None))
    (event, session_id, kwargs), = fake.emitted
    assert (event, kwargs["room"]) == ("session_confirm", "sid-1")
    assert IDS.verify(session_id) == session_id
    assert fake.rooms_entered == [("sid-1", session_id)]


@pytest.mark.parametrize(
    "asked",
    ["abc", "rest:abc", "x" * 100_000, 5, {"id": "x"}, IDS.issue()[:-1] + "A",
     SessionIds(b"z" * 32).issue()],
    ids=["made up", "rest sender", "100k chars", "number", "object", "altered", "other secret"],
)
def test_an_id_the_server_did_not_issue_is_replaced(wired, asked: Any) -> None:
    channel, fake, _ = wired
    if isinstance(asked, str) and asked.endswith("A") and IDS.verify(asked):
        asked = asked[:-1] + "B"  # the altered character happened to be the original
    session_id = join(channel, fake, "sid-1", asked)
    assert session_id != asked and IDS.verify(session_id) == session_id
    assert fake.rooms_entered == [("sid-1", session_id)]
    assert channel.joined == {"sid-1": session_id}


def test_a_reconnecting_socket_with_its_issued_id_resumes_it(wired) -> None:
    channel, fake, received = wired
    session_id = join(channel, fake, "sid-1")
    say(channel, "sid-1", session_id)
    channel.disconnect_grace = 0
    run(handler(channel, "disconnect")("sid-1", "transport close"))
    assert join(channel, fake, "sid-2", session_id) == session_id
    say(channel, "sid-2", session_id)
    assert [m.sender_id for m in received] == [session_id, session_id]


def test_a_signed_id_the_store_no_longer_holds_gets_a_fresh_one(wired, store: HeldStore) -> None:
    """Rasa restarted (memory store) or Redis let the conversation expire: the widget
    must not say it goes on, so the server answers with another id, in another room."""
    channel, fake, received = wired
    session_id = join(channel, fake, "sid-1")
    say(channel, "sid-1", session_id)
    store.held.clear()
    fresh = join(channel, fake, "sid-2", session_id)
    assert fresh != session_id and IDS.verify(fresh) == fresh
    assert fake.rooms_entered[-1] == ("sid-2", fresh)
    assert channel.joined["sid-2"] == fresh
    say(channel, "sid-2", session_id)  # the old id is not this socket's any more
    say(channel, "sid-2", fresh)
    assert [m.sender_id for m in received] == [session_id, fresh]


def test_an_id_asked_for_before_anything_was_said_is_not_resumed(wired) -> None:
    """Rasa keeps a conversation from its first message on: nothing to resume before."""
    channel, fake, _ = wired
    session_id = join(channel, fake, "sid-1")
    assert join(channel, fake, "sid-2", session_id) != session_id


def test_decision_resumes_only_a_signed_id_the_store_holds() -> None:
    held = IDS.issue()
    store = HeldStore(held, "abc")
    assert run(confirmed_session_id(IDS, store, held)) == held
    assert store.lookups == 1
    gone = IDS.issue()
    fresh = run(confirmed_session_id(IDS, store, gone))
    assert fresh not in (gone, held) and IDS.verify(fresh) == fresh


@pytest.mark.parametrize("asked", [None, "abc", 5, SessionIds(b"z" * 32).issue()])
def test_decision_asks_the_store_only_for_a_signed_id(asked: Any) -> None:
    """One lookup per session_request at most, and none for ids the server never issued
    (even one the store happens to hold, such as a REST sender name)."""
    store = HeldStore("abc", str(asked))
    fresh = run(confirmed_session_id(IDS, store, asked))
    assert fresh != asked and IDS.verify(fresh) == fresh
    assert store.lookups == 0


@pytest.mark.parametrize("store", [None, FailingStore()], ids=["no store", "store fails"])
def test_decision_promises_nothing_it_cannot_check(
    store: Any, caplog: pytest.LogCaptureFixture
) -> None:
    asked = IDS.issue()
    with caplog.at_level(logging.DEBUG):
        fresh = run(confirmed_session_id(IDS, store, asked))
    assert fresh != asked and IDS.verify(fresh) == fresh
    assert asked not in caplog.text and fresh not in caplog.text


def test_a_second_session_request_leaves_the_first_room(wired) -> None:
    channel, fake, _ = wired
    first = join(channel, fake, "sid-1")
    second = join(channel, fake, "sid-1", "made-up")
    assert first != second
    assert fake.rooms_left == [("sid-1", first)]
    assert channel.joined == {"sid-1": second}


def test_user_message_uses_the_joined_session_and_metadata(wired) -> None:
    channel, fake, received = wired
    session_id = join(channel, fake, "sid-1")
    say(channel, "sid-1", session_id, metadata={"hulpwijzer": {"kind": "button"}})
    (message,) = received
    assert (message.text, message.sender_id) == ("ja", session_id)
    assert message.metadata == {"hulpwijzer": {"kind": "button"}}
    assert isinstance(message.output_channel, SocketIOOutput)


def test_metadata_as_json_text_is_read_and_oversized_metadata_dropped(wired) -> None:
    channel, fake, received = wired
    session_id = join(channel, fake, "sid-1")
    say(channel, "sid-1", session_id, metadata='{"hulpwijzer": {"kind": "typed"}}')
    say(channel, "sid-1", session_id, metadata={"pad": "x" * (MAX_METADATA_BYTES + 1)})
    say(channel, "sid-1", session_id, metadata="x" * (MAX_METADATA_BYTES + 1))
    assert [m.metadata for m in received] == [{"hulpwijzer": {"kind": "typed"}}, {}, {}]


def test_a_socket_cannot_post_to_a_session_it_did_not_join(wired) -> None:
    channel, fake, received = wired
    theirs = join(channel, fake, "sid-1")
    mine = join(channel, fake, "sid-2")
    say(channel, "sid-2", theirs)  # a valid id, but not this socket's
    say(channel, "sid-3", theirs)  # never sent session_request
    say(channel, "sid-3", mine)
    assert received == []
    say(channel, "sid-2", mine)
    assert [m.sender_id for m in received] == [mine]


def test_events_sent_before_a_disconnect_still_count_then_the_socket_is_forgotten(wired) -> None:
    channel, fake, received = wired
    session_id = join(channel, fake, "sid-1")
    channel.disconnect_grace = 0.05

    async def exit_then_wait() -> None:
        # The quick exit's forget_session, handled after the disconnect it came with.
        await handler(channel, "disconnect")("sid-1")
        await handler(channel, "forget_session")("sid-1", {"session_id": session_id})
        await asyncio.sleep(0.1)

    run(exit_then_wait())
    assert [(m.text, m.sender_id) for m in received] == [("/restart", session_id)]
    assert channel.joined == {}
    say(channel, "sid-1", session_id)
    assert len(received) == 1


@pytest.mark.parametrize("data", [{"message": "hallo"}, "not a dict", {"session_id": 5}])
def test_malformed_messages_are_ignored(wired, data: Any) -> None:
    channel, fake, received = wired
    join(channel, fake, "sid-1")
    run(handler(channel, "user_uttered")("sid-1", data))
    assert received == []


def test_typed_intent_syntax_is_read_as_words(wired) -> None:
    channel, fake, received = wired
    session_id = join(channel, fake, "sid-1")
    say(channel, "sid-1", session_id, '/inform{"place": "Almere"}')
    assert received[0].text == 'inform{"place": "Almere"}'


def test_without_persistence_the_socket_is_the_conversation() -> None:
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    channel = SocketIOInput(session_persistence=False, session_ids=IDS)
    channel.blueprint(on_new_message)
    run(handler(channel, "user_uttered")("sid-1", {"message": "ja", "session_id": "abc"}))
    assert [m.sender_id for m in received] == ["sid-1"]


def test_no_conversation_id_is_logged(wired, caplog: pytest.LogCaptureFixture) -> None:
    channel, fake, _ = wired
    with caplog.at_level(logging.DEBUG):
        theirs = join(channel, fake, "sid-1")
        join(channel, fake, "sid-2", "made-up-id")
        say(channel, "sid-2", theirs)
        run(handler(channel, "forget_session")("sid-2", {"session_id": theirs}))
    assert caplog.records, "the refusals are logged"
    for session_id in (theirs, *fake.confirmed("sid-2"), "made-up-id"):
        assert session_id not in caplog.text


def before_server_start(channel: SocketIOInput) -> Any:
    blueprint = channel.blueprint(lambda message: None)  # type: ignore[arg-type, return-value]
    (listener,) = [f.listener for f in blueprint._future_listeners if f.event == "before_server_start"]
    return listener


def fake_app(host: str) -> Any:
    return type("App", (), {"state": type("State", (), {"host": host})()})()


def test_serving_beyond_loopback_needs_the_secret(caplog: pytest.LogCaptureFixture) -> None:
    ephemeral = SocketIOInput(session_persistence=True, session_ids=SessionIds.from_environment({}))
    with pytest.raises(SecretError):
        run(before_server_start(ephemeral)(fake_app("0.0.0.0"), None))
    with caplog.at_level(logging.WARNING):
        run(before_server_start(ephemeral)(fake_app("127.0.0.1"), None))
    assert "random secret" in caplog.text
    configured = SocketIOInput(session_persistence=True, session_ids=IDS,
                               widget_origins=["https://help.example.nl"])
    run(before_server_start(configured)(fake_app("0.0.0.0"), None))


def test_the_secret_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, "s" * 40)
    first = SocketIOInput.from_credentials({"session_persistence": True})
    second = SocketIOInput.from_credentials({"session_persistence": True})
    assert isinstance(first, SocketIOInput) and isinstance(second, SocketIOInput)
    assert second.session_ids.verify(first.session_ids.issue())
    monkeypatch.setenv(SECRET_ENV, "too short")
    with pytest.raises(SecretError):
        SocketIOInput.from_credentials({"session_persistence": True})


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
    session_id = join(channel, fake, "sid-1")
    run(handler(channel, "forget_session")("sid-1", {"session_id": session_id}))
    (message,) = received
    assert (message.text, message.sender_id) == ("/restart", session_id)
    assert isinstance(message.output_channel, CollectingOutputChannel)


def test_forget_session_refuses_a_session_the_socket_did_not_join(wired) -> None:
    channel, fake, received = wired
    theirs = join(channel, fake, "sid-1")
    join(channel, fake, "sid-2")
    run(handler(channel, "forget_session")("sid-2", {"session_id": theirs}))
    run(handler(channel, "forget_session")("sid-3", {"session_id": theirs}))
    run(handler(channel, "forget_session")("sid-1", {"session_id": "someone-else"}))
    run(handler(channel, "forget_session")("sid-1", None))
    assert received == []
