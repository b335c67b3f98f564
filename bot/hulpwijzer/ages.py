"""Ages in Dutch chat text ("ik ben 14", "veertien jaar", "12jr").

Why: children get Kindertelefoon next to Veilig Thuis, in words for their age.
"""

from __future__ import annotations

import re

from hulpwijzer.numbers import WORDS, to_int

_NUMBER = r"(\d{1,2}|" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
_AGE = re.compile(
    rf"\b(?:ik ben|ben|bijna|net)\s+{_NUMBER}\b(?!\s*(?:dagen|weken|maanden|keer|uur))"
    rf"|\b{_NUMBER}\s*(?:jaar|jr|jaar oud)\b"
    rf"|^\s*{_NUMBER}\s*$",
    re.IGNORECASE,
)
ADULT_AGE = 18


def parse_age(text: str) -> int | None:
    """The first plausible age (4-110) in ``text``, or None."""
    for match in _AGE.finditer(text or ""):
        value = next(g for g in match.groups() if g)
        age = to_int(value)
        if age is not None and 4 <= age <= 110:
            return age
    return None


def age_group(age: int) -> str:
    """``child`` under 18, else ``adult``."""
    return "child" if age < ADULT_AGE else "adult"
