"""resolve_place: every way people name a place, and no places where there are none."""

from __future__ import annotations

import pytest

from hulpwijzer.places import declines_place, resolve_place


@pytest.mark.parametrize(
    "text, municipality, method",
    [
        ("Emmeloord", "Noordoostpolder", "town"),
        ("8251", "Dronten", "postcode"),
        ("Biddinghuizen", "Dronten", "town"),
        ("Almere Buiten", "Almere", "alias"),
        ("almere haven", "Almere", "alias"),
        ("lelistad", "Lelystad", "fuzzy"),
        ("amstredam", "Amsterdam", "fuzzy"),
        ("Den Bosch", "'s-Hertogenbosch", "alias"),
        ("s hertogenbosch", "'s-Hertogenbosch", "municipality"),
        ("Nagele", "Noordoostpolder", "town"),
        ("postcode 8302", "Noordoostpolder", "postcode"),
        ("1315 AB", "Almere", "postcode"),
        ("1315AB", "Almere", "postcode"),
        ("1315", "Almere", "postcode"),
        ("Weesp", "Amsterdam", "town"),
        ("Hellevoetsluis", "Voorne aan Zee", "town"),
        ("Ljouwert", "Leeuwarden", "alias"),
        ("Den Haag", "'s-Gravenhage", "alias"),
        ("sudwest fryslan", "Súdwest-Fryslân", "municipality"),
        ("URK", "Urk", "municipality"),
        ("ik woon in Almere Buiten en mijn buurman slaat zijn vrouw", "Almere", "alias"),
        ("waar is het wijkteam in Almere", "Almere", "municipality"),
        ("ik woon in Best", "Best", "municipality"),
        ("Hengelo (Overijssel)", "Hengelo (O.)", "town"),
        ("Bergen NH", "Bergen (NH.)", "municipality"),
        ("mijn zus woont in zeewolde", "Zeewolde", "municipality"),
        ("ik woon vlakbij lelistad", "Lelystad", "fuzzy"),
        ("Swifterbant", "Dronten", "town"),
        ("mijn postcode is 8302 xx", "Noordoostpolder", "postcode"),
        ("ik woon in 1315", "Almere", "postcode"),
        ("pc 8251", "Dronten", "postcode"),
        ("noordoost polder", "Noordoostpolder", "fuzzy"),
        ("NOP", "Noordoostpolder", "alias"),
        ("'S-HERTOGENBOSCH", "'s-Hertogenbosch", "municipality"),
        ("den-bosch", "'s-Hertogenbosch", "alias"),
        ("Snits", "Súdwest-Fryslân", "alias"),
        ("It Hearrenfean", "Heerenveen", "alias"),
        ("Dordt", "Dordrecht", "alias"),
        ("ik woon in de Bijlmer", "Amsterdam", "alias"),
        ("Scheveningen", "'s-Gravenhage", "alias"),
        ("Bergen Limburg", "Bergen (L.)", "town"),
        ("Bergen (L)", "Bergen (L.)", "municipality"),
        ("Hengelo (Gld)", "Bronckhorst", "town"),
        ("Hoorn", "Hoorn", "municipality"),
        ("ik woon in drachten", "Smallingerland", "town"),
        ("hulp zaandam", "Zaanstad", "town"),
        ("wijkteam utrecht", "Utrecht", "municipality"),
        ("ik woon in De Wijk", "De Wolden", "town"),
        ("eindhovn", "Eindhoven", "fuzzy"),
        ("appeldoorn", "Apeldoorn", "fuzzy"),
        ("Ik woon in Almere-Buiten, mijn buurman slaat zijn vrouw.", "Almere", "alias"),
        ("Brielle", "Voorne aan Zee", "town"),
    ],
)
def test_found(text: str, municipality: str, method: str) -> None:
    result = resolve_place(text)
    assert result.status == "found", result
    assert result.municipality is not None and result.municipality.name == municipality
    assert result.method == method
    assert 0 < result.confidence <= 1
    assert text[result.start : result.end] == result.matched_text


