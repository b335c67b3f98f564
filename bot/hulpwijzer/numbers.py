"""Dutch number words, shared by the age and time parsers."""

from __future__ import annotations

WORDS: dict[str, int] = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
    "negentien": 19, "twintig": 20, "paar": 3, "enkele": 3, "aantal": 3,
}


def to_int(token: str) -> int | None:
    """``"14"`` or ``"veertien"`` -> 14; anything else -> None."""
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    return WORDS.get(token)
