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


def normalise(text: str) -> str:
    """Lowercase, no diacritics, letters repeated 3+ times folded ("hellupppp")."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(\w)\1{2,}", r"\1\1", text)
    text = text.replace("’", "'")
    return re.sub(r"\s+", " ", text)


_NOW = r"(nu|nou|op dit moment|op dit ogenblik|momenteel|nu net|net nu|zo meteen|zometeen)"
#: Hitting in the present tense: the verbs both kinds of "violence now" cue start from.
_HITS = r"slaat|slaan|schopt|schoppen|stompt|duwt|trapt|wurgt|steekt|mishandelt|in elkaar"
#: ... beside a word like "nu": threats and damage count too.
_VIOLENCE_NOW_VERB = (
    rf"({_HITS}|wurg|bedreigt|aan het slaan|aan het schoppen|aan het vechten|sloopt|gooit)"
)
_WEAPON = (
    r"(mes|messen|mess|keukenmes|pistool|vuurwapen|geweer|wapen|schaar|bijl|hamer|"
    r"knuppel|honkbalknuppel|machete|zwaard|glas|fles)"
)
_WEAPON_PRESENT = (
    r"(heeft|heb|pakt|houdt|staat|zwaait|richt|dreigt|dreigend|bedreigt|komt|zit|loopt|trekt|"
    r"rent|gooit|binnengekomen|rondloopt|terug|is hij|is ze|is zij)"
)

#: A message or call from someone, then silence: "stuurde 'help' en daarna niks meer".
_CRY_THEN_SILENCE = (r"(?<!ik )(?<!we )(?<!wij )(?<!i )\b(belde|smste|sms'?te|appte|whatsappte|stuurde|schreef|riep|"
                     r"texted|called|messaged|gilde)\b(?! (hem|haar|hen|ze|die) )(?!(\w+ ){0,3}terug).{0,160}"
                     r"\b((en )?(daarna|toen|sindsdien|nu) (\w+ )?(niks|niets|geen (antwoord|reactie))( meer)?|"
                     r"(neemt|nam) (ze|hij|zij) (\w+ )?niet meer op|reageert (ze|hij|zij) niet meer|"
                     r"(and )?(then|now) (nothing|no answer|silence))\b")
#: ... and something in the message says why the silence is frightening.
_CRY_HARM_RE = re.compile(
    r"\b(help|hulp|kom snel|snel|op slot|opgesloten|slaat|sloeg|slaan|agressief|gestoord|drinkt|dronken|"
    r"gedronken|boos|bang|mes|pijn|dreig\w*|bloed\w*|huilend|huilde|gillend|gilde|riep|schreeuw\w*|"
    r"binnen|hurt|scared|knife|crying|screaming)\b"
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
        r"dood te (maken|steken|schieten|slaan)|(ga|gaat|wil|zal) (\w+ ){0,3}dood(steken|schieten|slaan)|"
        r"(zegt|roept|schreeuwt|dreigt) dat (hij|zij|ze) (me|mij|haar|ons|je|jou) (af ?maakt|dood ?maakt)|"
        r"(vannacht|vanavond|straks|vandaag) ben je dood|"
        r"dreigt (me|mij|haar|ons) iets aan te doen)\b"
        r"|\b(me|mij|haar|hem|ons|je|jou|jullie)( \w+){0,3} (gaat |wil |zal )?(ver)?moord(t|en|e)\b")),
    ("bleeding", re.compile(
        r"\b(bloedt|bloed(en)? (overal|heel erg|veel)|ligt in (een plas )?bloed|"
        r"bewusteloos(?! (geraakt|geweest))|"
        r"(reageert|ademt|beweegt) (ze |hij |zij )?(bijna |amper |nauwelijks |haast )?niet( meer)?|"
        r"ligt (\w+ ){0,3}op de (grond|vloer)\b.{0,160}\b(suf|ijskoud|koud|reageert|kan niet (meer )?op|"
        r"bloed|bewusteloos)|"
        r"is flauwgevallen|ik bloed|bloedend|zit bloed aan|"
        r"kan (mijn (been|arm|nek|benen) )?niet (meer )?(opstaan|bewegen)|"
        r"(she'?s|he'?s|i'?m|is) bleeding|unconscious|not breathing)\b")),
    ("locked_in", re.compile(
        r"\b((?<!wordt )(?<!worden )opgesloten|sluit (me|mij|haar|ons) op|laat (me|mij|haar|ons) niet (gaan|weg|eruit)|"
        r"laat (me|mij|haar|hem|ons|de kinderen) (de deur|het huis|de kamer|de woning) niet (meer )?uit|"
        r"(mag|mogen) (\w+ ){0,5}(de deur|het huis|de woning) niet (meer )?uit|"
        r"(de deur|het huis|de woning) niet (meer )?uit (mag|mogen)|"
        r"houdt (me|mij|haar|ons) (hier )?(vast|gevangen) in|"
        r"(?<!wordt )(?<!worden )vastgebonden(?! wordt| worden)|vastgeketend|laat (me|mij|haar|ons) niet uitstappen|"
        r"(in|naar) (een|de|zijn|hun) (busje|bus|auto) (te )?(duwen|trekken|sleuren)|"
        r"(een|de|zijn|hun) (busje|bus|auto) in (te )?(duwen|trekken|sleuren|duwt|trekt|sleurt)|"
        r"(trekken|duwen|sleuren|trekt|duwt|sleurt) (\w+ ){0,4}(een|de|zijn|hun) (busje|bus|auto) in\b|"
        r"(duwt|trekt|sleurt|sleuren|duwen) (me|mij|haar|hem|een vrouw|een meisje|mijn \w+)"
        r"( \w+){0,4} (in|naar) (een|de|zijn|hun) (busje|bus|auto)|"
        r"locked (me )?in|won'?t let (me|her|us) (out|leave|go)|"
        r"niet (weg|eruit|naar buiten) kan|"
        r"kan (er )?niet (weg|uit|eruit)|deur (zit )?op slot en|"
        r"zit (\w+ )?vast in (de|het|een|mijn|m'n|mn|zijn|haar) (kamer|slaapkamer|badkamer|wc|kelder|"
        r"schuur|auto|kast|huis|woning|zolder|bus|busje|kofferbak|container))\b")),
    ("fire", re.compile(r"\b(in brand (steken|steekt|gestoken)|steekt .{0,20} in brand|"
                        r"gooit benzine)\b")),
    ("intruder", re.compile(
        r"\b(trapt .{0,30}(deur|raam).{0,25}\bin|probeert (binnen|naar binnen) te komen|"
        r"sta(at|an) (nu )?voor (de|mijn|m'n|mn) deur|breekt (in|de deur)|bonkt op de deur|komt eraan|"
        r"probeert (bij (mij|ons|haar) )?in te breken|"
        r"(deur|raam|ramen) (\w+ )?(kapot|in te (slaan|trappen))|"
        r"(kicking|breaking) (the|my|our) (door|window)|"
        r"is (nu |nog )?(hier )?(binnen|in huis)|"
        r"iemand in (mijn|ons) huis die|"
        r"staat (nu )?(in|voor) (het|mijn|m'n|mn) (huis|raam))\b")),
    ("violence_now", re.compile(
        r"\b(is|are|keeps|'s|'re) (hitting|beating|kicking|attacking|punching|choking|hurting) "
        r"(me|her|him|us|my \w+)\b|"
        r"\b(has|got|with|holding|pointing) (a|his|her|the) (knife|gun|bat|baseball bat|weapon)\b|"
        r"\b(just )?(punched|stabbed|hit) me\b.{0,40}\b(now|still|here)\b|\bsend (the )?police\b|"
        r"\b(hitting|beating|hurting|kicking|attacking|punching|choking)\b.{0,30}\bright now\b|"
        r"\b(hitting|beating) (me|her) right now\b|\bnet (verkracht|aangerand)\b.{0,40}\b(nog|is|staat)\b")),
    ("says_in_danger", re.compile(
        r"\b(ik ben|we zijn|wij zijn) (nu |hier )?(echt )?in (direct |acuut |groot |levens)?gevaar\b"
        r"|\b(ik ben|we zijn) (nu|hier|op dit moment) niet veilig\b"
        r"|\b(i'?m|we'?re|i am) in danger\b")),
    ("call_for_help", re.compile(r"\b(bel (de )?112|bel de politie|help+ (me|mij|ons)? ?(snel|nu|alsjeblieft|aub)|"
                                 r"help help|snel hulp|(help|hulp) nodig nu)\b")),
    ("cry_then_silence", re.compile(_CRY_THEN_SILENCE)),
]

#: Cues that say "now" through the situation rather than a word like "nu": a cry for help
#: beside violence, violence that "does not stop", someone being followed or hiding,
#: violence heard or seen now, a plain "ik ben in gevaar". Present tense in Dutch can also
#: mean "usually", so these are dropped when the message speaks of a habit or the past.
_VIOLENCE_VERB = (
    rf"({_HITS}|stompen|tekeer|klap|(wordt|word|worden) (\w+ )?(geslagen|geschopt|mishandeld|gewurgd))"
)
#: Sounds of violence: banging, glass breaking, screaming.
_NOISE = (r"(gebonk|gebons|gestommel|gedreun|bonken|bonkt|gerinkel|gegil|gillen|gilt|geschreeuw|"
          r"glas (hoor |horen )?(breken|breekt|kapot)|brekend glas|"
          r"(hoor|horen) (\w+ ){0,3}(breken|vallen|smijten))")
#: Someone begging right now: "stop stop", "hou op", "niet doen", "laat me los".
_PLEA = (r"\b(stop[ ,!.]+stop|hou (nou )?op|houd op|niet doen[ ,!.]+niet doen|laat me los|"
         r"please stop|stop it)\b")
_RELAYED_NOW = (r"\b((belde|smste|sms'?te|appte|whatsappte|stuurde|schreef|fluisterde) ((me|mij|ons) )?"
                r"(net|zojuist|zonet|daarnet|een minuut geleden|(5|vijf|tien|10) minuten geleden)|"
                r"(net|zojuist|zonet|daarnet) (een )?(appje|berichtje|bericht|sms|smsje|telefoontje|"
                r"voicemail|spraakbericht) (van|gekregen|binnen)|"
                r"(just|a minute ago) (texted|called|messaged) me)\b")
_RELAYED_HARM = (r"(help|hulp|slaat|geslagen|schopt|opgesloten|vast|mag (\w+ ){0,4}niet (weg|uit|naar)|"
                 r"telefoon afgepakt|mes|bang|pijn|bedreigd|dreigt|gevaar|redden|komen halen|weghalen|kom snel|"
                 r"op slot|"
                 r"hurt|hitting|scared|danger)\b")
_SITUATIONAL: list[tuple[str, re.Pattern[str]]] = [
    ("call_for_help", re.compile(
        rf"(^|[.!,]\s*)\b(help|hulp|kom snel|snel|sos|please|alsjeblieft)\b[ ,!.]+.{{0,60}}\b{_VIOLENCE_VERB}\b"
        rf"|\b{_VIOLENCE_VERB}\b.{{0,60}}\b(help|kom snel|please help)\b[!. ]*$")),
    ("violence_now", re.compile(
        rf"\b{_VIOLENCE_VERB}\b.{{0,50}}\b(stopt niet|houdt niet op|gaat maar door|"
        r"blijft (maar )?(slaan|schoppen|stompen)|slaat door|won'?t stop)\b"
        r"|\b(geslagen|geschopt)\b.{0,30}\b(gaat maar door|stopt niet|houdt niet op)\b"
        r"|\b(is|zijn) weer bezig\b.{0,30}\b(slaat|schopt|slaan|schoppen)\b|\bhet is weer zover\b"
        r"|\b(wordt|word|worden) (nu|op dit moment|hiernaast|net) (\w+ ){0,3}"
        r"(geslagen|geschopt|mishandeld|gewurgd|in elkaar geslagen|aangevallen)\b"
        r"|\b(is|zijn) (\w+ ){1,8}aan het (slaan|schoppen|wurgen|mishandelen|steken|stompen)\b"
        r"|\b(op dit moment|nu) (\w+ ){0,3}(tekeer|door het dolle)\b"
        r"|\bheeft (me|mij|haar|hem|mijn \w+|ons) net( \w+){0,4} (geslagen|geschopt|gestompt|"
        r"gewurgd|geduwd|gegooid|gestoken|in elkaar geslagen)\b"
        r"|\b(ben|is) net (\w+ ){0,4}(geslagen|geschopt|geduwd|gestoken|in elkaar geslagen)\b"
        r"|\bheeft (\w+ ){0,2}net (\w+ ){0,4}(geslagen|geschopt|gestompt|gewurgd|geduwd|gegooid|"
        r"gestoken)\b")),
    ("pursuit", re.compile(
        r"\b(zit|loopt|rent|rijdt|fietst|komt) (nu |nog |al \w+ minuten )?(\w+ ){0,3}achter "
        r"(me|mij|ons|haar) aan\b|\bvolgt (me|mij|ons) (nu|op dit moment|met (de|zijn|haar|een) "
        r"(auto|scooter|fiets|brommer|motor))\b|\bzoekt (me|mij|ons) nu\b|"
        r"\b(ik heb me|ik zit|we zitten|ik ben) (\w+ ){0,2}verstopt\b|\bi'?m hiding\b|"
        r"\bben net (ontsnapt|weggerend|gevlucht)\b")),
    ("witnessed_now", re.compile(
        r"\b(ik hoor|hoor ik)\b(?! van| dat| over| verhalen).{0,60}\b(klappen|gegil|gillen|gilt|"
        r"om hulp|slaat|schopt|slaan|schoppen)\b"
        r"|\b(schreeuwt|roept|gilt|schreeuwen|roepen) om hulp\b"
        r"|\bik zie (nu |net |door het raam |vanuit mijn raam )?(dat |hoe )?(\w+ ){0,6}"
        r"(slaat|schopt|stompt|wurgt|duwt|in elkaar slaat)\b")),
    # Heard now without a hitting verb: banging, glass, screaming, beside someone begging
    # to stop ("gebonk en mn moeder die zegt stop stop stop").
    ("heard_now", re.compile(rf"\b{_NOISE}\b.{{0,80}}{_PLEA}|{_PLEA}.{{0,80}}\b{_NOISE}\b")),
    # Passed on a moment ago by the person it happens to: "ze smste me net", "hij belde
    # net", "kreeg net een appje van haar", with harm or a cry for help in the message.
    ("relayed_now", re.compile(
        rf"{_RELAYED_NOW}.{{0,120}}\b{_RELAYED_HARM}|\b{_RELAYED_HARM}.{{0,120}}{_RELAYED_NOW}")),
    # Drugged now: drinks pushed on someone who feels strange, or "iets in mijn drankje".
    ("drugged", re.compile(
        r"\b(iets in (mijn|mn|m'n|haar|ons|je) (drankje|drinken|glas|drank|bier|wijn) "
        r"(gedaan|gegooid|gestopt)|(drugged|spiked) (me|my drink|her)|my drink (was|got) spiked)\b"
        r"|\b(drankje|drankjes|drinken|shotje|shotjes|glas|glaasje)\b.{0,120}\b(draaierig|duizelig|wazig|"
        r"voel me (echt |heel |zo )*(raar|slap|vreemd)|kan (bijna )?niet meer (staan|lopen))\b")),
]

_NOW_RE = re.compile(rf"\b{_NOW}\b")
#: A house rule, not being held: "mag van mij na tienen het huis niet uit".
_HOUSE_RULE_RE = re.compile(
    r"\b(na|voor|tot) (\d{1,2}( uur)?|tienen|elven|twaalven|negenen|achten|middernacht|het eten)\b"
    r"|'s (avonds|nachts)\b|\bvan mij\b")
#: "wordt opgesloten", "worden in bed vastgebonden": what is done to someone as a rule.
_PASSIVE_HOLD_RE = re.compile(r"\b(wordt|worden)\b( \w+){0,5} (vastgebonden|opgesloten)\b")
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
#: Time long gone: turns every cue, even a state like "bewusteloos", into history.
_MONTHS = r"(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
_DISTANT_PAST_RE = re.compile(
    rf"\bop \d{{1,2}} {_MONTHS}\b|\bin (19|20)\d\d\b|"
    r"\b(vroeger|toen ik|vorig(e)? (jaar|week|maand)|jaren geleden|maanden geleden|weken geleden|"
    r"(jaren|jaar|maanden|weken|lang) terug|lang geleden|"
    r"ooit|destijds|in het verleden|als kind|vorige relatie|heeft (hij|zij|ze) ooit|"
    r"(?<!nog )een keer (eerder )?(gewurgd|geslagen|gedreigd|bedreigd))\b"
)
#: A past act ("sloeg", "had hij"): history for a cue about the act (a weapon, a threat),
#: but not for a state that is here now ("ze reageert niet meer nadat hij haar sloeg").
_PAST_ACT_RE = re.compile(r"\b(had (hij|zij|ze)|sloeg|schopte|wurgde|wurgden|"
                          r"dreigde (toen|vroeger|ooit|altijd|vaak|steeds)|"
                          r"(?<!sinds )(?<!vanaf )(eer)?gister(en)?( ?(avond|middag|ochtend|nacht))?)\b")
#: Cues that describe a state now (hurt, unconscious, held inside), not an act.
_STATE_NOW = {"bleeding", "locked_in"}
#: "al jaren", "vaak": a pattern over time; "nu" in such a message is usually "by now".
_HABITUAL_RE = re.compile(
    r"\b(al jaren|al lang|jarenlang|al maanden|vaak|regelmatig|soms|altijd|elke dag|iedere dag|"
    r"elke keer|iedere keer|nog steeds|nog altijd|overal|als (hij|zij|ze|die) (dronken|boos|weg\w*)|"
    r"always|often|every day|sometimes)\b"
)
#: "nu" that says the danger is over: he left, it is quiet, he sleeps, she lives elsewhere.
_SAFE_NOW = (
    r"(nu|inmiddels) (is|zijn) (hij|zij|ze|die) (\w+ ){0,2}(weg|vertrokken|naar (zijn|zn|z'n|haar|het|de) \w+)"
    r"|(nu|inmiddels) (is|zijn) het (weer )?(stil|rustig|uit|over)"
    r"|(nu|inmiddels) slaapt (hij|zij|ze|die)|slaapt (zijn|zn|z'n|haar) roes uit"
    r"|(nu|inmiddels) (woon|woont|wonen|zit|zitten) (ik|hij|zij|ze|we|wij) (\w+ ){0,2}"
    r"(in|op|bij|ergens|apart|alleen)"
    r"|(nu|inmiddels) is (het|de relatie) uit"
)
#: "niet op dit moment", "nu even niet", "ik ben nu 52": a "nu" that does not mark danger
#: now. Only for weighing the model's word (``says_not_now``), never as a negation that
#: silences a rule ("ik ben nu 14 en hij slaat me nu" stays danger now).
_NOT_A_NOW_RE = re.compile(
    r"\b(niet (nu|op dit moment|momenteel)|nu (even )?niet|(ik ben|ben ik|is (hij|zij|ze)) nu \d{1,3}( jaar)?)\b"
)
_SAFE_NOW_RE = re.compile(rf"\b({_SAFE_NOW})\b")
_NEGATION_RE = re.compile(
    r"\b(geen (direct )?gevaar|niet (meer )?in gevaar|is (nu )?weg|niet nu|nu niet|nu veilig|"
    r"ben (nu )?veilig|geen mes|zonder mes|heeft geen|(hij|zij|ze) is (nu )?weg|niet op dit moment|"
    rf"{_SAFE_NOW})\b"
)


#: Not real, or not here: a film, a game, the news, a joke. Scary words in such a message
#: are no danger now unless the message also says "nu".
_NOT_REAL_RE = re.compile(
    r"\b(film|filmpje|serie|netflix|videoland|aflevering|boek|roman|thriller|detective|game|"
    r"spelletje|minecraft|fortnite|gta|call of duty|roblox|valorant|boekverslag|spreekbeurt|werkstuk|"
    r"huiswerk|nieuws|journaal|krant|artikel|lol|haha\w*|hihi|grapje|"
    r"xd|bij wijze van spreken|figuurlijk|podcast|documentaire|docu|true crime|literally)\b|😂|🤣|💀"
)


def not_real(text: str) -> bool:
    """The message is about a film, a game, the news or a joke ("haha", "💀")."""
    return bool(_NOT_REAL_RE.search(normalise(text)))


#: Where one clause ends and the next begins: "vorig jaar sloeg hij me, nu staat hij ...",
#: "... maar nu ...", "... en nu ...".
_CLAUSE_RE = re.compile(r"[.,;:!?]+|\bmaar\b|\ben\s+(?=nu\b)")


def detect_danger(text: str) -> DangerSignal | None:
    """The strongest cue of danger now in ``text``, or None.

    A past, a habit or a negation silences the cues of its own clause, not of a later
    clause that says "nu": "vorig jaar sloeg hij me, nu staat hij met een mes voor de
    deur" and "hij had toen geen mes, nu zwaait hij ermee" are danger now, "vorig jaar
    had hij een mes, nu woon ik alleen" is not.
    """
    if not text or not text.strip():
        return None
    t = normalise(text)
    arriving = _arriving(t) or _taken_abroad(t)
    if arriving is not None:
        return arriving
    found = _detect(t)
    if found is not None or _NOT_REAL_RE.search(t):
        return found
    clauses = [c.strip() for c in _CLAUSE_RE.split(t) if c and c.strip()]
    if len(clauses) < 2:
        return None
    for clause in clauses:
        if _NOW_RE.search(clause) or _NOW_VIOLENCE_RE.search(clause):
            found = _detect(clause)
            if found is not None:
                return found
    return None


#: Someone who hurts is arriving: on the way, coming home or back, at the door, coming up
#: the stairs, coming to fetch the person ("hij komt om 6 uur terug", "kwam zojuist thuis",
#: "hoor hem de trap op komen", "staan om 22:00 voor mn deur om me op te halen").
_ARRIVAL = (
    r"(?<!het )(?<!dat )(?<!dit )(?<!alles )"
    r"\b((komt|komen|kwam|is|zijn|staat|staan) (\w+ ){0,4}(thuis|terug|hierheen|hier naartoe|eraan|"
    r"onderweg|binnen|voor (de|mijn|mn|m'n|onze) deur|(me|mij|ons|haar) (op ?)?halen|naar (me|mij|ons) toe|"
    r"bij (ons|mij|me) (\w+ )?(slapen|logeren|overnachten|op bezoek)|(slapen|logeren|overnachten) bij (ons|mij|me)|"
    r"op (mijn|mn|m'n) kamer)"
    r"|(hoor|zie) (hem|haar|ze|hen) (\w+ ){0,3}(de trap op|binnenkomen|thuiskomen|aan de deur|aankomen))\b"
)
#: ... soon: a time today or a word for "now, any minute".
_SOON = (
    r"\b(om \d{1,2}([:.]\d\d)?( uur)?|vanavond|vannacht|straks|zo meteen|zometeen|zo thuis|"
    r"over (een|\d+|twee|tien) (uur|kwartier|minuten|min)|zojuist|zonet|net|nu|nou|elk moment)\b"
)
#: ... with harm said or remembered: a threat, a blow, a hospital, drink.
_HARM = (
    r"\b(slaan|slaat|sloeg|in elkaar|brak|gebroken|ziekenhuis|kapot|pijn|vermoord\w*|dood|"
    r"mishandel\w*|dronken|drank|dreig\w*|bang|afmaken|afgemaakt|wraak|pakken|"
    r"aan (me|mij|haar|hem) (zitten|zit|komt)|zit (\w+ ){0,2}aan (me|mij|haar)|misbruik\w*|verkracht\w*|betast\w*)\b"
)
#: A time today: then "altijd" or "elke keer" says what will happen, not that it is a habit
#: only ("hij komt vannacht weer en dan zit hij altijd aan me").
_TODAY_RE = re.compile(
    r"\b(vannacht|vanavond|vandaag|straks|zo meteen|zometeen|over (een|\d+|twee|tien) (uur|kwartier|minuten|min)|"
    r"om \d{1,2}([:.]\d\d)?( uur)?)\b"
)
_ARRIVING_RE = re.compile(_ARRIVAL)
_UNDERWAY_RE = re.compile(r"\b(onderweg|eraan|hierheen|hier naartoe|naar (me|mij|ons) toe|hoor|zie)\b")
_SOON_RE = re.compile(_SOON)
_HARM_RE = re.compile(_HARM)
_EVERY_RE = re.compile(r"\b(elke|elk|iedere|ieder) (avond|dag|nacht|week|weekend|keer)\b|\baltijd\b")


def _arriving(t: str) -> DangerSignal | None:
    """Harm about to arrive: someone who hurt or threatens is coming, soon.

    Why its own check: the earlier violence ("vorige week lag ik in het ziekenhuis") is
    the reason to fear what comes tonight, so a past here must not silence the cue the
    way it does for a weapon; a habit ("elke avond komt hij dronken thuis") still does.
    """
    match = _ARRIVING_RE.search(t)
    # "onderweg", "eraan", "hoor hem de trap op komen": soon by themselves.
    soon = match is not None and (_UNDERWAY_RE.search(match.group(0)) is not None
                                  or _SOON_RE.search(_NOT_A_NOW_RE.sub(" ", t)))
    if (match is None or not soon or not _HARM_RE.search(t)
            or (_EVERY_RE.search(t) and not _TODAY_RE.search(t))
            or _NEGATION_RE.search(t) or _NOT_REAL_RE.search(t)):
        return None
    return DangerSignal("arriving", match.group(0))


#: Being taken abroad, soon, to be married off or left behind: the police (and at the
#: airport the Marechaussee) can still act before the flight, so 112 comes first.
_DEPARTURE_RE = re.compile(
    r"\b((ik|we|wij) (\w+ ){0,2}(vlieg|vliegen|vertrek|vertrekken|ga|gaan)|(vlieg|vliegen|vertrek|vertrekken) "
    r"(ik|we|wij)|(brengen|sturen|nemen|zetten) (ze |zij |mijn ouders |mn ouders )?(me|mij|haar|hem)|"
    r"(neemt|brengt|stuurt) (\w+ ){0,2}(me|mij|haar|hem) (\w+ ){0,2}mee)\b"
    r".{0,80}\b(naar (\w+ )?(schiphol|het vliegveld|\w+)|het vliegtuig)"
)
_MARRIED_OFF_RE = re.compile(
    r"\b((ik|ze|zij|hij) (daar |er )?(moet|moeten|ga|gaat|zal|zou) (daar )?(\w+ ){0,3}trouwen|uithuwelijk\w*|"
    r"(mag|kan|kom) (\w+ )?niet (meer )?terug|niet (meer )?terug (mag|kan|mogen|kom)|achterlaten|achtergelaten|"
    r"paspoort (\w+ ){0,3}(afgepakt|ingenomen|afgenomen|kwijt)|besnijd\w*)\b"
)


def _taken_abroad(t: str) -> DangerSignal | None:
    """Someone is being flown or driven abroad today or tomorrow to be married off, cut or
    left behind ("morgenvroeg brengen ze me naar schiphol, ik mag niet meer terug")."""
    departure = _DEPARTURE_RE.search(t)
    soon = _TODAY_RE.search(t) or re.search(r"\b(morgen|morgenvroeg|morgenochtend|overmorgen)\b", t)
    if (departure is None or not soon or not _MARRIED_OFF_RE.search(t)
            or _NEGATION_RE.search(t) or _NOT_REAL_RE.search(t) or _DISTANT_PAST_RE.search(t)):
        return None
    return DangerSignal("taken_abroad", departure.group(0))


def _detect(t: str) -> DangerSignal | None:
    """``detect_danger`` on normalised text, with past, habit and negation read over all of it."""
    if _NOT_REAL_RE.search(t) and not _NOW_RE.search(t):
        return None
    negated = bool(_NEGATION_RE.search(t))
    now_violence = _NOW_VIOLENCE_RE.search(t)
    # History ("vorig jaar had hij een mes, nu woon ik alleen") unless violence is
    # happening now in the same message.
    distant_past = bool(_DISTANT_PAST_RE.search(t)) and not now_violence
    past = distant_past or (bool(_PAST_ACT_RE.search(t)) and not now_violence)
    habitual = bool(_HABITUAL_RE.search(t))
    for category, pattern in _PATTERNS:
        match = pattern.search(t)
        if not match or (negated and category in {"intruder", "call_for_help", "violence_now"}):
            continue
        if distant_past or (past and category not in _STATE_NOW):
            continue
        if category == "locked_in" and (habitual or _PASSIVE_HOLD_RE.search(t)) and not _NOW_RE.search(t):
            continue
        if category == "locked_in" and _HOUSE_RULE_RE.search(t):
            continue
        if category == "cry_then_silence" and not _CRY_HARM_RE.search(t):
            continue
        return DangerSignal(category, match.group(0))
    if not negated and not past:
        weapon = _WEAPON_CONTEXT_RE.search(t)
        if weapon and not _KITCHEN_RE.search(t):
            return DangerSignal("weapon", weapon.group(0))
        if now_violence and not habitual:
            return DangerSignal("violence_now", now_violence.group(0))
        if not habitual and not _TIME_NOT_NOW_RE.search(t):
            for category, pattern in _SITUATIONAL:
                match = pattern.search(t)
                if match:
                    return DangerSignal(category, match.group(0))
    return None


#: Wider markers of "not now", used only where the model's word alone is weighed
#: (``says_not_now``), never to silence a rule: a span ("al 4 maanden", "elke avond"),
#: a narrative past ("kwam", "deed") and habit words in the other languages people
#: write in.
_HABIT_WORDS = (
    "zawsze", "często", "ciągle", "codziennie", "czasem", "czasami", "wciąż",       # Polish
    "her gün", "hep", "sürekli", "bazen", "her zaman", "sık sık",                   # Turkish
    "постійно", "завжди", "часто", "щодня", "іноді", "кожного дня",                 # Ukrainian
    "دائما", "أحيانا", "كل يوم", "باستمرار", "كل ليلة", "ودائما", "وأحيانا",         # Arabic (و = "and")
    "usually", "whenever", "every week", "every night", "each time", "for months", "for years",
)
_TIME_NOT_NOW_RE = re.compile(
    r"\btelkens (als|wanneer)\b"
    r"|\bal (\d+ |een paar |twee |drie |vier |vijf |zes )?(dagen|weken|maanden|jaar|jaren)\b"
    r"|\b(elke|elk|iedere|ieder) (week|nacht|avond|ochtend|dag|weekend|zaterdag|zondag|vrijdag|maand)\b"
    r"|\b(kwam|deed|duwde|pakte|gooide|trapte|stompte|greep|hield|dwong|verkrachtte|misbruikte|"
    r"bedreigde|raakte|sleurde|slingerde|zat aan)\b"
    r"|(?<!\w)(" + "|".join(re.escape(normalise(w)) for w in _HABIT_WORDS) + r")(?!\w)"
)
#: A habit stated as its condition: "slaat me als hij gedronken heeft", "als ik iets fout
#: doe krijg ik de slipper", "when he drinks". Only for the model's word alone: it does
#: not silence a rule ("opa appte net 'kom snel'; mn oom wordt agressief als hij drinkt").
_HABIT_CONDITION_RE = re.compile(
    r"\b(als|wanneer|zodra) (hij|zij|ze|die|ik|papa|mama|pa|ma|(mijn|mn|m'n) \w+) (\w+ ){0,3}"
    r"(gedronken heeft|heeft gedronken|drinkt|dronken is|dronken wordt|boos is|boos wordt|kwaad is|"
    r"kwaad wordt|(iets )?(fout|verkeerd|niet goed) (doe|doet|zeg|zegt)|niet luister\w*|nee zeg\w*|"
    r"te laat (\w+ )?(ben|is|kom|komt)|niet doe wat)\b"
    r"|\bwhen (he|she|my \w+) (drinks|is drunk|gets (angry|drunk|mad))\b"
)


#: The person says it is not happening at this moment ("niet op dit moment hoor").
_SAID_NOT_NOW_RE = re.compile(r"\b(niet op dit moment|op dit moment niet|momenteel niet|not right now)\b")


def says_not_now(text: str) -> bool:
    """The message places the violence in the past or as a habit, with no marker of now.

    Why: the learnt half of the risk screen (``hulpwijzer.risk``) reads "hij slaat me"
    the same in "elke week slaat hij me" and "hij slaat me"; when the message itself
    says past or habit, 112 must not come first on the model's word alone.
    """
    t = normalise(text)
    # "nu is hij naar zijn werk", "nu woon ik op kamers": a "nu" that says it is over.
    marked = _NOT_A_NOW_RE.sub(" ", _SAFE_NOW_RE.sub(" ", t))
    if _NOW_RE.search(marked) or _NOW_VIOLENCE_RE.search(marked):
        return False
    return bool(_DISTANT_PAST_RE.search(t) or _HABITUAL_RE.search(t) or _PAST_ACT_RE.search(t)
                or _TIME_NOT_NOW_RE.search(t) or _HABIT_CONDITION_RE.search(t)
                or _SAID_NOT_NOW_RE.search(t))
