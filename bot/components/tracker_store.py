"""A bounded, expiring in-memory tracker store: privacy and flat memory by default.

Why: Rasa's ``InMemoryTrackerStore`` keeps every conversation forever. On a helpline
that is both a privacy problem (what someone wrote about violence stays in memory
until the server restarts) and a memory leak under steady traffic. This store forgets
a conversation ``record_exp`` seconds after its last message (like Redis'
``record_exp``) and keeps at most ``max_conversations``, dropping the least recently
used. Several instances need the shared Redis store instead (see docs/production.md).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_RECORD_EXP = 3600.0
DEFAULT_MAX_CONVERSATIONS = 10_000


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
        await super().save(tracker)
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
