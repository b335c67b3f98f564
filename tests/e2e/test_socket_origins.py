"""Only the widget's own pages may open its socket: a foreign browser Origin is refused.

Against the real Rasa of the shared stack (on loopback, HULPWIJZER_WIDGET_ORIGINS unset,
so this machine's pages are the widget's: hulpwijzer_rasa.channels.origins). The
handshakes are raw HTTP, exactly what a browser sends; engine.io answers a foreign
Origin with HTTP 400 before any socket.io session exists, so no event of such a page
can ever reach the channel. The configured list (production) is shown through nginx in
tests/e2e/test_production_proxy.py; the widget itself chats in every browser test.
"""

from __future__ import annotations

import pytest

from tests.helpers import socketio_handshake

pytestmark = pytest.mark.e2e

FOREIGN = ["http://evil.example", "https://evil.example", "null", "http://127.0.0.1.evil.example"]


@pytest.mark.parametrize("transport", ["websocket", "polling"])
@pytest.mark.parametrize("origin", FOREIGN)
def test_a_foreign_page_cannot_open_a_socket(stack, origin: str, transport: str) -> None:
    status, _ = socketio_handshake(stack.rasa_url, origin, transport)
    assert status == 400


@pytest.mark.parametrize("transport, accepted", [("websocket", 101), ("polling", 200)])
def test_the_widget_page_and_clients_without_an_origin_can(
    stack, transport: str, accepted: int
) -> None:
    assert stack.web_url
    status, headers = socketio_handshake(stack.rasa_url, stack.web_url, transport)
    assert status == accepted
    # One Access-Control-Allow-Origin at most: two (engine.io's and Rasa's --cors) would
    # make a browser refuse the polling answer.
    allow = [v for k, v in headers if k.lower() == "access-control-allow-origin"]
    assert allow in ([], [stack.web_url]), allow
    # No Origin at all (python-socketio, server to server): engine.io lets it through.
    assert socketio_handshake(stack.rasa_url, None, transport)[0] == accepted
