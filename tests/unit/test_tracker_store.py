"""The tracker stores forget: idle conversations expire, memory stays bounded, and the
quick exit removes a conversation from every store Rasa runs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core.tracker_store import (
    AwaitableTrackerStore,
    FailSafeTrackerStore,
    InMemoryTrackerStore,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from hulpwijzer_rasa.stores.tracker_store import (
    ExpiringInMemoryTrackerStore,
    TrimmingRedisTrackerStore,
    forget_conversation,
    holds_conversation,
    redis_expiry,
)
from hulpwijzer_tools.stack import free_port

DOMAIN = Path(__file__).resolve().parents[2] / "bot" / "domain.yml"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def tracker(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [UserUttered("hallo")])


def test_conversation_expires_after_record_exp() -> None:
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), record_exp=60, clock=clock)
    asyncio.run(store.save(tracker("a")))
    clock.now = 59
    assert asyncio.run(store.retrieve("a")) is not None
    clock.now = 59 + 61
    assert asyncio.run(store.retrieve("a")) is None
    assert list(asyncio.run(store.keys())) == []


def test_activity_keeps_a_conversation_alive() -> None:
    clock = Clock()
    store = ExpiringInMemoryTrackerStore(Domain.empty(), record_exp=60, clock=clock)
    for minute in range(5):
        clock.now = minute * 50
        asyncio.run(store.save(tracker("a")))
    clock.now += 50
    assert asyncio.run(store.retrieve("a")) is not None


def test_store_stays_bounded_over_thousands_of_conversations() -> None:
    store = ExpiringInMemoryTrackerStore(Domain.empty(), record_exp=None, max_conversations=500)
    for i in range(5000):
        asyncio.run(store.save(tracker(f"user-{i}")))
    keys = list(asyncio.run(store.keys()))
    assert len(keys) == 500
    assert keys[-1] == "user-4999" and "user-0" not in keys


def long_conversation(turns: int) -> DialogueStateTracker:
    """A session of ``turns`` messages with slots set early and a form active at the end."""
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet

    domain = Domain.load(str(DOMAIN))
    events = [ActionExecuted("action_session_start", timestamp=1), SessionStarted(timestamp=1),
              ActionExecuted("action_listen", timestamp=1)]
    clock = 2.0
    for turn in range(turns):
        events.append(UserUttered(f"bericht {turn}", {"name": "inform"}, timestamp=clock))
        if turn == 0:
            events.append(SlotSet("municipality", "Almere", timestamp=clock + 0.1))
        if turn == turns - 15:
            events.append(ActiveLoop("place_form", timestamp=clock + 0.1))
        events.append(ActionExecuted("action_listen", timestamp=clock + 0.2))
        clock += 1
    return DialogueStateTracker.from_events("lang", events, domain.slots)


def test_a_short_session_is_kept_as_it_is() -> None:
    from hulpwijzer_rasa.stores.tracker_store import trim_tracker

    short = long_conversation(12)
    assert trim_tracker(short) is short


def test_a_long_session_keeps_its_last_turns_slots_and_form() -> None:
    from hulpwijzer_rasa.stores.tracker_store import KEEP_TURNS, MAX_TURNS, trim_tracker

    original = long_conversation(MAX_TURNS + 1)
    trimmed = trim_tracker(original)
    messages = [e.text for e in trimmed.events if isinstance(e, UserUttered)]
    assert messages == [f"bericht {t}" for t in range(MAX_TURNS + 1 - KEEP_TURNS, MAX_TURNS + 1)]
    assert trimmed.get_slot("municipality") == "Almere"
    assert trimmed.active_loop_name == "place_form" == original.active_loop_name
    assert trimmed.latest_message.text == original.latest_message.text
    timestamps = [e.timestamp for e in trimmed.events]
    assert timestamps == sorted(timestamps)
    assert [e.type_name for e in list(trimmed.events)[:2]] == ["action", "session_started"]


def test_store_keeps_a_long_conversation_short() -> None:
    from hulpwijzer_rasa.stores.tracker_store import MAX_TURNS

    store = ExpiringInMemoryTrackerStore(Domain.load(str(DOMAIN)))
    asyncio.run(store.save(long_conversation(200)))
    kept = asyncio.run(store.retrieve("lang"))
    assert kept is not None
    assert sum(isinstance(e, UserUttered) for e in kept.events) <= MAX_TURNS
    assert kept.get_slot("municipality") == "Almere"


# --- The quick exit forgets on every store (Redis itself: tests/e2e/test_forget_redis.py)


def test_forget_conversation_in_memory_behind_rasas_wrapper() -> None:
    store = FailSafeTrackerStore(ExpiringInMemoryTrackerStore(Domain.empty()))
    asyncio.run(store.save(tracker("a")))
    asyncio.run(store.save(tracker("b")))
    assert asyncio.run(forget_conversation(store, "a")) is True
    assert asyncio.run(store.retrieve("a")) is None
    assert asyncio.run(store.retrieve("b")) is not None
    assert asyncio.run(forget_conversation(store, "a")) is False


def test_forget_conversation_in_rasas_own_memory_store() -> None:
    store = FailSafeTrackerStore(InMemoryTrackerStore(Domain.empty()))
    asyncio.run(store.save(tracker("a")))
    assert asyncio.run(forget_conversation(store, "a")) is True
    assert asyncio.run(store.retrieve("a")) is None


def test_forget_clears_the_fallback_rasa_used_while_redis_was_down(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Turns saved while Redis fails land in FailSafeTrackerStore's in-memory fallback."""
    sender = "gesprek-7f3e"
    dead = TrimmingRedisTrackerStore(Domain.empty(), host="127.0.0.1", port=free_port(),
                                     socket_connect_timeout=1)
    store = FailSafeTrackerStore(dead)
    asyncio.run(store.save(tracker(sender)))
    assert asyncio.run(store.fallback_tracker_store.retrieve(sender)) is not None
    caplog.clear()
    assert asyncio.run(forget_conversation(store, sender)) is True
    assert asyncio.run(store.fallback_tracker_store.retrieve(sender)) is None
    assert "could not forget" in caplog.text and sender not in caplog.text


