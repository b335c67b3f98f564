"""The small Sanic app that serves the Hulpwijzer widget page and a demo page around it.

Why a server of its own and not Rasa's: the pages need security headers that Rasa does
not set (a Content-Security-Policy that allows only this origin and the Rasa server,
no caching, no referrer), and the widget's files must come from the site itself, never
from a CDN. Everything is read into memory at start-up and served from there.

Why the widget is a page of its own (``/widget``), shown in an iframe on a partner's
site, and not a script in the partner's page: a script shares the page with everything
else the partner runs (analytics, session replay, tag managers), which could read the
conversation. In an iframe from this origin, the browser's same-origin policy keeps the
partner's scripts out. See docs/widget.md.

Settings (environment):
- ``WEB_PORT`` (8080): port on 127.0.0.1.
- ``RASA_URL`` (http://127.0.0.1:5005): the Rasa server the widget talks to over
  socket.io; also the only other origin in the CSP ``connect-src``. Must be https,
  except on a loopback host (127.0.0.1, localhost, [::1]).
- ``EXIT_URL`` (https://www.google.nl/): where "Snel weg" sends the person. See
  docs/widget.md for why this default; tests point it to ``/neutraal`` on this server.
- ``PARTNER_ORIGINS`` (``'self'``): the sites that may show ``/widget`` in an iframe,
  space-separated (``https://partner.example.nl https://other.example.nl``; ``'self'``
  for this site's own demo page; ``'none'`` for nobody). It becomes the widget page's
  CSP ``frame-ancestors``; every other response has ``frame-ancestors 'none'``.

Run: ``python web/server.py`` (``make run`` does this for you).
"""

from __future__ import annotations

import html
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, raw

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
HOST = "127.0.0.1"
DEFAULT_EXIT_URL = "https://www.google.nl/"
DEFAULT_PARTNER_ORIGINS = "'self'"
#: Hosts on which plain http (and ws) is acceptable: the traffic never leaves the machine.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
WIDGET_PATH = "/widget"
DEMO_PATH = "/"

logger = logging.getLogger("hulpwijzer.web")

#: URL path -> (file under web/static, content type). Nothing else is served.
FILES: dict[str, tuple[str, str]] = {
    "/widget.js": ("widget.js", "text/javascript; charset=utf-8"),
    "/widget.css": ("widget.css", "text/css; charset=utf-8"),
    "/demo.css": ("demo.css", "text/css; charset=utf-8"),
    "/vendor/socket.io.min.js": ("vendor/socket.io.min.js", "text/javascript; charset=utf-8"),
    "/neutraal": ("neutraal.html", "text/html; charset=utf-8"),
    DEMO_PATH: ("index.html", "text/html; charset=utf-8"),
}


class SettingsError(ValueError):
    """A setting that would make the page unsafe or unable to work."""


