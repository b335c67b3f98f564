"""Ages in Dutch chat text ("ik ben 14", "een jongen van 11", "mijn oma van 86").

Why: children get De Kindertelefoon next to Veilig Thuis, in words for their age. A
number is an age only in an age context: amounts ("ik ben 20 euro kwijt"), times
("om 11 uur"), durations ("al 10 jaar getrouwd"), dates, house numbers and postcodes
never are. That is why the assistant takes ages from this parser and not from the
classifier's ``age`` entity, which once read "300 euro" as an age.
"""

from __future__ import annotations

import re

from hulpwijzer.numbers import WORDS, to_int

_NUMBER = r"(\d{1,3}|" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
#: What may follow a number that is not an age: money, time, counts, durations.
_NOT_AGE_AFTER = (
    r"(?!\d|[.,:]\d|\s*(euro|eur\b|€|,-|uur|u\b|minuten|min\b|seconden|dagen|dag\b|weken|week\b|"
    r"maanden|maand\b|keer|kilo|kg|km|meter|procent|%|cent|pond|zloty|lira|x\b|"
    r"jaar (getrouwd|samen|geleden|terug|bezig|hier|in|weg|lang|verkering|bij)|"
    r"jaren|mensen|kinderen|man\b|vrouwen))"
)
#: Words for a person, after which "van 86" is an age.
_PERSON = (
    r"(jongen|meisje|kind|kindje|baby|dochter|zoon|zus|zusje|broer|broertje|moeder|vader|"
    r"oma|opa|buurvrouw|buurman|buurjongen|buurmeisje|man|vrouw|vriend|vriendin|tante|oom|"
    r"neef|nicht|leerling|leerlinge|cli[eë]nt|cli[eë]nte|pati[eë]nt|pati[eë]nte|mevrouw|"
    r"meneer|dame|heer|puber|tiener|jongere|stiefdochter|stiefzoon|kleinzoon|kleindochter|"
    r"moeder|schoonmoeder|schoonvader|ouder|boy|girl|son|daughter)"
)
_AGE = re.compile(
    # "ik ben 12", "ik ben pas 14 jaar", "i'm 13", "ben bijna 12"
    rf"\b(?:ik ben|ik bn|ben|i'?m|i am|im|age|leeftijd:?)\s+(?:pas\s+|nog\s+(?:maar\s+)?|bijna\s+|net\s+)?"
    rf"{_NUMBER}\b{_NOT_AGE_AFTER}"
    # "een jongen van 11", "mijn oma van 86 jaar"
    rf"|\b{_PERSON}\s+van\s+{_NUMBER}\b{_NOT_AGE_AFTER}"
    # "12 jaar oud", "14-jarige", "15 jarig", "12 years old", "13 yo"
    rf"|\b{_NUMBER}\s*(?:jaar oud|-?jarige?|years? old|yo\b|y/o)"
    # "(12)" after a person: "mijn zoon (12)"
    rf"|\b{_PERSON}\s*\(\s*{_NUMBER}\s*\)",
    re.IGNORECASE,
)
ADULT_AGE = 18


def parse_age(text: str) -> int | None:
    """The first plausible age (4-110) in an age context in ``text``, or None."""
    for match in _AGE.finditer(text or ""):
        value = next(g for g in match.groups() if g and to_int(g) is not None)
        age = to_int(value)
        if age is not None and 4 <= age <= 110:
            return age
    return None


def age_group(age: int) -> str:
    """``child`` under 18, else ``adult``."""
    return "child" if age < ADULT_AGE else "adult"
