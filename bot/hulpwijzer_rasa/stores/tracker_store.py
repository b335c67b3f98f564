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

The quick exit must forget on every store, not only in memory: :func:`forget_conversation`
removes a conversation from whatever store Rasa runs (Redis included, and the in-memory
fallback Rasa's ``FailSafeTrackerStore`` writes to while Redis is down), and a Redis
conversation always expires (``record_exp``, an hour by default) even where the
configuration forgets to say so.
"""

from __future__ import annotations

import inspect
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, TrackerStore
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

from hulpwijzer_rasa import action_answer_check, action_resilience

logger = logging.getLogger(__name__)

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


def at_server_start() -> None:
    """What Hulpwijzer sets up in the Rasa server when it starts: the action fallback,
    and the action answer's schema check with a validator built once (``action_answer_check``).

    Why here: Rasa builds the tracker store named in endpoints.yml once, when the server
    starts (``load_agent_on_start`` -> ``TrackerStore.create``) and before any action
    runs; Rasa has no other start-up hook for plug-ins (see ``action_resilience``).
    """
    action_resilience.install()
    action_answer_check.install()


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
        at_server_start()
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

    def forget(self, sender_id: str) -> bool:
        """Remove one conversation now (the widget's quick exit asks for this)."""
        return self._forget(sender_id)

    async def exists(self, conversation_id: str) -> bool:
        """Whether the conversation is still kept, without rebuilding its tracker (Rasa's
        default retrieves and deserialises it, and logs the id at debug level)."""
        self._purge()
        return conversation_id in self.store

    def _forget(self, sender_id: str) -> bool:
        self._touched.pop(sender_id, None)
        return self.store.pop(sender_id, None) is not None

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


def redis_expiry(record_exp: Any) -> int:
    """``record_exp`` as whole seconds for Redis' ``EX``; missing means the default hour.

    Why: Rasa's Redis store stores a conversation *without* expiry when ``record_exp``
    is missing or 0 - on a helpline, text about violence kept forever. A non-positive
    value is refused at start-up rather than read as "never". redis-py rejects a float
    ``ex``, so fractions round up.
    """
    if record_exp is None or record_exp == "":
        return int(DEFAULT_RECORD_EXP)
    seconds = float(record_exp)
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError("record_exp must be a positive number of seconds: conversations expire")
    return math.ceil(seconds)


class TrimmingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis store, keeping only the current (trimmed) session of a conversation.

    Why not merge with what Redis holds, as the stock store does: the merged history
    would grow for as long as the person keeps chatting, and the assistant needs only
    the current session. Every conversation expires ``record_exp`` seconds after its
    last message (:func:`redis_expiry`), and :meth:`forget` deletes it at once.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record_exp = redis_expiry(self.record_exp)
        at_server_start()

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        await self.stream_events(tracker)
        self.red.set(
            self.key_prefix + tracker.sender_id,
            self.serialise_tracker(trim_tracker(tracker)),
            ex=redis_expiry(timeout or self.record_exp),
        )

    def forget(self, sender_id: str) -> bool:
        """Delete the conversation's key (``key_prefix`` + sender id, as Rasa names it)."""
        return bool(self.red.delete(self.key_prefix + sender_id))

    async def exists(self, conversation_id: str) -> bool:
        """Whether the conversation's key is still there: one ``EXISTS``, instead of
        Rasa's default that downloads and deserialises the whole tracker."""
        return bool(self.red.exists(self.key_prefix + conversation_id))


def _unwrapped(store: Any) -> list[Any]:
    """The stores that really hold conversations behind Rasa's wrappers.

    ``FailSafeTrackerStore`` and ``AwaitableTrackerStore`` keep the configured store in
    ``_tracker_store``; the fail-safe one also has a ``_fallback_tracker_store`` (in
    memory) that received every turn saved while the configured store was failing.
    """
    found: list[Any] = []
    pending = [store]
    while pending:
        current = pending.pop()
        if current is None or any(current is seen for seen in found):
            continue
        inner = getattr(current, "_tracker_store", None)
        if inner is None:
            found.append(current)
        else:
            pending += [getattr(current, "_fallback_tracker_store", None), inner]
    return found


async def _forget_in(store: Any, sender_id: str) -> bool:
    forget = getattr(store, "forget", None)
    if callable(forget):
        result = forget(sender_id)
        if inspect.isawaitable(result):
            result = await result
        return result is not False
    if isinstance(store, RedisTrackerStore):
        return bool(store.red.delete(store.key_prefix + sender_id))
    mapping = getattr(store, "store", None)
    if isinstance(mapping, dict):
        return mapping.pop(sender_id, None) is not None
    logger.warning("tracker store %s cannot forget a conversation before its expiry",
                   type(store).__name__)
    return False


def _primary(store: Any) -> Any:
    """The store Rasa reads conversations from behind its wrappers.

    ``AwaitableTrackerStore`` and ``FailSafeTrackerStore`` both retrieve from their
    ``_tracker_store`` only (never from the fail-safe fallback), and neither passes
    ``exists`` on: their inherited one would rebuild the whole tracker.
    """
    while getattr(store, "_tracker_store", None) is not None:
        store = store._tracker_store
    return store


async def holds_conversation(store: TrackerStore | Any | None, sender_id: str) -> bool:
    """Whether Rasa would find this conversation in ``store`` when its next message comes.

    Why: the widget tells a person who reloads the page that the conversation goes on;
    that is only true while the store still has it (an in-memory store loses everything
    on a restart; Redis and ``ExpiringInMemoryTrackerStore`` forget after ``record_exp``).
    Asks the primary store's ``exists`` (ours answer without rebuilding the tracker). No
    store, or a failing one, counts as "not held": better a fresh start than a promise
    the server cannot keep. A failure is logged without the conversation id.
    """
    if store is None:
        return False
    primary = _primary(store)
    try:
        found = primary.exists(sender_id)
        if inspect.isawaitable(found):
            found = await found
    except Exception as error:  # a store that cannot answer cannot promise either
        logger.error("could not look up a conversation in %s (%s)",
                     type(primary).__name__, type(error).__name__)
        return False
    return bool(found)


async def forget_conversation(store: TrackerStore | Any | None, sender_id: str) -> bool:
    """Remove one conversation from ``store`` and every store it wraps, now.

    Used by the quick exit. A store's public ``forget(sender_id)`` wins (ours: memory
    and Redis); Rasa's own Redis store loses its key, its in-memory store the entry.
    Every store is tried even if one fails (the fallback may hold the same text), and
    a failure is logged without the conversation id. Returns whether anything was
    removed.
    """
    removed = False
    for inner in _unwrapped(store):
        try:
            removed = await _forget_in(inner, sender_id) or removed
        except Exception as error:  # try the other stores all the same
            logger.error("could not forget a conversation in %s (%s)",
                         type(inner).__name__, type(error).__name__)
    return removed
