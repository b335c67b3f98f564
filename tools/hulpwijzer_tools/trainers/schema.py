"""The scenario file format (tests/scenarios/*.yml, explained to trainers in docs/trainers.md).

Why JSON Schema (the ``jsonschema`` library, installed with Rasa): the format is one
declarative document instead of a page of ``isinstance`` checks, so what a file may hold
is read in one place, and the same document can be handed to an editor's YAML plug-in.
Trainers are not programmers, so the library's English messages are never shown: every
rule in ``SCHEMA`` carries its own Dutch message under ``foutmelding``, and ``parse_file``
adds where the mistake is (file, scenario, turn). What a schema cannot know, the names of
the services (bot/knowledge/services.yml, written as id or name in any case) and names
used twice, is checked after the schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError

from hulpwijzer_tools.paths import BOT, ROOT

SCENARIOS = ROOT / "tests" / "scenarios"
SERVICES_FILE = BOT / "knowledge" / "services.yml"

#: Where a rule keeps its Dutch message: one text, or one per JSON Schema keyword.
MESSAGE = "foutmelding"

_TEXT = {"type": ["string", "number"]}  # YAML reads `eerst: 112` as a number
_TEXTS = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]}
_YES_NO = {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": r"(?i)^\s*(ja|nee)\s*$"}]}


def _texts(key: str, description: str, message: str) -> dict[str, Any]:
    return {**_TEXTS, "description": description, MESSAGE: f"'{key}' {message}"}


def _yes_no(key: str, description: str) -> dict[str, Any]:
    return {**_YES_NO, "description": description, MESSAGE: f"'{key}' is ja of nee, niet '{{waarde}}'"}


#: The words a trainer may use under ``verwacht``, each with what it means (docs/trainers.md).
EXPECT_SCHEMA: dict[str, Any] = {
    "type": ["object", "null"],
    MESSAGE: {
        "type": "'verwacht' moet een lijst van regels zijn (sleutel: waarde)",
        "additionalProperties": "onbekend woord onder 'verwacht': {onbekend}. Toegestaan: {toegestaan}",
    },
    "additionalProperties": False,
    "properties": {
        "hulp": _texts("hulp", "deze hulp moet genoemd worden (een of meer)", "noemt een hulp of een lijst"),
        "eerst": {
            "anyOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1, "maxItems": 1}],
            "description": "deze hulp moet als eerste genoemd worden",
            MESSAGE: "'eerst' noemt precies één hulp",
        },
        "niet": _texts("niet", "deze hulp mag niet genoemd worden", "noemt een hulp of een lijst"),
        "gemeente": {**_TEXT, "description": "de hulp hoort bij deze gemeente",
                     MESSAGE: "'gemeente' noemt één gemeente"},
        "tekst_bevat": _texts("tekst_bevat", "deze woorden staan in het antwoord",
                              "is een tekst of een lijst van teksten"),
        "tekst_bevat_niet": _texts("tekst_bevat_niet", "deze woorden staan niet in het antwoord",
                                   "is een tekst of een lijst van teksten"),
        "knoppen": _yes_no("knoppen", "het antwoord heeft knoppen (ja) of juist niet (nee)"),
        "geen_hulp": _yes_no("geen_hulp", "het antwoord noemt geen enkele hulp (ja)"),
    },
}

_TURN_SHAPE = "een beurt heeft 'persoon' of 'knop', en 'verwacht'"
_SAYS_OR_BUTTON = "schrijf 'persoon' (wat iemand typt) of 'knop'"

TURN_SCHEMA: dict[str, Any] = {
    "type": "object",
    MESSAGE: {"type": _TURN_SHAPE, "additionalProperties": _TURN_SHAPE, "oneOf": _SAYS_OR_BUTTON},
    "additionalProperties": False,
    "oneOf": [{"required": ["persoon"]}, {"required": ["knop"]}],
    "properties": {
        "persoon": {**_TEXT, "description": "wat iemand typt", MESSAGE: _SAYS_OR_BUTTON},
        "knop": {**_TEXT, "description": "de tekst op een knop uit het vorige antwoord", MESSAGE: _SAYS_OR_BUTTON},
        "verwacht": EXPECT_SCHEMA,
    },
}

_NAME = "elk scenario heeft een 'naam'"
_TALK = "'gesprek' is een lijst met minstens één beurt"

# Keyword order is the order in which a trainer hears of mistakes (the first one is
# reported): the name, unknown words, the conversation, then its turns.
SCENARIO_SCHEMA: dict[str, Any] = {
    "type": "object",
    MESSAGE: {
        "type": _NAME,
        "additionalProperties": "onbekend woord {onbekend}. Toegestaan: {toegestaan}",
        "required": _TALK,
    },
    "allOf": [{
        "required": ["naam"],
        "properties": {"naam": {**_TEXT, "minLength": 1, MESSAGE: _NAME}},
        MESSAGE: _NAME,
    }],
    "additionalProperties": False,
    "required": ["gesprek"],
    "properties": {
        "naam": {"description": "unieke naam van het scenario (gecontroleerd hierboven)"},
        "wie": {**_TEXT, "description": "wie er typt", MESSAGE: "'wie' is een woord, bijvoorbeeld omstander"},
        "uitleg": {**_TEXT, "description": "waarom dit scenario belangrijk is", MESSAGE: "'uitleg' is een tekst"},
        "gesprek": {"type": "array", "minItems": 1, "items": TURN_SCHEMA, MESSAGE: _TALK},
    },
}

_FILE = "het bestand begint met 'scenarios:' en een lijst"

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Hulpwijzer-scenario's (docs/trainers.md)",
    "type": "object",
    MESSAGE: _FILE,
    "required": ["scenarios"],
    "properties": {"scenarios": {"type": "array", "items": SCENARIO_SCHEMA, MESSAGE: _FILE}},
}

VALIDATOR = Draft202012Validator(SCHEMA)


class ScenarioError(ValueError):
    """A scenario file a trainer wrote cannot be read; the message says where and why."""


@dataclass
class Turn:
    """One turn: what the person types (``says``) or which button they press, and what must follow."""

    says: str | None
    button: str | None
    expect: dict[str, Any]


@dataclass
class Scenario:
    name: str
    file: str
    who: str | None
    turns: list[Turn]
    explanation: str | None = None


# --- service names ----------------------------------------------------------------


def service_aliases(path: Path = SERVICES_FILE) -> dict[str, str]:
    """Service id for every way a trainer may write it: id or name, any case."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["services"]
    aliases: dict[str, str] = {}
    for service_id, entry in data.items():
        for alias in (str(service_id), str(entry.get("name", ""))):
            if alias:
                aliases[normal(alias)] = str(service_id)
    return aliases


