"""Who is writing: the person it happens to, someone who sees it, a professional, or the
one who does it.

Why its own module: the role changes the words of the routes (``routing.route`` picks
the bystander, professional or perpetrator text), and these patterns are Dutch language
knowledge, not orchestration; here they are tested on their own.
"""

from __future__ import annotations

import re

_FIRST_PERSON_VICTIM = re.compile(
    r"\b(slaat|schopt|duwt|bedreigt|mishandelt|misbruikt|verkracht|sloeg|schopte|"
    r"bedreigde|mishandelde|misbruikte|dwingt|controleert|stalkt)\s+(me|mij)\b"
    r"|\bik\s+(word|werd|ben)\s+(geslagen|mishandeld|misbruikt|verkracht|bedreigd|"
    r"geschopt|gestalkt|uitgebuit|gedwongen)\b"
)
_PERPETRATOR = re.compile(
    r"\bik\s+(sla|schop|duw|sloeg|schopte|word\s+(agressief|gewelddadig))\b"
    r"|\bik\s+heb\s+(mijn|m'n|mn)\s+\w+\s+(geslagen|geschopt|pijn\s+gedaan)\b"
    r"|\bik\s+ben\s+(degene\s+die|de\s+dader)\b"
)
_PROFESSIONAL = re.compile(
    r"\b(leerling|leerlingen|cli[eë]nt|cli[eë]nten|pati[eë]nt|pati[eë]nten|"
    r"leerkracht|docent|juf van|mentor|huisarts|apotheker|wijkverpleegkundige|"
    r"als\s+(professional|hulpverlener|begeleider|trainer|coach)|meldcode|in mijn werk)\b"
)
_BYSTANDER = re.compile(
    r"\b(buurvrouw|buurman|buren|buurjongen|buurmeisje|vriendin|vriend|collega|"
    r"zus|broer|nicht|neef|kennis)\b"
)


def role_in(text: str, relations: list[str]) -> str:
    """The role this message shows, or "unknown".

    Order matters: "ik sla mijn vriendin" is a perpetrator although it names a friend;
    "mijn vriend slaat me" a victim. ``relations``: the NLU's ``relation`` entities.
    """
    lowered = text.lower()
    if _PERPETRATOR.search(lowered):
        return "perpetrator"
    if _FIRST_PERSON_VICTIM.search(lowered) or "self" in relations:
        return "victim"
    if _PROFESSIONAL.search(lowered) or {"pupil", "client"} & set(relations):
        return "professional"
    if _BYSTANDER.search(lowered) or "neighbour" in relations:
        return "bystander"
    return "unknown"


def role_for(text: str, relations: list[str], known: str | None = None) -> str:
    """This message's role, else the one an earlier turn established."""
    role = role_in(text, relations)
    return str(known) if role == "unknown" and known else role
