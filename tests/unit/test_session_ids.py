"""Server-issued conversation ids: only ids this server signed are accepted.

Property tests (hypothesis) try what an attacker could send: any text, any id with one
character changed, ids signed with another secret, REST sender names, very long ids.
The REST channel's own namespace (``rest:<sender>``) is checked here too.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sanic.exceptions import InvalidUsage

from hulpwijzer_rasa.channels.rest import rest_sender_id
from hulpwijzer_rasa.channels.session_ids import (
    MAX_ID_LENGTH,
    MIN_SECRET_BYTES,
    REST_PREFIX,
    SECRET_ENV,
    SecretError,
    SessionIds,
    check_secret_for_host,
    is_loopback,
)

ROOT = Path(__file__).resolve().parents[2]
SECRET = b"k" * MIN_SECRET_BYTES
IDS = SessionIds(SECRET)
ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."


def test_issued_ids_verify_and_are_url_safe_and_short() -> None:
    session_id = IDS.issue()
    assert IDS.verify(session_id) == session_id
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", session_id)
    assert len(session_id) == 76 <= MAX_ID_LENGTH


def test_issued_ids_are_all_different() -> None:
    issued = {IDS.issue() for _ in range(2000)}
    assert len(issued) == 2000
    assert len({session_id.split(".")[0] for session_id in issued}) == 2000


@settings(deadline=None)  # no timing in unit tests: CI may share the machine
@given(st.text(max_size=300))
def test_made_up_text_is_never_accepted(candidate: str) -> None:
    assert IDS.verify(candidate) is None


@settings(deadline=None)  # no timing in unit tests: CI may share the machine
@given(st.text(alphabet=ID_CHARS, min_size=76, max_size=76))
def test_made_up_ids_of_the_right_shape_are_never_accepted(candidate: str) -> None:
    assert IDS.verify(candidate) is None


@settings(deadline=None)  # no timing in unit tests: CI may share the machine
@given(st.data())
def test_an_issued_id_with_one_character_changed_is_refused(data: st.DataObject) -> None:
    session_id = IDS.issue()
    position = data.draw(st.integers(0, len(session_id) - 1))
    replacement = data.draw(st.sampled_from(ID_CHARS).filter(lambda c: c != session_id[position]))
    altered = session_id[:position] + replacement + session_id[position + 1:]
    assert IDS.verify(altered) is None


@settings(deadline=None)  # no timing in unit tests: CI may share the machine
@given(st.binary(min_size=MIN_SECRET_BYTES, max_size=64).filter(lambda s: s != SECRET))
def test_an_id_signed_with_another_secret_is_refused(other: bytes) -> None:
    assert IDS.verify(SessionIds(other).issue()) is None


@settings(deadline=None)  # no timing in unit tests: CI may share the machine
@given(st.text(max_size=MAX_ID_LENGTH))
def test_rest_conversations_and_socket_ids_never_meet(sender: str) -> None:
    assert IDS.verify(REST_PREFIX + sender) is None
    assert not IDS.issue().startswith(REST_PREFIX)


@pytest.mark.parametrize("candidate", [None, 5, b"bytes", ["x"], {"id": "x"}, "", "x" * 100_000])
def test_non_text_empty_and_huge_candidates_are_refused(candidate: object) -> None:
    assert IDS.verify(candidate) is None


def test_an_issued_id_padded_beyond_the_limit_is_refused() -> None:
    assert IDS.verify(IDS.issue() + " " * MAX_ID_LENGTH) is None
    assert IDS.verify(IDS.issue() + "\n") is None


def test_secret_comes_from_the_environment_and_signs_the_same_across_processes() -> None:
    environ = {SECRET_ENV: "s" * 48}
    first, second = SessionIds.from_environment(environ), SessionIds.from_environment(environ)
    assert not first.ephemeral
    assert second.verify(first.issue()) is not None


def test_without_a_secret_each_process_draws_its_own() -> None:
    first, second = SessionIds.from_environment({}), SessionIds.from_environment({})
    assert first.ephemeral and second.ephemeral
    assert second.verify(first.issue()) is None


def test_a_short_secret_is_refused_without_showing_it() -> None:
    with pytest.raises(SecretError) as raised:
        SessionIds.from_environment({SECRET_ENV: "kort-geheim"})
    assert "kort-geheim" not in str(raised.value)


def test_the_secret_is_not_in_the_repr() -> None:
    assert "kkkk" not in repr(IDS)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "example.org", "", None])
def test_other_hosts(host: str | None) -> None:
    assert not is_loopback(host)


def test_a_per_process_secret_is_refused_beyond_loopback() -> None:
    ephemeral = SessionIds.from_environment({})
    check_secret_for_host(ephemeral, "127.0.0.1")
    with pytest.raises(SecretError, match=SECRET_ENV):
        check_secret_for_host(ephemeral, "0.0.0.0")
    check_secret_for_host(SessionIds.from_environment({SECRET_ENV: "s" * 48}), "0.0.0.0")


def test_issuing_and_verifying_log_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        IDS.verify(IDS.issue())
        IDS.verify("made-up")
    assert caplog.records == []


def test_the_deployment_requires_the_secret() -> None:
    """docker-compose binds Rasa beyond loopback inside its container: no secret, no start."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    value = compose["services"]["rasa"]["environment"][SECRET_ENV]
    assert value.startswith(f"${{{SECRET_ENV}:?")


def test_rest_senders_live_under_their_own_prefix() -> None:
    assert rest_sender_id("abc") == "rest:abc"
    issued = IDS.issue()
    assert rest_sender_id(issued) != issued and IDS.verify(rest_sender_id(issued)) is None


@pytest.mark.parametrize("sender", [None, "", 5, ["abc"], "x" * (MAX_ID_LENGTH + 1)])
def test_rest_refuses_an_unusable_sender_with_400(sender: object) -> None:
    with pytest.raises(InvalidUsage) as refused:
        rest_sender_id(sender)
    assert refused.value.status_code == 400
