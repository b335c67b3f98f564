"""Rule cues for the risks the learnt model may miss: explicit words, in several languages.

Why rules beside the model: a handful of words mean the same risk in any sentence
("zelfmoord", "verkracht", "ik ben 11"), and a rule on them does not depend on what the
training data happened to contain. The model (``risk_model``) covers the many ways people
say it without those words. Danger now has its own, larger rule net in ``danger.py``;
here are its cues in the other languages people in the Netherlands write in (a call for
help or "now" together with violence or a weapon), so danger typed in Polish, Turkish,
Arabic or Ukrainian still puts 112 first.
"""

from __future__ import annotations

import re

from hulpwijzer.ages import ADULT_AGE, parse_age
from hulpwijzer.danger import normalise, not_real

_SUICIDE = re.compile(
    r"\b(zelfmoord(?!aanslag)\w*|su[iï]cid\w*|zelfdoding|"
    r"(mezelf|mijzelf|me) (van kant (te )?maken|op ?(te )?hangen|iets aan ?(te )?doen|"
    r"(te )?doden|dood ?(te )?maken)|"
    r"wil (niet meer (leven|verder|wakker worden)|dood|er niet meer zijn)|"
    r"(er|het) (een )?(eind|einde) aan (te )?maken|niet meer wakker (te )?worden|"
    r"afscheidsbrie\w+|afscheidsbericht\w*|"
    r"niemand (\w+ ){0,2}tot last|(beter|prima) af zonder (mij|me)|better off without me|"
    r"beter (\w+ ){0,3}als (ik|hij|zij|ze) er niet (meer )?(ben|is|zou zijn)|"
    r"kill (my ?self|me)|end (my|it all)|want to die|don'?t want to live|"
    r"samob[oó]j\w*|zabi[cć] si[eę]|intihar\w*|kendimi [oö]ld[uü]r\w*|"
    r"самогуб\w*|покінчити з собою|вбити себе|انتحار|اقتل نفسي|أقتل نفسي)"
)
_SEXUAL = re.compile(
    r"\b(verkracht\w*|aangerand|aanrand\w*|betast\w*|"
    r"(seksue(el|le)|sexue(el|le)) (misbruik\w*|geweld|overschrijdend\w*|intimidatie|aangerand)|"
    r"naaktfoto\w*|naaktbeeld\w*|nudes?|sextortion|"
    r"(zit|zat|zitten|zaten) (\w+ )?aan (me|mij|mn|m'n|mijn) (lichaam|borsten|kruis|piemel)|"
    r"rape[ds]?|raping|sexual(ly)? (assault\w*|abus\w*)|molest\w*|"
    r"zgwa[lł]c\w*|tecav[uü]z\w*|згвалтув\w*|зґвалтув\w*|اغتصاب|اغتصبني)"
)
#: A child or young person about themselves: school words only children use of themselves.
_CHILD_SELF = re.compile(
    r"\b(mijn|m'n|mn)\s+(juf|meester|mama|papa|mam|pap|mammie|pappie)\b|\bgroep\s+[3-8]\b|"
    r"\bik\s+(ben|zit)\s+(nog\s+)?(een\s+)?(kind|in de brugklas|op de basisschool)\b|\bbrugklas\b"
)
#: First-person ages: "ik ben 11", "ik ben pas 14", "im 13", "i'm 12".
_FIRST_PERSON_AGE = re.compile(r"\b(?:ik ben|ik bn|ben pas|i'?m|i am|im)\s+(?:pas\s+|nog\s+(?:maar\s+)?)?(\d{1,2})\b")

_HELP = (r"(pomocy|pomoz\w*|ratunku|policj\w*|teraz|yard[iı]m|imdat|polis\w*|[sş]imdi|"
         r"допоможіть|допоможи|рятуйте|поліці\w*|зараз|"
         r"ساعد\w*|النجدة|الشرطة|الان|الآن|help|now|police)")
