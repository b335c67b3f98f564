"""The gazetteer: municipalities, the names people use for places, and postcodes.

Why cached: the tables are read once per process (a few milliseconds), never per
message, so ``resolve_place`` stays well under a millisecond.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "geo"
#: Lower tiers only answer when no higher tier matches (official names beat hamlets).
TIER = {"municipality": 1, "town": 1, "alias": 1, "district": 2, "former": 3}


@dataclass(frozen=True)
class Municipality:
    code: str
    #: The official CBS name ("'s-Gravenhage", "Middelburg (Z.)"): the route contract's
    #: ``municipality``, which other systems and the trainers' scenarios rely on.
    name: str
    province: str
    safety_region: str
    veilig_thuis_region: str
    veilig_thuis_derivation: str
    veilig_thuis_uncertain: bool
    #: The name for sentences ("Den Haag", "Middelburg"): never a CBS suffix.
    display_name: str = ""
    #: The gemeente's general website and phone number (government register), the
    #: sources that agree, and the date of the register copy. Not the wijkteam's own
    #: number: no source has those, so the assistant says to ask for the wijkteam.
    website: str | None = None
    phone: str | None = None
    contact_sources: str = ""
    contact_checked: str = ""

    @property
    def region_known(self) -> bool:
        """The Veilig Thuis region may be named: the geo data does not mark it uncertain."""
        return not self.veilig_thuis_uncertain


@dataclass(frozen=True)
class NameEntry:
    code: str
    kind: str
    #: Also an ordinary Dutch word ("Best", "Beek", "Drachten" as plural of "dracht").
    common_word: bool = False
    #: A very frequent word or an article phrase ("Heel", "Anderen", "De Wijk").
    very_common: bool = False

    @property
    def tier(self) -> int:
        return TIER[self.kind]


@dataclass(frozen=True)
class Postcode:
    code: str
    share: float | None
    others: str


def fold(text: str) -> str:
    """The comparison form of a name: lowercase, no diacritics, words only.

    "'s-Hertogenbosch" -> "s hertogenbosch"; "Súdwest-Fryslân" -> "sudwest fryslan".
    """
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@dataclass(frozen=True)
class Gazetteer:
    municipalities: dict[str, Municipality]
    by_name: dict[str, Municipality]
    names: dict[str, tuple[NameEntry, ...]]
    postcodes: dict[str, Postcode]
    max_words: int
    #: Dutch words that lie within typo distance of a place name ("school" ~ Schoorl):
    #: typo matching skips them. Written by tools/hulpwijzer_tools/knowledge/build_geo.py.
    not_fuzzy: frozenset[str]


def _read(name: str) -> list[dict[str, str]]:
    with (GEO_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    municipalities = {
        row["code"]: Municipality(
            code=row["code"],
            name=row["name"],
            province=row["province"],
            safety_region=row["safety_region"],
            veilig_thuis_region=row["veilig_thuis_region"],
            veilig_thuis_derivation=row["veilig_thuis_derivation"],
            veilig_thuis_uncertain=row["veilig_thuis_uncertain"] == "ja",
            display_name=row["display_name"],
            website=row["website"] or None,
            phone=row["phone"] or None,
            contact_sources=row["contact_sources"],
            contact_checked=row["contact_checked"],
        )
        for row in _read("municipalities.csv")
    }
    names: dict[str, set[NameEntry]] = defaultdict(set)
    for row in _read("names.csv"):
        names[fold(row["name"])].add(
            NameEntry(row["code"], row["kind"], row["common_word"] in ("ja", "zeer"),
                      row["common_word"] == "zeer")
        )
    postcodes = {
        row["pc4"]: Postcode(row["code"], float(row["share"]) if row["share"] else None,
                             row["others"])
        for row in _read("postcodes.csv")
    }
    return Gazetteer(
        municipalities=municipalities,
        by_name={fold(m.name): m for m in municipalities.values()},
        names={key: tuple(sorted(v, key=lambda e: (e.tier, e.code))) for key, v in names.items()},
        postcodes=postcodes,
        max_words=max(len(key.split()) for key in names),
        not_fuzzy=frozenset(
            (GEO_DIR / "fuzzy_blocklist.txt").read_text(encoding="utf-8").split()
        ),
    )


def municipality_by_name(name: str) -> Municipality | None:
    """The municipality with this official name (any case or diacritics)."""
    return gazetteer().by_name.get(fold(name))


def municipality_by_code(code: str) -> Municipality | None:
    """The municipality with this CBS code ("GM0034" or "0034")."""
    code = code.strip().upper()
    if code.isdigit():
        code = f"GM{int(code):04d}"
    return gazetteer().municipalities.get(code)
