"""Typed text is data, never a command: neutralise Rasa's ``/intent{...}`` syntax.

Why: Rasa treats a message that starts with "/" as an intent with entities, skipping
the NLU. A person (or a script) typing ``/inform{"place": "<img ...>"}`` or
``/restart`` could set slots or steer the dialogue, and a malformed command
(``/{...}``, an unknown intent) makes Rasa log the whole text as a warning. The
widget's buttons send plain Dutch text ("ja", "nee", "Almere (Flevoland)"), so no
legitimate message needs the syntax; every channel passes user text through
:func:`neutralise` first, and the NLU then reads it as ordinary words. (Forgetting a
conversation on quick exit has its own socket.io event and never travels as user text.)

How Rasa 3.6 decides (``YAMLStoryReader.unpack_regex_message``, run by
``RegexMessageHandler``): ``text.strip()`` - which drops every character for which
``str.isspace()`` holds - then ``startswith("/")``. Removing only the first slashes is
not enough: ``"/ /restart"`` becomes ``" /restart"``, which Rasa strips back into a
command. So the whole leading run of slashes, white space, Unicode separators (Zs, Zl,
Zp) and invisible format characters (Cf: zero-width spaces, joiners, direction marks,
BOM, ...) goes, in any order. What is left starts with a visible character other than
"/", which ``str.strip()`` keeps, so Rasa can never see a command - nor log one it
failed to parse. A "/" anywhere later ("24/7", "en/of") is ordinary text and stays.
"""

from __future__ import annotations

import re
import unicodedata

#: Longer messages are cut: DIET's cost grows with the square of the length, and a
#: 20,000-character paste must not stall the server for everyone. 4,000 characters is
#: a long story (about 700 words); the danger check sees the same text as the model.
MAX_CHARS = 4000
#: Control characters other than tab and newlines carry no meaning for the NLU.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Rasa's ``INTENT_MESSAGE_PREFIX``.
_SLASH = "/"
#: Unicode categories that are invisible or blank: separators and format characters.
_BLANK_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cf"})


def is_blank(char: str) -> bool:
    """Whether ``char`` is white space, a Unicode separator or an invisible format
    character: what can hide a command from a simple ``startswith("/")`` check."""
    return char.isspace() or unicodedata.category(char) in _BLANK_CATEGORIES


def _command_prefix_length(text: str) -> int:
    """Length of the leading run of slashes and blank characters."""
    for index, char in enumerate(text):
        if char != _SLASH and not is_blank(char):
            return index
    return len(text)


def neutralise(text: str | None) -> str | None:
    """``text`` as safe user text: without its leading run of slashes and blank or
    invisible characters (so Rasa never parses it as an intent), without control
    characters, at most :data:`MAX_CHARS` characters."""
    if text is None:
        return None
    text = _CONTROL.sub(" ", text)
    return text[_command_prefix_length(text):][:MAX_CHARS]