def test_a_store_that_cannot_forget_says_so(caplog: pytest.LogCaptureFixture) -> None:
    class Opaque:
        pass

    assert asyncio.run(forget_conversation(Opaque(), "a")) is False
    assert "cannot forget" in caplog.text and "'a'" not in caplog.text
    assert asyncio.run(forget_conversation(None, "a")) is False


# --- Whether a conversation can still be resumed (the widget's "gaat verder")


def test_holds_conversation_until_it_expires_or_is_forgotten_behind_rasas_wrappers() -> None:
    clock = Clock()
    memory = ExpiringInMemoryTrackerStore(Domain.empty(), record_exp=60, clock=clock)
    store = AwaitableTrackerStore(FailSafeTrackerStore(memory))  # as Rasa's agent holds it
    asyncio.run(store.save(tracker("a")))
    asyncio.run(store.save(tracker("b")))
    assert asyncio.run(holds_conversation(store, "a")) is True
    assert asyncio.run(holds_conversation(store, "nooit-gezegd")) is False
    asyncio.run(forget_conversation(store, "b"))
    assert asyncio.run(holds_conversation(store, "b")) is False
    clock.now = 61
    assert asyncio.run(holds_conversation(store, "a")) is False


def test_holds_conversation_in_rasas_own_memory_store() -> None:
    store = FailSafeTrackerStore(InMemoryTrackerStore(Domain.empty()))
    asyncio.run(store.save(tracker("a")))
    assert asyncio.run(holds_conversation(store, "a")) is True
    assert asyncio.run(holds_conversation(store, "b")) is False


def test_exists_does_not_rebuild_the_tracker(monkeypatch: pytest.MonkeyPatch) -> None:
    """One cheap lookup per session_request: no deserialising of the whole tracker."""
    store = ExpiringInMemoryTrackerStore(Domain.empty())
    asyncio.run(store.save(tracker("a")))

    def refuse(*_: object) -> None:
        raise AssertionError("exists() rebuilt the tracker")

    monkeypatch.setattr(store, "deserialise_tracker", refuse)
    assert asyncio.run(holds_conversation(store, "a")) is True


def test_a_store_that_fails_or_is_missing_holds_nothing(caplog: pytest.LogCaptureFixture) -> None:
    """Redis down: no promise that the conversation goes on, and no id in the log."""
    sender = "gesprek-7f3e"
    dead = TrimmingRedisTrackerStore(Domain.empty(), host="127.0.0.1", port=free_port(),
                                     socket_connect_timeout=1)
    assert asyncio.run(holds_conversation(FailSafeTrackerStore(dead), sender)) is False
    assert "could not look up" in caplog.text and sender not in caplog.text
    assert asyncio.run(holds_conversation(None, sender)) is False


@pytest.mark.parametrize("given, seconds", [(None, 3600), ("", 3600), (3600, 3600),
                                            ("60", 60), (1.2, 2)])
def test_redis_expiry_is_whole_seconds_and_never_missing(given: object, seconds: int) -> None:
    assert redis_expiry(given) == seconds


@pytest.mark.parametrize("given", [0, -1, "0", float("nan"), float("inf")])
def test_redis_expiry_refuses_never(given: object) -> None:
    with pytest.raises(ValueError):
        redis_expiry(given)
