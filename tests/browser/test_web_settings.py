"""Which sites may frame the widget, and where it may send a conversation.

``PARTNER_ORIGINS`` becomes the widget page's CSP ``frame-ancestors``: a wildcard or a
typo there would let any site show the widget and dress it up. The Rasa URL must be
https/wss off this machine, in web/server.py's settings and again in widget.js (the
page could be served by another server, e.g. nginx in production).

Here and not in tests/unit: web/server.py is no package of the bot, and the widget's
check runs in Chromium.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.browser.conftest import WebPage, observe, wait_until

pytestmark = pytest.mark.browser

SERVER = Path(__file__).resolve().parents[2] / "web" / "server.py"


def load_server() -> ModuleType:
    """web/server.py as a module (importlib's recipe for a file outside any package)."""
    name = "hulpwijzer_web_server"
    spec = importlib.util.spec_from_file_location(name, SERVER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


server = load_server()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("'self'", "'self'"),
        ("https://partner.example.nl", "https://partner.example.nl"),
        ("'self'  https://A.example.nl https://b.example.nl:8443/ https://a.example.nl",
         "'self' https://a.example.nl https://b.example.nl:8443"),
        ("http://localhost:8000 http://127.0.0.1:9 http://[::1]:80",
         "http://localhost:8000 http://127.0.0.1:9 http://[::1]:80"),
        ("'none'", "'none'"),
    ],
)
def test_partner_origins_accepted(value: str, expected: str) -> None:
    assert server.parse_partner_origins(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "*",
        "https:",
        "https://*.example.nl",
        "http://partner.example.nl",  # plain http off this machine
        "https://partner.example.nl/hulp",  # frame-ancestors has no paths to rely on
        "https://partner.example.nl?x=1",
        "'self'; script-src *",  # a second directive smuggled into the header
        "https://a.example.nl,https://b.example.nl",
        "'none' https://partner.example.nl",
        "'unsafe-inline'",
        "https://user:pw@partner.example.nl",
        "data:",
    ],
)
def test_partner_origins_refused(value: str) -> None:
    with pytest.raises(server.SettingsError):
        server.parse_partner_origins(value)


def test_settings_default_and_widget_page_headers() -> None:
    settings = server.Settings.from_env({})
    assert settings.partner_origins == "'self'"
    headers = server.widget_page_headers(settings)
    assert headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")
    assert "X-Frame-Options" not in headers and "Cross-Origin-Resource-Policy" not in headers
    other = server.security_headers(settings)
    assert other["X-Frame-Options"] == "DENY" and other["Cross-Origin-Resource-Policy"] == "same-origin"
    assert other["Content-Security-Policy"].endswith("frame-ancestors 'none'")


@pytest.mark.parametrize(
    ("rasa_url", "ok"),
    [
        ("https://rasa.example.nl", True),
        ("http://127.0.0.1:5005", True),
        ("http://localhost:5005", True),
        ("http://[::1]:5005", True),
        ("http://rasa.example.nl", False),
        ("http://127.0.0.1.example.nl:5005", False),
        ("http://10.0.0.5:5005", False),
        ("https://user:pw@rasa.example.nl", False),
    ],
)
def test_server_refuses_plain_http_rasa_off_loopback(rasa_url: str, ok: bool) -> None:
    env = {"RASA_URL": rasa_url}
    if ok:
        assert server.Settings.from_env(env).rasa_url == rasa_url
    else:
        with pytest.raises(server.SettingsError):
            server.Settings.from_env(env)


#: widget.js's rasaEndpoint: value -> accepted (normalised) URL or None.
ENDPOINTS: list[tuple[str, str | None]] = [
    ("https://rasa.example.nl", "https://rasa.example.nl/"),
    ("wss://rasa.example.nl:8443", "wss://rasa.example.nl:8443/"),
    ("http://127.0.0.1:5005", "http://127.0.0.1:5005/"),
    ("http://localhost:5005", "http://localhost:5005/"),
    ("HTTP://LOCALHOST:5005", "http://localhost:5005/"),
    ("ws://[::1]:5005", "ws://[::1]:5005/"),
    ("http://rasa.example.nl", None),
    ("ws://rasa.example.nl", None),
    ("http://127.0.0.1.example.nl", None),
    ("http://localhost.example.nl:5005", None),
    ("http://10.0.0.5:5005", None),
    ("http://[::2]:5005", None),
    ("https://user:pw@rasa.example.nl", None),
    ("ftp://127.0.0.1", None),
    ("javascript:alert(1)", None),
    ("//rasa.example.nl", None),
    ("{{RASA_URL}}", None),  # a page served without its settings filled in
    ("", None),
]


def test_widget_accepts_only_safe_rasa_urls(context: Any, web: WebPage) -> None:
    page = context.new_page()
    page.goto(web.url + "/widget")
    got = page.evaluate(
        "(values) => values.map((v) => window.HulpwijzerWidget.rasaEndpoint(v))",
        [value for value, _ in ENDPOINTS],
    )
    assert dict(zip([v for v, _ in ENDPOINTS], got, strict=True)) == dict(ENDPOINTS)


def test_widget_with_an_http_rasa_url_does_not_connect(context: Any, web: WebPage) -> None:
    """The widget page with ``data-rasa-url`` on plain http off loopback stays offline.

    The page is changed on its way to the browser (as a wrongly configured server would
    send it); the CSP would block that host anyway, so the test also shows the widget
    never tried: no CSP violation, its own console error instead.
    """
    page = context.new_page()
    seen = observe(page)

    def insecure(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace(f'data-rasa-url="{web.rasa_url}"',
                                       'data-rasa-url="http://rasa.example.nl"')
        assert "rasa.example.nl" in body
        route.fulfill(response=response, body=body)

    page.route(web.url + "/widget", insecure)
    page.goto(web.url + "/widget")
    wait_until(lambda: any("data-rasa-url" in e for e in seen.console_errors), page)
    page.wait_for_timeout(1000)
    assert seen.sockets == []
    assert not [u for u in seen.requests if "rasa.example.nl" in u]
    assert not [e for e in seen.console_errors if "Content Security Policy" in e]
    status = page.get_by_role("status").filter(has_text="112")
    assert "Er is even geen verbinding" in status.inner_text()
