"""The action-server fallback is installed at server start, from one place, never on import.

Why subprocesses: the patch changes Rasa's ``RemoteAction`` for the whole process, and
other unit tests build tracker stores (which install it), so only a fresh interpreter
can show what importing alone does and what Rasa's own start-up does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

STATE = """
import json
import rasa.core.actions.action as rasa_action
def state():
    return {"patched": getattr(rasa_action.RemoteAction, "_hulpwijzer_resilience", False),
            "checked": getattr(rasa_action.RemoteAction, "_hulpwijzer_answer_check", False),
            "timeout": rasa_action.DEFAULT_REQUEST_TIMEOUT}
"""

IMPORT_EVERYTHING = STATE + """
import importlib, pkgutil
import hulpwijzer_rasa
names = [m.name for m in pkgutil.walk_packages(hulpwijzer_rasa.__path__, "hulpwijzer_rasa.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({**state(), "modules": names}))
"""

SERVER_START = STATE + """
import asyncio, sys
from rasa.core.agent import load_agent
from rasa.core.utils import AvailableEndpoints
before = state()
# What `rasa run` does when its server starts (rasa.core.run.load_agent_on_start), without a model.
agent = asyncio.run(load_agent(model_path=None, endpoints=AvailableEndpoints.read_endpoints(sys.argv[1])))
store = agent.tracker_store._tracker_store  # inside Rasa's FailSafeTrackerStore
print(json.dumps({"before": before, "after": state(), "store": type(store).__name__}))
"""


def run(code: str, *args: str) -> dict:
    env = dict(os.environ, ACTION_ENDPOINT_URL="http://127.0.0.1:9/webhook", ACTION_TIMEOUT="3",
               REDIS_HOST="127.0.0.1", REDIS_PORT="9", REDIS_PASSWORD="unused",
               TF_CPP_MIN_LOG_LEVEL="3", RASA_TELEMETRY_ENABLED="false")
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_every_rasa_extension_changes_nothing_in_rasa() -> None:
    result = run(IMPORT_EVERYTHING)
    assert "hulpwijzer_rasa.stores.tracker_store" in result["modules"]
    assert "hulpwijzer_rasa.action_resilience" in result["modules"]
    assert "hulpwijzer_rasa.action_answer_check" in result["modules"]
    assert result["patched"] is False
    assert result["checked"] is False
    assert result["timeout"] == 300  # Rasa's own default, untouched


@pytest.mark.parametrize(("endpoints", "store"), [("endpoints.yml", "ExpiringInMemoryTrackerStore"),
                                                   ("endpoints.redis.yml", "TrimmingRedisTrackerStore")])
def test_rasa_server_start_installs_the_fallback(endpoints: str, store: str) -> None:
    result = run(SERVER_START, str(ROOT / "bot" / endpoints))
    assert result["before"] == {"patched": False, "checked": False, "timeout": 300}
    assert result["after"] == {"patched": True, "checked": True, "timeout": 3.0}  # ACTION_TIMEOUT
    # Rasa silently falls back to its own store when the configured class fails to import:
    # then nothing would install the fallback. The configured store must be the one built.
    assert result["store"] == store
