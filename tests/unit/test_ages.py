"""Ages need an age context: amounts, times, dates, house numbers and postcodes never are."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hulpwijzer.ages import parse_age
from hulpwijzer.understanding import age_group_for


@pytest.mark.parametrize("text, age", [
    ("ik ben 12", 12),
    ("ik ben pas 14 jaar en mijn vader slaat me", 14),
    ("hij is mn moeder aan het slaan ik ben 11", 11),
    ("ik ben twaalf", 12),
    ("een jongen van 11 uit mijn klas", 11),
    ("mijn oma van 86 krijgt geen eten", 86),
    ("mijn zoon (12) durft niet naar huis", 12),
    ("haar 14-jarige dochter", 14),
    ("i'm 13 and scared", 13),
])
def test_ages_in_an_age_context(text: str, age: int) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize("text", [
    "ik betaalde 300 euro voor mijn kamer en de baas houdt mijn paspoort",
    "ik ben 20 euro kwijt aan hem",
    "hij wil 50 euro anders stuurt hij mijn foto's door",
    "om 11 uur komt hij thuis",
    "we zijn al 10 jaar getrouwd",
    "ik ben 2 keer geslagen",
    "ik woon op nummer 14",
    "mijn postcode is 1234 AB",
    "op 12 januari heeft hij me geslagen",
    "12",
    "het gebeurde 3 jaar geleden",
])
def test_numbers_without_an_age_context_are_not_ages(text: str) -> None:
    assert parse_age(text) is None


@settings(deadline=None)  # no timing in unit tests: CI may share the machine
@given(st.integers(min_value=1, max_value=9999),
       st.sampled_from(["euro", "€", "uur", "minuten", "dagen", "keer", "kilo", "procent"]))
def test_an_amount_time_or_count_is_never_an_age(number: int, unit: str) -> None:
    for template in ("ik ben {n} {u} kwijt", "hij vraagt {n} {u}", "ben {n} {u}", "om {n} {u}"):
        assert parse_age(template.format(n=number, u=unit)) is None


@settings(deadline=None)
@given(st.integers(min_value=1000, max_value=9999), st.sampled_from(["", " AB", "AB"]))
def test_a_postcode_or_house_number_is_never_an_age(number: int, letters: str) -> None:
    assert parse_age(f"ik woon in {number}{letters}") is None
    assert parse_age(f"mijn huisnummer is {number % 200}") is None


def test_the_classifiers_age_entity_is_not_trusted() -> None:
    """A money amount read as an age by DIET no longer makes a person a child."""
    text = "iemand wil 15 euro van me anders zet hij mijn foto online"
    assert age_group_for(text, frozenset(), "sexual_violence", "victim", None) == "unknown"
