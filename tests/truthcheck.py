"""Find the facts a text states and check them against the knowledge base.

Why a module of its own: the truth tests (``tests/unit/test_truth.py``,
``tests/unit/test_phone_numbers.py``) read many kinds of text (domain responses, route
texts, the widget, the docs) and must find the same claims in each. Each checker returns
its problems as strings; an empty list means the text says only what
``hulpwijzer.facts`` knows.

What counts as a claim:

- a phone number (Dutch formats: 0800/0900, area numbers, +31, 14 0xx, 112 and 113);
- a web address: with ``http(s)://``, or a bare host on a Dutch or common domain
  (``113.nl``, ``www.kindertelefoon.nl``); an e-mail address (the knowledge base has none);
- an opening-hour statement: "dag en nacht", "24/7", "altijd" next to calling or chatting,
  working days, every day, or a clock time ("9.00", "09:00");
- "gratis": calling is free;
- a service name: in a person's texts, every run of capitalised words inside a sentence
  (Dutch capitalises only names there); in the docs, a run with a word that ends like a
  service's name ("...telefoon", "...hulp", "Thuis", "Geweld") or is one ("Fier").

Hours and "gratis" belong to the services the sentence names (by number or name), or,
when it names none, to those of one of the two sentences before it, or else (a route
text) to the route's own service.
A claim that belongs to no service is a problem too: it is a promise about nothing known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time
from html.parser import HTMLParser

from hulpwijzer.facts import Entry, KnowledgeBase, phone_key, url_key
from hulpwijzer.services import DAYS, Hours

# ---------------------------------------------------------------- numbers and addresses

#: Dutch phone formats. Postcodes (1315), ages, years and dates have none of these shapes.
PHONE = re.compile(
    r"\+31[\d ()-]{8,14}\d"  # +31 35 699 11 99
    r"|\b0[89]0[09][- ]?\d{4}(?:\d{3})?\b"  # 0800-2000, 0900-8844
    r"|\(0\d{1,3}\)\s?\d(?:[ -]?\d){5,7}\b"  # (033) 448 11 86, (0320) 12 34 56
    r"|\b0\d{1,3}[- ]\d(?:[ -]?\d){5,7}\b"  # 033-4481186, 0320 12 34 56, 06-12345678
    r"|\b14\s?0\d{2,3}\b"  # 14 036: a municipality's short number
    r"|(?<![\d./-])11[23](?![\d/-]|\.\w)"  # 112, 113 (not 113.nl, 0.112 or 112/3)
)
#: Any http(s) address; trailing punctuation is cut off after matching.
FULL_URL = re.compile(r"https?://[^\s\"'<>()\[\]`{}|\\^]+", re.I)
#: A bare host on a domain people are sent to. Not ``.io``/``.md``/``.py``: those are code
#: and file names (socket.io, services.md), never a help service's address.
BARE_URL = re.compile(
    r"(?<![\w@./:-])(?:www\.)?(?:[a-z0-9-]+\.)+(?:nl|nu|org|com|eu|be|net|info|frl)\b"
    r"(?:/[^\s\"'<>()\[\]`]*)?",
    re.I,
)
#: An e-mail address: a contact fact too, and the knowledge base holds none.
EMAIL = re.compile(r"[\w.+-]+@(?:[\w-]+\.)+(?:nl|nu|org|com|eu|be|net|info|frl)\b", re.I)
_TRAILING = ".,;:!?*"


def phones_in(text: str) -> list[str]:
    """The phone numbers in ``text``, as written; area numbers must have 10 digits."""
    found = []
    for match in PHONE.finditer(text):
        number = match.group(0)
        key = phone_key(number)
        if key.startswith("0") and not key.startswith(("08", "09")) and len(key) != 10:
            continue
        found.append(number)
    return found


def urls_in(text: str) -> list[str]:
    """The web addresses in ``text``, as written (without trailing punctuation)."""
    found = [m.group(0).rstrip(_TRAILING) for m in FULL_URL.finditer(text)]
    rest = EMAIL.sub(" ", FULL_URL.sub(" ", text))
    found += [m.group(0).rstrip(_TRAILING) for m in BARE_URL.finditer(rest)]
    return [u for u in found if url_key(u)]


def unknown_phones(text: str, kb: KnowledgeBase) -> list[str]:
    known = kb.phone_keys()
    return [f"number not in the knowledge base: {n}" for n in phones_in(text) if phone_key(n) not in known]


def host_of(url: str) -> str:
    return url_key(url).split("/", 1)[0].split(":", 1)[0]


def unknown_urls(text: str, kb: KnowledgeBase, allowed_hosts: Iterable[str] = ()) -> list[str]:
    """Addresses that are neither a knowledge-base fact nor on an allowed technical host.

    An allowed host covers its subdomains (``rasa.example.org`` under ``example.org``).
    """
    known = kb.url_keys()
    hosts = tuple(allowed_hosts)
    problems = []
    for url in urls_in(text):
        host = host_of(url)
        if url_key(url) in known or any(host == h or host.endswith(f".{h}") for h in hosts):
            continue
        problems.append(f"address not in the knowledge base: {url}")
    problems += [f"e-mail address not in the knowledge base: {m.group(0)}" for m in EMAIL.finditer(text)]
    return problems


# ---------------------------------------------------------------- sentences and services

_SENTENCE = re.compile(r"(?<=[.!?])[\"')]*\s+|\n\s*\n|\n\s*[-*|#>]")


def sentences(text: str) -> list[str]:
    """Sentences: split after . ! ? and at paragraph, list and table breaks."""
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.I)


def services_named(sentence: str, kb: KnowledgeBase) -> list[Entry]:
    """The entries a sentence names, by phone number or by name, in knowledge-base order."""
    keys = {phone_key(n) for n in phones_in(sentence)}
    named = []
    for entry in kb.entries:
        if keys & {phone_key(p) for p in entry.phones} or any(
            _name_pattern(n).search(sentence) for n in entry.names
        ):
            named.append(entry)
    return named


#: How many sentences back a claim may find its service ("Bel Veilig Thuis: 0800-2000.
#: Gratis, dag en nacht."); further back it is about something else.
LOOK_BACK = 2


def _about(parts: Sequence[str], index: int, kb: KnowledgeBase,
           subject: Entry | None) -> tuple[list[Entry], str]:
    """The entries sentence ``index`` is about, and the text that says so."""
    for back in range(index, max(-1, index - LOOK_BACK - 1), -1):
        named = services_named(parts[back], kb)
        if named:
            return named, " ".join(parts[back:index + 1])
    return ([subject] if subject else []), parts[index]


# ---------------------------------------------------------------- opening hours

ALWAYS = re.compile(r"dag en nacht|24/7|24 uur per dag|7 dagen per week|day and night|around the clock", re.I)
#: "altijd" is an hours claim only next to calling, chatting or being reachable.
ALTIJD = re.compile(r"\baltijd\b", re.I)
CALLING = re.compile(r"\b(?:bel|bellen|belt|gebeld|call|calls|phone)\b", re.I)
CHATTING = re.compile(r"\b(?:chat|chats|chatten)\b", re.I)
REACHABLE = re.compile(r"\b(?:bereikbaar|open|reachable)\b", re.I)
WEEKDAYS = re.compile(
    r"\bwerkdag(?:en)?\b|\bweekdag(?:en)?\b|\bweekdays?\b|\boverdag\b|\bkantoor(?:tijden|uren)\b"
    r"|\boffice hours\b|\bma(?:andag)?\.?\s?(?:t/m|tot en met|-|–)\s?vr(?:ijdag)?\b"
    r"|\bmon(?:day)?\s?(?:–|-|to)\s?fri(?:day)?\b",
    re.I,
)
DAILY = re.compile(r"\belke dag\b|\biedere dag\b|\bdagelijks\b|\bdaily\b|\bevery day\b", re.I)
#: A clock time: 9.00, 09:00, 17.30. On the hour or quarter with a dot, so version
#: numbers (3.10) and scores (0.954) are not times.
CLOCK = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])(?::([0-5]\d)|\.(00|15|30|45))(?![\d,]|[.:]\d)")
FREE = re.compile(r"\bgratis\b", re.I)
WORKING_DAYS = DAYS[:5]


@dataclass(frozen=True)
class HoursClaim:
    kind: str  # "always", "weekdays", "daily" or "clock"
    said: str
    at: time | None = None


def _calls(text: str) -> bool:
    """Does the text speak of calling (a verb or a phone number)?"""
    return bool(CALLING.search(text) or phones_in(text))


def hours_claims(sentence: str) -> list[HoursClaim]:
    claims = [HoursClaim("always", m.group(0)) for m in ALWAYS.finditer(sentence)]
    if ALTIJD.search(sentence) and (_calls(sentence) or CHATTING.search(sentence)
                                    or REACHABLE.search(sentence)):
        claims.append(HoursClaim("always", "altijd"))
    claims += [HoursClaim("weekdays", m.group(0)) for m in WEEKDAYS.finditer(sentence)]
    claims += [HoursClaim("daily", m.group(0)) for m in DAILY.finditer(sentence)]
    for m in CLOCK.finditer(sentence):
        claims.append(HoursClaim("clock", m.group(0), time(int(m.group(1)), int(m.group(2) or m.group(3)))))
    return claims


def _channels(text: str) -> list[str]:
    """Which channel a claim is about: calling, chatting, or both when both are named."""
    chat, call = bool(CHATTING.search(text)), _calls(text)
    return ["phone", "chat"] if chat and call else ["chat"] if chat else ["phone"]


def _hours_for(entry: Entry, channel: str) -> Hours | None:
    """A channel's hours; without separate chat hours the service's hours cover its chat
    (services.md gives one hours cell per service row)."""
    if channel == "chat" and entry.chat_hours is not None:
        return entry.chat_hours
    return entry.phone_hours


def claim_holds(claim: HoursClaim, entry: Entry, channel: str) -> bool:
    """Does the knowledge base give ``entry`` these hours on ``channel``?

    Hours that are not shown (``show: false``, a *verify* source) hold for no claim.
    "Office hours" in services.md hold for working days and daytime, never for times.
    """
    hours = _hours_for(entry, channel)
    if claim.kind == "weekdays" and entry.office_hours and channel == "phone":
        return True
    if hours is None or not hours.show:
        return False
    if claim.kind == "always":
        return hours.always
    if claim.kind == "weekdays":
        return not hours.always and tuple(hours.days) == WORKING_DAYS
    if claim.kind == "daily":
        return hours.always or tuple(hours.days) == DAYS
    return not hours.always and claim.at in {hours.open, hours.close}


def hour_problems(text: str, kb: KnowledgeBase, subject: Entry | None = None) -> list[str]:
    """Opening hours and "gratis" that the knowledge base does not give the service."""
    parts = sentences(text)
    problems = []
    for index, sentence in enumerate(parts):
        claims = hours_claims(sentence)
        free = FREE.search(sentence)
        if not claims and not free:
            continue
        entries, context = _about(parts, index, kb, subject)
        if not entries:
            problems.append(f"hours or 'gratis' said of no known service: {sentence!r}")
            continue
        for entry in entries:
            for claim in claims:
                for channel in _channels(context):
                    if not claim_holds(claim, entry, channel):
                        problems.append(f"{entry.id} {channel}: not {claim.said!r}: {sentence!r}")
            if free and not entry.free:
                problems.append(f"{entry.id}: the source does not say it is free: {sentence!r}")
    return problems


# ---------------------------------------------------------------- service names

#: Endings that make a word a service's name ("Kindertelefoon", "Slachtofferhulp").
NAME_ENDINGS = ("telefoon", "hulp", "lijn", "preventie", "inspectie", "centrum", "punt", "groep")
#: In the docs, where English Title Case and code names are everywhere, only runs with a
#: word that ends like an organisation ("Oranje Huis", "Centrum Seksueel Geweld") or is
#: one of the short names count.
ORG_ENDINGS = (*NAME_ENDINGS, "thuis", "huis", "geweld", "misdaad", "opvang", "politie", "alarmnummer")
ORG_WORDS = frozenset({"fier", "comensha", "stichting"})
_TOKEN = re.compile(r"[\w'’-]+")
#: Small words inside a name ("Zorg- en Veiligheidshuis", "Gooi en Vechtstreek").
_CONNECTORS = frozenset({"en", "van", "voor", "tegen", "de", "het"})


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def _runs(sentence: str) -> list[tuple[bool, list[str]]]:
    """Runs of capitalised words (a number may lead: "113 Zelfmoordpreventie"), each with
    whether it starts the sentence."""
    tokens = _TOKEN.findall(sentence)
    runs: list[tuple[bool, list[str]]] = []
    i = 0
    while i < len(tokens):
        lead = tokens[i].isdigit() and i + 1 < len(tokens) and _capitalised(tokens[i + 1])
        if not (_capitalised(tokens[i]) or lead):
            i += 1
            continue
        start, run = i, [tokens[i]]
        i += 1
        while i < len(tokens):
            joins = tokens[i] in _CONNECTORS and len(run) > 1 and i + 1 < len(tokens) \
                and _capitalised(tokens[i + 1])
            if not (_capitalised(tokens[i]) or joins):
                break
            run.append(tokens[i])
            i += 1
        runs.append((start == 0, run))
    return runs


def _service_like(word: str) -> bool:
    """CamelCase ("CoMensha") or a compound that ends like a service ("Kinderhulplijn")."""
    lower = word.lower()
    return bool(re.search(r"[a-z][A-Z]", word)) or any(
        lower.endswith(e) and lower != e for e in NAME_ENDINGS)


def _is_claim(run: list[str], starts: bool, docs: bool) -> bool:
    """Does this run name an organisation?

    In a person's texts: every run inside a sentence, because Dutch capitalises only
    names there ("Chat met Fier"); a single word that starts a sentence only when it looks
    like a service ("Slachtofferhulp helpt je", not "Hulp dicht bij huis"). In the docs:
    a run with a word of an organisation's name.
    """
    if docs:
        return any(t.lower() in ORG_WORDS or t.lower().endswith(ORG_ENDINGS) for t in run)
    if starts and len(run) == 1:
        return _service_like(run[0])
    return True


def _known(run: list[str], kb: KnowledgeBase) -> bool:
    """Knowledge-base names and places, one after another ("Veilig Thuis Flevoland")."""
    if not run:
        return True
    return any(
        (kb.by_name(" ".join(run[:size])) or " ".join(run[:size]) in kb.places)
        and _known(run[size:], kb)
        for size in range(len(run), 0, -1)
    )


def name_problems(text: str, kb: KnowledgeBase, allowed: Iterable[str] = (), docs: bool = False) -> list[str]:
    """Names of organisations in ``text`` that the knowledge base does not hold.

    ``allowed``: capitalised words that are no organisation (the assistant's own name).
    The word that starts a sentence may be an ordinary word ("Bel Veilig Thuis"): a run
    that starts a sentence is also tried without it.
    """
    allowed_names = sorted(set(allowed), key=len, reverse=True)
    problems = []
    for sentence in sentences(text):
        for name in allowed_names:
            sentence = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", sentence)
        for starts, run in _runs(sentence):
            if not _is_claim(run, starts, docs):
                continue
            if _known(run, kb) or (starts and len(run) > 1 and _known(run[1:], kb)):
                continue
            problems.append(f"name not in the knowledge base: {' '.join(run)!r}")
    return problems


# ---------------------------------------------------------------- the widget's texts


def js_strings(source: str) -> list[str]:
    """The double-quoted string literals of a script that a person can see: those with a
    space, and single Dutch words ("Verstuur"); not identifiers ("DOMContentLoaded",
    "keydown", "hw-card")."""
    literals = [m.group(1) for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', source)]
    return [s for s in literals
            if " " in s.strip() or re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ'’-]*[.:!?…]?", s)]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"title", "alt", "aria-label", "placeholder"} and value:
                self.parts.append(f"\n\n{value}\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1
        elif tag in {"p", "h1", "h2", "h3", "li", "title", "button", "label", "div", "main"}:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(source: str) -> str:
    """The visible text of a page (and its titles and labels), paragraphs apart."""
    parser = _Text()
    parser.feed(source)
    paragraphs = (" ".join(p.split()) for p in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