def normal(word: str) -> str:
    """A word as a trainer means it: case, ``_`` and ``-`` and extra spaces do not count."""
    return " ".join(str(word).lower().replace("_", " ").replace("-", " ").split())


# --- reading a file ---------------------------------------------------------------


def parse_file(path: Path, aliases: dict[str, str]) -> list[Scenario]:
    """Read one scenario file; every mistake is reported with file, scenario and turn."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path.name}: geen geldige YAML ({error})") from error
    mistake = first_mistake(data)
    if mistake is not None:
        raise ScenarioError(f"{where(path.name, data, list(mistake.absolute_path))}: {dutch(mistake)}")
    scenarios = []
    for number, raw in enumerate(data["scenarios"], 1):
        turns = [
            Turn(
                says=_text_or_none(turn.get("persoon")),
                button=_text_or_none(turn.get("knop")),
                expect=expectation(turn.get("verwacht"), where(path.name, data, ["scenarios", number - 1,
                                                                                 "gesprek", index]), aliases),
            )
            for index, turn in enumerate(raw["gesprek"])
        ]
        scenarios.append(Scenario(
            name=str(raw["naam"]), file=path.name, who=_text_or_none(raw.get("wie")), turns=turns,
            explanation=_text_or_none(raw.get("uitleg")),
        ))
    return scenarios


def load(directory: Path = SCENARIOS, aliases: dict[str, str] | None = None) -> list[Scenario]:
    """Every scenario in ``directory``/*.yml; a name may be used only once in the folder."""
    aliases = aliases if aliases is not None else service_aliases()
    scenarios = []
    for path in sorted(directory.glob("*.yml")):
        scenarios.extend(parse_file(path, aliases))
    names = [s.name for s in scenarios]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise ScenarioError(f"dezelfde naam staat er vaker in: {', '.join(doubles)}")
    return scenarios


def first_mistake(data: Any) -> ValidationError | None:
    """The mistake a trainer should hear of first: scenario by scenario, turn by turn,
    and within one place in the order of ``SCHEMA``'s keywords."""
    errors = list(VALIDATOR.iter_errors(data))  # in schema keyword order
    if not errors:
        return None

    def position(error: ValidationError) -> tuple[int, int]:
        path = list(error.absolute_path)
        scenario = path[1] if len(path) > 1 and path[0] == "scenarios" else -1
        turn = path[3] if len(path) > 3 and path[2] == "gesprek" else -1
        return scenario, turn

    return min(errors, key=position)  # min keeps the first of equals


def dutch(error: ValidationError) -> str:
    """The Dutch message of the rule that failed, filled in with what the trainer wrote."""
    message = error.schema.get(MESSAGE)
    if isinstance(message, dict):
        message = message.get(error.validator)
    if message is None:  # a rule without a message is a bug in SCHEMA, not in the file
        raise RuntimeError(f"no Dutch message for {error.validator} at {list(error.absolute_schema_path)}")
    allowed = list(error.schema.get("properties", {}))
    unknown = sorted(map(str, set(error.instance) - set(allowed))) if isinstance(error.instance, dict) else []
    return message.format(onbekend=", ".join(unknown), toegestaan=", ".join(allowed), waarde=error.instance)


def where(file: str, data: Any, path: list[Any]) -> str:
    """``file, 'scenario name', beurt 2`` for a place in the file (the number when there is no name)."""
    parts = [file]
    if len(path) > 1 and path[0] == "scenarios":
        raw = data["scenarios"][path[1]]
        name = raw.get("naam") if isinstance(raw, dict) else None
        valid = isinstance(name, (str, int, float)) and not isinstance(name, bool) and str(name)
        parts.append(f"'{name}'" if valid else f"scenario {path[1] + 1}")
        if len(path) > 3 and path[2] == "gesprek":
            parts.append(f"beurt {path[3] + 1}")
    return ", ".join(parts)


def expectation(raw: dict[str, Any] | None, where: str, aliases: dict[str, str]) -> dict[str, Any]:
    """A schema-valid ``verwacht`` in the runner's terms: service ids, lists, booleans."""
    if raw is None:
        return {}
    expect: dict[str, Any] = {}
    for key in ("hulp", "niet"):
        if key in raw:
            expect[key] = _services(raw[key], where, aliases)
    if "eerst" in raw:
        expect["eerst"] = _services(raw["eerst"], where, aliases)[0]
    if "gemeente" in raw:
        expect["gemeente"] = str(raw["gemeente"])
    for key in ("tekst_bevat", "tekst_bevat_niet"):
        if key in raw:
            expect[key] = _as_list(raw[key])
    for key in ("knoppen", "geen_hulp"):
        if key in raw:
            value = raw[key]
            expect[key] = value if isinstance(value, bool) else value.strip().lower() == "ja"
    return expect


def _services(value: Any, where: str, aliases: dict[str, str]) -> list[str]:
    found = []
    for word in _as_list(value):
        service = aliases.get(normal(word))
        if service is None:
            known = ", ".join(sorted(set(aliases.values())))
            raise ScenarioError(f"{where}: onbekende hulp '{word}'. Bekend: {known}")
        found.append(service)
    return found


def _as_list(value: Any) -> list[str]:
    items: Iterable[Any] = value if isinstance(value, list) else [value]
    return [str(v) for v in items]


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
