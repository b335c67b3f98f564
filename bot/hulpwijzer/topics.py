"""The routing topics as data: ``bot/knowledge/topics.yml``, validated on load.

Why one table: a topic used to be spread over an intent map, a set of violence topics,
a ``Literal`` type, a set literal and a branch of ``routing._order``, with ten
near-identical rules beside them; adding one touched six places. Now the routing and
the understanding read this table, and ``tests/unit/test_topics.py`` checks the rules,
intents, intros and route texts against it.

Why pydantic: it is in the lock already (Rasa 3.6 pins 1.10), and one model both
validates the file (unknown fields, a missing age group or a bad urgency fail at load,
with the path of the fault) and gives the typed rows the routing reads.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Extra, validator

TOPICS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "topics.yml"
AGE_GROUPS = ("child", "adult", "unknown")
#: A step's urgency: a route urgency, or one that depends on the message (topics.yml).
StepUrgency = Literal["acute", "soon", "advice", "info", "help", "by_time"]


class Topic(BaseModel):
    """One row of topics.yml (its header explains the fields)."""

    intents: dict[str, str]
    standard_rule: bool
    violence_close_by: bool
    always_112: bool
    second_guess: bool
    wijkteam: bool
    routes: dict[Literal["child", "adult", "unknown"], list[dict[str, StepUrgency]]]

    class Config:
        extra = Extra.forbid
        allow_mutation = False

    @validator("intents")
    def _some_intent(cls, intents: dict[str, str]) -> dict[str, str]:
        if not intents:
            raise ValueError("a topic needs at least one intent")
        return intents

    @validator("routes")
    def _every_age_group(cls, routes: dict[str, list[dict[str, str]]]
                         ) -> dict[str, list[dict[str, str]]]:
        missing = set(AGE_GROUPS) - set(routes)
        if missing:
            raise ValueError(f"no route plan for {sorted(missing)}")
        for plan in routes.values():
            if not plan or any(len(step) != 1 for step in plan):
                raise ValueError("a plan is a non-empty list of single 'service: urgency' steps")
        return routes

    def plan(self, age_group: str) -> list[tuple[str, str]]:
        """(service id, step urgency) for this age group; any other group reads as unknown."""
        steps = self.routes.get(age_group) or self.routes["unknown"]  # type: ignore[call-overload]
        return [next(iter(step.items())) for step in steps]


class TopicTable(BaseModel):
    topics: dict[str, Topic]

    class Config:
        extra = Extra.forbid

    @validator("topics")
    def _general_and_one_topic_per_intent(cls, topics: dict[str, Topic]) -> dict[str, Topic]:
        if "general" not in topics:
            raise ValueError("the topic 'general' is the fallback and must exist")
        seen: dict[str, str] = {}
        for name, topic in topics.items():
            for intent in topic.intents:
                if intent in seen:
                    raise ValueError(f"intent {intent} in both {seen[intent]} and {name}")
                seen[intent] = name
        return topics


def load(path: Path = TOPICS_FILE) -> dict[str, Topic]:
    """The table in ``path``; raises pydantic's ValidationError naming the fault."""
    return TopicTable.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8"))).topics


@lru_cache(maxsize=1)
def topics() -> dict[str, Topic]:
    """The topics, read once per process."""
    return load()


def topic(name: str) -> Topic:
    """The row for ``name``; an unknown name is the general topic."""
    table = topics()
    return table.get(name) or table["general"]


@lru_cache(maxsize=1)
def topic_by_intent() -> dict[str, str]:
    """Intent -> topic, for every intent the table names."""
    return {intent: name for name, row in topics().items() for intent in row.intents}


@lru_cache(maxsize=1)
def intro_by_intent() -> dict[str, str]:
    """Intent -> the domain response said before its routes (its intro), for every intent
    the table names.

    Why here: ``action_route_help`` says the intro itself (one action, one round trip,
    one policy prediction fewer than a rule saying it first); the table already names
    each intent's intro, and tests/unit/test_topics.py checks every one is a response.
    """
    return {intent: intro for row in topics().values() for intent, intro in row.intents.items()}
