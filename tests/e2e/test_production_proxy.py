"""The deployment the production way, on loopback: nginx in front, Rasa without its API.

The compose proxy (docker/nginx/) cannot run here as a container, so the same files run
with Debian's nginx (scripts/install_nginx.sh): docker/nginx/render.sh checks the
settings and renders docker/nginx/hulpwijzer.conf.template, which nginx loads inside a
main configuration shaped like the image's (an http-level access log that only the
template's ``access_log off`` keeps empty). TLS with a self-signed certificate made here.

Behind the proxy: Rasa started as docker-compose.yml starts it (no ``--enable-api``,
Redis with a password), the action server, the widget's files. Two upstreams:
- a catch-all HTTP server that answers every path, to show which requests the proxy
  forwards at all (only ``/socket.io/``), whatever Rasa would do with them;
- the real Rasa, to show the widget still chats over socket.io through the proxy: a
  socket.io client, and Chromium showing a partner's page (another loopback origin,
  also https) that frames ``https://<proxy>/widget`` with the snippet of docs/widget.md.

Two servers serve the widget: web/server.py (development, the browser tests) and nginx
(production). The headers and bodies of both are compared path by path here, so the
two cannot drift apart again (they did: the proxy once sent no COOP, framable pages
and loadable scripts while web/server.py sent CORP same-origin).
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import os
import queue
import shutil
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from playwright.sync_api import expect

from hulpwijzer_tools.stack import BOT, HOST, ROOT, RedisServer, Stack, free_port, wait_http
from hulpwijzer_tools.trainers.client import RestClient
from tests.browser.conftest import CHROMIUM_ARGS, QuietHandler, chromium_path
from tests.browser.test_embed import DOCUMENTED_HOST, HIT_NOW, documented_snippet, open_partner, send_in
from tests.browser.test_web_settings import server as web_app  # web/server.py as a module
from tests.browser.test_widget import wait_for_reply
from tests.helpers import socketio_handshake

pytestmark = pytest.mark.e2e

DOCKER = ROOT / "docker" / "nginx"
EXIT_URL = "https://www.example.org/weg?van=hier&naar=daar"
#: PARTNER_ORIGINS: the demo page ('self') and a partner; both servers accept it as is.
PARTNERS = "'self' https://www.partner.example.nl"
WEB_SERVER = ROOT / "web" / "server.py"


@dataclass
class Certificate:
    cert: Path
    key: Path

    def context(self) -> ssl.SSLContext:
        """A client context that trusts only this certificate."""
        return ssl.create_default_context(cafile=str(self.cert))


def make_certificate(directory: Path) -> Certificate:
    """Self-signed certificate for 127.0.0.1 and localhost, valid for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(HOST)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    paths = Certificate(directory / "cert.pem", directory / "key.pem")
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    paths.key.chmod(0o600)
    return paths


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        pytest.fail("nginx is missing: run `make deps` (scripts/install_nginx.sh)")
    return found


def joined_headers(response: http.client.HTTPResponse) -> dict[str, str]:
    """Header names in lower case; a header sent twice keeps both values (", "), so a
    duplicate (nginx's and an upstream's) shows up instead of one hiding the other."""
    headers: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


