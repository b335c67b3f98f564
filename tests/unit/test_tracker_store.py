"""The expiring in-memory tracker store forgets idle conversations and stays bounded."""

from __future__ import annotations

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.tracker_store import ExpiringInMemoryTrackerStore


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
