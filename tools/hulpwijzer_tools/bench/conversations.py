"""What the simulated people of `make load` type: the trainers' scenarios, turn by turn.

Why the scenarios: they are what trainers wrote as realistic conversations (acute
danger, a worried neighbour, a place question, Masker 19...), so the load has the mix
of messages the assistant will see, long and short, not one sentence repeated.
Only the ``persoon`` turns (what someone types) are read; a ``knop`` turn (a button
click) is left out, because a button's payload depends on the answer before it.

Deliberately small and separate from the trainers' tool: the load test needs only the
texts, and this module must not import locust (the unit tests import it; locust's
gevent would patch the test process).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from hulpwijzer_tools.paths import ROOT

SCENARIOS = ROOT / "tests" / "scenarios"


def read_conversations(directory: Path = SCENARIOS) -> list[list[str]]:
    """One list of typed messages per scenario, in file order; scenarios with none are left out."""
    conversations = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for scenario in data.get("scenarios") or []:
            typed = [str(turn["persoon"]).strip() for turn in scenario.get("gesprek") or []
                     if isinstance(turn, dict) and turn.get("persoon") is not None]
            if typed:
                conversations.append(typed)
    if not conversations:
        raise ValueError(f"no 'persoon' turns in {directory}/*.yml")
    return conversations