@dataclass
class Proxy:
    """docker/nginx rendered by render.sh and run by Debian's nginx on loopback."""

    directory: Path
    upstream: str
    certificate: Certificate
    partners: str = PARTNERS
    http_port: int = field(default_factory=free_port)
    https_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    @property
    def access_log(self) -> Path:
        return self.directory / "access.log"

    def render(self) -> subprocess.CompletedProcess:
        env = dict(
            os.environ,
            PUBLIC_ORIGIN=self.origin,
            EXIT_URL=EXIT_URL,
            PARTNER_ORIGINS=self.partners,
            RASA_UPSTREAM=self.upstream,
            LISTEN_HTTP=f"{HOST}:{self.http_port}",
            LISTEN_HTTPS=f"{HOST}:{self.https_port}",
            TLS_CERT=str(self.certificate.cert),
            TLS_KEY=str(self.certificate.key),
            HW_STATIC=str(ROOT / "web" / "static"),
            HW_RUN=str(self.directory / "run"),
            HW_TEMPLATE=str(DOCKER / "hulpwijzer.conf.template"),
            HW_CONF=str(self.directory / "conf.d" / "hulpwijzer.conf"),
        )
        return subprocess.run(
            ["sh", str(DOCKER / "render.sh")], env=env, capture_output=True, text=True
        )

    def main_config(self) -> Path:
        """The image's nginx.conf in small: http-level access log, conf.d included."""
        d = self.directory
        temp = "\n".join(
            f"    {name}_temp_path {d}/temp/{name};"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # Workers of a root master run as `nobody`, who cannot read pytest's tmp dirs.
        user = "user root;" if os.geteuid() == 0 else ""
        config = d / "nginx.conf"
        config.write_text(
            f"""{user}
worker_processes 1;
pid {d}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.access_log};
{temp}
    include {d}/conf.d/*.conf;
}}
"""
        )
        (d / "temp").mkdir(exist_ok=True)
        return config

    def start(self, timeout: float = 20) -> Proxy:
        rendered = self.render()
        assert rendered.returncode == 0, rendered.stderr
        config = self.main_config()
        log = open(self.directory / "nginx.out", "ab")  # noqa: SIM115 (closed by nginx's exit)
        self.process = subprocess.Popen(
            [nginx_binary(), "-p", str(self.directory), "-c", str(config),
             "-e", str(self.directory / "error.log"), "-g", "daemon off;"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = (self.directory / "nginx.out").read_text(errors="replace")
                raise RuntimeError(f"nginx exited with {self.process.returncode}: {output}")
            try:
                self.get("/widget.js")
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise TimeoutError("nginx did not answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def request(
        self, method: str, path: str, body: bytes | None = None, tls: bool = True
    ) -> tuple[int, dict[str, str], bytes]:
        """One request with the path sent exactly as given (no client-side clean-up)."""
        if tls:
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                HOST, self.https_port, context=self.certificate.context(), timeout=10
            )
        else:
            conn = http.client.HTTPConnection(HOST, self.http_port, timeout=10)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, joined_headers(response), response.read()
        finally:
            conn.close()

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path)


class CatchAll(BaseHTTPRequestHandler):
    """Answers 200 to any method and path, and remembers what it was asked."""

    seen: list[tuple[str, str]] = []

    def answer(self) -> None:
        CatchAll.seen.append((self.command, self.path))
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = b'{"from": "upstream"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = answer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib name)
        pass


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def catch_all() -> Iterator[str]:
    server = ThreadingHTTPServer((HOST, free_port()), CatchAll)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"{HOST}:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def probe_proxy(
    tmp_path_factory: pytest.TempPathFactory, catch_all: str, certificate: Certificate
) -> Iterator[Proxy]:
    """The proxy in front of the catch-all upstream."""
    proxy = Proxy(tmp_path_factory.mktemp("probe-proxy"), catch_all, certificate).start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: run `make deps` (scripts/install_redis.sh)")
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


@dataclass
class PartnerSite:
    """A partner's website over https on loopback (another origin than the proxy's)."""

    root: Path
    port: int

    @property
    def origin(self) -> str:
        return f"https://localhost:{self.port}"

    def page(self, name: str, html: str) -> str:
        (self.root / name).write_text(html, encoding="utf-8")
        return f"{self.origin}/{name}"


@pytest.fixture(scope="module")
def partner_site(
    tmp_path_factory: pytest.TempPathFactory, certificate: Certificate
) -> Iterator[PartnerSite]:
    root = tmp_path_factory.mktemp("partner-site")
    server = ThreadingHTTPServer((HOST, 0), partial(QuietHandler, directory=str(root)))
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(certificate.cert, certificate.key)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, name="partner-site", daemon=True)
    thread.start()
    yield PartnerSite(root, int(server.server_address[1]))
    server.shutdown()
    server.server_close()
    thread.join(10)


