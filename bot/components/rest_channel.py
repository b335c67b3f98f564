"""Rasa's REST channel, with user text neutralised (see ``components.user_text``).

Named ``rest`` so the webhook stays ``/webhooks/rest/webhook``; ``bot/credentials.yml``
names this class instead of the stock ``rest`` entry.
"""

from __future__ import annotations

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from components.user_text import neutralise


class SafeRestInput(RestInput):
    """REST input channel whose user text can never trigger an intent directly."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req: Request) -> str | None:
        return neutralise(super()._extract_message(req))
