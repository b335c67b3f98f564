"""The quick exit forgets on Redis, the production store; and Redis forgets on its own.

A real ``redis-server`` on a loopback port (Debian's, installed by
``scripts/install_redis.sh``), the stores built from ``bot/endpoints.redis.yml`` the way
Rasa builds them (``TrackerStore.create``, wrapped in ``FailSafeTrackerStore`` as the
agent does), and the socket.io channel's own ``forget_session`` handler; these need no
Rasa server and run in seconds. The last test starts Rasa itself with that configuration
and exits the way the widget does.
"""

from __future__ import annotations

import asyncio
import queue
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import socketio
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Restarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from hulpwijzer_rasa.channels.socketio import SocketIOInput
from hulpwijzer_rasa.stores.tracker_store import (
    TrimmingRedisTrackerStore,
    forget_conversation,
    holds_conversation,
)
from hulpwijzer_tools.stack import BOT, HOST, Stack, free_port

pytestmark = pytest.mark.e2e

ENDPOINTS = BOT / "endpoints.redis.yml"
SECRET = "mijn stiefvader Kwartelkoning slaat mij"


@pytest.fixture
def redis_port(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A throw-away redis-server on loopback, without persistence; stopped afterwards."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: run `make deps` (scripts/install_redis.sh)")
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(host=HOST, port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        monkeypatch.setenv("REDIS_HOST", HOST)
        monkeypatch.setenv("REDIS_PORT", str(port))
        # bot/endpoints.redis.yml reads a password; this throw-away server has none
        # (an empty password sends no AUTH). Redis with a password: test_resilience.py.
        monkeypatch.setenv("REDIS_PASSWORD", "")
        monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:9/webhook")  # unused here
        yield port
    finally:
        proc.terminate()
        proc.wait(10)


def production_store() -> FailSafeTrackerStore:
    """The tracker store as Rasa builds it from bot/endpoints.redis.yml."""
    store = TrackerStore.create(read_endpoint_config(str(ENDPOINTS), "tracker_store"), Domain.empty())
    assert isinstance(store, TrimmingRedisTrackerStore)
    return FailSafeTrackerStore(store)


def conversation(sender: str, text: str = SECRET) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [UserUttered(text, {"name": "disclosure"})])


def everything_in(port: int) -> str:
    """Every key and value in every Redis database, as one string."""
    dump = []
    for db in range(16):
        client = redis.Redis(host=HOST, port=port, db=db, decode_responses=True)
        for key in client.scan_iter():
            kind = client.type(key)
            value = client.get(key) if kind == "string" else repr(client.dump(key))
            dump.append(f"{db} {key} {value}")
    return "\n".join(dump)


def test_forget_deletes_the_key_and_nothing_else(redis_port: int) -> None:
    store = production_store()
    sender, other = uuid.uuid4().hex, uuid.uuid4().hex
    asyncio.run(store.save(conversation(sender)))
    asyncio.run(store.save(conversation(other, "een ander gesprek")))
    # Rasa's key: key_prefix "hulpwijzer" + ":" + "tracker:" + sender id
    client = redis.Redis(host=HOST, port=redis_port, db=0, decode_responses=True)
    assert SECRET in client.get(f"hulpwijzer:tracker:{sender}")

    assert asyncio.run(forget_conversation(store, sender)) is True

    assert client.exists(f"hulpwijzer:tracker:{sender}") == 0
    assert asyncio.run(store.retrieve(sender)) is None
    assert asyncio.run(store.retrieve_full_tracker(sender)) is None
    assert sender not in everything_in(redis_port) and SECRET not in everything_in(redis_port)
    assert asyncio.run(store.retrieve(other)) is not None
    assert asyncio.run(forget_conversation(store, sender)) is False


def test_every_conversation_in_redis_expires(redis_port: int) -> None:
    store = production_store()
    sender = uuid.uuid4().hex
    asyncio.run(store.save(conversation(sender)))
    client = redis.Redis(host=HOST, port=redis_port, decode_responses=True)
    assert 3590 < client.ttl(f"hulpwijzer:tracker:{sender}") <= 3600  # record_exp: 3600
    # without record_exp in the configuration the hour still holds (Rasa: never)
    unset = TrimmingRedisTrackerStore(Domain.empty(), host=HOST, port=redis_port)
    asyncio.run(unset.save(conversation("unset")))
    assert 3590 < client.ttl("tracker:unset") <= 3600
    with pytest.raises(ValueError):
        TrimmingRedisTrackerStore(Domain.empty(), host=HOST, port=redis_port, record_exp=0)
    # and Redis really drops it
    quick = TrimmingRedisTrackerStore(Domain.empty(), host=HOST, port=redis_port, record_exp=1)
    asyncio.run(quick.save(conversation("quick")))
    assert asyncio.run(quick.retrieve("quick")) is not None
    deadline = time.monotonic() + 5
    while asyncio.run(quick.retrieve("quick")) is not None:
        assert time.monotonic() < deadline, "not expired after record_exp"
        time.sleep(0.1)


def test_an_expired_conversation_is_no_longer_held(redis_port: int) -> None:
    """What the socket.io channel asks before resuming an id (one ``EXISTS``): true while
    Redis keeps the conversation, false once it expired or was forgotten."""
    store = FailSafeTrackerStore(TrimmingRedisTrackerStore(
        Domain.empty(), host=HOST, port=redis_port, record_exp=1))
    asyncio.run(store.save(conversation("kort")))
    asyncio.run(store.save(conversation("weg")))
    assert asyncio.run(holds_conversation(store, "kort")) is True
    asyncio.run(forget_conversation(store, "weg"))
    assert asyncio.run(holds_conversation(store, "weg")) is False
    deadline = time.monotonic() + 5
    while asyncio.run(holds_conversation(store, "kort")):
        assert time.monotonic() < deadline, "still held after record_exp"
        time.sleep(0.1)
    assert asyncio.run(store.retrieve("kort")) is None


