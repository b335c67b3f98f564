"""Over REST: local help a person can act on, and a place answer that stays a place.

Two-turn flows with a lower-case town, a village, a Frisian name and a postcode; the
codeword followed by "nee" gets no place question. Asserts on route payloads and on
which responses were said, not on wording.
"""

from __future__ import annotations

import uuid

import pytest

from hulpwijzer.geo import municipality_by_name
from tests.helpers import response_variations, routes, services

pytestmark = pytest.mark.e2e


def said(messages: list[dict], response: str) -> bool:
    variations = response_variations(response)
    return any(m.get("text") in variations for m in messages)


def wijkteam(messages: list[dict]) -> dict:
    found = [r for r in routes(messages) if r["service"] == "wijkteam"]
    assert found, messages
    return found[0]


def test_wijkteam_in_almere_has_the_registers_number_and_website(talk) -> None:
    almere = municipality_by_name("Almere")
    team = wijkteam(talk("waar is het wijkteam in Almere"))
    assert team["municipality"] == "Almere" and team["display_name"] == "Almere"
    assert team["phone"] == almere.phone and team["url"] == almere.website


def test_den_haag_is_called_den_haag(talk) -> None:
    team = wijkteam(talk("ik zoek het wijkteam in Den Haag"))
    den_haag = municipality_by_name("'s-Gravenhage")
    assert team["municipality"] == "'s-Gravenhage" and team["display_name"] == "Den Haag"
    assert team["phone"] == den_haag.phone and team["url"] == den_haag.website


def test_urk_gets_veilig_thuis_and_stop_huiselijk_geweld(talk) -> None:
    found = services(talk("ik woon in Urk, mijn man slaat me vaak"))
    assert "veilig_thuis" in found and "stop_huiselijk_geweld" in found
    assert found.index("veilig_thuis") < found.index("stop_huiselijk_geweld")
    assert found[:1] != ["112"], "'vaak' is a habit: 112 is not first"


def test_masker19_then_no_asks_no_place(talk) -> None:
    sender = uuid.uuid4().hex
    first = talk("Masker 19", sender)
    assert services(first)[:1] == ["112"]
    second = talk("nee", sender)
    assert not said(second, "utter_ask_place"), second
    assert said(second, "utter_no_danger_discreet"), second


@pytest.mark.parametrize("answer, official", [
    ("rijssen", "Rijssen-Holten"),          # lower case, a town in a gemeente of two names
    ("nagele", "Noordoostpolder"),          # a village
    ("ik wenje yn Ljouwert", "Leeuwarden"),  # Frisian
    ("8302", "Noordoostpolder"),            # a postcode
    ("ik woon in lemmer", "De Fryske Marren"),
])
def test_a_place_answer_after_the_place_question(talk, answer: str, official: str) -> None:
    sender = uuid.uuid4().hex
    first = talk("ik zoek een wijkteam", sender)
    assert said(first, "utter_ask_place"), first
    second = talk(answer, sender)
    found = services(second)
    assert "112" not in found, second
    assert found[:1] == ["wijkteam"], second
    assert wijkteam(second)["municipality"] == official


def test_a_place_after_the_danger_question_adds_the_wijkteam(talk) -> None:
    sender = uuid.uuid4().hex
    talk("mijn buurman schreeuwt vaak tegen zijn kinderen", sender)
    after_no = talk("nee", sender)
    assert said(after_no, "utter_ask_place"), after_no
    place = talk("zwolle", sender)
    found = services(place)
    assert "112" not in found and "wijkteam" in found, place
    assert "veilig_thuis" in found


def test_a_frisian_request_finds_the_place(talk) -> None:
    found = routes(talk("Ik sykje help by my yn 'e buert, ik wenje yn Snits"))
    assert any(r["service"] == "wijkteam" and r["municipality"] == "Súdwest-Fryslân"
               for r in found), found
