"""Shared fixtures: the trained model and the running servers, once per test session.

Why session scope: starting Rasa costs tens of seconds (TensorFlow, model loading), so
all end-to-end and browser tests share one set of servers on free loopback ports.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hulpwijzer_tools.modelcache import train
from hulpwijzer_tools.paths import ROOT
from hulpwijzer_tools.stack import Stack, free_port
from hulpwijzer_tools.trainers.client import RestClient

Talk = Callable[..., list[dict[str, Any]]]


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The model for the current data; trained only when missing (cached by hash)."""
    return train()


@pytest.fixture(scope="session")
def stack(model_path: Path) -> Iterator[Stack]:
    servers = Stack(
        model=model_path,
        rasa_port=free_port(),
        actions_port=free_port(),
        web_port=free_port(),
        log_dir=ROOT / "reports" / "logs",
    )
    with servers:
        yield servers


@pytest.fixture(scope="session")
def talk(stack: Stack) -> Talk:
    """Send one message over REST; returns Rasa's list of bot messages."""

    client = RestClient(stack.rasa_url)

    def send(message: str, sender: str | None = None) -> list[dict[str, Any]]:
        return client.send(sender or uuid.uuid4().hex, message)

    return send
