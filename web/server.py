"""The small Sanic app that serves the demo page with the Hulpwijzer widget.

Why a server of its own and not Rasa's: the page needs security headers that Rasa does
not set (a Content-Security-Policy that allows only this origin and the Rasa server,
no caching, no referrer), and the widget's files must come from the site itself, never
from a CDN. Everything is read into memory at start-up and served from there.

Settings (environment):
- ``WEB_PORT`` (8080): port on 127.0.0.1.
- ``RASA_URL`` (http://127.0.0.1:5005): the Rasa server the widget talks to over
  socket.io; also the only other origin in the CSP ``connect-src``.
- ``EXIT_URL`` (https://www.google.nl/): where "Snel weg" sends the person. See
  docs/widget.md for why this default; tests point it to ``/neutraal`` on this server.

Run: ``PYTHONPATH=bot python web/server.py`` (``make run`` does this for you).
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

logger = logging.getLogger("hulpwijzer.web")

#: URL path -> (file under web/static, content type). Nothing else is served.
FILES: dict[str, tuple[str, str]] = {
    "/widget.js": ("widget.js", "text/javascript; charset=utf-8"),
    "/widget.css": ("widget.css", "text/css; charset=utf-8"),
    "/demo.css": ("demo.css", "text/css; charset=utf-8"),
    "/vendor/socket.io.min.js": ("vendor/socket.io.min.js", "text/javascript; charset=utf-8"),
    "/neutraal": ("neutraal.html", "text/html; charset=utf-8"),
}


class SettingsError(ValueError):
    """A setting that would make the page unsafe or unable to work."""


def _http_origin(url: str, name: str) -> str:
    """``scheme://host[:port]`` of an http(s) URL; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise SettingsError(f"{name} must be an http(s) URL, got {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class Settings:
    port: int
    rasa_url: str
    exit_url: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        rasa_url = env.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/")
        exit_url = env.get("EXIT_URL", DEFAULT_EXIT_URL)
        _http_origin(rasa_url, "RASA_URL")
        if not exit_url.startswith("/"):
            _http_origin(exit_url, "EXIT_URL")
        return cls(port=int(env.get("WEB_PORT", "8080")), rasa_url=rasa_url, exit_url=exit_url)

    @property
    def rasa_origins(self) -> str:
        """The Rasa origin for both transports: http(s) polling and ws(s) WebSocket."""
        origin = _http_origin(self.rasa_url, "RASA_URL")
        socket_origin = "ws" + origin.removeprefix("http")
        return f"{origin} {socket_origin}"


def content_security_policy(settings: Settings) -> str:
    """Only this origin for code, styles and images; only Rasa besides it for data.

    ``form-action 'none'``: the chat form is sent by script over the socket; should a
    browser ever submit it, the text must not end up in a URL.
    """
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            f"connect-src 'self' {settings.rasa_origins}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(settings: Settings) -> dict[str, str]:
    """Headers on every response. ``no-store``: nothing of this site stays in the cache."""
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


def render_index(settings: Settings) -> bytes:
    """The demo page with the widget's settings as (escaped) attributes of its script tag."""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
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
    app = Sanic("hulpwijzer_web")
    headers = security_headers(settings)
    files = load_files()
    files["/"] = (render_index(settings), "text/html; charset=utf-8")

    @app.get("/")
    async def index(request: Request) -> HTTPResponse:
        body, content_type = files["/"]
        return raw(body, content_type=content_type)

    @app.get("/favicon.ico")
    async def favicon(request: Request) -> HTTPResponse:
        # Browsers ask for it on their own; an empty answer keeps the console clean.
        return raw(b"", status=204)

    @app.get("/health")
    async def health(request: Request) -> HTTPResponse:
        return raw(b"ok", content_type="text/plain; charset=utf-8")

    for url_path in FILES:

        async def serve(request: Request, _path: str = url_path) -> HTTPResponse:
            body, content_type = files[_path]
            return raw(body, content_type=content_type)

        app.add_route(serve, url_path, methods=["GET"], name=url_path.strip("/").replace("/", "_")
                      .replace(".", "_"))

    @app.on_response
    async def add_headers(request: Request, response: HTTPResponse) -> None:
        response.headers.update(headers)
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
    logger.info("widget talks to %s; Snel weg goes to %s", settings.rasa_url, settings.exit_url)
    # No access log: the request lines hold no user text, but a help site keeps no traces.
    app.run(host=HOST, port=settings.port, access_log=False, debug=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