@pytest.mark.parametrize("text, candidates", [
    ("Hengelo", {"Hengelo (O.)", "Bronckhorst"}),
    ("Bergen", {"Bergen (NH.)", "Bergen (L.)"}),
    ("Rijswijk", {"Rijswijk (ZH.)", "Altena"}),
    ("Beek", {"Beek (L.)", "Berg en Dal", "Montferland"}),
    ("ik woon in beek", {"Beek (L.)", "Berg en Dal", "Montferland"}),
    ("Alphen", {"Alphen aan den Rijn", "Alphen-Chaam", "West Maas en Waal"}),
    ("Krimpen", {"Krimpen aan den IJssel", "Krimpenerwaard"}),
])
def test_ambiguous_names_are_never_guessed(text: str, candidates: set[str]) -> None:
    result = resolve_place(text)
    assert result.status == "ambiguous" and result.municipality is None
    assert candidates <= {m.name for m in result.candidates}


def test_candidate_payloads_resolve() -> None:
    for candidate in resolve_place("Hengelo").candidates:
        picked = resolve_place(f"{candidate.name} ({candidate.province})")
        assert picked.status == "found" and picked.municipality == candidate


ORDINARY_SENTENCES = [
    "ik woon in de buurt van de supermarkt",
    "ik zoek hulp in de buurt",
    "hij slaat me nu",
    "mijn buren slaan elkaar elke avond",
    "ik doe mijn best maar het lukt niet",
    "in 2019 sloeg hij me voor het eerst",
    "mijn moeder is in 1975 geboren",
    "ik werk 12 uur per dag voor 1200 euro",
    "ik ben 14 jaar en mijn vader slaat me",
    "help mijn vader slaat mij",
    "mama en papa maken steeds ruzie",
    "ik wil niet meer leven",
    "de huisarts zegt dat ik moet bellen",
    "wat is masker 19?",
    "kan ik anoniem bellen",
    "wat gebeurt er als ik veilig thuis bel",
    "mijn buurvrouw heeft blauwe plekken",
    "ik maak me zorgen om mijn oma",
    "mijn baas heeft mijn paspoort afgepakt",
    "ik moet pakketjes rondbrengen voor een oudere jongen",
    "ik ben gisteren verkracht op een feest",
    "mijn ouders willen dat ik met mijn neef trouw",
    "hoi",
    "dankjewel voor je hulp",
    "nee nu niet",
    "ja",
    "ik weet het niet",
    "school is moeilijk want thuis is het niet fijn",
    "hij controleert mijn telefoon en mijn geld",
    "mijn ex blijft me berichten sturen en staat soms bij mijn werk",
    "de thuiszorg neemt geld van mijn vader",
    "is het strafbaar om je kind te slaan",
    "hoe doe ik een melding",
    "ik voel me niet veilig thuis",
    "wat kun je allemaal",
    "ben jij een robot",
    "mijn stiefvader zit aan me",
    "er wordt thuis veel geschreeuwd en gegooid",
    "ik heb 3 kinderen en mijn man drinkt",
    "hij zegt dat niemand me gelooft",
    "mijn leerling komt vaak met honger op school",
    "de buurman sluit zijn hond op en schreeuwt tegen zijn kinderen",
    "ik ben bang dat ik naar het buitenland moet",
    "mijn broers houden me in de gaten",
    "ze hebben mijn dochter besneden",
    "ik wil ff praten",
    "wtf ik weet nie wat ik moet doen",
    "kun je me helpen met mijn huiswerk",
    "wat voor weer wordt het morgen",
    "ik woon bij mijn oom en tante",
    # Words and phrases that are also (parts of) place names, or one typo away from one.
    "ik woon in een dorp",
    "wij wonen in een flat",
    "het gebeurt in de wijk",
    "het wijkteam komt in de wijk langs",
    "in heel Nederland is dit een probleem",
    "ik woon in Nederland",
    "ik woon in Zeeland",
    "ik kom uit Polen en werk hier in de kassen",
    "hulp van anderen wil ik niet",
    "hij schopt de dieren en mij",
    "hij houdt duiven in de tuin",
    "ik doe mijn best",
    "mijn buren slaan hun kinderen",
    "school",
    "straat",
    "gisteren",
    "twee weken geleden",
    "ja nu meteen",
    "hellow",
    "hee hoe gaat het",
    "well ik weet het niet",
    "ze dwingen mij om te stelen in winkels",
    "het is lent",
    "sinds 2021 slaat hij me",
    "vorig jaar 2023 is het gebeurd",
    "ik verdien 1500 en dat is te weinig",
    "bel 0800-2000",
    "112",
    "hij staat nu met een mes voor de deur",
]


