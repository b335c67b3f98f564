"""Deterministic cues of danger now: the safety net beside the classifier.

Why: a trained classifier will sometimes miss "hij heeft een mes" inside a long story,
and that miss can cost a life. These patterns are independent of the model: they run
in an NLU component on every message and again in the routing action. They look for
strong, present-tense cues (a weapon at hand, strangling, a threat to kill, someone
bleeding or locked in, violence happening "nu") and ignore past events, negations and
general questions, so 112 is not pushed on every worried bystander.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class DangerSignal:
    """Why the message counts as danger now."""

    category: str
    cue: str
    strength: str = "strong"


def normalise(text: str) -> str:
    """Lowercase, no diacritics, letters repeated 3+ times folded ("hellupppp")."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(\w)\1{2,}", r"\1\1", text)
    text = text.replace("’", "'")
    return re.sub(r"\s+", " ", text)


_NOW = r"(nu|nou|op dit moment|op dit ogenblik|momenteel|nu net|net nu|zo meteen|zometeen)"
_VIOLENCE_NOW_VERB = (
    r"(slaat|slaan|schopt|schoppen|stompt|duwt|trapt|wurgt|wurg|steekt|mishandelt|"
    r"bedreigt|aan het slaan|aan het schoppen|aan het vechten|in elkaar|sloopt|gooit)"
)
_WEAPON = (
    r"(mes|messen|mess|keukenmes|pistool|vuurwapen|geweer|wapen|schaar|bijl|hamer|"
    r"knuppel|honkbalknuppel|machete|zwaard|glas|fles)"
)
_WEAPON_PRESENT = (
    r"(heeft|heb|pakt|houdt|staat|zwaait|richt|dreigt|komt|zit|loopt|trekt|rent)"
)

#: (category, pattern). Order matters only for which category is reported.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("strangling", re.compile(
        r"\b(wurg\w*|gewurgd|keel (dicht|dichtknijpt|dichtgeknepen|dicht knijpt)|"
        r"knijpt (mijn|m'n|mn|me|haar|zijn|zn|z'n) keel|handen om (mijn|m'n|mn|me|haar|zijn|zn|z'n) (nek|keel)|"
        r"kan (bijna )?niet (meer )?ademen|krijg(t)? geen lucht|verstikt|"
        r"hoofd onder (het )?water|probeert (me|mij|haar) te verdrinken|"
        r"strangl\w*|chok(es|ing) (me|her))\b")),
    ("threat_to_kill", re.compile(
        r"\b((gaat|ga|wil|zal|gaan) (me|mij|je|jou|haar|hem|ons|jullie|de kinderen|"
        r"het kind|mijn \w+) (ver)?moorden|vermoord(t)? (me|mij|haar|hem|ons|je)|"
        r"vermoort|maakt (me|mij|haar|ons) af|maak (je|jou) af|dood ?maken|doodmaken|"
        r"(maak|maakt) (je|jou|me|mij|haar) dood|schiet (je|jou|me|mij|haar|ons) dood|"
        r"steekt (je|me|mij|haar|ons) (dood|neer)|dreigt (me|mij|haar|ons) (te )?(ver)?moorden|"
        r"ik (ga|word) vermoord|i'?m going to die|he will kill|going to kill|kill (me|her|us)|"
        r"dreigt (me|mij|haar|ons) iets aan te doen)\b"
        r"|\b(me|mij|haar|hem|ons|je|jou|jullie)( \w+){0,3} (gaat |wil |zal )?(ver)?moord(t|en|e)\b")),
    ("bleeding", re.compile(
        r"\b(bloedt|bloed(en)? (overal|heel erg|veel)|ligt in (een plas )?bloed|"
        r"bewusteloos|reageert niet( meer)?|ademt niet( meer)?|is flauwgevallen)\b")),
    ("locked_in", re.compile(
        r"\b(opgesloten|sluit (me|mij|haar|ons) op|laat (me|mij|haar|ons) niet (gaan|weg|eruit)|"
        r"niet (weg|eruit|naar buiten) kan|"
        r"kan (er )?niet (weg|uit|eruit)|zit vast in|deur (zit )?op slot en)\b")),
    ("fire", re.compile(r"\b(in brand (steken|steekt|gestoken)|steekt .{0,20} in brand|"
                        r"gooit benzine)\b")),
    ("intruder", re.compile(
        r"\b(trapt .{0,30}(deur|raam).{0,25}\bin|probeert (binnen|naar binnen) te komen|"
        r"staat (nu )?voor (de|mijn|m'n|mn) deur|breekt (in|de deur)|bonkt op de deur|komt eraan|"
        r"is (nu |nog )?(hier )?(binnen|in huis)|"
        r"iemand in (mijn|ons) huis die|"
        r"staat (nu )?(in|voor) (het|mijn|m'n|mn) (huis|raam))\b")),
    ("violence_now", re.compile(
        r"\b(is|are) (hitting|beating|kicking|attacking) (me|her|him|us)\b|"
        r"\b(hitting|beating) (me|her) right now\b|\bnet (verkracht|aangerand)\b.{0,40}\b(nog|is|staat)\b")),
    ("call_for_help", re.compile(r"\b(bel (de )?112|bel de politie|help+ (me|mij|ons)? ?(snel|nu|alsjeblieft|aub)|"
                                 r"help help|snel hulp|(help|hulp) nodig nu)\b")),
]

