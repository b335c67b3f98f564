"""Fixtures for the widget tests in a real browser (Playwright + Debian's Chromium).

Servers: Rasa and the action server come from the shared ``stack`` fixture
(tests/conftest.py, hulpwijzer_tools.stack), so end-to-end and browser tests share one Rasa
per session. Set ``HULPWIJZER_RASA_URL`` to test against servers that already run
(``make run`` in another terminal), and ``HULPWIJZER_RASA_TOKEN`` to the API token it
printed. The web page is started here, from web/server.py,
because the tests need ``EXIT_URL`` to point at the local neutral page: the default
target is a real outside site, and these tests make no request beyond loopback.

A partner's site: the widget is embedded as an iframe on other sites, so the tests
also start a tiny static server (``partner``) on another loopback port, reached as
``http://localhost:<port>`` (a partner in ``PARTNER_ORIGINS``) and as
``http://127.0.0.1:<port>`` (the same pages from an origin nobody allowed).

Browser: Playwright's own browser download does not work on these machines, so the
tests launch /usr/bin/chromium (``scripts/install_chromium.sh`` installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from hulpwijzer_tools.stack import HOST, free_port, wait_http

ROOT = Path(__file__).resolve().parents[2]

REPORTS = ROOT / "reports" / "browser"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
VENDOR = ROOT / "web" / "static" / "vendor" / "socket.io.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        pytest.fail("Chromium is missing: run scripts/install_chromium.sh (make deps)")
    return found


@dataclass
class WebPage:
    """The web app under test and the Rasa server its widget talks to."""

    url: str
    rasa_url: str
    exit_url: str
    process: subprocess.Popen | None = field(default=None, repr=False)
    rasa_token: str = field(default="", repr=False)

    def api(self, path: str) -> str:
        """A Rasa HTTP API URL with the token (the API is never open without one)."""
        separator = "&" if "?" in path else "?"
        return f"{self.rasa_url}{path}{separator}token={quote(self.rasa_token)}"


@pytest.fixture(scope="session")
def rasa_url(request: pytest.FixtureRequest) -> str:
    """Rasa with the socket.io channel: already running, or the shared stack."""
    running = os.environ.get("HULPWIJZER_RASA_URL")
    if running:
        return running.rstrip("/")
    return request.getfixturevalue("stack").rasa_url


@dataclass
class PartnerSite:
    """A partner's website on loopback: static pages written by the tests.

    ``origin`` (localhost) is in the web server's ``PARTNER_ORIGINS``; ``foreign_origin``
    (127.0.0.1, same port and pages) is not. Both differ from the widget's origin
    (127.0.0.1 on another port), as a real partner's site does.
    """

    root: Path
    port: int

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def foreign_origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def page(self, name: str, html: str) -> str:
        """Publish ``html`` as ``/name``; returns its path (add an origin in front)."""
        (self.root / name).write_text(html, encoding="utf-8")
        return f"/{name}"


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
        pass


@pytest.fixture(scope="session")
def partner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PartnerSite]:
    root = tmp_path_factory.mktemp("partner-site")
    server = ThreadingHTTPServer((HOST, 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="partner-site", daemon=True)
    thread.start()
    yield PartnerSite(root=root, port=int(server.server_address[1]))
    server.shutdown()
    server.server_close()
    thread.join(10)


@pytest.fixture(scope="session")
def rasa_token(request: pytest.FixtureRequest) -> str:
    """The token of Rasa's HTTP API: given with HULPWIJZER_RASA_URL, or the stack's."""
    if os.environ.get("HULPWIJZER_RASA_URL"):
        return os.environ.get("HULPWIJZER_RASA_TOKEN", "")
    return request.getfixturevalue("stack").api_token


def start_web(rasa: str, log_dir: Path, partner_origins: str = "'self'", token: str = ""
              ) -> WebPage:
    """Start web/server.py on a free loopback port with the local neutral exit page."""
    if not VENDOR.exists():
        pytest.fail(f"{VENDOR} is missing: run web/build.sh (make deps)")
    port = free_port()
    url = f"http://{HOST}:{port}"
    exit_url = f"{url}/neutraal"
    env = dict(os.environ, WEB_PORT=str(port), RASA_URL=rasa, EXIT_URL=exit_url,
               PARTNER_ORIGINS=partner_origins)
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "web-browser-tests.log", "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "web" / "server.py")],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_http(f"{url}/health", 60, proc)
    except BaseException:
        proc.kill()
        raise
    return WebPage(url=url, rasa_url=rasa, exit_url=exit_url, process=proc, rasa_token=token)


@pytest.fixture(scope="session")
def web(rasa_url: str, partner: PartnerSite, rasa_token: str) -> Iterator[WebPage]:
    page = start_web(rasa_url, ROOT / "reports" / "logs", f"'self' {partner.origin}",
                     token=rasa_token)
    yield page
    assert page.process is not None
    page.process.terminate()
    try:
        page.process.wait(10)
    except subprocess.TimeoutExpired:
        page.process.kill()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    chromium = playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


#: Chromium's profile setting "allow third-party cookies" (CookieControlsMode::kOff).
ALLOW_THIRD_PARTY = {"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}}


@pytest.fixture()
def third_party_context(playwright: Any, tmp_path: Path) -> Iterator[Any]:
    """A browser profile that allows third-party cookies and storage, as ordinary Chrome,
    Firefox and Safari windows do (the latter two partitioned per top-level site).

    Why a profile of its own: Playwright's contexts, and this Chromium's profiles, block
    third-party cookies, and with them the storage of a cross-site iframe (reading
    ``sessionStorage`` throws "Access is denied for this document", whatever the
    sandbox). A widget framed by a partner could then never keep its id. The setting is
    a profile preference, so the profile is written before Chromium starts.
    """
    profile = tmp_path / "chromium-profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(ALLOW_THIRD_PARTY))
    ctx = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900}, locale="nl-NL",
    )
    yield ctx
    ctx.close()


@dataclass
class Observed:
    """What one page did: requests, console errors, dialogs and socket.io frames."""

    requests: list[str] = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    sent: list[Any] = field(default_factory=list)
    received: list[Any] = field(default_factory=list)

    def session_id(self) -> str | None:
        for event in self.received:
            if isinstance(event, list) and event[:1] == ["session_confirm"]:
                return str(event[1])
        return None


def socketio_event(frame: str | bytes) -> Any:
    """``42["event", data]`` (an engine.io message with a socket.io event) -> list.

    An event that asks for an acknowledgement carries its id before the JSON
    (``421["forget_session", ...]``).
    """
    text = frame.decode() if isinstance(frame, bytes) else frame
    if not text.startswith("42"):
        return None
    try:
        return json.loads(text[2:].lstrip("0123456789"))
    except ValueError:
        return None


@pytest.fixture()
def context(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    viewport = getattr(request, "param", {"width": 1280, "height": 900})
    ctx = browser.new_context(viewport=viewport, locale="nl-NL")
    yield ctx
    ctx.close()


def observe(page: Any) -> Observed:
    """Record what ``page`` (and every frame in it) requests, logs and sends."""
    seen = Observed()
    page.on("request", lambda req: seen.requests.append(req.url))
    page.on("console", lambda msg: msg.type == "error" and seen.console_errors.append(msg.text))
    page.on("pageerror", lambda err: seen.console_errors.append(str(err)))

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def on_socket(ws: Any) -> None:
        seen.sockets.append(ws.url)
        ws.on("framesent", lambda f: seen.sent.append(socketio_event(f)))
        ws.on("framereceived", lambda f: seen.received.append(socketio_event(f)))

    page.on("websocket", on_socket)
    return seen


@pytest.fixture()
def widget(context: Any, web: WebPage) -> Iterator[tuple[Any, Observed]]:
    """A fresh tab on the widget page, connected to Rasa, with everything it does recorded.

    The page on its own, as when opened directly; tests/browser/test_embed.py shows it
    in a partner's iframe.
    """
    page = context.new_page()
    seen = observe(page)
    page.goto(web.url + "/widget")
    wait_until(lambda: seen.session_id() is not None, page)
    yield page, seen


def wait_until(condition: Any, page: Any, timeout_ms: int = 20000) -> None:
    """Let the page's event loop run until ``condition()`` holds."""
    waited = 0
    while not condition():
        if waited >= timeout_ms:
            raise AssertionError(f"condition not met within {timeout_ms} ms")
        page.wait_for_timeout(100)
        waited += 100


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run web/build.sh (make deps)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def reports() -> Path:
    REPORTS.mkdir(parents=True, exist_ok=True)
    return REPORTS
