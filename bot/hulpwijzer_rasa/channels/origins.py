"""Which web pages may open the widget's socket.io connection: checked by the browser's Origin.

Why: a browser sends the ``Origin`` of the page that opens a WebSocket (and of every
cross-origin request) and lets the page do so whatever the server's CORS headers say;
only the server can refuse. Without a check, any website could run our chat inside its
own page through its visitors' browsers (its own look, its own texts around our
answers, its own scripts reading every message), or send traffic to the assistant
from thousands of browsers. So the channel accepts only the origins that serve the
widget page: ``HULPWIJZER_WIDGET_ORIGINS``.

How it is enforced: python-engineio's own ``cors_allowed_origins`` (python-socketio
5.18.1 passes it to python-engineio 4.15.1). A request whose ``Origin`` header is not
in the list gets HTTP 400 before any socket.io session exists, for the WebSocket
handshake and for long-polling alike. A request *without* an ``Origin`` header is let
through: engine.io checks the header "if present" (``AsyncServer.handle_request``).
Browsers always send it on a WebSocket handshake, so that only concerns programs
(python-socketio in the tests, server-to-server), which could send any ``Origin`` they
liked anyway: against them, the signed conversation ids (``session_ids``) are the guard,
not this check.

The value: space-separated exact origins (``https://help.example.nl``), the pages that
show ``/widget`` (the production proxy's ``PUBLIC_ORIGIN``, not the partner sites: the
socket belongs to our page inside their iframe). Plain http only on loopback, no
wildcards, paths or user names, as for ``PARTNER_ORIGINS`` (web/server.py). Unset, a
server that listens on loopback (``make run``, the tests) accepts the pages of this
machine (http(s) on 127.0.0.1, localhost or [::1], any port); one that listens on
anything else refuses to start, like a missing ``HULPWIJZER_SESSION_SECRET``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from hulpwijzer_rasa.channels.session_ids import is_loopback

#: The environment variable with the allowed origins.
ORIGINS_ENV = "HULPWIJZER_WIDGET_ORIGINS"
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

#: What ``AsyncServer(cors_allowed_origins=...)`` takes: a list, or a predicate.
AllowedOrigins = list[str] | Callable[[str], bool]


class OriginsError(ValueError):
    """``HULPWIJZER_WIDGET_ORIGINS`` is unusable or missing where it is required."""


def _origin(token: str) -> str:
    """``scheme://host[:port]`` in the form browsers send it, or OriginsError."""
    parts = urlsplit(token)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or "*" in token
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
        or parts.username is not None
        or parts.password is not None
    ):
        raise OriginsError(f"{ORIGINS_ENV}: {token!r} is not an origin (https://host[:port])")
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK_HOSTS:
        raise OriginsError(f"{ORIGINS_ENV}: {token!r} must be https (http only on loopback)")
    try:
        port = parts.port
    except ValueError as error:
        raise OriginsError(f"{ORIGINS_ENV}: {token!r} has an invalid port") from error
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def parse_origins(value: str) -> list[str]:
    """The configured origins, checked and normalised (lower case, no default port)."""
    origins: list[str] = []
    for token in value.split():
        origin = _origin(token.lower())
        if origin not in origins:
            origins.append(origin)
    if not origins:
        raise OriginsError(f"{ORIGINS_ENV} is empty")
    return origins


def is_loopback_origin(origin: str) -> bool:
    """Whether ``origin`` (an Origin header) is a page on this machine."""
    try:
        parts = urlsplit(origin)
        parts.port  # noqa: B018 (raises on a malformed port)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and parts.hostname in _LOOPBACK_HOSTS and (
        parts.path == "" and not parts.query and not parts.fragment
    )


def allowed_origins(environ: Mapping[str, str] | None = None) -> AllowedOrigins | None:
    """The configured origins, or None when ``HULPWIJZER_WIDGET_ORIGINS`` is unset."""
    value = (os.environ if environ is None else environ).get(ORIGINS_ENV, "")
    return parse_origins(value) if value.strip() else None


def for_host(configured: list[str] | None, host: str | None) -> AllowedOrigins:
    """What engine.io checks on a server bound to ``host``: the configured origins, or
    (unset) this machine's pages on a loopback server; unset elsewhere is refused."""
    if configured is not None:
        return configured
    if is_loopback(host):
        return is_loopback_origin
    raise OriginsError(
        f"{ORIGINS_ENV} is not set: beyond loopback the socket.io channel must know the "
        "origin of the widget page (e.g. https://help.example.nl, the PUBLIC_ORIGIN)"
    )
