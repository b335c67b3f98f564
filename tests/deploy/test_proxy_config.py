"""The reverse proxy's configuration: docker/nginx/render.sh refuses unsafe settings.

And it renders the widget's pages and the headers per path.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_nginx_template_names_only_settings_render_sh_fills_in() -> None:
    template = (ROOT / "docker" / "nginx" / "hulpwijzer.conf.template").read_text()
    render = (ROOT / "docker" / "nginx" / "render.sh").read_text()
    names = set(re.findall(r"\$\{([A-Z_]+)\}", template))
    (envsubst_line,) = [line for line in render.splitlines() if line.startswith("envsubst ")]
    assert names == set(re.findall(r"\$\{([A-Z_]+)\}", envsubst_line))
    assert len(re.findall(r"^\s*access_log off;", template, re.M)) == 2
    assert len(re.findall(r"^\s*location = /socket\.io/ \{", template, re.M)) == 1
    assert len(re.findall(r"^\s*proxy_pass ", template, re.M)) == 1


RENDER = ROOT / "docker" / "nginx" / "render.sh"


def render(tmp_path: Path, static: Path | None = None, **settings: str) -> subprocess.CompletedProcess:
    """docker/nginx/render.sh in a temp dir, with a (dummy) certificate for the site."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "cert.pem").write_text("dummy")
    (tmp_path / "key.pem").write_text("dummy")
    env = {
        "PATH": os.environ["PATH"],
        "PUBLIC_ORIGIN": "https://help.example.nl",
        "TLS_CERT": str(tmp_path / "cert.pem"),
        "TLS_KEY": str(tmp_path / "key.pem"),
        "HW_STATIC": str(static or ROOT / "web" / "static"),
        "HW_RUN": str(tmp_path / "run"),
        "HW_TEMPLATE": str(ROOT / "docker" / "nginx" / "hulpwijzer.conf.template"),
        "HW_CONF": str(tmp_path / "hulpwijzer.conf"),
        **settings,
    }
    return subprocess.run(["sh", str(RENDER)], env=env, capture_output=True, text=True)


needs_widget_files = pytest.mark.skipif(
    not (ROOT / "web" / "static" / "vendor" / "socket.io.min.js").exists(),
    reason="web/static/vendor is built by web/build.sh (make deps)",
)


@needs_widget_files
@pytest.mark.parametrize(
    "exit_url",
    [
        "www.google.nl",  # no scheme: the browser would stay on this site
        "/neutraal",
        "javascript:alert(1)",
        "ftp://ftp.example.org/",
        "https://help.example.nl/elders",  # this site itself
        "https://HELP.example.nl./",
        'https://a.example/" onmouseover="alert(1)',
        "https://www.google.nl@evil.example/",
        "https://www.google.nl/\nhttps://evil.example/",
        "https://www.google.nl/;return 200",
    ],
)
def test_proxy_refuses_to_start_with_an_unsafe_exit_url(tmp_path: Path, exit_url: str) -> None:
    result = render(tmp_path, EXIT_URL=exit_url)
    assert result.returncode != 0
    assert "EXIT_URL" in result.stderr
    assert not (tmp_path / "hulpwijzer.conf").exists()


@needs_widget_files
@pytest.mark.parametrize(
    "settings",
    [
        {"PUBLIC_ORIGIN": "http://help.example.nl"},
        {"PUBLIC_ORIGIN": "https://help.example.nl/pad"},
        {"PUBLIC_ORIGIN": ""},
        {"PARTNER_ORIGINS": "https://partner.example.nl; script-src *"},
        {"PARTNER_ORIGINS": "http://partner.example.nl"},
        {"PARTNER_ORIGINS": "*"},
        {"PARTNER_ORIGINS": "https://*.gemeente.example.nl"},  # web/server.py refuses it too
        {"PARTNER_ORIGINS": "'none' https://partner.example.nl"},
        {"PARTNER_ORIGINS": "https://partner.example.nl/pagina"},
        {"PARTNER_ORIGINS": "https:"},
        {"RASA_UPSTREAM": "rasa:5005/; return 200"},
    ],
)
def test_proxy_refuses_other_unsafe_settings(tmp_path: Path, settings: dict[str, str]) -> None:
    result = render(tmp_path, **settings)
    assert result.returncode != 0, settings
    assert not (tmp_path / "hulpwijzer.conf").exists()


