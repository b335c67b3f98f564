"""Every answer in plain Dutch (Flesch-Douma), never blaming, never over-promising.

Threshold: 50. Flesch-Douma 60+ is "easy"; our texts name services such as
"Centrum Seksueel Geweld" and "Zelfmoordpreventie", long words a person must read
anyway, which cost about 10 points in a short text. 50 still fails long, heavy
sentences. Texts under 8 words are exempt: the formula is meaningless on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.readability import flesch_douma, syllables, wording_problems

ROOT = Path(__file__).resolve().parents[2]
MIN_SCORE = 50
MIN_WORDS = 8


def all_texts() -> list[tuple[str, str]]:
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    texts = [(name, v["text"]) for name, variants in domain["responses"].items()
             for v in variants if v.get("text")]
    routes = yaml.safe_load((ROOT / "bot" / "knowledge" / "route_texts.yml").read_text("utf-8"))
    texts += [(f"route {s}.{k}", t) for s, variants in routes.items() for k, t in variants.items()]
    assert len(texts) > 40
    return texts


@pytest.mark.parametrize("word, count", [
    ("huis", 1), ("geweld", 2), ("veilig", 2), ("kindertelefoon", 5), ("gemeente", 3),
    ("bellen", 2), ("advies", 2), ("anoniem", 3), ("politie", 3), ("uitbuiting", 3),
])
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_scores_separate_plain_from_heavy() -> None:
    plain = "Bel Veilig Thuis. Het is gratis. Je kunt dag en nacht bellen."
    heavy = ("Indien er sprake is van een vermoeden van huiselijke geweldpleging dient "
             "de betrokkene onverwijld contact op te nemen met de desbetreffende instantie.")
    assert flesch_douma(plain) > 70 > flesch_douma(heavy)


@pytest.mark.parametrize("name, text", all_texts(), ids=lambda v: v if len(v) < 40 else "")
def test_plain_dutch(name: str, text: str) -> None:
    if len(text.split()) >= MIN_WORDS:
        assert flesch_douma(text) >= MIN_SCORE, f"{name}: {flesch_douma(text):.0f}"


@pytest.mark.parametrize("name, text", all_texts(), ids=lambda v: v if len(v) < 40 else "")
def test_no_blame_no_false_promise(name: str, text: str) -> None:
    assert not wording_problems(text), name


def test_wording_check_catches_problems() -> None:
    assert wording_problems("Had je maar eerder gebeld. Niemand komt het te weten.")