_HARM = (r"(bije|bij[aą]|zabij\w*|zabije|n[oó][zż]\w*|dusi|grozi|"
         r"d[oö]v[uü]yor|vuruyor|[oö]ld[uü]r\w*|b[iı][cç]a[kğ]\w*|"
         r"б'є|бʼє|б’є|вб'є|вбʼє|вбити|вбє|ніж\w*|душить|погрожує|"
         r"يضرب\w*|سكين|يقتل\w*|سيقتل\w*|يهدد\w*)")
_OTHER_LANGUAGE_DANGER = re.compile(rf"{_HELP}.{{0,80}}{_HARM}|{_HARM}.{{0,80}}{_HELP}")


#: Means of suicide people gather (pills, a rope): the words the preparation cues need.
_MEANS = (r"(touw|strop|pillen|pilletjes|tabletten|medicijnen|medicatie|slaappillen|slaapmiddel\w*|"
          r"paracetamol|oxazepam|temazepam|diazepam|insuline|mesjes|scheermesjes|rope|pills)")
#: Preparation told without "dood" or "leven" (issue 11): medication hoarded; means bought
#: beside a plan or secrecy; knowing which bridge or where "it" will be done; asking how
#: much is lethal for oneself; a threat to die together with others ("samen tegen een
#: boom"). A date or a place "chosen" alone is not a cue: weddings and hearings have them.
_PREPARATION = re.compile(
    rf"\b((gespaard|opgespaard|verzameld|gehamsterd|spaar|spaart|verzamel|hamster|saved up|been saving|"
    rf"saving up) (\w+ ){{0,4}}{_MEANS}|"
    rf"{_MEANS} (\w+ ){{0,4}}(gespaard|opgespaard|verzameld|gehamsterd|liggen klaar|ligt klaar|klaargelegd|"
    r"saved|stockpil\w*)|"
    rf"{_MEANS} (\w+ ){{0,3}}(gekocht|besteld|gehaald|bought|ordered)\b.{{0,60}}"
    r"(niemand (vroeg|weet|merkt|ziet)|weet (al )?(waar|wanneer)|ga (het|dat) doen|klaar voor|"
    r"nobody (asked|knows)|know (where|when))|"
    r"(weet|know) (\w+ ){0,2}(welke brug|welk spoor|welke flat|which bridge)(?!\s+(\w+\s+)?(open|dicht|gaat|is))|"
    r"bought (a |some )?(rope|pills)\b.{0,60}(nobody|no one|know (where|when))|"
    r"weet (al )?(precies )?(waar|wanneer) ik het (ga|wil|zal) doen|"
    rf"hoeveel (\w+ ){{0,3}}{_MEANS} (\w+ ){{0,3}}dodelijk|"
    rf"hoeveel (\w+ ){{0,3}}{_MEANS}.{{0,40}}(voor mezelf|voor mijzelf)|"
    r"how many (pills|tablets) (would it take|is lethal|does it take|to die)|"
    r"(samen|allebei|met (ons|de kinderen|mij) (allemaal|erbij)?) (\w+ ){0,4}"
    r"(dood(gaan| gaan)?|tegen een (boom|muur|vrachtwagen)|van de brug|het water in)\b)"
)


#: Gone just now, or on the way to a place to die: with a suicide cue, danger now.
_GONE_NOW = re.compile(
    r"\b((net|zojuist|zonet|daarnet) (\w+ )?(weggelopen|weggegaan|vertrokken|weggerend|de deur uit)|"
    r"is (net )?weg en (neemt|reageert) (\w+ )?niet|onderweg naar (het spoor|de brug|het station|de flat)|"
    r"staat (nu )?(op|bij) (de brug|het spoor|het dak|de rand)|just (left|ran off))\b"
)


def suicide_underway(text: str) -> str | None:
    """Suicide told with someone gone just now or on the way: 113 alone is too slow, 112
    comes first ("zei net dat hij niemand meer tot last is ... is net weggelopen")."""
    cue = suicide_cue(text)
    gone = _GONE_NOW.search(normalise_keep_letters(text)) if cue else None
    return f"{cue} / {gone.group(0)}" if cue and gone else None


