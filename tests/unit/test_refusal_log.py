"""Refused socket events cannot flood the log: one line a minute at most, with a count."""

from __future__ import annotations

import asyncio
import logging

import pytest

from hulpwijzer_rasa.channels.refusals import RefusalLog
from hulpwijzer_rasa.channels.session_ids import SessionIds
from hulpwijzer_rasa.channels.socketio import SocketIOInput


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_line_a_minute_and_the_next_line_counts_the_rest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    log = RefusalLog(logging.getLogger("test.refusals"), "refused", clock=clock)
    with caplog.at_level(logging.WARNING, "test.refusals"):
        for _ in range(1000):
            log.refused()
            clock.now += 0.01  # 1000 refusals in 10 seconds
        assert caplog.messages == ["refused"]
        clock.now += 60
        log.refused()
        log.refused()
    assert caplog.messages == ["refused", "refused (1000 times since the last such line)"]
    assert log.unreported == 1


def test_a_loop_of_foreign_events_gives_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    async def ignore(_: object) -> None:
        return None

    channel = SocketIOInput(session_persistence=True, session_ids=SessionIds(b"k" * 32))
    channel.blueprint(ignore)
    assert channel.sio is not None
    handle = channel.sio.handlers["/"]["user_uttered"]

    async def flood() -> None:
        for n in range(500):
            await handle("sid-x", {"message": "ja", "session_id": f"someone-else-{n}"})

    with caplog.at_level(logging.WARNING, "hulpwijzer_rasa.channels.socketio"):
        asyncio.run(flood())
    lines = [r for r in caplog.records if r.name == "hulpwijzer_rasa.channels.socketio"]
    assert len(lines) == 1
    assert channel.refusals.unreported == 499
    assert "someone-else" not in caplog.text
