"""No user text and no place in the server logs at INFO level."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e

SECRET_TEXT = "mijn stiefvader Kwartelkoning slaat mij elke avond"
PLACE = "Zwartewaal"  # a village (Voorne aan Zee) that appears nowhere in the code


def test_logs_hold_no_user_text_or_place(stack, talk) -> None:
    sender = uuid.uuid4().hex
    talk(SECRET_TEXT, sender)
    talk("nee", sender)
    talk(PLACE, sender)
    talk(f"ik woon in {PLACE} en zoek hulp", sender)
    assert stack.log_dir is not None
    for name in ("rasa", "actions"):
        log = (stack.log_dir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
        assert "Kwartelkoning" not in log, f"user text in {name}.log"
        assert PLACE not in log, f"place in {name}.log"
