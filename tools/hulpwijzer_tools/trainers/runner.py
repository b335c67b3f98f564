"""Play scenarios against an assistant and check every reply.

Why the checks are pure functions (``check``, ``describe``): a wrong verdict must be
caught by fast tests without servers; only ``run_scenario`` sends messages, through any
``Send`` (the REST client, or a fake in tests/unit/test_scenario_tool.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hulpwijzer_tools.trainers.client import Message, Send, buttons, reply_text, routes, services
from hulpwijzer_tools.trainers.schema import Scenario, normal


@dataclass
class TurnResult:
    sent: str  # what went to the assistant (a button's payload)
    shown: str  # what the report shows (the button's title)
    reply: list[Message]
    problems: list[str]


@dataclass
class ScenarioResult:
    scenario: Scenario
    turns: list[TurnResult] = field(default_factory=list)
    error: str | None = None  # the conversation could not go on

    @property
    def passed(self) -> bool:
        return self.error is None and all(not t.problems for t in self.turns)

    def problems(self) -> list[str]:
        found = [f"beurt {i}: {p}" for i, t in enumerate(self.turns, 1) for p in t.problems]
        return ([self.error] if self.error else []) + found


def check(expect: dict[str, Any], reply: list[Message]) -> list[str]:
    """What is wrong with ``reply`` given ``expect``, in words a trainer understands."""
    found = services(reply)
    shown = ", ".join(found) or "geen hulp"
    text = reply_text(reply).lower()
    problems = []
    for service in expect.get("hulp", []):
        if service not in found:
            problems.append(f"verwacht hulp '{service}', kreeg {shown}")
    if "eerst" in expect and found[:1] != [expect["eerst"]]:
        problems.append(f"verwacht eerst '{expect['eerst']}', kreeg {shown}")
    for service in expect.get("niet", []):
        if service in found:
            problems.append(f"'{service}' mocht niet genoemd worden, kreeg {shown}")
    if "gemeente" in expect:
        places = {r.get("municipality") for r in routes(reply)} - {None}
        if expect["gemeente"].lower() not in {p.lower() for p in places}:
            got = ", ".join(sorted(places)) or "geen gemeente"
            problems.append(f"verwacht gemeente {expect['gemeente']}, kreeg {got}")
    for words in expect.get("tekst_bevat", []):
        if words.lower() not in text:
            problems.append(f"het antwoord noemt '{words}' niet")
    for words in expect.get("tekst_bevat_niet", []):
        if words.lower() in text:
            problems.append(f"het antwoord noemt '{words}', en dat mocht niet")
    if "knoppen" in expect and bool(buttons(reply)) != expect["knoppen"]:
        problems.append("verwacht knoppen, kreeg geen" if expect["knoppen"] else
                        "verwacht geen knoppen, kreeg ze wel")
    if expect.get("geen_hulp") and found:
        problems.append(f"verwacht geen hulp, kreeg {shown}")
    if not reply:
        problems.append("de assistent gaf geen antwoord")
    return problems


def describe(expect: dict[str, Any]) -> str:
    """One line of what a turn expects, for the table and the report."""
    parts = []
    if "eerst" in expect:
        parts.append(f"eerst {expect['eerst']}")
    if expect.get("hulp"):
        parts.append("hulp " + "+".join(expect["hulp"]))
    if expect.get("niet"):
        parts.append("niet " + "+".join(expect["niet"]))
    if "gemeente" in expect:
        parts.append(f"gemeente {expect['gemeente']}")
    if expect.get("tekst_bevat"):
        parts.append("tekst '" + "', '".join(expect["tekst_bevat"]) + "'")
    if expect.get("tekst_bevat_niet"):
        parts.append("zonder '" + "', '".join(expect["tekst_bevat_niet"]) + "'")
    if "knoppen" in expect:
        parts.append("knoppen" if expect["knoppen"] else "geen knoppen")
    if expect.get("geen_hulp"):
        parts.append("geen hulp")
    return "; ".join(parts) or "een antwoord"


def select(scenarios: Iterable[Scenario], only: str | None) -> list[Scenario]:
    """The scenarios whose name or file contains ``only`` (any case); all without it."""
    needle = (only or "").lower()
    return [s for s in scenarios if needle in s.name.lower() or needle in s.file.lower()]


def run_scenario(scenario: Scenario, send: Send) -> ScenarioResult:
    """Play one conversation as a new sender; stop at the first turn that cannot be sent."""
    result = ScenarioResult(scenario)
    sender = f"scenario-{uuid.uuid4().hex}"
    previous: list[Message] = []
    for turn in scenario.turns:
        if turn.button is not None:
            match = [b for b in buttons(previous) if normal(b.get("title", "")) == normal(turn.button)]
            if not match:
                titles = ", ".join(b.get("title", "") for b in buttons(previous)) or "geen"
                result.error = (f"beurt {len(result.turns) + 1}: knop '{turn.button}' "
                                f"staat niet in het vorige antwoord (knoppen: {titles})")
                return result
            message, shown = str(match[0].get("payload", "")), f"[knop] {turn.button}"
        else:
            message = shown = turn.says or ""
        try:
            reply = send(sender, message)
        except (OSError, ValueError) as error:  # unreachable, HTTP error (URLError), bad JSON
            result.error = f"beurt {len(result.turns) + 1}: geen antwoord van de assistent ({error})"
            return result
        result.turns.append(TurnResult(message, shown, reply, check(turn.expect, reply)))
        previous = reply
    return result


def run(scenarios: Iterable[Scenario], send: Send) -> list[ScenarioResult]:
    return [run_scenario(scenario, send) for scenario in scenarios]