def _http_origin(url: str, name: str) -> str:
    """``scheme://host[:port]`` of an http(s) URL; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise SettingsError(f"{name} must be an http(s) URL, got {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def _secure_origin(url: str, name: str) -> str:
    """Like ``_http_origin``, but plain http only for a loopback host.

    Why: over http anyone on the way (a shared wifi, the router at home) can read and
    change what passes, so a conversation or the page around it may only travel over
    https once it leaves the machine. widget.js applies the same rule to its Rasa URL.
    """
    origin = _http_origin(url, name)
    parts = urlsplit(origin)
    if parts.username is not None or parts.password is not None:
        raise SettingsError(f"{name} must not contain a user name or password")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise SettingsError(f"{name} must be https (http only on 127.0.0.1, localhost or [::1]), got {url!r}")
    return origin


def parse_partner_origins(value: str) -> str:
    """``PARTNER_ORIGINS`` -> the CSP ``frame-ancestors`` source list, checked.

    Only exact origins (``https://host[:port]``, http on loopback), ``'self'``, or
    ``'none'`` alone. No wildcards, schemes alone (``https:``) or paths: each would let
    sites frame the widget that nobody chose. No ``;`` or ``,``: the value goes into a
    header, where they would start a new directive or policy.
    """
    tokens = value.split()
    if not tokens:
        raise SettingsError("PARTNER_ORIGINS is empty: use 'none' to allow no site")
    if "'none'" in tokens:
        if len(tokens) > 1:
            raise SettingsError("PARTNER_ORIGINS: 'none' cannot be combined with origins")
        return "'none'"
    origins: list[str] = []
    for token in tokens:
        if token == "'self'":
            origin = token
        else:
            parts = urlsplit(token)
            if "*" in token or parts.path not in {"", "/"} or parts.query or parts.fragment:
                raise SettingsError(f"PARTNER_ORIGINS: {token!r} is not an origin (scheme://host[:port])")
            origin = _secure_origin(token, "PARTNER_ORIGINS").lower()
        if origin not in origins:
            origins.append(origin)
    return " ".join(origins)


@dataclass(frozen=True)
class Settings:
    port: int
    rasa_url: str
    exit_url: str
    partner_origins: str = DEFAULT_PARTNER_ORIGINS

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        rasa_url = env.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/")
        exit_url = env.get("EXIT_URL", DEFAULT_EXIT_URL)
        _secure_origin(rasa_url, "RASA_URL")
        if not exit_url.startswith("/"):
            _http_origin(exit_url, "EXIT_URL")
        partners = parse_partner_origins(env.get("PARTNER_ORIGINS", DEFAULT_PARTNER_ORIGINS))
        return cls(port=int(env.get("WEB_PORT", "8080")), rasa_url=rasa_url, exit_url=exit_url,
                   partner_origins=partners)

    @property
    def rasa_origins(self) -> str:
        """The Rasa origin for both transports: http(s) polling and ws(s) WebSocket."""
        origin = _http_origin(self.rasa_url, "RASA_URL")
        socket_origin = "ws" + origin.removeprefix("http")
        return f"{origin} {socket_origin}"


def content_security_policy(
    settings: Settings, *, frame_ancestors: str = "'none'", frame_src: str | None = None
) -> str:
    """Only this origin for code, styles and images; only Rasa besides it for data.

    ``form-action 'none'``: the chat form is sent by script over the socket; should a
    browser ever submit it, the text must not end up in a URL. ``frame-ancestors``: who
    may show the response in a frame (``'none'`` but for the widget page).
    """
    directives = [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        f"connect-src 'self' {settings.rasa_origins}",
    ]
    if frame_src:
        directives.append(f"frame-src {frame_src}")
    directives += ["base-uri 'none'", "form-action 'none'", f"frame-ancestors {frame_ancestors}"]
    return "; ".join(directives)


def security_headers(settings: Settings) -> dict[str, str]:
    """Headers on every response but the widget page and the demo page.

    ``no-store``: nothing of this site stays in the cache. ``Cross-Origin-Resource-
    Policy: same-origin``: only this site's own pages may load widget.js, its stylesheet
    and the socket.io client, so the old script-tag embed (the widget running inside a
    partner's page, readable by the partner's scripts) cannot be used, not even by copy.
    """
    return {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Cache-Control": "no-store",
    }


def widget_page_headers(settings: Settings) -> dict[str, str]:
    """The widget page may be framed by the partner sites in ``PARTNER_ORIGINS`` only.

    No ``X-Frame-Options``: it knows only DENY and SAMEORIGIN, and browsers that know
    ``frame-ancestors`` ignore it anyway. No ``Cross-Origin-Resource-Policy``: the
    partner's page loads this document as its iframe; CORP protects subresources, and a
    partner with ``Cross-Origin-Embedder-Policy`` would have the frame refused by it.
    """
    headers = security_headers(settings)
    del headers["X-Frame-Options"], headers["Cross-Origin-Resource-Policy"]
    headers["Content-Security-Policy"] = content_security_policy(
        settings, frame_ancestors=settings.partner_origins
    )
    return headers


def demo_page_headers(settings: Settings) -> dict[str, str]:
    """The demo page shows the widget page in an iframe, as a partner's page would."""
    headers = security_headers(settings)
    headers["Content-Security-Policy"] = content_security_policy(settings, frame_src="'self'")
    return headers


def render_widget_page(settings: Settings) -> bytes:
    """The widget page with its settings as (escaped) attributes of its script tag."""
    page = (STATIC / "widget.html").read_text(encoding="utf-8")
    return (
        page.replace("{{RASA_URL}}", html.escape(settings.rasa_url, quote=True))
        .replace("{{EXIT_URL}}", html.escape(settings.exit_url, quote=True))
        .encode("utf-8")
    )


def load_files() -> dict[str, tuple[bytes, str]]:
    """Read the static files once; a missing vendored client is a clear start-up error."""
    loaded: dict[str, tuple[bytes, str]] = {}
    for path, (name, content_type) in FILES.items():
        file = STATIC / name
        if not file.is_file():
            hint = " (run web/build.sh to install it from npm)" if "vendor" in name else ""
            raise FileNotFoundError(f"{file} is missing{hint}")
        loaded[path] = (file.read_bytes(), content_type)
    return loaded


def create_app(settings: Settings) -> Sanic:
    # strict_slashes: "/widget/" is not "/widget". Sanic would otherwise serve the page
    # there too, under the headers of "everything else", while the production proxy's
    # exact locations answer 404 (tests/e2e/test_production_proxy.py compares both).
    app = Sanic("hulpwijzer_web", strict_slashes=True)
    headers = security_headers(settings)
    by_path = {WIDGET_PATH: widget_page_headers(settings), DEMO_PATH: demo_page_headers(settings)}
    files = load_files()
    files[WIDGET_PATH] = (render_widget_page(settings), "text/html; charset=utf-8")

    @app.get("/favicon.ico")
    async def favicon(request: Request) -> HTTPResponse:
        # Browsers ask for it on their own; an empty answer keeps the console clean.
        return raw(b"", status=204)

    @app.get("/health")
    async def health(request: Request) -> HTTPResponse:
        return raw(b"ok", content_type="text/plain; charset=utf-8")

    for url_path in files:

        async def serve(request: Request, _path: str = url_path) -> HTTPResponse:
            body, content_type = files[_path]
            return raw(body, content_type=content_type)

        name = url_path.strip("/").replace("/", "_").replace(".", "_") or "index"
        app.add_route(serve, url_path, methods=["GET"], name=name)

    @app.on_response
    async def add_headers(request: Request, response: HTTPResponse) -> None:
        response.headers.update(by_path.get(request.path, headers))
        # A cookie set by anything in between would break the promise of "no cookies".
        response.headers.pop("Set-Cookie", None)

    return app


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        app = create_app(settings)
    except (SettingsError, FileNotFoundError) as error:
        print(f"web/server.py: {error}", file=sys.stderr)
        return 2
    logger.info("widget talks to %s; Snel weg goes to %s; framed by %s",
                settings.rasa_url, settings.exit_url, settings.partner_origins)
    # No access log: the request lines hold no user text, but a help site keeps no traces.
    app.run(host=HOST, port=settings.port, access_log=False, debug=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
