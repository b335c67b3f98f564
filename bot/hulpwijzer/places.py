"""Find the municipality in free Dutch text: names, towns, aliases, postcodes, typos.

Why this shape: people do not fill in forms. They write "ik woon in Almere Buiten",
"8302", "den bosch" or "lelistad". ``resolve_place`` reads all of these, but never
guesses silently: a name of several places ("Hengelo") is *ambiguous* with its
candidates, and nothing is *unknown*.

Because it runs on every chat message, false places are guarded against:

- names that are also Dutch words ("Best", "Huizen", "Lemmer", "Beek") count only
  with a place context ("in Best"), a capital letter inside a sentence, or, for an
  official gemeente name, as the whole message; very frequent words and article
  phrases ("Heel", "Anderen", "De Wijk") always need a capital letter, so "in heel
  Nederland" and "in de wijk" stay ordinary Dutch;
- small names from the fallback list (hamlets, districts) that are also words need
  both a place word before them and a capital letter;
- typo matching runs only where a place is expected (a short message, or right after
  "in/uit/bij/woon/..."), never on a word in the Dutch word list, and never when two
  names are equally close;
- a 4-digit number is a postcode only with letters after it ("1315 AB"), the word
  "postcode", as (almost) the whole message, or after "in/uit/bij/rond" when it cannot
  be a year (1900-2099). So "in 2019" and "1200 euro" are never postcodes, "in 1315" is.

``expecting_place=True`` is for the answer to "In welke plaats woon je?": the whole
message may then be a name that is also a word ("beek", "lemmer") or a typo.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from hulpwijzer.geo import Gazetteer, Municipality, NameEntry, fold, gazetteer

#: Words before a place: "in", "uit", "bij", "woon", "gemeente", ...
CONTEXT_WORDS = frozenset(
    "in uit bij naar rond rondom nabij omgeving buurt regio gemeente woon woont wonen "
    "woonplaats plaats postcode vlakbij dichtbij richting van te "
    # Frisian: "ik wenje yn Ljouwert", "ik kom út Snits", "by Drachten".
    "yn ut fan wenje wenne wennet by".split()
)
#: Province names and abbreviations that disambiguate ("Bergen NH", "Hengelo (Gld)").
PROVINCES = {
    "nh": "Noord-Holland", "noord holland": "Noord-Holland", "zh": "Zuid-Holland",
    "zuid holland": "Zuid-Holland", "nb": "Noord-Brabant", "noord brabant": "Noord-Brabant",
    "brabant": "Noord-Brabant", "gld": "Gelderland", "gelderland": "Gelderland",
    "ov": "Overijssel", "o": "Overijssel", "overijssel": "Overijssel", "twente": "Overijssel",
    "l": "Limburg", "lb": "Limburg", "limburg": "Limburg", "u": "Utrecht", "ut": "Utrecht",
    "utrecht": "Utrecht", "fr": "Fryslân", "friesland": "Fryslân", "fryslan": "Fryslân",
    "gr": "Groningen", "gn": "Groningen", "groningen": "Groningen", "dr": "Drenthe",
    "drenthe": "Drenthe", "z": "Zeeland", "zeeland": "Zeeland", "fl": "Flevoland",
    "flevoland": "Flevoland",
}
_POSTCODE = re.compile(r"(?<![\d.,:/-])([1-9]\d{3})(?:(\s?)([A-Za-z]{2}))?(?![\d.,:]\d)")
_WORD = re.compile(r"\w+")
#: A bare message: only a postcode, perhaps with "postcode" or "pc" around it.
_BARE_POSTCODE = re.compile(r"^\W*(postcode|pc)?\W*[1-9]\d{3}\s?([a-z]{2})?\W*$", re.I)
#: "near" before a number: then a 4-digit number is a postcode unless a unit follows.
_NEAR_RE = re.compile(r"\b(in de buurt van|omgeving van|vlakbij|dichtbij|nabij|rondom)\s*$")
_UNIT_AFTER_RE = re.compile(
    r"\s*(euro|eur|€|km|kilometer|meter|mensen|man|stuks|keer|uur|minuten|dagen|jaar|procent|"
    r"per|p/m|pm|%)",
    re.IGNORECASE,
)
#: Two letters after the digits that are Dutch words, not a postcode suffix ("1500 en").
_NOT_SUFFIX = frozenset("en of in op is al na nu om te ze we je ik er of ja ok".split())
FUZZY_MIN_LENGTH = 5
#: The most words a province qualifier adds to a name ("Bergen Noord Holland").
MAX_QUALIFIER_WORDS = 2
#: How a match is reported when a name is several kinds at once (Urk: gemeente and town).
KIND_ORDER = ("municipality", "town", "alias", "district", "former")
CONFIDENCE = {1: 0.95, 2: 0.8, 3: 0.7}


@dataclass(frozen=True)
class PlaceResult:
    status: str  # "found" | "ambiguous" | "unknown"
    municipality: Municipality | None = None
    method: str | None = None
    confidence: float = 0.0
    matched_text: str | None = None
    start: int | None = None
    end: int | None = None
    candidates: tuple[Municipality, ...] = ()


UNKNOWN = PlaceResult("unknown")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    folded: str
    capitalised: bool


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.start(), m.end(), fold(m.group()), m.group()[:1].isupper())
        for m in _WORD.finditer(text)
        if fold(m.group())
    ]


def _postcode(text: str, g: Gazetteer) -> PlaceResult | None:
    for match in _POSTCODE.finditer(text):
        number, space, letters = match.group(1), match.group(2), match.group(3)
        before = text[max(0, match.start() - 20) : match.start()].lower()
        with_letters = (
            bool(letters) and (letters.isupper() or not space)
            and letters.lower() not in _NOT_SUFFIX
        )
        year_like = 1900 <= int(number) <= 2099
        plausible = (
            with_letters
            or _BARE_POSTCODE.match(text) is not None
            or re.search(r"\b(postcode|pc)\b", before) is not None
            or (not year_like and re.search(r"\b(in|uit|bij|rond|omgeving)\s*$", before))
            # "hulp in de buurt van 3511", but not "in de buurt van 2500 euro".
            or (not year_like and _NEAR_RE.search(before) is not None
                and _UNIT_AFTER_RE.match(text[match.start(1) + 4:]) is None)
        )
        entry = g.postcodes.get(number)
        if entry is None:
            continue
        # "9203 drachten", "drachten 9203": a number beside a name of the same gemeente.
        plausible = plausible or _named_beside(text, match.start(1), match.start(1) + 4, entry.code, g)
        if not plausible:
            continue
        end = match.end() if with_letters else match.start(1) + 4
        share = entry.share if entry.share is not None else 1.0
        return PlaceResult(
            "found", g.municipalities[entry.code], "postcode", round(0.95 * share, 3),
            text[match.start(1) : end], match.start(1), end,
        )
    return None


def _named_beside(text: str, start: int, end: int, code: str, g: Gazetteer) -> bool:
    """A place name of gemeente ``code`` right after or right before ``text[start:end]``."""
    after = [t.folded for t in _tokens(text[end : end + 40])][:3]
    before = [t.folded for t in _tokens(text[max(0, start - 40) : start])][-3:]
    keys = {" ".join(after[:n]) for n in range(1, len(after) + 1)}
    keys |= {" ".join(before[-n:]) for n in range(1, len(before) + 1)}
    return any(e.code == code for key in keys for e in g.names.get(key, ()))


@dataclass(frozen=True)
class _Qualifier:
    province: str
    last: int  # index of the qualifier's last token
    strong: bool  # a real province word, not a lone letter such as "u" or "o"


def _qualifier(tokens: list[_Token], text: str, after: int) -> _Qualifier | None:
    """A province named right after the place ("Bergen NH", "Hengelo (Gelderland)")."""
    rest = [t.folded for t in tokens[after : after + 2]]
    for size in (2, 1):
        key = " ".join(rest[:size])
        if len(rest) >= size and key in PROVINCES:
            bracketed = "(" in text[tokens[after - 1].end : tokens[after].start]
            return _Qualifier(PROVINCES[key], after + size - 1, len(key) > 1 or bracketed)
    return None


def _choose(entries: Iterable[NameEntry], province: str | None, g: Gazetteer
            ) -> tuple[Municipality, ...]:
    """The municipalities a name can mean, best tier only, narrowed by a province.

    Why prefer a gemeente's own name: "Hoorn" is the city of 73,000 people, not the
    hamlet on Terschelling; "Buren" the gemeente, not the village on Ameland. A name
    that is a town in several gemeenten and no gemeente's name ("Hengelo") stays
    ambiguous.
    """
    entries = tuple(entries)
    best_tier = min(e.tier for e in entries)
    best = [e for e in entries if e.tier == best_tier]
    own = {e.code for e in best if e.kind == "municipality"}
    codes = sorted(own if len(own) == 1 else {e.code for e in best})
    found = tuple(g.municipalities[c] for c in codes)
    if province and len({e.code for e in best}) > 1:
        narrowed = tuple(
            g.municipalities[c] for c in sorted({e.code for e in best})
            if g.municipalities[c].province == province
        )
        found = narrowed or found
    return found


def _acceptable(entries: tuple[NameEntry, ...], span: list[_Token], tokens: list[_Token],
                index: int, qualified: bool, expecting_place: bool) -> bool:
    """Whether a name match can be trusted in this position (false-positive guard)."""
    context = qualified or (index > 0 and tokens[index - 1].folded in CONTEXT_WORDS)
    whole = len(span) == len(tokens) or (qualified and index == 0)
    capital_inside = index > 0 and span[0].capitalised
    official = min(e.tier for e in entries) == 1
    own_name = any(e.kind == "municipality" for e in entries)
    common = any(e.common_word for e in entries)
    if whole and expecting_place:
        return True
    if not common:
        return official or context or whole or all(t.capitalised for t in span)
    very_common = any(e.very_common for e in entries)
    if own_name:  # "ik woon in Best", "huizen", but not "ik doe mijn best"
        return context or whole or capital_inside
    if official and not very_common:  # "ik woon in drachten", "Lemmer", not "de beek"
        return context or (span[0].capitalised and (whole or capital_inside))
    if official:  # "in Heel", "De Wijk", but not "in heel Nederland" or "in de wijk"
        return span[0].capitalised and (context or whole or capital_inside)
    return span[0].capitalised and context  # hamlets that are words: "in Ee"


def _exact(tokens: list[_Token], text: str, g: Gazetteer, expecting_place: bool
           ) -> PlaceResult | None:
    """Longest name first: "Almere Buiten" before "Almere", "Bergen op Zoom" before "Bergen"."""
    for size in range(min(g.max_words, len(tokens)), 0, -1):
        hits = []
        for i in range(len(tokens) - size + 1):
            span = tokens[i : i + size]
            entries = g.names.get(" ".join(t.folded for t in span))
            if not entries:
                continue
            qualifier = _qualifier(tokens, text, i + size)
            strong = qualifier is not None and qualifier.strong
            if _acceptable(entries, span, tokens, i, strong, expecting_place):
                hits.append((min(e.tier for e in entries), i, span, entries, qualifier))
        if not hits:
            continue
        tier, i, span, entries, qualifier = min(hits, key=lambda h: (h[0], h[1]))
        found = _choose(entries, qualifier.province if qualifier else None, g)
        last = span[-1]
        if qualifier and qualifier.strong and len(found) == 1:
            last = tokens[qualifier.last]  # "Hengelo (Gld)": the qualifier is part of the name
        start, end = span[0].start, last.end
        if text[start:end].count("(") > text[start:end].count(")") and text[end : end + 1] == ")":
            end += 1  # "Bergen (L)": keep the bracket with the name
        kind = min(entries, key=lambda e: (e.tier, KIND_ORDER.index(e.kind))).kind
        if len(found) == 1:
            return PlaceResult("found", found[0], kind, CONFIDENCE[tier], text[start:end],
                               start, end)
        return PlaceResult("ambiguous", None, kind, 0.5, text[start:end], start, end, found)
    return None


def fuzzy_cutoff(query: str) -> float:
    """How similar a typo must be: stricter for long names, where one edit means less."""
    return 0.85 if len(query) >= 7 else 0.8


def fuzzy_targets(names: dict[str, tuple[NameEntry, ...]]) -> dict[str, list[str]]:
    """Official names (tier 1) by first letter: what typo matching compares with.

    Shared with tools/hulpwijzer_tools/knowledge/build_geo.py, which lists the Dutch words that would reach one
    of these names, so that words such as "school" or "zoeken" never do.
    """
    buckets: dict[str, list[str]] = {}
    for key, entries in sorted(names.items()):
        if min(e.tier for e in entries) == 1 and len(key) >= FUZZY_MIN_LENGTH:
            buckets.setdefault(key[0], []).append(key)
    return buckets


@lru_cache(maxsize=1)
def _fuzzy_choices() -> dict[str, list[str]]:
    return fuzzy_targets(gazetteer().names)


def _fuzzy(tokens: list[_Token], text: str, g: Gazetteer, expecting_place: bool
           ) -> PlaceResult | None:
    """Typos ("lelistad", "amstredam"), only where a place is expected."""
    short = len(tokens) <= 3 or expecting_place
    # A bare answer to "waar woon je?" may be a typo that is also a word ("harlem").
    blocked = frozenset() if expecting_place and len(tokens) <= 2 else g.not_fuzzy
    for i, token in enumerate(tokens):
        context = i > 0 and tokens[i - 1].folded in CONTEXT_WORDS
        if not (short or context) or len(token.folded) < FUZZY_MIN_LENGTH:
            continue
        if token.folded in g.names or token.folded in blocked:
            continue
        for size in (2, 1):
            span = tokens[i : i + size]
            if len(span) < size or any(t.folded in blocked for t in span):
                continue
            query = " ".join(t.folded for t in span)
            joined = query.replace(" ", "")
            if size == 2 and joined in g.names:  # "noordoost polder"
                best = [(joined, 1.0)]
            else:
                choices = _fuzzy_choices().get(query[0], [])
                best = process.extract(query, choices,
                                       scorer=DamerauLevenshtein.normalized_similarity,
                                       score_cutoff=fuzzy_cutoff(query), limit=2)
            if not best:
                continue
            if len(best) == 2 and best[1][1] >= best[0][1]:
                continue  # two names equally close: do not guess
            found = _choose(g.names[best[0][0]], None, g)
            start, end = span[0].start, span[-1].end
            if len(found) == 1:
                return PlaceResult("found", found[0], "fuzzy", round(0.9 * best[0][1], 3),
                                   text[start:end], start, end)
            return PlaceResult("ambiguous", None, "fuzzy", 0.4, text[start:end], start, end,
                               found)
    return None


def resolve_place(text: str, expecting_place: bool = False) -> PlaceResult:
    """The municipality that ``text`` names, how it was found, and how sure that is.

    ``expecting_place``: the message answers a question about the place, so a bare
    name that is also a Dutch word, or a typo in a longer message, is taken as a place.
    """
    if not text or not text.strip():
        return UNKNOWN
    g = gazetteer()
    postcode = _postcode(text, g)
    if postcode is not None:
        return postcode
    tokens = _tokens(text)
    if not tokens:
        return UNKNOWN
    return (_exact(tokens, text, g, expecting_place)
            or _fuzzy(tokens, text, g, expecting_place) or UNKNOWN)


#: Answers to "In welke plaats woon je?" that decline or do not know. Matched on the
#: whole (normalised) answer only, so "ik weet niet of hij in Urk woont" is not one.
_DECLINES = re.compile(
    r"^(?:nee\W*)?(?:dat\s+)?(?:"
    r"(?:weet|wet)\s+(?:ik\s+)?(?:het\s+)?(?:niet|nie|nt)"
    r"|(?:ik\s+)?(?:weet|wet)\s+(?:het\s+)?(?:niet|nie)"
    r"|geen\s+idee|idk|geen\s+zin"
    r"|(?:zeg|vertel|noem)\s+ik\s+(?:liever\s+)?niet|liever\s+niet(?:\s+zeggen)?"
    r"|(?:dat\s+)?(?:wil|ga)\s+ik\s+(?:liever\s+)?niet\s+(?:zeggen|vertellen)"
    r"|ik\s+wil\s+anoniem\s+blijven|anoniem|sla\s+(?:maar\s+)?over|overslaan"
    r"|nee|no|geen|nvt|n\.?v\.?t\.?"
    r")\W*$",
    re.IGNORECASE,
)


def declines_place(text: str) -> bool:
    """True when an answer to the place question says "I won't say" or "I don't know".

    Why: the question offers "Typ dan: weet ik niet"; such an answer must end the
    question at once, not count as a place that was not found and be asked again.
    """
    return bool(_DECLINES.match(" ".join(text.strip().lower().split())))


#: What people put around a place when they answer "waar woon je?", in Dutch and
#: Frisian: "ik woon in", "wij wonen te", "mijn postcode is", "ik wenje yn", "ik kom út",
#: "in de gemeente", and a leading "ja" or "eh".
_ANSWER_PREFIX = re.compile(
    r"""^\W*
    (?:(?:ik|wij|we|wy|mijn\s+postcode|mijn\s+woonplaats|myn\s+postkoade|myn\s+wenplak|
         het|dat|dit)\s+)?
    (?P<verb>(?:woon|wonen|wenje|wen|wenne|kom|komen|zit|zitten|ben|bin|binne|is|zijn)\s+
       (?:no\s+|nu\s+)?)?
    (?P<where>(?:hier\s+)?(?:in\s+de\s+buurt\s+van|in\s+de\s+gemeente|yn\s+'?e\s+gemeente|
         de\s+gemeente|gemeente|yn\s+'?e|op\s+'?e|in|te|uit|út|ut|fan|yn|bij|by|vlakbij|
         dichtbij|nabij|rond|omgeving|postcode|postkoade|pc|woonplaats)\b\W*)?""",
    re.IGNORECASE | re.VERBOSE,
)
_ANSWER_SUFFIX = re.compile(
    r"(?:\W+(?:denk\s+ik|geloof\s+ik|tink\s+ik|dus|hoor|ofzo|of\s+zo|ja|graag|"
    r"alsjeblieft|aub|svp))*\W*$",
    re.IGNORECASE,
)


def _spans_all(found: PlaceResult, text: str) -> bool:
    """Whether an exact or postcode match covers every word of ``text``.

    Then ``resolve_place(text, expecting_place=True)`` gives the same result, so it need
    not run: the postcode is read before names and without the flag, and a name that is
    the whole message is the only candidate of the longest size, acceptable with or
    without the flag. Not so for typos: the flag lifts the blocklist.
    """
    if found.status == "unknown" or found.method == "fuzzy" or found.start is None:
        return False
    tokens = _tokens(text)
    return bool(tokens) and found.start <= tokens[0].start and (found.end or 0) >= tokens[-1].end


def _as_asked(text: str, expecting_place: bool, rest: str, result: PlaceResult,
              whole: PlaceResult | None) -> PlaceResult:
    """``resolve_place(text, expecting_place)``, reusing a resolution of the same question."""
    if not expecting_place:
        return whole or resolve_place(text)
    return result if rest == text else resolve_place(text, True)


def place_answer(text: str, expecting_place: bool = False,
                 whole: PlaceResult | None = None) -> PlaceResult | None:
    """The place, when the whole message is a place and nothing else.

    "rijssen", "Ik woon in Urk.", "wy wenje yn Snits", "postcode 8302", "Hengelo (O)"
    are place answers; "ik woon in Urk en hij slaat me" is not (it says more).

    Why: a bare place is an answer, whatever an intent classifier makes of it. The NLU
    pipeline reads such a message as ``inform`` (``hulpwijzer_rasa.nlu.place_extractor``), and
    the risk screen does not score it, so "rijssen" never becomes nlu_fallback, sexual
    violence or 112. Without ``expecting_place`` (no question asked), a name that is
    also an ordinary word ("best", "echt") only counts after a place phrase ("in Best")
    or with a capital letter.

    ``whole``: ``resolve_place(text)``, when the caller has it already (the NLU resolved
    the message once; ``hulpwijzer.place_reading``). It is reused wherever this function
    would resolve the same text again, so a turn resolves its message once.
    """
    if not text or not text.strip():
        return None
    prefix = _ANSWER_PREFIX.match(text)
    start = prefix.end() if prefix else 0
    suffix = _ANSWER_SUFFIX.search(text, start)
    end = suffix.start() if suffix else len(text)
    rest = text[start:end]
    if not rest.strip():
        return None
    placed = bool(prefix and (prefix.group("verb") or prefix.group("where")))
    if placed:
        # "ik woon in lemmer", but not "ik ben gemept" (Gemert) or "ik ben buiten": after
        # a phrase the name must stand as it would in a sentence, without typo licence.
        found = whole or resolve_place(text)
        if found.start is None or found.start < start:
            return None
        result = dataclasses.replace(found, start=found.start - start, end=(found.end or 0) - start)
    elif whole is not None and rest == text and _spans_all(whole, text):
        result = whole  # what expecting_place=True would find too (see _spans_all)
    elif len(_tokens(rest)) > gazetteer().max_words + MAX_QUALIFIER_WORDS:
        # Longer than any name with its province: no match can cover it all, so this
        # is a sentence, not an answer; resolving it again would only say so.
        return None
    else:
        result = resolve_place(rest, expecting_place=True)
    if result.status == "unknown" or result.start is None or result.end is None:
        return None
    if rest[: result.start].strip() or rest[result.end :].strip(" ()."):
        return None
    if result.method == "postcode" and _as_asked(text, expecting_place, rest, result, whole
                                                 ).status != "found":
        return None  # "in 2019": a year, which the whole message shows
    if result.method == "fuzzy" and fold(rest) in gazetteer().not_fuzzy:
        return None  # "gisteren" is a word, not a typo of Gasteren
    entries = gazetteer().names.get(fold(result.matched_text or ""), ())
    if result.method in {"district", "former"} and any(e.common_word for e in entries):
        return None  # "de dood" is not the hamlet De Dood
    bare_word = not expecting_place and not placed and not rest.lstrip()[:1].isupper()
    if bare_word and result.method != "postcode" and (
        not entries or any(e.common_word for e in entries)
    ):
        return None  # a word that is also a place name ("best", "echt"), or a typo
    return result
