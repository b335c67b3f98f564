"""Typed text is neutralised: no prefix makes Rasa read it as a command, and ordinary
text stays as it was typed."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.channels.channel import UserMessage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from hulpwijzer_rasa.nlu.user_text import is_blank, neutralise


@pytest.mark.parametrize(
    "typed, expected",
    [
        (
            '/inform{"place":"<img src=x onerror=alert(1)>"}',
            'inform{"place":"<img src=x onerror=alert(1)>"}',
        ),
        ("/affirm", "affirm"),
        ("  //restart", "restart"),
        ("\u200b/greet", "greet"),
        ("hij slaat me nu", "hij slaat me nu"),
        ("ik werk 24/7 zonder loon", "ik werk 24/7 zonder loon"),
        ("", ""),
    ],
)
def test_neutralise(typed: str, expected: str) -> None:
    assert neutralise(typed) == expected


def test_neutralise_keeps_none() -> None:
    assert neutralise(None) is None


def test_neutralise_cuts_long_text_and_control_characters() -> None:
    assert len(neutralise("a" * 20_000)) == 4000
    assert neutralise("hallo\x00\x07daar") == "hallo  daar"
    assert neutralise("regel\nregel") == "regel\nregel"


# --- No bypass: Rasa's own parser never sees a command ---------------------------------

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "bot" / "domain.yml"))
COMMANDS = ("/restart", "/session_start", '/inform{"place":"Almere"}', "/{}", "/@1")
#: Every code point Rasa's ``str.strip()`` drops or a person cannot see at the start.
BLANKS = "".join(
    char for char in map(chr, range(sys.maxunicode + 1))
    if char.isspace() or unicodedata.category(char) in {"Zs", "Zl", "Zp", "Cf"}
)


def reaches_command_parser(text: str) -> bool:
    """Whether Rasa 3.6 would treat ``text`` as ``/intent`` syntax (or log it as failed).

    ``UserMessage`` strips the text, then ``RegexMessageHandler`` calls
    ``YAMLStoryReader.unpack_regex_message``, which strips again and looks for the prefix.
    """
    seen = UserMessage(text).text or ""
    message = Message({TEXT: seen})
    parsed = YAMLStoryReader.unpack_regex_message(message, DOMAIN)
    return seen.strip().startswith(INTENT_MESSAGE_PREFIX) or parsed.get(INTENT) is not None


def test_the_parser_check_itself_sees_commands() -> None:
    """Guard for the tests below: the raw commands do reach Rasa's parser."""
    for command in COMMANDS:
        assert reaches_command_parser(command)
        assert reaches_command_parser(" \u00a0" + command)
    assert YAMLStoryReader.unpack_regex_message(
        Message({TEXT: "/restart"}), DOMAIN).get(INTENT)["name"] == "restart"


@pytest.mark.parametrize(
    "typed",
    ["/ /restart", "/\t/restart", "/\u00a0/session_start", '/ /inform{"place":"Almere"}',
     "/\u200b/restart", "\ufeff/\u2060/\u180e/restart", "//\u3000//\u2029/restart", "/ /{x}"],
)
def test_reported_bypasses_are_words(typed: str) -> None:
    assert not reaches_command_parser(neutralise(typed))


def test_every_blank_code_point_is_covered() -> None:
    """All separators, white space and format characters, alone and mixed with slashes."""
    assert {" ", "\t", "\u00a0", "\u180e", "\u200b", "\u200f", "\u2060", "\ufeff"} <= set(BLANKS)
    assert len(BLANKS) > 150
    for blank in BLANKS:
        for command in COMMANDS:
            for typed in (blank + command, "/" + blank + command,
                          blank + "/" + blank * 2 + "/" + command):
                assert not reaches_command_parser(neutralise(typed)), (hex(ord(blank)), command)


@settings(max_examples=500, deadline=None)
@given(prefix=st.text(alphabet=st.sampled_from(BLANKS + "/")), command=st.sampled_from(COMMANDS))
def test_no_prefix_of_blanks_and_slashes_makes_a_command(prefix: str, command: str) -> None:
    assert not reaches_command_parser(neutralise(prefix + command))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_no_text_at_all_reaches_the_command_parser(text: str) -> None:
    assert not reaches_command_parser(neutralise(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=200))
def test_only_the_leading_run_of_blanks_and_slashes_goes(text: str) -> None:
    """Ordinary text stays intact: what goes is the whole leading run, nothing else."""
    result = neutralise(text)
    cut = len(text) - len(result)
    assert text[cut:] == result
    assert all(c == "/" or is_blank(c) for c in text[:cut])
    assert not result or (result[0] != "/" and not is_blank(result[0]))


@pytest.mark.parametrize("typed", ["ik werk 24/7 zonder loon", "hij en/of zij", "1/2 jaar",
                                   "http://example.nl/hulp", "hallo /restart"])
def test_a_slash_inside_text_stays(typed: str) -> None:
    assert neutralise(typed) == typed
