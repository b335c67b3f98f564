"""Typed text is data, never a command: neutralise Rasa's ``/intent{...}`` syntax.

Why: Rasa treats a message that starts with "/" as an intent with entities, skipping
the NLU. A person (or a script) typing ``/inform{"place": "<img ...>"}`` or
``/affirm`` could set slots or steer the dialogue. The widget's buttons send plain
Dutch text ("ja", "nee", "Almere (Flevoland)"), so no legitimate message needs the
syntax; every channel passes user text through :func:`neutralise` first, and the NLU
then reads it as ordinary words. (Forgetting a conversation on quick exit has its
own socket.io event and never travels as user text.)
"""

from __future__ import annotations

import re

#: Leading slashes, also after invisible or white-space characters.
_COMMAND = re.compile(r"^[\s\u200b-\u200f\u2060\ufeff]*/+")


def neutralise(text: str | None) -> str | None:
    """``text`` without a leading ``/``, so Rasa never parses it as an intent."""
    if text is None:
        return None
    return _COMMAND.sub("", text)
