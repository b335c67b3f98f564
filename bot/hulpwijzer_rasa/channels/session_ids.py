"""Conversation ids for the widget's socket.io channel: issued and signed by the server.

Why: a conversation id is the only thing that binds a browser to its conversation. When
a client could choose it, anyone who guessed or made up an id (or reused a REST sender
name) could join that room, read every bot reply, post into the conversation and forget
it. So only the server issues ids: 192 random bits (``secrets.token_urlsafe``) followed by
an HMAC-SHA256 over them, keyed with ``HULPWIJZER_SESSION_SECRET``. An id the server did
not issue, or one altered by a single character, fails :meth:`SessionIds.verify`, and the
channel hands out a fresh one instead.

Why the stdlib (``secrets``, ``hmac``) and not a signing library such as itsdangerous:
the job is one HMAC over one random token, the standard library's primitives are the
maintained ones, and a dependency would add a second serialisation format to audit.

The id alphabet is base64url plus one ``.``: it never holds a ``:``, so it can never
start with the ``rest:`` prefix the REST channel puts before its sender names, and the
two id spaces cannot meet.

With the secret unset, each process draws a random one (:meth:`SessionIds.from_environment`):
fine on a loopback development or test run, where ids only need to survive reconnects to
the same process. Several instances (or a restart) need one shared secret, which is why
:func:`check_secret_for_host` refuses to serve on anything but loopback without it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

#: The environment variable that holds the signing secret (at least 32 characters).
SECRET_ENV = "HULPWIJZER_SESSION_SECRET"
#: A shorter secret is refused: HMAC-SHA256 wants a key of at least its output size.
MIN_SECRET_BYTES = 32
#: Anything longer is refused before it is parsed (ids issued here are 76 characters).
MAX_ID_LENGTH = 200
#: 24 random bytes = 192 bits = 32 base64url characters.
TOKEN_BYTES = 24
#: Binds a signature to this use, so the same secret could sign other things safely.
PURPOSE = b"hulpwijzer/socketio-conversation/v1"
#: The REST channel's conversations are ``rest:<sender>``; no issued id contains ``:``.
REST_PREFIX = "rest:"

_TOKEN_CHARS = 32
_MAC_CHARS = 43  # 32 bytes of SHA-256 in base64url without padding
_ID = re.compile(rf"([A-Za-z0-9_-]{{{_TOKEN_CHARS}}})\.([A-Za-z0-9_-]{{{_MAC_CHARS}}})")
_LOOPBACK_NAMES = {"localhost"}


class SecretError(ValueError):
    """The configured secret is unusable (its value is never part of the message)."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class SessionIds:
    """Issues conversation ids and recognises the ones it issued."""

    secret: bytes = field(repr=False)
    #: True when the secret was drawn at random for this process only.
    ephemeral: bool = False

    def __post_init__(self) -> None:
        if len(self.secret) < MIN_SECRET_BYTES:
            raise SecretError(f"{SECRET_ENV} must be at least {MIN_SECRET_BYTES} characters long")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> SessionIds:
        """The secret from :data:`SECRET_ENV`, or a random one for this process only."""
        value = (os.environ if environ is None else environ).get(SECRET_ENV, "")
        if not value:
            return cls(secrets.token_bytes(MIN_SECRET_BYTES), ephemeral=True)
        return cls(value.encode("utf-8"))

    def _mac(self, token: str) -> str:
        digest = hmac.new(self.secret, PURPOSE + b"\0" + token.encode("ascii"), hashlib.sha256)
        return _b64(digest.digest())

    def issue(self) -> str:
        """A fresh, unguessable, signed conversation id (76 characters)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        return f"{token}.{self._mac(token)}"

    def verify(self, candidate: object) -> str | None:
        """``candidate`` when this server issued it, else None (for any type or length)."""
        if not isinstance(candidate, str) or len(candidate) > MAX_ID_LENGTH:
            return None  # a cheap guard first: the pattern below would refuse it too
        match = _ID.fullmatch(candidate)
        if match is None:
            return None
        token, mac = match.groups()
        return candidate if hmac.compare_digest(mac, self._mac(token)) else None


def is_loopback(host: str | None) -> bool:
    """Whether a server bound to ``host`` can only be reached from this machine."""
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_secret_for_host(ids: SessionIds, host: str | None) -> None:
    """Refuse to serve beyond loopback with a per-process secret.

    A per-process secret is not insecure (ids stay unforgeable), but behind a load
    balancer an id issued by one instance would be refused by the next and a restart
    would cut every conversation: production must set :data:`SECRET_ENV`.
    """
    if ids.ephemeral and not is_loopback(host):
        raise SecretError(
            f"{SECRET_ENV} is not set: a random per-process secret is only allowed on a "
            "loopback interface (set it to at least 32 random characters, "
            "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
        )
