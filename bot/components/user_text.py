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

#: Longer messages are cut: DIET's cost grows with the square of the length, and a
#: 20,000-character paste must not stall the server for everyone. 4,000 characters is
#: a long story (about 700 words); the danger check sees the same text as the model.
MAX_CHARS = 4000
#: Control characters other than tab and newlines carry no meaning for the NLU.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Leading slashes, also after invisible or white-space characters.
_COMMAND = re.compile(r"^[\s\u200b-\u200f\u2060\ufeff]*/+")


def neutralise(text: str | None) -> str | None:
    """``text`` as safe user text: no leading ``/`` (so Rasa never parses it as an
    intent), no control characters, at most :data:`MAX_CHARS` characters."""
    if text is None:
        return None
    return _COMMAND.sub("", _CONTROL.sub(" ", text))[:MAX_CHARS]
