"""Small helpers for tests that talk to the running assistant."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from hulpwijzer_tools.jsonhttp import post_json
from hulpwijzer_tools.trainers.client import routes, services

__all__ = ["post_json", "routes", "services", "domain_yaml", "response_variations"]

DOMAIN = Path(__file__).resolve().parent.parent / "bot" / "domain.yml"


@cache
def domain_yaml() -> dict[str, Any]:
    """bot/domain.yml as plain YAML, read once per test run."""
    return yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))


def response_variations(name: str) -> tuple[str, ...]:
    """Every text variation of a domain response.

    Why: Rasa picks one variation at random, so a test that looks for a word in one
    of them passes or fails by chance. Tests compare against the set instead.
    """
    return tuple(v["text"].strip() for v in domain_yaml()["responses"][name] if "text" in v)