def suicide_cue(text: str) -> str | None:
    """Suicide said in words, or prepared: see ``_SUICIDE`` and ``_PREPARATION``."""
    t = normalise_keep_letters(text)
    match = _SUICIDE.search(t) or _PREPARATION.search(t)
    return match.group(0) if match else None


def sexual_violence_cue(text: str) -> str | None:
    match = _SEXUAL.search(normalise_keep_letters(text))
    return match.group(0) if match else None


def child_cue(text: str) -> str | None:
    """A young person speaking of themselves: a first-person age under 18, or school words."""
    t = normalise(text)
    for match in _FIRST_PERSON_AGE.finditer(t):
        age = parse_age(f"ik ben {match.group(1)}")
        if age is not None and age < ADULT_AGE:
            return match.group(0)
    match = _CHILD_SELF.search(t)
    return match.group(0) if match else None


def other_language_danger_cue(text: str) -> str | None:
    """A call for help or "now" beside violence or a weapon, in Polish, Turkish, Arabic,
    Ukrainian (English has its own cues in ``danger.py``)."""
    match = _OTHER_LANGUAGE_DANGER.search(normalise_keep_letters(text))
    return match.group(0) if match else None


def normalise_keep_letters(text: str) -> str:
    """Lowercase and fold spaces, but keep letters with diacritics (ł, ś, ı, й, أ).

    Why not ``danger.normalise``: stripping combining marks turns Ukrainian "й" into "и"
    and Polish "ś" into "s", and the patterns above are written as people type them.
    """
    return re.sub(r"\s+", " ", (text or "").lower().replace("’", "'"))


#: "Masker 19" as people type it: "masker19", "Masker-19", "mask 19", "masker negentien".
_CODEWORD = re.compile(r"\bmas[kc](?:er|e)?\s*-?\s*(?:19|negentien|nineteen)\b")
#: A question about the codeword, not its use: a question mark, a question word or a verb
#: first ("geldt masker 19 ook in Almere"), "als ik ... zeg", in the languages people ask in.
_ABOUT_CODEWORD = re.compile(
    r"\?"
    r"|^\W*(?:(?:hoi|hallo|hey|goedemiddag|goedemorgen|goedenavond|geachte \w+)\W+)?"
    r"(?:(?:waar|waarom|hoe|wat|wie|wanneer|welke)\b|(?:is|zijn|wordt|worden|geldt|gaat|kan|kun|"
    r"kunnen|mag|mogen|moet|moeten|belt|bellen|heeft|hebben|werkt|bestaat|weet|weten) "
    r"(?:ik|je|jij|u|men|iemand|het|dat|masker|mask|een kind|de apotheek|mijn|zij|ze|hij|jullie)\b)"
    r"|\b(?:wat (?:is|was|betekent|houdt|doe|doen|moet|moeten|gebeurt|wordt|als)|hoe|waarom|"
    r"waar komt|als (?:ik|iemand|je|mijn|een|zij|ze|hij)|procedure|versie|hetzelfde|"
    r"alleen (?:voor|bij|in)|ook (?:bij|in|voor)|"
    r"(?:zag|hoorde|gehoord|gelezen|vertelde) (?:over|iets|van)|"
    r"uitleg|wanneer|welke|vraagt of|of (?:kun|kan|mag|moet) (?:je|ik)|nodig voor|"
    r"what is|what's|what does|how does|does it|mean|co to|czy|nedir|ne oluyo\w*|"
    r"що таке|ما هو)\b"
)


