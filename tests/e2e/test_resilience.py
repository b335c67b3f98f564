"""A dead action server, and two Rasa instances sharing one Redis.

These start their own servers (not the shared session stack), because they kill them.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from hulpwijzer_tools.stack import BOT, RedisServer, Stack, free_port
from hulpwijzer_tools.trainers.client import RestClient, services

pytestmark = pytest.mark.e2e


def say(stack: Stack, sender: str, message: str) -> list[dict]:
    return RestClient(stack.rasa_url).send(sender, message)


def test_dead_action_server_still_gives_112_and_veilig_thuis(model_path: Path, tmp_path) -> None:
    stack = Stack(
        model=model_path,
        rasa_port=free_port(),
        actions_port=free_port(),
        web_port=None,
        log_dir=tmp_path,
        extra_env={"ACTION_TIMEOUT": "3"},
    )
    with stack:
        sender = uuid.uuid4().hex
        before = services(say(stack, sender, "ik denk dat de buurman zijn vrouw slaat"))
        assert "veilig_thuis" in before
        stack.stop_one("actions")
        for message in (
            "hij slaat me nu",
            "mijn vader slaat mij en mijn broertje",
            "masker 19",
            "ik ben gisteren verkracht",
        ):
            started = time.monotonic()
            found = services(say(stack, sender, message))
            assert "112" in found and "veilig_thuis" in found, (message, found)
            assert found.index("112") < found.index("veilig_thuis")
            assert time.monotonic() - started < 30


@pytest.fixture
def redis(tmp_path) -> Iterator[RedisServer]:
    """Redis as docker-compose.yml runs it: with a password, nothing on disk."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: run `make deps` (scripts/install_redis.sh)")
    with RedisServer(tmp_path) as server:
        yield server


def test_two_instances_share_one_conversation_through_redis(
    model_path: Path, redis: RedisServer, tmp_path
) -> None:
    env = redis.env()
    actions_port = free_port()
    first = Stack(model=model_path, rasa_port=free_port(), actions_port=actions_port,
                  web_port=None, log_dir=tmp_path / "a", extra_env=env,
                  endpoints=BOT / "endpoints.redis.yml")
    second = Stack(model=model_path, rasa_port=free_port(), actions_port=actions_port,
                   web_port=None, log_dir=tmp_path / "b", extra_env=env,
                   endpoints=BOT / "endpoints.redis.yml")
    with first:
        second.start_rasa()
        try:
            sender = uuid.uuid4().hex
            # turn 1 on instance A: local support asks for the place
            assert not services(say(first, sender, "ik zoek hulp bij mij in de buurt"))
            # turn 2 on instance B: it knows the question was asked
            reply = say(second, sender, "8302")
            wijkteam = [m["custom"]["route"] for m in reply
                        if (m.get("custom") or {}).get("route", {}).get("service") == "wijkteam"]
            assert wijkteam and wijkteam[0]["municipality"] == "Noordoostpolder"
            # the conversation is stored in Redis with an expiry
            keys = redis.cli("--scan").split()
            key = next(k for k in keys if sender in k)
            ttl = int(redis.cli("ttl", key))
            assert 0 < ttl <= 3600
            # kill instance A; B continues the same conversation
            first.stop_one("rasa")
            assert "112" in services(say(second, sender, "hij staat nu met een mes voor de deur"))
        finally:
            second.stop()
