"""When did it happen? Dutch time expressions -> days since the incident.

Why: after sexual violence the first 7 days matter (medical care, traces), so the
Centrum Seksueel Geweld is "now" within a week and "still welcome" after it.
"""

from __future__ import annotations

import re
from datetime import date

from hulpwijzer.numbers import WORDS, to_int

LONG_AGO = 3650
_WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
_UNITS = {"dag": 1, "dagen": 1, "week": 7, "weken": 7, "maand": 30, "maanden": 30,
          "jaar": 365, "jaren": 365}
_AGO = re.compile(rf"\b{_NUMBER}\s+(dagen|dag|weken|week|maanden|maand|jaren|jaar)\s+(geleden|terug)")
_FIXED: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"\b(net|zojuist|vandaag|vannacht|vanochtend|vanmorgen|vanmiddag|vanavond|"
                r"afgelopen nacht|een uur geleden|paar uur geleden|uur geleden)\b"), 0),
    (re.compile(r"\beergisteren\b"), 2),
    (re.compile(r"\bgister(en)?\b"), 1),
    (re.compile(r"\b(vorige|afgelopen) week\b|\been week (geleden|terug)\b|\bdeze week\b"), 7),
    (re.compile(r"\b(vorige|afgelopen) maand\b|\been maand (geleden|terug)\b"), 30),
    (re.compile(r"\bpaar maanden\b|\bmaanden geleden\b"), 90),
    (re.compile(r"\b(vorig|afgelopen) jaar\b|\been jaar (geleden|terug)\b"), 365),
    (re.compile(r"\b(jaren geleden|lang geleden|heel lang|toen ik (klein|jong|een kind|\d+)|"
                r"als kind|in mijn jeugd|vroeger)\b"), LONG_AGO),
]


def days_since(text: str, today: date | None = None) -> int | None:
    """Days between the incident and ``today``; None when the text does not say."""
    t = (text or "").lower()
    if re.search(r"\b(langer|meer) dan (een|1) week\b", t):
        return 8
    match = _AGO.search(t)
    if match:
        count = to_int(match.group(1))
        if count is not None:
            return count * _UNITS[match.group(2)]
    for pattern, days in _FIXED:
        if pattern.search(t):
            return days
    weekday = re.search(r"\b(afgelopen|vorige|op)?\s*(" + "|".join(_WEEKDAYS) + r")\b", t)
    if weekday:
        back = ((today or date.today()).weekday() - _WEEKDAYS.index(weekday.group(2))) % 7
        return back or 7
    return None
