"""The generated place tables: complete, consistent and up to date with their script."""

from __future__ import annotations

import csv
import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from hulpwijzer.geo import GEO_DIR, gazetteer

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "geo"


def test_342_municipalities_each_with_a_veilig_thuis_region() -> None:
    municipalities = gazetteer().municipalities
    assert len(municipalities) == 342
    assert all(m.veilig_thuis_region.startswith("Veilig Thuis") for m in municipalities.values())
    assert len({m.veilig_thuis_region for m in municipalities.values()}) == 26
    uncertain = {m.name for m in municipalities.values() if m.veilig_thuis_uncertain}
    assert {"Hattem", "Vijfheerenlanden", "Mook en Middelaar"} <= uncertain


@pytest.mark.parametrize("first, last, name", [
    (1300, 1364, "Almere"), (8200, 8245, "Lelystad"), (8250, 8256, "Dronten"),
    (8300, 8316, "Noordoostpolder"), (8320, 8322, "Urk"), (3890, 3899, "Zeewolde"),
])
def test_flevoland_postcodes(first: int, last: int, name: str) -> None:
    g = gazetteer()
    present = [str(n) for n in range(first, last + 1) if str(n) in g.postcodes]
    assert present
    assert {g.municipalities[g.postcodes[p].code].name for p in present} == {name}


def test_every_name_points_to_a_municipality() -> None:
    codes = set(gazetteer().municipalities)
    with (GEO_DIR / "names.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["code"] in codes, row


def test_generated_tables_are_up_to_date(tmp_path: Path) -> None:
    if not SHARED.exists():
        pytest.skip("../shared/data/geo is not next to this checkout")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_geo.py"), "--out",
                    str(tmp_path)], check=True, capture_output=True)
    for name in ("municipalities.csv", "names.csv", "postcodes.csv"):
        assert filecmp.cmp(tmp_path / name, GEO_DIR / name, shallow=False), name
