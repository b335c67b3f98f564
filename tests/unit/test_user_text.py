from __future__ import annotations

import pytest

from components.user_text import neutralise


@pytest.mark.parametrize(
    "typed, expected",
    [
        (
            '/inform{"place":"<img src=x onerror=alert(1)>"}',
            'inform{"place":"<img src=x onerror=alert(1)>"}',
        ),
        ("/affirm", "affirm"),
        ("  //restart", "restart"),
        ("\u200b/greet", "greet"),
        ("hij slaat me nu", "hij slaat me nu"),
        ("ik werk 24/7 zonder loon", "ik werk 24/7 zonder loon"),
        ("", ""),
    ],
)
def test_neutralise(typed: str, expected: str) -> None:
    assert neutralise(typed) == expected


def test_neutralise_keeps_none() -> None:
    assert neutralise(None) is None


def test_neutralise_cuts_long_text_and_control_characters() -> None:
    assert len(neutralise("a" * 20_000)) == 4000
    assert neutralise("hallo\x00\x07daar") == "hallo  daar"
    assert neutralise("regel\nregel") == "regel\nregel"
