"""Small helpers for tests that talk to the running assistant."""

from __future__ import annotations

import base64
import http.client
import os
import ssl
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from hulpwijzer_tools.jsonhttp import post_json
from hulpwijzer_tools.trainers.client import routes, services

__all__ = ["post_json", "routes", "services", "domain_yaml", "response_variations",
           "socketio_handshake"]

DOMAIN = Path(__file__).resolve().parent.parent / "bot" / "domain.yml"


@cache
def domain_yaml() -> dict[str, Any]:
    """bot/domain.yml as plain YAML, read once per test run."""
    return yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))


def response_variations(name: str) -> tuple[str, ...]:
    """Every text variation of a domain response.

    Why: Rasa picks one variation at random, so a test that looks for a word in one
    of them passes or fails by chance. Tests compare against the set instead.
    """
    return tuple(v["text"].strip() for v in domain_yaml()["responses"][name] if "text" in v)


def socketio_handshake(
    base_url: str, origin: str | None, transport: str = "websocket",
    ssl_context: ssl.SSLContext | None = None,
) -> tuple[int, list[tuple[str, str]]]:
    """Open an engine.io session on ``base_url`` as a browser on ``origin`` would.

    Returns the HTTP status (101: the WebSocket was accepted, 200: a polling session,
    400: refused) and the response headers. ``origin=None`` sends no Origin header, as
    python-socketio's polling client and server-to-server callers do. Raw HTTP, so the
    test sees exactly the handshake a browser makes.
    """
    parts = urlsplit(base_url)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.netloc, timeout=30, context=ssl_context)
    else:
        connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    headers = {"Origin": origin} if origin is not None else {}
    if transport == "websocket":
        headers.update({
            "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode("ascii"),
        })
    try:
        connection.request("GET", f"/socket.io/?EIO=4&transport={transport}", headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders()
    finally:
        connection.close()