#: Asking what the codeword is or how it works, not asking for help with it.
_DEFINITION_QUESTION = re.compile(
    r"\b(wat (is|was|betekent|houdt)|hoe (werkt|gaat|doe|moet)|werkt (het|masker|mask|dat)|geldt|bestaat|"
    r"nodig voor|kun je gewoon|kan je gewoon|zag (het|iets|dat)|gehoord|gelezen|what is|what does|"
    r"how does|co to|nedir|що таке|ما هو)\b"
)
#: Words of need beside the codeword: then it is a use, whatever else is asked.
_CODEWORD_NEED = re.compile(
    r"\b(help\w*|hulp|nu|now|snel|dringend|kan niet (praten|bellen)|hij is hier|ze is hier|"
    r"bang|gevaar|pomoc\w*|yard[iı]m|допомож\w*|ساعد\w*)\b"
)


def codeword_question(text: str) -> bool:
    """A plain question about the codeword: it is named and asked about with a question
    word, in more than a few words ("wat is masker 19? zag het op tiktok").

    Why: the classifier sometimes reads such a question as the codeword itself and puts
    112 first. A bare "masker 19?" stays the codeword (it may be a frightened use), so a
    question mark alone is not enough here, unlike in ``codeword_use``.
    """
    t = normalise_keep_letters(text)
    if _CODEWORD.search(t) is None or len(t.split()) < 4 or _CODEWORD_NEED.search(t):
        return False
    return _DEFINITION_QUESTION.search(t) is not None


def codeword_use(text: str) -> str | None:
    """The codeword typed as a use ("masker 19", "help. masker 19", "Ik wil graag masker 19"),
    not asked about ("wat is masker 19", "werkt masker 19 ook bij de kruidvat").

    Why a rule: a person who types the codeword may be watched and has one chance; the
    answer must not depend on the classifier having seen that spelling. A question
    about the codeword is left to the classifier (it has its own, calmer answer).
    """
    t = normalise_keep_letters(text)
    match = _CODEWORD.search(t)
    if match is None or _ABOUT_CODEWORD.search(t):
        return None
    return match.group(0)


#: Violence at home told beside despair: then 113 comes *with* Veilig Thuis.
_HOME_VIOLENCE = re.compile(
    r"\b(geslagen|slaat|slaan|sloeg|sla (ik|hem|haar|mijn|mn)|schopt|schopte|mishandel\w*|"
    r"misbruik\w*|huiselijk geweld|geweld thuis|thuis .{0,20}geweld|agressie|agressief|"
    r"(gooi|gooit|gooide) (ik |hij |zij |ze )?met|klappen (hoor|horen)|geschreeuw en (geklap|klappen)|"
    r"hits? (me|her|my)|beats? (me|her|my)|pushed (her|me|my))\b"
    # Coercive and digital control is violence at home too: passwords taken, messages
    # read, a location followed, money or a phone taken away.
    r"|\b((al )?(mijn|mn|m'n|haar|zijn|z'n) wachtwoorden|wachtwoord van (mijn|mn|m'n|haar|zijn)|"
    r"(leest|lees|las|checkt|check|controleert|controleer) (\w+ ){0,2}((mijn|mn|m'n|haar|zijn|z'n) "
    r"(berichten|appjes|app|telefoon|mail)|(berichten|appjes|telefoon) van (mijn|mn|m'n|haar|zijn|z'n))|"
    r"leest (alles )?mee|(volgt|volg|volgde|tracken?|trackt) (\w+ ){0,2}(locatie|telefoon)|"
    r"(pakt|neemt|houdt) (\w+ ){0,4}(mijn|mn|m'n|haar|zijn|z'n) (pinpas|salaris|loon|geld|telefoon|paspoort|"
    r"pensioen|aow|uitkering) (\w+ )?(af|in|mee|weg)\b|reads (all )?my messages|tracks my (location|phone))"
)


def mentions_violence_at_home(text: str) -> bool:
    """Violence between people at home, in any tense: a reason for Veilig Thuis.

    Why: a classifier that reads a perpetrator's "ik wil dit niet meer" as despair, or a
    neighbour's "wat moet ik doen als ik weer klappen hoor" as out of scope, must still
    leave Veilig Thuis in the answer.
    """
    t = text.lower()
    return bool(_HOME_VIOLENCE.search(t)) and not not_real(text)
