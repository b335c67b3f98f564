"""Local help a person can act on: the gemeente's number and website, the region only
when known, the names people use, and the local organisations the seeds name."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hulpwijzer.geo import gazetteer, municipality_by_name
from hulpwijzer.local_help import local_help, local_services, region_website
from hulpwijzer.places import place_answer
from hulpwijzer.routing import TOPICS, route

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "geo"
AMS = ZoneInfo("Europe/Amsterdam")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=AMS)
MUNICIPALITIES = sorted(gazetteer().municipalities.values(), key=lambda m: m.code)
#: Forms CBS writes that people do not: a suffix such as "(Z.)", and 's-Gravenhage.
CBS_ONLY = re.compile(r"\([A-Za-z.]+\)|'s-Gravenhage")


def wijkteam(municipality, topic: str = "local_support"):
    routes = route(topic, "unknown", "adult", municipality, "unknown", TUESDAY_10,
                   cleared=frozenset({"danger_now"}))
    return next(r for r in routes if r.service == "wijkteam"), routes


@pytest.mark.parametrize("municipality", MUNICIPALITIES, ids=lambda m: m.code)
def test_every_municipality_gets_its_number_website_and_name(municipality) -> None:
    team, routes = wijkteam(municipality)
    assert team.phone and team.phone == municipality.phone
    assert team.url and team.url.startswith("https://") and team.url == municipality.website
    assert team.municipality == municipality.name  # the contract keeps the official name
    assert team.display_name == municipality.display_name
    assert f"Bel de gemeente {municipality.display_name}: {municipality.phone}." in team.text
    assert "wijkteam of sociaal team" in team.text
    for r in routes:
        assert not CBS_ONLY.search(r.text), r.text
        assert r.display_name is None or not CBS_ONLY.search(r.display_name)
    assert municipality.contact_checked == "2026-03-26" and municipality.contact_sources


@pytest.mark.skipif(not (SHARED / "gemeente_contact.csv").exists(), reason="needs ../shared")
def test_numbers_and_websites_are_the_registers() -> None:
    with (SHARED / "gemeente_contact.csv").open(encoding="utf-8") as handle:
        register = {row["gemeentecode"]: row for row in csv.DictReader(handle)}
    assert len(register) == len(MUNICIPALITIES) == 342
    for m in MUNICIPALITIES:
        row = register[m.code]
        assert m.website == row["website"]
        # Same digits, except that "(014) 030" and "0140223" dial as 14 030 and 14 0223.
        digits, register_digits = re.sub(r"\D", "", m.phone), re.sub(r"\D", "", row["telefoon"])
        assert digits == register_digits or ("14" + register_digits[3:] == digits
                                              and register_digits.startswith("014"))


def test_the_14_numbers_dial_right() -> None:
    assert municipality_by_name("Utrecht").phone == "14 030"
    assert municipality_by_name("Den Helder").phone == "14 0223"
    assert municipality_by_name("Almere").phone == "14 036"
    assert municipality_by_name("Urk").phone == "(0527) 68 98 68"


@pytest.mark.parametrize("official, display", [
    ("'s-Gravenhage", "Den Haag"), ("Middelburg (Z.)", "Middelburg"), ("Hengelo (O.)", "Hengelo"),
    ("Bergen (L.)", "Bergen in Limburg"), ("Bergen (NH.)", "Bergen in Noord-Holland"),
    ("Súdwest-Fryslân", "Súdwest-Fryslân"), ("Almere", "Almere"),
])
def test_names_people_use(official: str, display: str) -> None:
    municipality = municipality_by_name(official)
    assert municipality is not None and municipality.display_name == display


def test_display_names_are_unique_and_never_cbs_forms() -> None:
    names = [m.display_name for m in MUNICIPALITIES]
    assert len(set(names)) == 342
    assert not [n for n in names if CBS_ONLY.search(n)]


@pytest.mark.parametrize("name", ["Hattem", "Vijfheerenlanden", "Mook en Middelaar"])
def test_an_uncertain_region_is_not_named(name: str) -> None:
    municipality = municipality_by_name(name)
    assert municipality is not None and not municipality.region_known
    routes = route("domestic_violence", "not_acute", "adult", municipality, "victim", TUESDAY_10)
    vt = next(r for r in routes if r.service == "veilig_thuis")
    assert vt.region is None
    assert municipality.veilig_thuis_region not in vt.text
    assert "eigen regio" in vt.text


def test_a_known_region_is_named_and_flevoland_gets_its_website() -> None:
    almere = municipality_by_name("Almere")
    routes = route("domestic_violence", "not_acute", "adult", almere, "victim", TUESDAY_10)
    vt = next(r for r in routes if r.service == "veilig_thuis")
    assert vt.region == "Veilig Thuis Flevoland" and "Veilig Thuis Flevoland" in vt.text
    assert "waarschijnlijk" not in vt.text  # the seeds confirm Flevoland
    assert vt.url == "https://veiligthuisflevoland.nl/"
    zwolle = municipality_by_name("Zwolle")
    assert region_website(zwolle.name, zwolle.veilig_thuis_region) is None
    # Elsewhere the region is derived from the safety region: said as an inference.
    routes = route("domestic_violence", "not_acute", "adult", zwolle, "victim", TUESDAY_10)
    vt = next(r for r in routes if r.service == "veilig_thuis")
    assert "waarschijnlijk " + zwolle.veilig_thuis_region in vt.text


@pytest.mark.parametrize("name", ["Urk", "Noordoostpolder"])
def test_stop_huiselijk_geweld_for_urk_and_the_polder(name: str) -> None:
    municipality = municipality_by_name(name)
    routes = route("domestic_violence", "not_acute", "adult", municipality, "victim", TUESDAY_10)
    ids = [r.service for r in routes]
    assert ids.index("veilig_thuis") < ids.index("stop_huiselijk_geweld") < ids.index("wijkteam")
    local = routes[ids.index("stop_huiselijk_geweld")]
    assert local.url == "https://stophuiselijkgeweld.nu/" and name in local.text


def test_local_help_only_for_its_topics_and_never_when_acute() -> None:
    urk = municipality_by_name("Urk")
    assert local_help("Urk", "labour_exploitation") == []
    acute = route("domestic_violence", "acute", "adult", urk, "victim", TUESDAY_10)
    assert [r.service for r in acute] == ["112", "veilig_thuis"]
    assert local_help("Zwolle", "domestic_violence") == []


def test_local_services_carry_their_source_and_no_guessed_contact() -> None:
    for service in local_services():
        assert re.search(r"\d{3}_[0-9a-f]{16}\.txt:\d+", service.source), service
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", service.checked)
        assert service.url is None or service.url.startswith("https://")
        assert service.phone is None  # the seeds give no number for them


@pytest.mark.parametrize("topic", TOPICS)
def test_a_known_place_adds_the_wijkteam_unless_acute(topic: str) -> None:
    zwolle = municipality_by_name("Zwolle")
    calm = route(topic, "not_acute", "adult", zwolle, "unknown", TUESDAY_10)
    acute = route(topic, "acute", "adult", zwolle, "unknown", TUESDAY_10)
    # The codeword's answer stays short and discreet: no local cards.
    assert ("wijkteam" in [r.service for r in calm]) == (topic != "masker19_codeword")
    assert "wijkteam" not in [r.service for r in acute] or topic == "local_support"


@pytest.mark.parametrize("text, expected", [
    ("rijssen", "Rijssen-Holten"), ("Ik woon in Urk.", "Urk"), ("wy wenje yn Snits", "Súdwest-Fryslân"),
    ("ik wenje yn ljouwert", "Leeuwarden"), ("Ik kom út Drachten", "Smallingerland"),
    ("postcode 8302", "Noordoostpolder"), ("8302", "Noordoostpolder"),
    ("ik woon in lelistad denk ik", "Lelystad"), ("dat is den haag", "'s-Gravenhage"),
    ("almere buiten", "Almere"), ("mijn postcode is 1315 AB", "Almere"), ("Bergen NH", "Bergen (NH.)"),
])
def test_a_place_answer_is_a_place(text: str, expected: str) -> None:
    result = place_answer(text)
    assert result is not None and result.municipality is not None
    assert result.municipality.name == expected


@pytest.mark.parametrize("text", [
    "ik woon in Urk en hij slaat me", "best", "echt", "ja", "nee", "weet ik niet",
    "het weer morgen", "ik ben 12", "help", "in 2019", "1200 euro",
    # Someone else's place, or a yes with a place: not an answer about where *you* live.
    "hij woont in Almere", "ja Urk", "ja, ik zit in Almere",
])
def test_more_than_a_place_or_an_ordinary_word_is_not_a_place_answer(text: str) -> None:
    assert place_answer(text) is None


@pytest.mark.parametrize("text", [
    "hij is dronken", "ik ben gemept", "ik ben buiten", "ik ben bij hem", "gisteren",
    "in de buurt", "ik ben ziek", "de dood", "ik zit in de hel", "harlem",
])
def test_after_the_place_question_words_stay_words(text: str) -> None:
    """Even where a place is expected, a word is no typo of a town ("gisteren" ~ Gasteren)."""
    assert place_answer(text, expecting_place=True) is None


@pytest.mark.parametrize("text, expected", [("lemmer", "De Fryske Marren"), ("lelistad", "Lelystad"),
                                            ("best", "Best"), ("echt", "Echt-Susteren"),
                                            ("ik bin yn Snits", "Súdwest-Fryslân"),
                                            ("ik kom fan Grins", "Groningen"),
                                            ("ik wenje yn 'e Lemmer", "De Fryske Marren")])
def test_after_the_place_question_a_word_or_typo_is_a_place(text: str, expected: str) -> None:
    result = place_answer(text, expecting_place=True)
    assert result is not None and result.municipality is not None
    assert result.municipality.name == expected


def test_every_generated_local_route_carries_only_known_numbers_and_addresses() -> None:
    """The truth checkers over what the 342 gemeenten x topics actually produce."""
    from hulpwijzer.facts import knowledge_base
    from tests.truthcheck import unknown_phones, unknown_urls

    kb = knowledge_base()
    for municipality in MUNICIPALITIES:
        for topic in ("local_support", "domestic_violence", "sexual_violence"):
            for r in route(topic, "not_acute", "adult", municipality, "victim", TUESDAY_10):
                shown = " ".join(filter(None, [r.text, r.phone, r.url, r.chat_url]))
                assert not unknown_phones(shown, kb), (municipality.name, r.service)
                assert not unknown_urls(shown, kb), (municipality.name, r.service)
