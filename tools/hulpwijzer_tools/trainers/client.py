"""Talk to a running assistant over Rasa's REST channel, and read what it answered.

Why shared: the trainers' scenarios and the end-to-end tests (tests/conftest.py,
tests/e2e) talk to the assistant the same way; one client means one place that knows the
webhook's path and the shape of a reply (Rasa's list of bot messages: ``text``,
``buttons``, and the route card under ``custom.route``). The HTTP itself is
``hulpwijzer_tools.jsonhttp`` (urllib: one request at a time needs no extra library).

Errors are not wrapped: an HTTP refusal is ``urllib.error.HTTPError`` and an unreachable
server an ``OSError``, so a test can look at the status it expects.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hulpwijzer_tools.jsonhttp import post_json

Message = dict[str, Any]
#: Anything that sends one message as ``sender`` and returns the reply (a fake in unit tests).
Send = Callable[[str, str], list[Message]]

WEBHOOK = "/webhooks/rest/webhook"


@dataclass(frozen=True)
class RestClient:
    """The REST channel of the Rasa server at ``base_url`` (for example ``http://127.0.0.1:5005``)."""

    base_url: str
    timeout: float = 60

    @property
    def webhook_url(self) -> str:
        return self.base_url.rstrip("/") + WEBHOOK

    def send(self, sender: str, message: str) -> list[Message]:
        """Send ``message`` as ``sender`` (Rasa keeps one conversation per sender); the bot's messages."""
        return post_json(self.webhook_url, {"sender": sender, "message": message}, self.timeout) or []

    def unreachable(self) -> str | None:
        """Why the server cannot be used, or None when its root page answers."""
        try:
            with urllib.request.urlopen(self.base_url.rstrip("/") + "/", timeout=10) as response:
                return None if response.status == 200 else f"HTTP {response.status}"
        except (urllib.error.URLError, OSError, ValueError) as error:
            return str(getattr(error, "reason", error))


# --- reading a reply --------------------------------------------------------------


def routes(reply: list[Message]) -> list[dict[str, Any]]:
    """The route cards in a reply, in the order the person sees them."""
    return [m["custom"]["route"] for m in reply if "route" in (m.get("custom") or {})]


def services(reply: list[Message]) -> list[str]:
    """The service ids of the route cards, in order (``112`` first when it is acute)."""
    return [route["service"] for route in routes(reply)]


def reply_text(reply: list[Message]) -> str:
    return " ".join(m["text"] for m in reply if m.get("text"))


def buttons(reply: list[Message]) -> list[dict[str, Any]]:
    return [b for m in reply for b in (m.get("buttons") or [])]
