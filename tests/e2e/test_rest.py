"""End to end over REST: the trained model, the action server and Rasa together.

These tests assert on the route payloads, not on Dutch wording, so texts can be
improved without touching them.
"""

from __future__ import annotations

import uuid

import pytest

from tests.helpers import response_variations, routes, services

pytestmark = pytest.mark.e2e


def texts(messages: list[dict]) -> str:
    return " ".join(m.get("text", "") for m in messages)


def test_greeting_is_dutch(talk) -> None:
    reply = texts(talk("hallo"))
    assert reply.strip() in response_variations("utter_greet")


@pytest.mark.parametrize(
    "message",
    [
        "hij slaat me nu",
        "er staat iemand met een mes voor de deur",
        "help mijn vriend knijpt mijn keel dicht",
        "Ik woon in Lelystad en maak me al lang zorgen over de buren, en nu hoor ik "
        "hem schreeuwen dat hij haar gaat vermoorden",
    ],
)
def test_acute_danger_gets_112_first_then_veilig_thuis(talk, message: str) -> None:
    reply = talk(message)
    found = services(reply)
    assert found[:1] == ["112"], reply
    assert "veilig_thuis" in found
    # 112 is the very first message: nothing is said before it.
    assert "route" in (reply[0].get("custom") or {}) or reply[0].get("text", "").find("112") >= 0


def test_route_payload_contract(talk) -> None:
    for route in routes(talk("hij slaat me nu")):
        assert set(route) >= {"service", "name", "phone", "url", "municipality", "urgency"}
        assert route["urgency"] in {"acute", "soon", "advice", "info"}


def test_wijkteam_in_named_town(talk) -> None:
    found = routes(talk("waar is het wijkteam in Almere"))
    wijkteam = [r for r in found if r["service"] == "wijkteam"]
    assert wijkteam and wijkteam[0]["municipality"] == "Almere"


def test_place_asked_then_postcode(talk) -> None:
    sender = uuid.uuid4().hex
    first = talk("ik zoek hulp in de buurt", sender)
    assert not routes(first)
    assert "postcode" in texts(first).lower() or "plaats" in texts(first).lower()
    second = routes(talk("8302", sender))
    wijkteam = [r for r in second if r["service"] == "wijkteam"]
    assert wijkteam and wijkteam[0]["municipality"] == "Noordoostpolder"


def test_masker19_codeword(talk) -> None:
    reply = talk("Masker 19")
    found = services(reply)
    assert found[:1] == ["112"] and "veilig_thuis" in found
    assert any(m.get("buttons") for m in reply), "a yes/no question with buttons"


def test_masker19_question(talk) -> None:
    found = services(talk("wat is masker 19?"))
    assert found and found[0] != "112"
    assert "veilig_thuis" in found


def test_sexual_violence_yesterday(talk) -> None:
    assert "csg" in services(talk("ik ben gisteren verkracht"))


def test_suicidal_thoughts(talk) -> None:
    assert "113" in services(talk("ik wil niet meer leven"))


def test_out_of_scope_is_friendly(talk) -> None:
    reply = talk("wat voor weer wordt het morgen")
    assert reply and not routes(reply)
    assert texts(reply).strip() in response_variations("utter_out_of_scope")


def test_danger_question_answered_yes(talk) -> None:
    sender = uuid.uuid4().hex
    first = talk("ik maak me zorgen om mijn buurvrouw, ik denk dat haar man haar slaat", sender)
    assert "veilig_thuis" in services(first)
    assert any(m.get("buttons") for m in first), "asks whether there is danger now"
    assert services(talk("ja", sender))[:1] == ["112"]
