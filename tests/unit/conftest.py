"""Fixtures for action tests: a tracker factory, a dispatcher and the domain.

Modelled on RasaHQ/rasa-demo: actions run against an in-memory tracker, no network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.helpers import domain_yaml

MakeTracker = Callable[..., Tracker]


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return domain_yaml()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def user_event(text: str, intent: str, entities: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": list(entities)},
    }


@pytest.fixture
def make_tracker(domain: dict[str, Any]) -> MakeTracker:
    """Build a tracker whose latest message is ``text`` classified as ``intent``."""

    def build(
        text: str,
        intent: str,
        entities: Sequence[dict[str, Any]] = (),
        slots: dict[str, Any] | None = None,
        history: Sequence[dict[str, Any]] = (),
        ranking: Sequence[dict[str, Any]] = (),
        active_loop: str | None = None,
    ) -> Tracker:
        all_slots = {name: None for name in domain["slots"]}
        all_slots.update(slots or {})
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": list(entities),
            "intent_ranking": list(ranking) or [{"name": intent, "confidence": 0.9}],
        }
        events = [*history, user_event(text, intent, entities)]
        return Tracker(
            sender_id="test",
            slots=all_slots,
            latest_message=latest,
            events=events,
            paused=False,
            followup_action=None,
            active_loop={"name": active_loop} if active_loop else {},
            latest_action_name="action_listen",
        )

    return build


def sent_services(dispatcher: CollectingDispatcher) -> list[str]:
    return [
        m["custom"]["route"]["service"]
        for m in dispatcher.messages
        if "route" in (m.get("custom") or {})
    ]


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
