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
Input kept in the project: aliases_handmatig.csv (common names written by hand).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bot" / "knowledge" / "geo"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "geo"
UNCERTAIN_MARK = "onzeker"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(sorted(rows))


def dutch_words() -> set[str]:
    """Every Dutch word form in spaCy's lookup lemmatizer tables.

    Why: a place named "Buren", "Best" or "Huizen" is also an ordinary word ("mijn
    buren slaan elkaar"). Such names are marked so ``resolve_place`` only takes them
    as places with a place context ("in Best") or a capital letter.
    """
    import os

    import spacy_lookups_data
    import srsly

    data = Path(os.path.dirname(spacy_lookups_data.__file__)) / "data"
    lookup = srsly.read_gzip_json(data / "nl_lemma_lookup.json.gz")
    words = set(lookup) | set(lookup.values())
    for forms in srsly.read_gzip_json(data / "nl_lemma_index.json.gz").values():
        words |= set(forms)
    return {w.lower() for w in words}


def build(source: Path, out: Path) -> dict[str, int]:
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
    for a in read(out / "aliases_handmatig.csv"):
        code = by_name[a["gemeentenaam"]]
        names.add((a["naam"], code, "alias", f"handmatig: {a['reden'] or 'alias'}"))
    sys.path.insert(0, str(ROOT / "bot"))
    from hulpwijzer.geo import fold

    words = dutch_words()
    rows = [[*n, "ja" if all(w in words for w in fold(n[0]).split()) else "nee"]
            for n in names]
    write(out / "names.csv", ["name", "code", "kind", "source", "common_word"], rows)

    postcodes = []
    for p in read(source / "pc4_gemeente.csv"):
        postcodes.append([p["pc4"], p["gemeentecode"], p["aandeel_adressen"],
                          p["overige_gemeenten_aandeel"], p["bron"]])
    write(out / "postcodes.csv", ["pc4", "code", "share", "others", "source"], postcodes)
    return {"municipalities": len(municipalities), "names": len(names),
            "postcodes": len(postcodes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.out != OUT:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "aliases_handmatig.csv").write_bytes((OUT / "aliases_handmatig.csv").read_bytes())
    counts = build(args.source, args.out)
    print("geo tables written:", ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
