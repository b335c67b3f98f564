"""No invented numbers: every phone number in responses, texts, code and docs is in the KB.

The knowledge base is ``hulpwijzer.facts`` (services.yml, and local_services.yml and the
municipalities' contact columns when present); the number finder is ``tests.truthcheck``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hulpwijzer.facts import knowledge_base, phone_key
from tests.truthcheck import phones_in, unknown_phones

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    *sorted((ROOT / "bot").glob("domain.yml")),
    *sorted((ROOT / "bot" / "data").rglob("*.yml")),
    *sorted((ROOT / "bot" / "knowledge").glob("route_texts.yml")),
    *sorted((ROOT / "bot" / "actions").rglob("*.py")),
    *sorted((ROOT / "bot" / "hulpwijzer").rglob("*.py")),
    *sorted((ROOT / "bot" / "hulpwijzer_rasa").rglob("*.py")),
    *sorted((ROOT / "web" / "static").glob("*.js")),
    *sorted((ROOT / "web" / "static").glob("*.html")),
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "README.md",
]


def numbers_in(text: str) -> set[str]:
    return {phone_key(n) for n in phones_in(text)}


def test_the_checker_catches_an_invented_number() -> None:
    assert numbers_in("Bel 0800-1234 of (020) 555 12 34") == {"08001234", "0205551234"}
    assert numbers_in("Bel 0320-123456, 06-12345678 of +31 35 699 11 99") == {
        "0320123456", "0612345678", "0356991199"}
    assert numbers_in("Bel 112. Of 113.") == {"112", "113"}
    assert numbers_in("postcode 1315, ik ben 14, in 2019, 24/7, 113.nl, score 0.112") == set()
    assert unknown_phones("Bel 0800-1234.", knowledge_base())


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_number_comes_from_the_knowledge_base(path: Path) -> None:
    invented = unknown_phones(path.read_text(encoding="utf-8"), knowledge_base())
    assert not invented, f"{path.relative_to(ROOT)}: {invented}"
