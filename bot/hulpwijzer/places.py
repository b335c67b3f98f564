"""Find the municipality in free Dutch text: names, towns, aliases, postcodes, typos.

Why this shape: people do not fill in forms. They write "ik woon in Almere Buiten",
"8302", "den bosch" or "lelistad". ``resolve_place`` reads all of these, but never
guesses silently: a name of several places ("Hengelo") is *ambiguous* with its
candidates, and nothing is *unknown*. Because it runs on every chat message, names
that are also Dutch words ("buren", "best", "huizen") count only with a place context
("in Best"), a capital letter, or as the whole message; typo matching is used only
where a place is expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from hulpwijzer.geo import Gazetteer, Municipality, NameEntry, fold, gazetteer

#: Words before a place: "in", "uit", "bij", "woon", "gemeente", ...
CONTEXT_WORDS = frozenset(
    "in uit bij naar rond rondom nabij omgeving buurt regio gemeente woon woont wonen "
    "woonplaats plaats postcode vlakbij dichtbij richting van te".split()
)
#: Province names and abbreviations that disambiguate ("Bergen NH", "Hengelo (Gld)").
PROVINCES = {
    "nh": "Noord-Holland", "noord holland": "Noord-Holland", "zh": "Zuid-Holland",
    "zuid holland": "Zuid-Holland", "nb": "Noord-Brabant", "noord brabant": "Noord-Brabant",
    "brabant": "Noord-Brabant", "gld": "Gelderland", "gelderland": "Gelderland",
    "ov": "Overijssel", "overijssel": "Overijssel", "l": "Limburg", "lb": "Limburg",
    "limburg": "Limburg", "u": "Utrecht", "ut": "Utrecht", "utrecht": "Utrecht",
    "fr": "Fryslân", "friesland": "Fryslân", "fryslan": "Fryslân", "gr": "Groningen",
    "gn": "Groningen", "groningen": "Groningen", "dr": "Drenthe", "drenthe": "Drenthe",
    "z": "Zeeland", "zeeland": "Zeeland", "fl": "Flevoland", "flevoland": "Flevoland",
}
_POSTCODE = re.compile(r"(?<![\d.,:/-])([1-9]\d{3})(?:(\s?)([A-Za-z]{2}))?(?![\d.,:]\d)")
_WORD = re.compile(r"\w+")
#: A bare message: only a postcode, perhaps with "postcode" or "pc" around it.
_BARE_POSTCODE = re.compile(r"^\W*(postcode|pc)?\W*[1-9]\d{3}\s?([a-z]{2})?\W*$", re.I)
FUZZY_MIN_LENGTH = 5
#: How a match is reported when a name is several kinds at once (Urk: gemeente and town).
KIND_ORDER = ("municipality", "town", "alias", "district", "former")


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
        with_letters = bool(letters) and (letters.isupper() or not space)
        year_like = 1900 <= int(number) <= 2099
        plausible = (
            with_letters
            or _BARE_POSTCODE.match(text) is not None
            or re.search(r"\b(postcode|pc)\b", before) is not None
            or (not year_like and re.search(r"\b(in|uit|bij|rond|omgeving)\s*$", before))
        )
        entry = g.postcodes.get(number)
        if not plausible or entry is None:
            continue
        end = match.end() if with_letters else match.start(1) + 4
        share = entry.share if entry.share is not None else 1.0
        return PlaceResult(
            "found", g.municipalities[entry.code], "postcode", round(0.95 * share, 3),
            text[match.start(1) : end], match.start(1), end,
        )
    return None


def _qualifier(tokens: list[_Token], after: int) -> str | None:
    """A province named right after the place ("Bergen NH", "Hengelo (Gelderland)")."""
    rest = [t.folded for t in tokens[after : after + 2]]
    for size in (2, 1):
        key = " ".join(rest[:size])
        if key in PROVINCES:
            return PROVINCES[key]
    return None


def _choose(entries: tuple[NameEntry, ...], province: str | None, g: Gazetteer
            ) -> tuple[Municipality, ...]:
    best_tier = min(e.tier for e in entries)
    codes = sorted({e.code for e in entries if e.tier == best_tier})
    found = tuple(g.municipalities[c] for c in codes)
    if province and len(found) > 1:
        narrowed = tuple(m for m in found if m.province == province)
        found = narrowed or found
    return found


def _acceptable(entries: tuple[NameEntry, ...], span: list[_Token], tokens: list[_Token],
                index: int) -> bool:
    """Whether a name match can be trusted in this position (false-positive guard)."""
    context = index > 0 and tokens[index - 1].folded in CONTEXT_WORDS
    whole = len(span) == len(tokens)
    official = min(e.tier for e in entries) == 1
    common = any(e.common_word for e in entries)
    if common:
        return context and (official or span[0].capitalised) or whole or (
            span[0].capitalised and index > 0
        )
    if not official:
        return context or whole or all(t.capitalised for t in span)
    return True


def _exact(tokens: list[_Token], text: str, g: Gazetteer) -> PlaceResult | None:
    for size in range(min(g.max_words, len(tokens)), 0, -1):
        hits = []
        for i in range(len(tokens) - size + 1):
            span = tokens[i : i + size]
            entries = g.names.get(" ".join(t.folded for t in span))
            if entries and _acceptable(entries, span, tokens, i):
                hits.append((min(e.tier for e in entries), i, span, entries))
        if not hits:
            continue
        tier, i, span, entries = min(hits, key=lambda h: (h[0], h[1]))
        found = _choose(entries, _qualifier(tokens, i + size), g)
        start, end = span[0].start, span[-1].end
        kind = min(entries, key=lambda e: (e.tier, KIND_ORDER.index(e.kind))).kind
        if len(found) == 1:
            confidence = {1: 0.95, 2: 0.8, 3: 0.7}[tier]
            return PlaceResult("found", found[0], kind, confidence, text[start:end], start, end)
        return PlaceResult("ambiguous", None, kind, 0.5, text[start:end], start, end, found)
    return None


@lru_cache(maxsize=1)
def _fuzzy_choices() -> dict[str, list[str]]:
    """Official names (tier 1) by first letter, for typo matching."""
    buckets: dict[str, list[str]] = {}
    for key, entries in gazetteer().names.items():
        if min(e.tier for e in entries) == 1 and len(key) >= FUZZY_MIN_LENGTH:
            buckets.setdefault(key[0], []).append(key)
    return buckets


def _fuzzy(tokens: list[_Token], text: str, g: Gazetteer) -> PlaceResult | None:
    """Typos ("lelistad", "amstredam"), only where a place is expected."""
    short = len(tokens) <= 3
    for i, token in enumerate(tokens):
        context = i > 0 and tokens[i - 1].folded in CONTEXT_WORDS
        if not (short or context) or len(token.folded) < FUZZY_MIN_LENGTH:
            continue
        if token.folded in g.names:
            continue
        for size in (2, 1):
            span = tokens[i : i + size]
            if len(span) < size:
                continue
            query = " ".join(t.folded for t in span)
            cutoff = 0.85 if len(query) >= 7 else 0.8
            choices = _fuzzy_choices().get(query[0], [])
            best = process.extract(query, choices, scorer=DamerauLevenshtein.normalized_similarity,
                                   score_cutoff=cutoff, limit=2)
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


def resolve_place(text: str) -> PlaceResult:
    """The municipality that ``text`` names, how it was found, and how sure that is."""
    if not text or not text.strip():
        return UNKNOWN
    g = gazetteer()
    postcode = _postcode(text, g)
    if postcode is not None:
        return postcode
    tokens = _tokens(text)
    if not tokens:
        return UNKNOWN
    return _exact(tokens, text, g) or _fuzzy(tokens, text, g) or UNKNOWN
