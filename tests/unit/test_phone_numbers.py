"""No invented numbers: every phone number in responses, texts and code is in the KB."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hulpwijzer.services import phone_numbers

ROOT = Path(__file__).resolve().parents[2]
#: Dutch phone formats: 0800/0900 numbers, (0xx) area numbers, +31 numbers, 112 and 113.
#: Postcodes (1315), ages and years are 4 digits or fewer without these shapes.
PHONE = re.compile(
    r"\b0[89]00[- ]?\d{4}\b|\(0\d{2}\)\s?\d{3}\s?\d{2}\s?\d{2}|\+31[\d ]{9,13}\d"
    r"|\b0\d{2}[- ]\d{7}\b|(?<![\d./-])11[23](?![\d./-])"
)
FILES = [
    *sorted((ROOT / "bot").glob("domain.yml")),
    *sorted((ROOT / "bot" / "data").rglob("*.yml")),
    *sorted((ROOT / "bot" / "knowledge").glob("route_texts.yml")),
    *sorted((ROOT / "bot" / "actions").rglob("*.py")),
    *sorted((ROOT / "bot" / "hulpwijzer").rglob("*.py")),
    *sorted((ROOT / "bot" / "components").rglob("*.py")),
    *sorted((ROOT / "web" / "static").glob("*.js")),
    *sorted((ROOT / "web" / "static").glob("*.html")),
]


def normalise(number: str) -> str:
    return re.sub(r"[^\d+]", "", number)


def numbers_in(text: str) -> set[str]:
    return {normalise(m.group(0)) for m in PHONE.finditer(text)}


def test_the_checker_catches_an_invented_number() -> None:
    assert numbers_in("Bel 0800-1234 of (020) 555 12 34") == {"08001234", "0205551234"}
    assert numbers_in("postcode 1315, ik ben 14, in 2019, 24/7") == set()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_number_comes_from_the_knowledge_base(path: Path) -> None:
    known = {normalise(n) for n in phone_numbers()}
    invented = numbers_in(path.read_text(encoding="utf-8")) - known
    assert not invented, f"{path.relative_to(ROOT)}: numbers not in services.yml: {invented}"
