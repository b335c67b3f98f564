"""The static route cards in domain.yml are the cards hulpwijzer.routing makes.

Why: ``utter_route_112`` (said by the rules before the routing action in every acute
answer), ``utter_route_veilig_thuis`` (after "what happens when I call", and with 112 when
the action server is down, ``hulpwijzer_rasa/action_resilience.py``) and ``utter_fallback`` show a
person the same card as the action would. One contract: the payload keys are compared
with ``Route.payload()`` itself, so a field added to the contract fails here until the
static cards carry it too; every value and the text must equal the route's.

Which route each card must equal, and why:

- ``utter_route_112``: the first route of an acute answer, for every topic, age group
  and role (the action skips 112 after the static card, so all of them must match). Its
  text is route_texts ``112.acute``: "Bel nu 112", 112 first.
- ``utter_route_veilig_thuis`` and ``utter_fallback``: said when the situation is not
  known (no topic, urgency, age, role or place): the Veilig Thuis route of a general
  question, text ``veilig_thuis.default``, urgency ``advice``, no region.
- Clock: a static card cannot know the time, so it must not offer the chat (open on
  working days only): it equals the route made while the chat is closed (Sunday night),
  with ``chat_url`` null and no "the chat is open" sentence.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hulpwijzer.routing import AGE_GROUPS, ROLES, TOPICS, Route, route
from hulpwijzer.services import route_texts, services
from tests.helpers import domain_yaml
from tests.truthcheck import hours_claims, phones_in

#: The Veilig Thuis chat is closed then (services.yml: Mon-Fri 09:00-17:00).
CHAT_CLOSED = datetime(2026, 11, 29, 3, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
#: The sentences utter_fallback says before the Veilig Thuis card: no facts in them.
FALLBACK_LEAD = ("Sorry, dat begreep ik niet goed. Wil je het op een andere manier zeggen? "
                 "Of wil je meteen iemand spreken?")


def static(name: str) -> dict[str, Any]:
    variants = domain_yaml()["responses"][name]
    assert len(variants) == 1, f"{name}: one variation, so every person gets the checked card"
    return variants[0]


def general_veilig_thuis() -> Route:
    routes = route("general", "unknown", "unknown", None, "unknown", CHAT_CLOSED)
    assert [r.service for r in routes] == ["veilig_thuis"]
    return routes[0]


def acute_112s() -> list[Route]:
    return [route(topic, "acute", age, None, role, CHAT_CLOSED)[0]
            for topic in TOPICS for age in AGE_GROUPS for role in ROLES]


def assert_same_card(card: dict[str, Any], expected: Route) -> None:
    payload = card["custom"]
    assert set(payload) == set(expected.payload())
    assert set(payload["route"]) == set(expected.payload()["route"]), "the contract's fields"
    assert payload == expected.payload()


def test_static_112_is_the_acute_112_route() -> None:
    card = static("utter_route_112")
    for expected in acute_112s():
        assert expected.service == "112" and expected.urgency == "acute"
        assert_same_card(card, expected)
        assert card["text"] == expected.text
    assert card["text"] == route_texts()["112"]["acute"].format(phone=services()["112"].phone)
    assert card["text"].startswith("Bel nu 112"), "112 first in an emergency"


@pytest.mark.parametrize("name", ["utter_route_veilig_thuis", "utter_fallback"])
def test_static_veilig_thuis_is_the_general_route(name: str) -> None:
    card, expected = static(name), general_veilig_thuis()
    assert_same_card(card, expected)
    assert expected.text == route_texts()["veilig_thuis"]["default"].format(
        phone=services()["veilig_thuis"].phone)
    assert card["custom"]["route"]["chat_url"] is None, "a static card cannot know the chat is open"
    assert route_texts()["veilig_thuis"]["chat_open"] not in card["text"]
    if name == "utter_route_veilig_thuis":
        assert card["text"] == expected.text
    else:
        assert card["text"] == f"{FALLBACK_LEAD} {expected.text}"
        assert not phones_in(FALLBACK_LEAD) and not hours_claims(FALLBACK_LEAD)


def test_a_field_added_to_the_contract_fails_here() -> None:
    """The comparison reads the keys from Route.payload(), so a new field counts."""
    card = static("utter_route_112")
    expected = acute_112s()[0]
    extended = {"route": {**expected.payload()["route"], "opening_note": "niet op feestdagen"}}

    class Wider(Route):
        def payload(self) -> dict[str, Any]:
            return extended

    wider = Wider(**{f: getattr(expected, f) for f in expected.__dataclass_fields__})
    with pytest.raises(AssertionError, match="contract's fields"):
        assert_same_card(card, wider)
