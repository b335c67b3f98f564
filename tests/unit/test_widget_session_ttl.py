"""The widget keeps a stored conversation id exactly as long as the server keeps the conversation.

Why: after a reload the widget offers its stored id back to the server. Kept longer than
the server's expiry, the person would be told "your conversation goes on" while the
server has already forgotten it; kept shorter, a reload within the hour would lose a
conversation that still exists. The expiry lives in three configuration files and one
constant in widget.js; this test keeps them equal.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def widget_ttl_seconds() -> float:
    source = (ROOT / "web" / "static" / "widget.js").read_text(encoding="utf-8")
    match = re.search(r"var CONVERSATION_TTL_MS = ([\d\s*]+);", source)
    assert match, "widget.js has no CONVERSATION_TTL_MS"
    milliseconds = 1
    for factor in match.group(1).split("*"):
        milliseconds *= int(factor)
    return milliseconds / 1000


def record_exp(name: str) -> float:
    endpoints = yaml.safe_load((ROOT / "bot" / name).read_text(encoding="utf-8"))
    return float(endpoints["tracker_store"]["record_exp"])


def test_the_stored_id_expires_with_the_servers_conversation() -> None:
    ttl = widget_ttl_seconds()
    assert ttl == record_exp("endpoints.yml") == record_exp("endpoints.redis.yml")
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    assert ttl == domain["session_config"]["session_expiration_time"] * 60
