"""The topic table (bot/knowledge/topics.yml) against everything a topic needs elsewhere.

Why a check and not a generator for the rules: Rasa reads the rules from bot/data as
YAML, so they must stay files in the repository either way; a generator would add a
build step that must run (and be committed) before every training, while this test
gives the same guarantee (table and rules agree, nothing missing) with the rules left
as the plain, reviewable YAML the Rasa documentation shows. When it fails it prints the
rule it expects, ready to paste.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from hulpwijzer.routing import DANGER_CHECK_TOPICS, TOPICS
from hulpwijzer.services import route_texts, services
from hulpwijzer.topics import TOPICS_FILE, intro_by_intent, load, topic_by_intent, topics
from tests.helpers import domain_yaml

BOT = Path(__file__).resolve().parents[2] / "bot"
ROUTE_ACTION = "action_route_help"
INTRO = "utter_intro_"
#: Services whose text always has a variant chosen by routing, so no default is needed.
VARIANTS_ONLY = {"wijkteam": {"with_municipality", "without_municipality"}}


@cache
def rules() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted((BOT / "data" / "rules").glob("*.yml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []
    return found


@cache
def routing_rules() -> dict[str, dict[str, Any]]:
    text = (BOT / "data" / "rules" / "routing.yml").read_text(encoding="utf-8")
    return {r["rule"]: r for r in yaml.safe_load(text)["rules"]}


@cache
def nlu_intents() -> set[str]:
    found: set[str] = set()
    for path in (BOT / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" in block:
                found.add(block["intent"])
    return found


def standard_rule(topic: str, intent: str) -> dict[str, Any]:
    """The rule a topic with ``standard_rule: true`` has in rules/routing.yml: the intent,
    then action_route_help, which says the intro itself (``intro_by_intent``)."""
    return {
        "rule": f"route {topic}",
        "steps": [{"intent": intent}, {"action": ROUTE_ACTION}],
        "wait_for_user_input": False,
    }


def test_the_table_is_what_routing_and_understanding_read() -> None:
    assert tuple(topics()) == TOPICS
    assert {n for n, row in topics().items() if row.violence_close_by} == DANGER_CHECK_TOPICS
    assert topic_by_intent()["ask_anonymity"] == "general"


@pytest.mark.parametrize("topic", TOPICS)
def test_every_intent_is_in_the_domain_and_has_examples(topic: str) -> None:
    intents = set(domain_yaml()["intents"])
    for intent in topics()[topic].intents:
        assert intent in intents, f"{topic}: intent {intent} missing from bot/domain.yml"
        assert intent in nlu_intents(), f"{topic}: no NLU examples for {intent} in bot/data/nlu"


@pytest.mark.parametrize("topic", TOPICS)
def test_every_intro_is_a_response_said_before_the_routes(topic: str) -> None:
    """Each intent's intro is a response; a rule starts with the intent, and either a rule
    says the intro or the intent's rule runs action_route_help, which says it."""
    responses = domain_yaml()["responses"]
    said = {step.get("action") for rule in rules() for step in rule["steps"]}
    started = {rule["steps"][0].get("intent") for rule in rules()}
    routed = {rule["steps"][0].get("intent") for rule in rules()
              if ROUTE_ACTION in [step.get("action") for step in rule["steps"]]}
    for intent, intro in topics()[topic].intents.items():
        assert intro in responses, f"{topic}: intro {intro} missing from bot/domain.yml"
        assert intro_by_intent()[intent] == intro
        assert intent in started, f"{topic}: no rule starts with the intent {intent}"
        assert intro in said or intent in routed, (
            f"{topic}: no rule says {intro} and no rule after {intent} runs {ROUTE_ACTION}")


@pytest.mark.parametrize("topic", [t for t in TOPICS if topics()[t].standard_rule])
def test_a_standard_topic_has_its_rule(topic: str) -> None:
    (intent, _intro), *others = topics()[topic].intents.items()
    assert not others, "a standard rule has one intent"
    expected = standard_rule(topic, intent)
    assert routing_rules().get(expected["rule"]) == expected, (
        "add to bot/data/rules/routing.yml:\n" + yaml.safe_dump([expected], sort_keys=False))


def test_every_rule_that_introduces_a_topic_comes_from_the_table() -> None:
    """No rule says a topic's intro after an intent the table does not give that intro."""
    for rule in rules():
        intent = rule["steps"][0].get("intent")
        intros = [s["action"] for s in rule["steps"] if str(s.get("action")).startswith(INTRO)]
        if intent is None or not intros:
            continue
        topic = topic_by_intent().get(intent)
        assert topic is not None, f"rule {rule['rule']!r}: intent {intent} is in no topic"
        assert intros == [topics()[topic].intents[intent]], rule["rule"]
    for name in routing_rules():
        if name.startswith("route "):
            row = topics().get(name.removeprefix("route "))
            assert row is not None and row.standard_rule, f"rule {name!r} has no table row"


@pytest.mark.parametrize("topic", TOPICS)
def test_every_route_in_every_plan_has_a_service_and_a_text(topic: str) -> None:
    texts, catalogue = route_texts(), services()
    for age_group in ("child", "adult", "unknown"):
        for service, _ in topics()[topic].plan(age_group):
            assert service in catalogue, f"{topic}/{age_group}: {service} not in services.yml"
            needed = VARIANTS_ONLY.get(service, {"default"})
            assert needed <= set(texts.get(service, {})), (
                f"{topic}/{age_group}: no {sorted(needed)} text for {service} in route_texts.yml")


def write(tmp_path: Path, change: dict[str, Any]) -> Path:
    raw = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))
    raw["topics"]["domestic_violence"].update(change)
    path = tmp_path / "topics.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize("change", [
    {"routes": {"child": [{"veilig_thuis": "advice"}], "adult": [{"veilig_thuis": "advice"}]}},
    {"routes": {age: [{"veilig_thuis": "soonish"}] for age in ("child", "adult", "unknown")}},
    {"routes": {age: [] for age in ("child", "adult", "unknown")}},
    {"wijkteam": "sometimes"},
    {"colour": "red"},
    {"intents": {}},
    {"intents": {"elder_abuse": "utter_intro_elder_abuse"}},  # an intent in two topics
])
def test_the_schema_rejects_a_broken_row(tmp_path: Path, change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        load(write(tmp_path, change))


def test_the_file_as_written_validates(tmp_path: Path) -> None:
    assert load(write(tmp_path, {})) == topics()