@pytest.fixture(scope="module")
def production(
    model_path: Path,
    redis: RedisServer,
    certificate: Certificate,
    partner_site: PartnerSite,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Stack, Proxy]]:
    """Rasa as compose runs it (no API, Redis with a password), the actions, the proxy."""
    rasa_port = free_port()
    proxy = Proxy(tmp_path_factory.mktemp("proxy"), f"{HOST}:{rasa_port}", certificate,
                  partners=f"{PARTNERS} {partner_site.origin}").start()
    stack = Stack(
        model=model_path,
        rasa_port=rasa_port,
        actions_port=free_port(),
        web_port=None,
        enable_api=False,
        cors=proxy.origin,
        endpoints=BOT / "endpoints.redis.yml",
        # As docker-compose.yml: the site's own origin is the only page with a socket.
        extra_env={**redis.env(), "HULPWIJZER_WIDGET_ORIGINS": proxy.origin},
        log_dir=ROOT / "reports" / "logs" / "production",
    )
    try:
        with stack:
            yield stack, proxy
    finally:
        proxy.stop()


# --- the proxy forwards nothing of Rasa but /socket.io/ ------------------------------

BLOCKED = [
    ("GET", "/conversations/x/tracker"),
    ("GET", "/conversations/x/tracker?include_events=ALL"),
    ("POST", "/conversations/x/tracker/events"),
    ("POST", "/conversations/x/trigger_intent"),
    ("GET", "/status"),
    ("GET", "/version"),
    ("GET", "/domain"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
    ("POST", "/model/parse"),
    ("POST", "/webhooks/rest/webhook"),
    ("GET", "/webhooks/socketio/"),
    ("POST", "/webhook"),  # the action server's
    ("GET", "/health"),  # the action server's
    ("GET", "/socket.io/../status"),
    ("GET", "/socket.io/%2e%2e/conversations/x/tracker"),
    ("GET", "/socket.io/..%2Fstatus"),
    ("GET", "/socket.io/x"),
    ("GET", "/socket.io"),
    ("GET", "//status"),
]


@pytest.mark.parametrize(("method", "path"), BLOCKED)
def test_rasa_and_action_server_paths_never_reach_the_upstream(
    probe_proxy: Proxy, method: str, path: str
) -> None:
    CatchAll.seen.clear()
    body = b'{"sender": "x", "message": "hallo"}' if method in {"POST", "PUT"} else None
    status, _, answer = probe_proxy.request(method, path, body)
    assert status in {301, 400, 403, 404, 405}, (path, status)
    assert b"upstream" not in answer
    # Only ever /socket.io/ itself: a normalised path must not arrive as another route.
    assert all(seen.split("?")[0] == "/socket.io/" for _, seen in CatchAll.seen), CatchAll.seen


def test_socketio_reaches_the_upstream_as_socketio_only(probe_proxy: Proxy) -> None:
    CatchAll.seen.clear()
    status, _, answer = probe_proxy.get("/socket.io/?EIO=4&transport=polling")
    assert status == 200 and b"upstream" in answer
    assert CatchAll.seen == [("GET", "/socket.io/?EIO=4&transport=polling")]


# --- TLS, headers, the rendered page ---------------------------------------------

def test_plain_http_only_redirects_to_https(probe_proxy: Proxy) -> None:
    status, headers, _ = probe_proxy.request("GET", "/socket.io/?EIO=4", tls=False)
    assert status == 301
    assert headers["location"] == f"{probe_proxy.origin}/socket.io/?EIO=4"


def test_widget_page_is_rendered_for_this_site(probe_proxy: Proxy) -> None:
    status, headers, body = probe_proxy.get("/widget")
    page = body.decode()
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "{{" not in page
    assert 'data-exit-url="https://www.example.org/weg?van=hier&amp;naar=daar"' in page
    # Rasa is reached on the site's own origin: the proxy carries /socket.io/.
    assert f'data-rasa-url="{probe_proxy.origin}"' in page
    csp = headers["content-security-policy"]
    assert f"frame-ancestors {PARTNERS}" in csp
    assert f"connect-src 'self' {probe_proxy.origin} wss://{HOST}:{probe_proxy.https_port};" in csp
    assert "x-frame-options" not in headers  # partners may frame it: the CSP decides
    assert "cross-origin-resource-policy" not in headers
    assert "server" not in headers or "/" not in headers["server"]  # no version


@pytest.mark.parametrize("path", ["/", "/widget", "/widget.js", "/nergens", "/socket.io/"])
def test_every_answer_has_hsts(probe_proxy: Proxy, path: str) -> None:
    headers = probe_proxy.get(path)[1]
    assert int(headers["strict-transport-security"].removeprefix("max-age=")) >= 15552000


@pytest.mark.parametrize("path", ["/widget.js", "/widget.css", "/vendor/socket.io.min.js"])
def test_widget_files_cannot_run_in_a_partners_page(probe_proxy: Proxy, path: str) -> None:
    """CORP same-origin: only our own pages load them; a partner frames /widget instead."""
    status, headers, _ = probe_proxy.get(path)
    assert status == 200
    assert headers["cross-origin-resource-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"].endswith("frame-ancestors 'none'")


# --- nginx and web/server.py send the same, path for path ----------------------------

#: The headers docs/widget.md's table lists; Strict-Transport-Security is nginx's alone
#: (web/server.py speaks plain http on loopback, where browsers ignore it).
SECURITY_HEADERS = (
    "content-security-policy", "x-frame-options", "cross-origin-resource-policy",
    "cross-origin-opener-policy", "x-content-type-options", "referrer-policy",
    "permissions-policy", "cache-control", "set-cookie",
)


def content_security_policy(value: str) -> dict[str, frozenset[str]]:
    """A CSP as directive -> sources: the order of either does not change its meaning."""
    directives = [d.split() for d in value.split(";") if d.strip()]
    parsed = {d[0]: frozenset(d[1:]) for d in directives}
    assert len(parsed) == len(directives), f"a directive twice: {value}"
    return parsed


def security(headers: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {name: headers[name] for name in SECURITY_HEADERS if name in headers}
    if "content-security-policy" in found:
        found["content-security-policy"] = content_security_policy(found["content-security-policy"])
    return found


@pytest.fixture(scope="module")
def web_server(probe_proxy: Proxy, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """web/server.py with the proxy's settings: RASA_URL is the proxy's own origin."""
    port = free_port()
    env = dict(os.environ, WEB_PORT=str(port), RASA_URL=probe_proxy.origin,
               EXIT_URL=EXIT_URL, PARTNER_ORIGINS=PARTNERS)
    log = tmp_path_factory.mktemp("web") / "web.log"
    with open(log, "ab") as out:
        process = subprocess.Popen([sys.executable, str(WEB_SERVER)], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(f"http://{HOST}:{port}/health", 60, process)
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(10)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    parts = url.split("/", 3)
    conn = http.client.HTTPConnection(parts[2], timeout=10)
    try:
        conn.request("GET", "/" + parts[3])
        response = conn.getresponse()
        return response.status, joined_headers(response), response.read()
    finally:
        conn.close()


#: Paths both answer 404: the raw pages and Rasa's or the web app's other routes.
NOT_SERVED = ["/widget.html", "/index.html", "/nergens", "/status"]


def compared_paths() -> list[str]:
    """Every path web/server.py serves (its FILES, /widget, /favicon.ico) and some it
    does not; /neutraal is its test-only exit page, which the proxy does not serve."""
    files = [path for path in web_app.FILES if path != "/neutraal"]
    served = ["/widget", *files, "/favicon.ico"]
    # With a slash added (/widget/): nginx's exact locations refuse them, and so must
    # web/server.py, or the two answer a page under other headers.
    slashed = [path + "/" for path in served if path != "/"]
    return [*served, *slashed, *NOT_SERVED]


@pytest.mark.parametrize("path", compared_paths())
def test_proxy_and_web_server_send_the_same_headers(
    probe_proxy: Proxy, web_server: str, path: str
) -> None:
    status, headers, body = probe_proxy.get(path)
    web_status, web_headers, web_body = fetch(web_server + path)
    assert status == web_status, (path, status, web_status)
    assert security(headers) == security(web_headers), path
    assert "strict-transport-security" in headers
    if status == 200:  # the same page, rendered the same (RASA_URL, EXIT_URL escaped)
        assert body == web_body, path
        assert headers["content-type"].split(";")[0] in {
            web_headers["content-type"].split(";")[0], "application/javascript"}


def test_the_proxy_does_not_serve_the_test_exit_page(probe_proxy: Proxy) -> None:
    assert probe_proxy.get("/neutraal")[0] == 404


@pytest.mark.parametrize(
    "value",
    [
        "'none'",
        "'self'",
        "https://www.partner.example.nl",
        "https://WWW.Partner.example.nl/ 'self' https://www.partner.example.nl",
        "https://a.example.nl:8443 https://b.example.nl",
        "https://*.example.nl",
        "https:",
        "*",
        "https://a.example.nl/pad",
        "https://a.example.nl?x",
        "'none' https://a.example.nl",
        "https://a.example.nl; script-src *",
        "http://partner.example.nl",
        "https://user@a.example.nl",
    ],
)
def test_proxy_and_web_server_read_partner_origins_alike(tmp_path: Path, value: str) -> None:
    """Both refuse the same settings and turn the others into the same frame-ancestors.

    (The one difference, by design: web/server.py also takes http origins on loopback,
    for the tests; the proxy is the public site and takes https only.)
    """
    try:
        expected: str | None = web_app.parse_partner_origins(value)
    except web_app.SettingsError:
        expected = None
    proxy = Proxy(tmp_path, "127.0.0.1:9", make_certificate(tmp_path), partners=value)
    rendered = proxy.render()
    if expected is None:
        assert rendered.returncode != 0 and "PARTNER_ORIGINS" in rendered.stderr, rendered.stderr
        return
    assert rendered.returncode == 0, rendered.stderr
    config = (tmp_path / "conf.d" / "hulpwijzer.conf").read_text()
    assert f"frame-ancestors {expected}\" always;" in config


def test_nothing_is_written_to_an_access_log(probe_proxy: Proxy) -> None:
    probe_proxy.get("/")
    probe_proxy.get("/conversations/x/tracker")
    time.sleep(0.2)
    assert not probe_proxy.access_log.exists() or probe_proxy.access_log.stat().st_size == 0


# --- the real thing: Rasa without its API, the widget's socket.io through the proxy ---

@pytest.mark.parametrize("path", ["/status", "/conversations/x/tracker", "/version"])
def test_production_rasa_has_no_http_api(production: tuple[Stack, Proxy], path: str) -> None:
    stack, proxy = production
    # Directly on Rasa's loopback port (what compose keeps inside its own network): 404.
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{stack.rasa_url}{path}", timeout=10)
    assert error.value.code == 404
    # And the health check of compose answers.
    with urllib.request.urlopen(f"{stack.rasa_url}/", timeout=10) as response:
        assert response.status == 200
    assert proxy.get(path)[0] == 404


def test_rest_webhook_exists_in_rasa_but_not_through_the_proxy(
    production: tuple[Stack, Proxy],
) -> None:
    stack, proxy = production
    status, _, _ = proxy.request("POST", "/webhooks/rest/webhook",
                                 b'{"sender": "x", "message": "hallo"}')
    assert status in {403, 404}
    # Rasa itself answers on its REST webhook (the client raises on any HTTP error)
    assert isinstance(RestClient(stack.rasa_url).send("proxy-test", "hallo"), list)


def chat_through(proxy: Proxy, message: str) -> list[dict[str, Any]]:
    """What the widget does: WebSocket to /socket.io/ on the site, session, one message.

    python-socketio's threaded client: its asyncio client needs a newer aiohttp than
    Rasa 3.6 allows. The certificate is checked against the one made for this test.
    """
    replies: queue.Queue[dict[str, Any]] = queue.Queue()
    confirmed: queue.Queue[str] = queue.Queue()
    http = requests.Session()
    http.verify = str(proxy.certificate.cert)
    client = socketio.Client(http_session=http, reconnection=False)
    client.on("session_confirm", confirmed.put)
    client.on("bot_uttered", replies.put)
    client.connect(proxy.origin, socketio_path="/socket.io/", transports=["websocket"],
                   wait_timeout=20)
    try:
        assert client.transport() == "websocket"
        # The server issues the conversation id (hulpwijzer_rasa.channels.session_ids): a made-up one
        # is answered with a fresh id, which the client then uses.
        client.emit("session_request", {"session_id": uuid.uuid4().hex})
        session_id = confirmed.get(timeout=20)
        assert isinstance(session_id, str) and session_id
        client.emit("user_uttered", {"message": message, "session_id": session_id})
        received = [replies.get(timeout=60)]
        time.sleep(1)  # the rest of this turn's messages
        while not replies.empty():
            received.append(replies.get_nowait())
        return received
    finally:
        client.disconnect()
        http.close()


def test_widget_chats_over_socketio_through_the_proxy(
    production: tuple[Stack, Proxy], redis: RedisServer
) -> None:
    _, proxy = production
    replies = chat_through(proxy, "ik denk dat de buurman zijn vrouw slaat")
    services = [(m.get("custom") or {}).get("route", {}).get("service") for m in replies]
    assert "veilig_thuis" in services, replies
    # Rasa wrote the conversation to Redis with the password from bot/endpoints.redis.yml.
    assert redis.cli("--scan", "--pattern", "hulpwijzer*").split()


@pytest.mark.parametrize("transport, accepted", [("websocket", 101), ("polling", 200)])
def test_only_the_sites_own_pages_open_a_socket_through_the_proxy(
    production: tuple[Stack, Proxy], partner_site: PartnerSite, transport: str, accepted: int
) -> None:
    """HULPWIJZER_WIDGET_ORIGINS as compose sets it: the site itself. A partner's page
    (it frames /widget, whose socket is the site's own), another page of this machine
    (the loopback default no longer applies) and any other site get HTTP 400."""
    _, proxy = production
    tls = proxy.certificate.context()
    status, headers = socketio_handshake(proxy.origin, proxy.origin, transport, tls)
    assert status == accepted
    allow = [v for k, v in headers if k.lower() == "access-control-allow-origin"]
    assert allow in ([], [proxy.origin]), allow
    for foreign in ("https://evil.example", partner_site.origin,
                    f"https://localhost:{proxy.https_port}", f"http://{HOST}:{proxy.https_port}"):
        assert socketio_handshake(proxy.origin, foreign, transport, tls)[0] == 400, foreign


def test_redis_refuses_a_caller_without_the_password(redis: RedisServer) -> None:
    answer = subprocess.run(
        ["redis-cli", "-p", str(redis.port), "ping"],
        capture_output=True, text=True, env={"PATH": os.environ["PATH"]},
    )
    assert "NOAUTH" in answer.stdout + answer.stderr


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def test_partner_page_frames_the_widget_and_gets_112_through_the_proxy(
    production: tuple[Stack, Proxy], partner_site: PartnerSite, chromium: Any
) -> None:
    """The whole production path in a browser: a partner's https page frames
    ``https://<proxy>/widget`` with the documented snippet; the widget's WebSocket goes
    over TLS to ``/socket.io/`` on the proxy, and nginx carries it to Rasa.

    The certificate is this test's own, so the browser context ignores certificate
    errors (for the partner's page and the proxy alike); everything else is as deployed.
    """
    _, proxy = production
    url = partner_site.page("hulp.html", f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Een partnersite</title></head>
<body><h1>Een partnersite</h1>
{documented_snippet().replace(DOCUMENTED_HOST, proxy.origin)}
</body></html>
""")
    context = chromium.new_context(ignore_https_errors=True, locale="nl-NL")
    try:
        page, frame, seen = open_partner(context, url)
        send_in(frame, HIT_NOW)
        wait_for_reply(page, seen, 0)
        expect(frame.locator('.hw-card[data-service="112"]')).to_have_count(1)
        expect(frame.locator(".hw-card").first).to_have_attribute("data-service", "112")
        assert page.frames[1].url == f"{proxy.origin}/widget"
        assert seen.sockets and all(
            s.startswith(f"wss://{HOST}:{proxy.https_port}/socket.io/") for s in seen.sockets
        ), seen.sockets
        assert not [e for e in seen.console_errors if "Content Security Policy" in e], seen.console_errors
    finally:
        context.close()
