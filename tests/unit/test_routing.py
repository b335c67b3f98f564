"""route(): every topic x urgency x age group, plus the cases that matter most."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hulpwijzer.geo import municipality_by_name
from hulpwijzer.local_help import local_services
from hulpwijzer.routing import AGE_GROUPS, TOPICS, URGENCIES, route
from hulpwijzer.services import phone_numbers

AMS = ZoneInfo("Europe/Amsterdam")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=AMS)
SATURDAY_23 = datetime(2026, 11, 28, 23, 0, tzinfo=AMS)
SERVICE_IDS = {"112", "veilig_thuis", "csg", "wijkteam", "kindertelefoon", "113", "politie",
               "meld_misdaad_anoniem", "slachtofferhulp", "comensha", "arbeidsinspectie", "fier"}
ALMERE = municipality_by_name("Almere")


@pytest.mark.parametrize("topic, urgency, age_group",
                         list(itertools.product(TOPICS, URGENCIES, AGE_GROUPS)))
def test_invariants(topic: str, urgency: str, age_group: str) -> None:
    for place in (None, ALMERE):
        routes = route(topic, urgency, age_group, place, "unknown", TUESDAY_10)
        ids = [r.service for r in routes]
        assert ids, "every answer ends somewhere a person can act"
        assert len(ids) == len(set(ids)), "one route per service"
        assert set(ids) <= SERVICE_IDS | {s.id for s in local_services()}
        if urgency == "acute" or topic == "masker19_codeword":
            assert ids[0] == "112"
            assert routes[0].urgency == "acute"
        if topic == "masker19_question" and urgency != "acute":
            assert ids[0] != "112"
        if age_group == "child" and topic in {"domestic_violence", "child_abuse", "general"}:
            assert "kindertelefoon" in ids and "veilig_thuis" in ids
        for r in routes:
            payload = r.payload()["route"]
            assert set(payload) >= {"service", "name", "phone", "url", "municipality", "urgency"}
            assert payload["urgency"] in {"acute", "soon", "advice", "info"}
            assert r.phone is None or r.phone in phone_numbers() or (
                place is not None and r.service == "wijkteam" and r.phone == place.phone)
            assert r.text and "{" not in r.text
            if r.phone:
                assert r.phone in r.text


@pytest.mark.parametrize("topic, urgency, age, days, expected", [
    ("domestic_violence", "acute", "adult", None, ["112", "veilig_thuis"]),
    # Time unclear for violence close by: 112 first, then the question (routing rule 1).
    ("domestic_violence", "unknown", "adult", None, ["112", "veilig_thuis"]),
    ("domestic_violence", "not_acute", "adult", None, ["veilig_thuis"]),
    ("child_abuse", "unknown", "child", None, ["112", "kindertelefoon", "veilig_thuis"]),
    ("child_abuse", "not_acute", "child", None, ["kindertelefoon", "veilig_thuis"]),
    ("sexual_violence", "not_acute", "adult", 1, ["csg", "veilig_thuis"]),
    ("sexual_violence", "acute", "adult", 0, ["112", "csg", "veilig_thuis"]),
    ("suicidal_thoughts", "unknown", "adult", None, ["113"]),
    ("suicidal_thoughts", "acute", "adult", None, ["112", "113"]),
    ("labour_exploitation", "unknown", "adult", None, ["arbeidsinspectie", "politie", "comensha"]),
    ("human_trafficking", "unknown", "child", None,
     ["112", "fier", "veilig_thuis", "politie", "meld_misdaad_anoniem", "comensha"]),
    ("human_trafficking", "not_acute", "child", None,
     ["fier", "veilig_thuis", "politie", "meld_misdaad_anoniem", "comensha"]),
    ("masker19_codeword", "unknown", "unknown", None, ["112", "veilig_thuis"]),
    ("masker19_question", "unknown", "unknown", None, ["veilig_thuis", "112"]),
    ("local_support", "unknown", "adult", None, ["wijkteam", "veilig_thuis"]),
])
def test_expected_order(topic, urgency, age, days, expected) -> None:
    routes = route(topic, urgency, age, None, "unknown", TUESDAY_10, days_since_incident=days)
    assert [r.service for r in routes] == expected


def test_sexual_violence_recent_is_soon_and_later_is_still_welcome() -> None:
    recent = route("sexual_violence", "not_acute", "adult", None, "victim", TUESDAY_10, 3)[0]
    later = route("sexual_violence", "not_acute", "adult", None, "victim", TUESDAY_10, 30)[0]
    assert recent.service == later.service == "csg"
    assert recent.urgency == "soon" and later.urgency == "advice"
    assert "7 dagen" in recent.text and "welkom" in later.text


def test_wijkteam_names_the_municipality() -> None:
    wijkteam = route("local_support", "unknown", "adult", ALMERE, "unknown", TUESDAY_10)[0]
    assert wijkteam.municipality == "Almere" and "Almere" in wijkteam.text
    vt = route("domestic_violence", "not_acute", "adult", ALMERE, "unknown", TUESDAY_10)
    # Almere: Veilig Thuis Flevoland by name, the Blijf Groep the seeds name, the wijkteam.
    assert [r.service for r in vt] == ["veilig_thuis", "blijf_groep", "wijkteam"]
    assert vt[0].region == "Veilig Thuis Flevoland"


def test_chat_only_when_open() -> None:
    open_ = route("domestic_violence", "not_acute", "adult", None, "unknown", TUESDAY_10)[0]
    closed = route("domestic_violence", "not_acute", "adult", None, "unknown", SATURDAY_23)[0]
    assert open_.chat_url and "chat" in open_.text
    assert closed.chat_url is None and "chat" not in closed.text
    assert closed.phone == open_.phone == "0800-2000"


def test_perpetrator_is_addressed_kindly() -> None:
    vt = route("domestic_violence", "not_acute", "adult", None, "perpetrator", TUESDAY_10)[0]
    assert "stoppen" in vt.text


@pytest.mark.parametrize("topic, urgency, risks, uncertain, expected", [
    # Two risks, both routes: 113 comes with Veilig Thuis, not instead of it.
    ("domestic_violence", "not_acute", {"suicide"}, set(), ["113", "veilig_thuis"]),
    ("domestic_violence", "acute", {"suicide"}, set(), ["112", "113", "veilig_thuis"]),
    # A rape told where the classifier saw violence at home still gets the CSG.
    ("domestic_violence", "not_acute", {"sexual_violence"}, set(), ["csg", "veilig_thuis"]),
    ("general", "not_acute", {"suicide", "sexual_violence"}, set(), ["113", "csg", "veilig_thuis"]),
    # The risk screen unsure about danger now: 112 first, whatever the topic.
    ("general", "unknown", set(), {"danger_now"}, ["112", "veilig_thuis"]),
    ("general", "unknown", set(), set(), ["veilig_thuis"]),
    # A young person speaking: De Kindertelefoon first after 112.
    ("domestic_violence", "acute", {"child"}, set(), ["112", "kindertelefoon", "veilig_thuis"]),
])
def test_risks_add_their_routes(topic, urgency, risks, uncertain, expected) -> None:
    routes = route(topic, urgency, "unknown", None, "unknown", TUESDAY_10,
                   risks=frozenset(risks), uncertain=frozenset(uncertain))
    assert [r.service for r in routes] == expected


def test_112_when_time_is_unclear_says_if_there_is_danger_now() -> None:
    first = route("domestic_violence", "unknown", "adult", None, "unknown", TUESDAY_10)[0]
    assert first.service == "112" and first.text.startswith("Is er nu direct gevaar?")


@pytest.mark.parametrize("risks, expected", [
    (set(), []),
    ({"child"}, []),
    ({"suicide"}, ["113"]),
    ({"danger_now", "suicide"}, ["112", "113"]),
    ({"sexual_violence"}, ["csg"]),
])
def test_a_goodbye_after_a_risk_repeats_its_route(risks, expected) -> None:
    from hulpwijzer.routing import reminder_routes

    routes = reminder_routes(frozenset(risks), TUESDAY_10)
    assert [r.service for r in routes] == expected
    if "112" in expected:
        assert routes[0].urgency == "info" and routes[0].text.startswith("Is er nu direct gevaar?")