def nginx_headers(config: str) -> dict[str, dict[str, str]]:
    """``add_header`` name -> value per block ("server", "location = /widget", ...).

    A small reader for the rendered template (one directive per line, no braces inside
    values), enough to see which headers nginx sends where: nginx drops the server-level
    add_header lines in a location that has an add_header of its own.
    """
    found: dict[str, dict[str, str]] = {}
    blocks: list[str] = []
    for raw in config.splitlines():
        line = raw.strip()
        if line.endswith("{"):
            blocks.append(line.removesuffix("{").strip())
        elif line == "}":
            blocks.pop()
        elif line.startswith("add_header "):
            name, value = line.removeprefix("add_header ").split(" ", 1)
            value = value.removesuffix(";").removesuffix(" always").strip('"')
            found.setdefault(blocks[-1], {})[name] = value
    return found


COMMON_HEADERS = {
    "Strict-Transport-Security", "Cross-Origin-Opener-Policy", "X-Content-Type-Options",
    "Referrer-Policy", "Permissions-Policy", "Cache-Control",
}


@needs_widget_files
def test_proxy_renders_the_widget_page_and_headers_per_path(tmp_path: Path) -> None:
    result = render(tmp_path, EXIT_URL="https://www.google.nl/search?q=weer&hl=nl",
                    PARTNER_ORIGINS="https://WWW.Partner.example.nl/ 'self' https://www.partner.example.nl")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "run" / "site"
    widget = (site / "widget.html").read_text()
    assert 'data-exit-url="https://www.google.nl/search?q=weer&amp;hl=nl"' in widget
    # The widget talks to Rasa on this site's own origin: the proxy carries /socket.io/.
    assert 'data-rasa-url="https://help.example.nl"' in widget
    assert 'src="/widget"' in (site / "index.html").read_text()  # the demo page frames it
    for page in site.glob("*.html"):
        assert "{{" not in page.read_text(), page.name
    config = (tmp_path / "hulpwijzer.conf").read_text()
    assert not re.search(r"\$\{[A-Z_]+\}", config)  # all filled in; nginx's $uri etc. stay
    assert "$request_uri" in config and "$http_upgrade" in config

    headers = nginx_headers(config)
    files, widget_page, demo = headers["server"], headers["location = /widget"], headers["location = /"]
    connect = "connect-src 'self' https://help.example.nl wss://help.example.nl;"
    # /widget: framed by the partners (checked, lower case, each once), nothing else.
    assert widget_page["Content-Security-Policy"].endswith(
        "; frame-ancestors https://www.partner.example.nl 'self'")
    assert "X-Frame-Options" not in widget_page and "Cross-Origin-Resource-Policy" not in widget_page
    # / (the demo page) frames /widget and is framed by nobody; the files likewise.
    assert "frame-src 'self';" in demo["Content-Security-Policy"]
    for scope in (demo, files):
        assert scope["Content-Security-Policy"].endswith("; frame-ancestors 'none'")
        assert scope["X-Frame-Options"] == "DENY"
        assert scope["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "frame-src" not in files["Content-Security-Policy"] + widget_page["Content-Security-Policy"]
    for name, scope in {"server": files, "/widget": widget_page, "/": demo}.items():
        assert connect in scope["Content-Security-Policy"], name
        assert set(scope) >= COMMON_HEADERS, (name, COMMON_HEADERS - set(scope))
    # Every other location inherits the server's set: no add_header of its own.
    assert set(headers) == {"server", "location = /widget", "location = /"}, set(headers)


@needs_widget_files
def test_proxy_refuses_a_page_with_a_placeholder_it_cannot_fill(tmp_path: Path) -> None:
    static = tmp_path / "static"
    shutil.copytree(ROOT / "web" / "static", static)
    (static / "embed.html").write_text('<script data-x="{{PARTNER_TOKEN}}"></script>')
    result = render(tmp_path / "out", static=static)
    assert result.returncode != 0 and "embed.html" in result.stderr


@needs_widget_files
def test_proxy_makes_a_certificate_only_for_a_local_site(tmp_path: Path) -> None:
    missing = {"TLS_CERT": str(tmp_path / "none.pem"), "TLS_KEY": str(tmp_path / "none.key")}
    public = render(tmp_path / "public", **missing)
    assert public.returncode != 0 and "mount the certificate" in public.stderr
    if shutil.which("openssl") is None:
        pytest.skip("openssl is missing (scripts/install_nginx.sh installs it)")
    local = render(tmp_path / "local", PUBLIC_ORIGIN="https://localhost:8443", **missing)
    assert local.returncode == 0, local.stderr
    assert (tmp_path / "local" / "run" / "tls" / "cert.pem").exists()
    assert "run/tls/cert.pem" in (tmp_path / "local" / "hulpwijzer.conf").read_text()
