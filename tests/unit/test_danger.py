"""The deterministic danger check: danger now is caught, history and worry are not."""

from __future__ import annotations

import pytest

from hulpwijzer.danger import detect_danger

DANGER_NOW = [
    "hij slaat me nu",
    "er staat iemand met een mes voor de deur",
    "help mijn vriend knijpt mijn keel dicht",
    "hij zegt dat hij me vanavond vermoordt",
    "ik zit opgesloten in de badkamer",
    "ze bloedt heel erg",
    "mijn buurman is zijn vrouw aan het wurgen",
    "hij heeft een mes",
    "hij heeft n mess",
    "Ik woon in Lelystad en maak me al lang zorgen over de buren, en nu hoor ik hem "
    "schreeuwen dat hij haar gaat vermoorden",
    "hij trapt de deur in",
    "hij staat met een pistool in de kamer",
    "ik hoor de buurkinderen gillen en hij slaat ze",
    "mijn vader slaat mijn moeder nu",
    "HELPPP hij wurgt haar",
    "hij dreigt me te vermoorden",
    "mijn moeder reageert niet meer",
    "hij heeft zn handen om me nek",
    "hij gaat me vermoorde",
    "we hebben al jaren problemen en ik heb al met het wijkteam gepraat, maar vanavond "
    "trapt hij de deur van de badkamer in",
    "bel 112 hij slaat haar",
]
NOT_NOW = [
    "vroeger sloeg hij me",
    "vorig jaar had hij een mes",
    "ik weet nu niet wat ik moet doen",
    "wat moet ik nu doen",
    "ik maak me nu al weken zorgen",
    "ze sneed groenten met een mes",
    "hij dreigde toen met een mes maar nu woon ik alleen",
    "er is nu geen gevaar",
    "hij is nu weg",
    "nee niet nu",
    "mijn buurvrouw wordt geslagen denk ik",
    "hoe meld ik kindermishandeling",
    "mijn ex stalkt me",
    "ik wil niet meer leven",
    "masker 19",
    "ik ben gisteren verkracht",
    "kan ik anoniem bellen",
    "ik snijd de groente met een groot mes, hoe slijp ik dat",
    "hij heeft me ooit gewurgd en ik ben nog steeds bang",
]


@pytest.mark.parametrize("text", DANGER_NOW)
def test_danger_now_is_caught(text: str) -> None:
    assert detect_danger(text) is not None


@pytest.mark.parametrize("text", NOT_NOW)
def test_no_alarm_for_history_worry_or_negation(text: str) -> None:
    assert detect_danger(text) is None


def test_signal_says_why() -> None:
    signal = detect_danger("hij knijpt mijn keel dicht")
    assert signal is not None and signal.category == "strangling" and signal.cue
