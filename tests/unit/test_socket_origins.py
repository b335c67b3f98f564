"""Which pages may open the widget's socket (``hulpwijzer_rasa.channels.origins``).

The refusal itself (HTTP 400 from engine.io for a foreign ``Origin``) is shown against
the real server in tests/e2e/test_socket_origins.py; here the setting's rules and how
the channel hands them to python-engineio.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from hulpwijzer_rasa.channels.origins import (
    ORIGINS_ENV,
    OriginsError,
    allowed_origins,
    for_host,
    is_loopback_origin,
    parse_origins,
)
from hulpwijzer_rasa.channels.session_ids import SessionIds
from hulpwijzer_rasa.channels.socketio import SocketIOInput

IDS = SessionIds(b"k" * 32)


def test_origins_are_normalised_as_browsers_send_them() -> None:
    assert parse_origins("https://Help.Example.NL:443/ https://help.example.nl "
                         "http://127.0.0.1:8080 http://[::1]:80") == [
        "https://help.example.nl", "http://127.0.0.1:8080", "http://[::1]"]


@pytest.mark.parametrize("value", [
    "", "   ", "*", "https://*.example.nl", "https:", "help.example.nl", "https://help.example.nl/widget",
    "https://help.example.nl?x=1", "http://help.example.nl", "https://user@help.example.nl",
    "wss://help.example.nl", "https://help.example.nl:99999", "'self'",
])
def test_anything_but_exact_origins_is_refused(value: str) -> None:
    with pytest.raises(OriginsError):
        parse_origins(value)


def test_unset_means_this_machines_pages_on_loopback_and_refusal_elsewhere() -> None:
    assert allowed_origins({}) is None
    assert allowed_origins({ORIGINS_ENV: "https://help.example.nl"}) == ["https://help.example.nl"]
    assert for_host(None, "127.0.0.1") is is_loopback_origin
    with pytest.raises(OriginsError):
        for_host(None, "0.0.0.0")
    assert for_host(["https://help.example.nl"], "0.0.0.0") == ["https://help.example.nl"]


@pytest.mark.parametrize("origin, allowed", [
    ("http://127.0.0.1:8080", True),
    ("http://localhost:43127", True),
    ("https://[::1]:8443", True),
    ("http://evil.example", False),
    ("http://127.0.0.1.evil.example", False),
    ("http://localhost.evil.example:8080", False),
    ("null", False),
    ("file://", False),
    ("http://127.0.0.1:8080/path", False),
    ("http://127.0.0.1:notaport", False),
])
def test_the_loopback_default_accepts_only_this_machine(origin: str, allowed: bool) -> None:
    assert is_loopback_origin(origin) is allowed


def before_server_start(channel: SocketIOInput) -> Any:
    blueprint = channel.blueprint(lambda message: None)  # type: ignore[arg-type, return-value]
    (listener,) = [f.listener for f in blueprint._future_listeners if f.event == "before_server_start"]
    return listener


def app_on(host: str) -> Any:
    return type("App", (), {"state": type("State", (), {"host": host})()})()


def test_the_channel_gives_engineio_the_configured_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ORIGINS_ENV, "https://help.example.nl")
    channel = SocketIOInput(session_persistence=True, session_ids=IDS)
    start = before_server_start(channel)
    assert channel.sio is not None
    assert channel.sio.eio.cors_allowed_origins == ["https://help.example.nl"]
    asyncio.run(start(app_on("0.0.0.0"), None))
    assert channel.sio.eio.cors_allowed_origins == ["https://help.example.nl"]


def test_without_the_setting_the_channel_refuses_to_serve_beyond_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ORIGINS_ENV, raising=False)
    channel = SocketIOInput(session_persistence=True, session_ids=IDS)
    start = before_server_start(channel)
    assert channel.sio is not None
    assert channel.sio.eio.cors_allowed_origins is is_loopback_origin
    with pytest.raises(OriginsError):
        asyncio.run(start(app_on("0.0.0.0"), None))
    asyncio.run(start(app_on("127.0.0.1"), None))


def test_a_bad_setting_stops_the_channel_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ORIGINS_ENV, "*")
    with pytest.raises(OriginsError):
        SocketIOInput.from_credentials({"session_persistence": True})