class FakeSio:
    """The parts of python-socketio the channel's handlers use, without a server."""

    def __init__(self) -> None:
        self.rooms_of: dict[str, list[str]] = {}
        self.emitted: list[tuple[Any, ...]] = []

    async def emit(self, *args: Any, **kwargs: Any) -> None:
        self.emitted.append(args)

    def confirmed_id(self) -> str:
        """The conversation id the server issued in ``session_confirm``."""
        return next(str(a[1]) for a in reversed(self.emitted) if a and a[0] == "session_confirm")

    async def enter_room(self, sid: str, room: str, namespace: str | None = None) -> None:
        self.rooms_of.setdefault(sid, [sid]).append(room)

    def rooms(self, sid: str, namespace: str | None = None) -> list[str]:
        return self.rooms_of.get(sid, [sid])


def test_quick_exit_leaves_nothing_in_redis(redis_port: int) -> None:
    """The widget's ``forget_session`` through the channel's handler, with Redis stores."""
    store = production_store()
    lock_store = LockStore.create(read_endpoint_config(str(ENDPOINTS), "lock_store"))

    async def on_new_message(message: Any) -> None:
        """What Rasa's processor does with the quick exit's /restart: a locked save."""
        async with lock_store.lock(message.sender_id):
            tracker = await store.retrieve(message.sender_id)
            assert tracker is not None
            tracker.update(UserUttered(message.text))
            tracker.update(Restarted())
            await store.save(tracker)

    channel = SocketIOInput(session_persistence=True)
    bp = channel.blueprint(on_new_message)
    app = type("App", (), {})()
    app.ctx = type("Ctx", (), {})()
    app.ctx.agent = type("Agent", (), {"tracker_store": store, "lock_store": lock_store})()
    bp.ctx.app = app
    sio = channel.sio
    assert sio is not None
    fake = FakeSio()
    sio.emit, sio.enter_room, sio.rooms = fake.emit, fake.enter_room, fake.rooms  # type: ignore[method-assign]
    handlers = sio.handlers["/"]

    # The server issues the id (hulpwijzer_rasa.channels.session_ids); the made-up one is replaced.
    asyncio.run(handlers["session_request"]("sid-1", {"session_id": uuid.uuid4().hex}))
    sender = fake.confirmed_id()
    asyncio.run(store.save(conversation(sender)))
    assert SECRET in everything_in(redis_port)

    asyncio.run(handlers["forget_session"]("sid-1", {"session_id": sender}))

    assert asyncio.run(store.retrieve(sender)) is None
    left = everything_in(redis_port)
    assert sender not in left, "a key of the conversation is still in Redis"
    assert SECRET not in left


def test_widget_quick_exit_on_the_production_configuration(
    model_path: Path, redis_port: int, tmp_path: Path
) -> None:
    """Rasa started with bot/endpoints.redis.yml; a socket.io client talks like the widget."""
    stack = Stack(model=model_path, rasa_port=free_port(), actions_port=free_port(),
                  web_port=None, log_dir=tmp_path,
                  extra_env={"REDIS_HOST": HOST, "REDIS_PORT": str(redis_port),
                             "REDIS_PASSWORD": ""},
                  endpoints=ENDPOINTS)
    client = redis.Redis(host=HOST, port=redis_port, decode_responses=True)
    issued: dict[str, str] = {}

    def visit() -> None:
        # The sync client over long-polling: python-engineio's asyncio websocket client
        # needs a newer aiohttp than Rasa 3.6 pins. The channel's handlers are the same.
        sio = socketio.Client()
        replies: queue.Queue[tuple[str, Any]] = queue.Queue()
        sio.on("session_confirm", lambda data: replies.put(("confirm", data)))
        sio.on("bot_uttered", lambda data: replies.put(("bot", data)))
        sio.connect(stack.rasa_url, transports=["polling"], socketio_path="/socket.io")
        try:
            # The server issues the id (hulpwijzer_rasa.channels.session_ids), as it does for the widget.
            sio.emit("session_request", {"session_id": uuid.uuid4().hex})
            kind, sender = replies.get(timeout=30)
            assert kind == "confirm" and isinstance(sender, str)
            issued["id"] = sender
            key = f"hulpwijzer:tracker:{sender}"
            sio.emit("user_uttered", {"message": SECRET, "session_id": sender})
            kind, _ = replies.get(timeout=60)
            assert kind == "bot"
            deadline = time.monotonic() + 30
            while SECRET not in (client.get(key) or ""):  # saved after the replies
                assert time.monotonic() < deadline, "the conversation is not in Redis"
                time.sleep(0.2)
            sio.emit("forget_session", {"session_id": sender})
            deadline = time.monotonic() + 30
            while client.exists(key):
                assert time.monotonic() < deadline, "quick exit left the conversation in Redis"
                time.sleep(0.2)
        finally:
            sio.disconnect()

    with stack:
        visit()
        time.sleep(1)  # a late save after the forget would bring the text back
        left = everything_in(redis_port)
        assert issued["id"] not in left and SECRET not in left
