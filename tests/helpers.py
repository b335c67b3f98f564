"""Small helpers for tests that talk to the running assistant."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def post_json(url: str, body: dict[str, Any], timeout: float = 60) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def routes(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The route payloads in a reply, in order."""
    return [m["custom"]["route"] for m in messages if "route" in (m.get("custom") or {})]


def services(messages: list[dict[str, Any]]) -> list[str]:
    return [r["service"] for r in routes(messages)]
