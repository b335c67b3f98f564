"""A bounded, expiring in-memory tracker store: privacy and flat memory by default.

Why: Rasa's ``InMemoryTrackerStore`` keeps every conversation forever. On a helpline
that is both a privacy problem (what someone wrote about violence stays in memory
until the server restarts) and a memory leak under steady traffic. This store forgets
a conversation ``record_exp`` seconds after its last message (like Redis'
``record_exp``) and keeps at most ``max_conversations``, dropping the least recently
used. Several instances need the shared Redis store instead (see docs/production.md).

Long conversations are trimmed too (``trim_tracker``): Rasa's policies walk the whole
current session on every turn, so turn 200 was several times slower than turn 1. When a
session passes ``MAX_TURNS`` messages, only the last ``KEEP_TURNS`` are kept, behind a
new session start that carries the slot values and the active form over - the same
shape Rasa's own ``action_session_start`` produces. The policies look back a few turns
only (``max_history`` 4-5), so predictions do not change, and less of what someone
wrote is kept. ``TrimmingRedisTrackerStore`` does the same for the shared Redis store.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_RECORD_EXP = 3600.0
DEFAULT_MAX_CONVERSATIONS = 10_000
#: A session longer than this many user messages is trimmed ...
MAX_TURNS = 40
#: ... down to this many, so trimming happens once every MAX_TURNS - KEEP_TURNS turns.
KEEP_TURNS = 10


def trim_tracker(
    tracker: DialogueStateTracker, max_turns: int = MAX_TURNS, keep_turns: int = KEEP_TURNS
) -> DialogueStateTracker:
    """The tracker itself, or a new session holding its last ``keep_turns`` turns.

    The new session starts like Rasa's own: ``action_session_start``, ``SessionStarted``,
    the slot values at the cut (as ``SlotSet``) and the active form; then the kept
    events from the ``action_listen`` before the first kept message onwards.
    """
    events = list(tracker.events)
    session_start = max(
        (i for i, e in enumerate(events)
         if isinstance(e, ActionExecuted) and e.action_name == ACTION_SESSION_START_NAME),
        default=0,
    )
    users = [i for i, e in enumerate(events) if i >= session_start and isinstance(e, UserUttered)]
    if len(users) <= max_turns:
        return tracker
    cut = users[-keep_turns]
    previous = events[cut - 1]
    if isinstance(previous, ActionExecuted) and previous.action_name == ACTION_LISTEN_NAME:
        cut -= 1
    before = DialogueStateTracker.from_events(
        tracker.sender_id, events[:cut], tracker.slots.values(),
        sender_source=tracker.sender_source,
    )
    at = events[cut].timestamp - 0.001
    head: list[Event] = [
        ActionExecuted(ACTION_SESSION_START_NAME, timestamp=at),
        SessionStarted(timestamp=at),
    ]
    for name, slot in before.slots.items():
        if slot.value != slot.initial_value:
            head.append(SlotSet(name, slot.value, timestamp=at))
    loop = before.active_loop_name
    if loop:
        head.append(ActiveLoop(loop, timestamp=at))
    return DialogueStateTracker.from_events(
        tracker.sender_id, head + events[cut:], tracker.slots.values(),
        sender_source=tracker.sender_source,
    )


class ExpiringInMemoryTrackerStore(InMemoryTrackerStore):
    """In-memory conversations that expire after inactivity, with a size cap."""

    def __init__(
        self,
        domain: Domain,
        event_broker: EventBroker | None = None,
        record_exp: float | None = DEFAULT_RECORD_EXP,
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("host", None)
        super().__init__(domain, event_broker, **kwargs)
        self.store: OrderedDict[str, str] = OrderedDict()
        self.record_exp = float(record_exp) if record_exp else None
        self.max_conversations = int(max_conversations)
        self._clock = clock
        self._touched: dict[str, float] = {}

    def _purge(self) -> None:
        """Drop expired conversations (oldest first), then any over the cap."""
        now = self._clock()
        if self.record_exp is not None:
            while self.store:
                oldest = next(iter(self.store))
                if now - self._touched.get(oldest, now) < self.record_exp:
                    break
                self._forget(oldest)
        while len(self.store) > self.max_conversations:
            self._forget(next(iter(self.store)))

    def forget(self, sender_id: str) -> None:
        """Remove one conversation now (the widget's quick exit asks for this)."""
        self._forget(sender_id)

    def _forget(self, sender_id: str) -> None:
        self.store.pop(sender_id, None)
        self._touched.pop(sender_id, None)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(trim_tracker(tracker))
        self.store.move_to_end(tracker.sender_id)
        self._touched[tracker.sender_id] = self._clock()
        self._purge()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self._purge()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        self._purge()
        return await super().retrieve_full_tracker(sender_id)

    async def keys(self) -> Iterable[str]:
        self._purge()
        return list(self.store.keys())


class TrimmingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis store, keeping only the current (trimmed) session of a conversation.

    Why not merge with what Redis holds, as the stock store does: the merged history
    would grow for as long as the person keeps chatting, and the assistant needs only
    the current session. Expiry (``record_exp``) works as in the stock store.
    """

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        await self.stream_events(tracker)
        self.red.set(
            self.key_prefix + tracker.sender_id,
            self.serialise_tracker(trim_tracker(tracker)),
            ex=timeout or self.record_exp,
        )
