"""Rasa's REST channel, with user text neutralised and its own conversation id space.

Named ``rest`` so the webhook stays ``/webhooks/rest/webhook``; ``bot/credentials.yml``
names this class instead of the stock ``rest`` entry.

Why the ``rest:`` prefix: the stock channel uses the posted ``sender`` as the
conversation id as it is, so a REST caller who knew (or guessed) a widget conversation's
id could post into it and read its replies. Here every REST conversation is
``rest:<sender>``; the widget's ids are issued by the server and never contain a ``:``
(``hulpwijzer_rasa.channels.session_ids``), so neither channel can address the other's conversations.
A missing, non-text or overlong sender is refused (HTTP 400) instead of falling back to
Rasa's one shared ``default`` conversation.
"""

from __future__ import annotations

from rasa.core.channels.rest import RestInput
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from hulpwijzer_rasa.channels.session_ids import MAX_ID_LENGTH, REST_PREFIX
from hulpwijzer_rasa.nlu.user_text import neutralise


def rest_sender_id(sender: object) -> str:
    """The conversation id of a REST ``sender``; raises 400 for an unusable one."""
    if not isinstance(sender, str) or not sender or len(sender) > MAX_ID_LENGTH:
        raise InvalidUsage(f"'sender' must be a string of 1 to {MAX_ID_LENGTH} characters")
    return REST_PREFIX + sender


class SafeRestInput(RestInput):
    """REST input channel whose user text can never trigger an intent directly."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str:
        return rest_sender_id(await super()._extract_sender(req))

    def _extract_message(self, req: Request) -> str | None:
        return neutralise(super()._extract_message(req))

    def _extract_input_channel(self, req: Request) -> str:
        """Always ``rest``: a caller cannot make its messages look like the widget's."""
        return self.name()