@pytest.mark.parametrize("text", ORDINARY_SENTENCES)
def test_ordinary_sentences_are_not_places(text: str) -> None:
    assert resolve_place(text).status == "unknown"


@pytest.mark.parametrize("text", ["lemmer", "harlem"])
def test_expecting_place_accepts_bare_words_and_typos(text: str) -> None:
    """The answer to "In welke plaats woon je?" may be a name that is also a word."""
    assert resolve_place(text).status == "unknown"
    assert resolve_place(text, expecting_place=True).status == "found"


def test_offsets_point_into_the_original_text() -> None:
    text = "Mijn zus woont in Den Bosch, ik in Almere."
    result = resolve_place(text)
    assert result.municipality is not None and result.municipality.name == "'s-Hertogenbosch"
    assert (result.start, result.end) == (18, 27)


def test_nothing_is_unknown() -> None:
    for text in ["", "   ", "?!", "😀"]:
        result = resolve_place(text)
        assert result.status == "unknown" and result.start is None and not result.candidates


@pytest.mark.parametrize(
    "answer",
    ["weet ik niet", "Weet ik niet.", "ik weet het niet", "weet ik nie", "geen idee",
     "dat zeg ik liever niet", "liever niet", "dat wil ik niet zeggen", "nee", "anoniem",
     "sla maar over", "idk"],
)
def test_declining_the_place_question_is_recognised(answer: str) -> None:
    assert declines_place(answer)


@pytest.mark.parametrize(
    "answer",
    ["Almere", "ik weet niet of hij in Urk woont", "nee, in Lelystad", "niet ver van Zwolle"],
)
def test_an_answer_with_a_place_is_not_declining(answer: str) -> None:
    assert not declines_place(answer)


@pytest.mark.parametrize("text, expected", [
    ("hulp in de buurt van 3511?", "Utrecht"),
    ("ik zoek hulp vlakbij 8302", "Noordoostpolder"),
    ("een schuld in de buurt van 2500 euro", None),
    ("hij verdient in de buurt van 3500 per maand", None),
    ("in de buurt van 3511 km", None),
    ("ik woon in de buurt van 2019", None),
])
def test_a_postcode_near_which_help_is_sought(text: str, expected: str | None) -> None:
    """"In de buurt van 3511" names a postcode; an amount or a distance does not."""
    result = resolve_place(text)
    found = result.municipality.name if result.municipality else None
    assert found == expected


@pytest.mark.parametrize("text, municipality", [
    ("hulp bij mij in de buurt? 9203 drachten", "Smallingerland"),
    ("drachten 9203, wie kan helpen", "Smallingerland"),
    ("3511 utrecht", "Utrecht"),
])
def test_a_postcode_beside_a_name_of_its_own_gemeente_is_a_postcode(text: str, municipality: str) -> None:
    found = resolve_place(text)
    assert found.status == "found" and found.municipality is not None
    assert found.municipality.name == municipality


def test_a_number_beside_a_name_of_another_gemeente_is_no_postcode() -> None:
    assert resolve_place("9203 euro voor de huur").status == "unknown"