_WEAPON_RE = re.compile(rf"\b{_WEAPON}\b")
_WEAPON_CONTEXT_RE = re.compile(
    rf"\b{_WEAPON_PRESENT}\b.{{0,40}}\b{_WEAPON}\b|\b{_WEAPON}\b.{{0,40}}\b"
    r"(voor de deur|in (zijn|haar) hand|op (me|mij|haar|ons)|tegen (me|mij|haar)|"
    r"naar (me|mij|haar|ons)|gericht|bij (mijn|m'n|mn|haar) keel|dreigt|zwaait|"
    r"achter (me|mij|haar|hem|ons) aan|in de (keuken|kamer|gang)|in (zijn|haar) hand)"
)
#: Cooking, not threatening: "ze sneed groenten met een mes". (Not "keuken": threats
#: happen in kitchens too.)
_KITCHEN_RE = re.compile(r"\b(snijd|snijdt|sneed|groente|brood|aardappel|vlees|schil|schillen|"
                         r"koken|kookt|slijp)\w*")
_NOW_VIOLENCE_RE = re.compile(
    rf"\b{_NOW}\b.{{0,30}}\b{_VIOLENCE_NOW_VERB}\b|\b{_VIOLENCE_NOW_VERB}\b.{{0,25}}\b{_NOW}\b"
    r"|\b(hij|zij|ze|mijn \w+|de buurman|mijn vader|mijn man|mijn vriend) is (haar|hem|me|mij|"
    r"de kinderen|ze|zijn vrouw|mijn moeder|de baby) aan het (slaan|schoppen|wurgen|mishandelen)"
    r"|\b(hoor|zie) (ik )?(de |het |mijn )?(buur)?(kinderen|kind|baby|vrouw|buurvrouw) "
    r"(gillen|schreeuwen|huilen).{0,40}\b(slaat|slaan|schopt|klappen)\b"
)
#: Past or hypothetical framing that turns a cue into history, not danger now.
_PAST_RE = re.compile(
    r"\b(vroeger|toen ik|vorig(e)? (jaar|week|maand)|jaren geleden|maanden geleden|weken geleden|"
    r"ooit|destijds|in het verleden|als kind|vorige relatie|had (hij|zij|ze)|heeft (hij|zij|ze) "
    r"ooit|sloeg|schopte|dreigde (toen|vroeger|ooit))\b"
)
#: "al jaren", "vaak": a pattern over time; "nu" in such a message is usually "by now".
_HABITUAL_RE = re.compile(r"\b(al jaren|al lang|jarenlang|al maanden|vaak|regelmatig|soms|altijd|elke dag)\b")
_NEGATION_RE = re.compile(
    r"\b(geen (direct )?gevaar|niet (meer )?in gevaar|is (nu )?weg|niet nu|nu niet|nu veilig|"
    r"ben (nu )?veilig|geen mes|zonder mes|heeft geen)\b"
)


def detect_danger(text: str) -> DangerSignal | None:
    """The strongest cue of danger now in ``text``, or None."""
    if not text or not text.strip():
        return None
    t = normalise(text)
    negated = bool(_NEGATION_RE.search(t))
    now_violence = _NOW_VIOLENCE_RE.search(t)
    # History ("vorig jaar had hij een mes, nu woon ik alleen") unless violence is
    # happening now in the same message.
    past = bool(_PAST_RE.search(t)) and not now_violence
    habitual = bool(_HABITUAL_RE.search(t))
    for category, pattern in _PATTERNS:
        match = pattern.search(t)
        if match and not (negated and category in {"intruder", "call_for_help"}) and not past:
            return DangerSignal(category, match.group(0))
    if not negated and not past:
        weapon = _WEAPON_CONTEXT_RE.search(t)
        if weapon and not _KITCHEN_RE.search(t):
            return DangerSignal("weapon", weapon.group(0))
        if now_violence and not habitual:
            return DangerSignal("violence_now", now_violence.group(0))
    return None
