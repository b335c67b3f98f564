"""The foundations: interpreter choice, spaCy pipeline, deployment files, hygiene."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
import yaml

ROOT = Path(__file__).resolve().parents[2]


def configured_spacy_model() -> str:
    config = yaml.safe_load((ROOT / "bot" / "config.yml").read_text())
    (spacy_nlp,) = [c for c in config["pipeline"] if c["name"] == "SpacyNLP"]
    return str(spacy_nlp["model"])


def test_find_python_refuses_3_11(tmp_path: Path) -> None:
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")  # answers "not in range" like a 3.11 would
    fake.chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "find_python.sh")],
        env=env, capture_output=True, text=True,
    )
    if result.returncode == 0:  # /usr/bin may really hold a 3.8-3.10 on some machines
        out = subprocess.run(
            [result.stdout.strip(), "-c", "import sys; print(sys.version_info[:2])"],
            capture_output=True, text=True,
        ).stdout
        assert out.strip() in {"(3, 8)", "(3, 9)", "(3, 10)"}
    else:
        assert "Python 3.8, 3.9 or 3.10" in result.stderr
        assert "pyenv install" in result.stderr


def test_find_python_finds_this_interpreter() -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "find_python.sh")],
        env={**os.environ, "PYTHON": sys.executable}, capture_output=True, text=True, check=True,
    )
    assert Path(result.stdout.strip()).exists()


@pytest.mark.parametrize("model", ["configured", "nl_core_news_sm"])
def test_spacy_model_loads_and_lemmatises(model: str) -> None:
    if model == "nl_core_news_sm":
        if importlib.util.find_spec("nl_core_news_sm") is None:
            pytest.skip("nl_core_news_sm is not installed here (no download possible)")
        name = "nl_core_news_sm"
    else:
        name = configured_spacy_model()
        path = ROOT / name
        if not path.exists():
            pytest.fail(f"{name} is missing: run `make install` (hulpwijzer-spacy)")
        name = str(path)
    nlp = spacy.load(name)
    lemmas = [t.lemma_ for t in nlp("Hij sloeg de kinderen")]
    assert lemmas[1] == "slaan"


def test_rasa_spacy_component_accepts_the_configured_model() -> None:
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    model = SpacyNLP.load_model(str(ROOT / configured_spacy_model()))
    assert model.model.lang == "nl"


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def dockerfile_bases() -> dict[str, str]:
    """Dockerfile name -> the image of its FROM line."""
    bases = {}
    for dockerfile in (ROOT / "docker").glob("*.Dockerfile"):
        (line,) = [x for x in dockerfile.read_text().splitlines() if x.startswith("FROM ")]
        bases[dockerfile.name] = line.split()[1]
    return bases


DIGEST = re.compile(r"^[a-z0-9./-]+:\d+\.\d+\.\d+[a-z0-9.-]*@sha256:[0-9a-f]{64}$")
EXACT_TAG = re.compile(r"^[a-z0-9./-]+:\d+\.\d+\.\d+[a-z0-9.-]*$")


def test_docker_compose_names_images_volumes_and_health_checks() -> None:
    services = compose()["services"]
    assert set(services) == {"proxy", "rasa", "actions", "redis"}
    assert "endpoints.redis.yml" in services["rasa"]["command"]
    assert services["rasa"]["environment"]["REDIS_HOST"] == "redis"
    assert any("bot/models" in v for v in services["rasa"]["volumes"])
    for name, service in services.items():
        assert "healthcheck" in service, name
    assert dockerfile_bases()["rasa.Dockerfile"].startswith("rasa/rasa:3.6.21-full@")
    actions_docker = (ROOT / "docker" / "actions.Dockerfile").read_text()
    sdk = [line for line in (ROOT / "requirements" / "actions.txt").read_text().splitlines()
           if line.startswith("rasa-sdk==")][0]
    assert f"FROM rasa/rasa-sdk:{sdk.split('==')[1]}@sha256:" in actions_docker
    assert "USER 1001" in actions_docker


def test_only_the_proxy_publishes_a_port() -> None:
    services = compose()["services"]
    assert [name for name, s in services.items() if s.get("ports")] == ["proxy"]
    assert all("expose" not in s for s in services.values())
    # Its container ports are the rendered listen ports, 8080 (redirect) and 8443 (TLS).
    targets = {p.rsplit(":", 1)[1] for p in services["proxy"]["ports"]}
    assert targets == {services["proxy"]["environment"][k] for k in ("LISTEN_HTTP", "LISTEN_HTTPS")}


def test_networks_let_only_the_proxy_reach_rasa_and_only_rasa_the_rest() -> None:
    spec = compose()
    services = spec["services"]
    members: dict[str, set[str]] = {}
    for name, service in services.items():
        assert "network_mode" not in service, name
        for network in service["networks"]:
            members.setdefault(network, set()).add(name)
    neighbours = {
        name: set().union(*(members[n] for n in services[name]["networks"])) - {name}
        for name in services
    }
    assert neighbours["proxy"] == {"rasa"}
    assert neighbours["actions"] == {"rasa"}
    assert neighbours["redis"] == {"rasa"}
    assert neighbours["rasa"] == {"proxy", "actions", "redis"}
    # Only the proxy's outside network leads anywhere; Rasa, actions and Redis have none.
    outside = {n for n, cfg in spec["networks"].items() if not (cfg or {}).get("internal")}
    assert outside and all(members[n] == {"proxy"} for n in outside)


def test_rasa_runs_without_its_http_api() -> None:
    services = compose()["services"]
    command = services["rasa"]["command"]
    assert "--enable-api" not in command and "--auth-token" not in command
    health = " ".join(services["rasa"]["healthcheck"]["test"])
    assert "localhost:5005/'" in health and "/status" not in health


def test_telemetry_is_off_everywhere() -> None:
    services = compose()["services"]
    for name in ("rasa", "actions"):
        assert services[name]["environment"]["RASA_TELEMETRY_ENABLED"] == "false", name
    for dockerfile in ("rasa.Dockerfile", "actions.Dockerfile"):
        assert "RASA_TELEMETRY_ENABLED=false" in (ROOT / "docker" / dockerfile).read_text()
    from hulpwijzer_tools.stack import Stack

    assert Stack(model=ROOT).env()["RASA_TELEMETRY_ENABLED"] == "false"


def test_images_are_pinned_and_installed_from_the_lock() -> None:
    services = compose()["services"]
    for name, base in dockerfile_bases().items():
        assert DIGEST.match(base), f"{name}: {base} is not pinned by digest"
    # Redis: no digest could be confirmed yet (docs/production.md, "Images"): exact tag.
    for name, service in services.items():
        if "build" not in service:
            assert DIGEST.match(service["image"]) or EXACT_TAG.match(service["image"]), name
    for dockerfile in ("rasa.Dockerfile", "actions.Dockerfile"):
        text = (ROOT / "docker" / dockerfile).read_text()
        installs = [line for line in text.splitlines() if "pip install" in line]
        project = [line for line in installs if line.endswith("--no-deps -e /app")]
        assert installs and all("-c /tmp/constraints.txt" in line for line in installs if line not in project)
        assert "COPY requirements/constraints.txt /tmp/constraints.txt" in text


def test_images_install_the_project_like_make_install() -> None:
    """Editable and --no-deps, as `make install` does: no PYTHONPATH, the lock decides versions.

    Editable keeps bot/knowledge next to the hulpwijzer package, where geo.py and
    services.py look for it; the copies keep the repository's layout for the same reason.
    """
    assert "pip install --disable-pip-version-check -q --no-deps -e ." in (ROOT / "Makefile").read_text()
    for dockerfile, packages in (("rasa.Dockerfile", ["bot"]),
                                 ("actions.Dockerfile", ["bot/actions", "bot/hulpwijzer", "bot/knowledge"])):
        text = (ROOT / "docker" / dockerfile).read_text()
        assert "PYTHONPATH" not in text, dockerfile
        assert "COPY pyproject.toml /app/pyproject.toml" in text, dockerfile
        for folder in packages:
            assert f"COPY {folder} /app/{folder}" in text, (dockerfile, folder)
        lines = text.splitlines()
        install = lines.index("RUN pip install --no-cache-dir --no-deps -e /app")
        assert all(lines.index(f"COPY {folder} /app/{folder}") < install for folder in packages)


def test_redis_asks_for_a_password_kept_off_the_command_line() -> None:
    redis = compose()["services"]["redis"]
    command = " ".join(redis["command"])
    assert "requirepass" in command and "$$REDIS_PASSWORD" in command
    assert "--requirepass" not in command
    assert ":?" in redis["environment"]["REDIS_PASSWORD"]  # compose refuses to start without
    endpoints = yaml.safe_load((ROOT / "bot" / "endpoints.redis.yml").read_text())
    for section in ("tracker_store", "lock_store"):
        assert endpoints[section]["password"] == "${REDIS_PASSWORD}"


def test_nginx_template_names_only_settings_render_sh_fills_in() -> None:
    template = (ROOT / "docker" / "nginx" / "hulpwijzer.conf.template").read_text()
    render = (ROOT / "docker" / "nginx" / "render.sh").read_text()
    names = set(re.findall(r"\$\{([A-Z_]+)\}", template))
    (envsubst_line,) = [line for line in render.splitlines() if line.startswith("envsubst ")]
    assert names == set(re.findall(r"\$\{([A-Z_]+)\}", envsubst_line))
    assert len(re.findall(r"^\s*access_log off;", template, re.M)) == 2
    assert len(re.findall(r"^\s*location = /socket\.io/ \{", template, re.M)) == 1
    assert len(re.findall(r"^\s*proxy_pass ", template, re.M)) == 1


def test_every_requirement_is_pinned_and_locked() -> None:
    lock = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines()
        if "==" in line
    }
    for name in ("rasa.txt", "actions.txt", "dev.txt"):
        for line in (ROOT / "requirements" / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if not line or line.startswith("-r"):
                continue
            assert "==" in line, f"{name}: {line} is not pinned"
            package = line.split("==")[0].split("[")[0].lower().replace("_", "-")
            assert package in lock, f"{package} missing from constraints.txt"


@pytest.mark.parametrize("name", ["endpoints.yml", "endpoints.redis.yml"])
def test_endpoints_read_urls_from_environment(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa expands ``${VAR}`` only in unquoted YAML scalars: read them the way Rasa does."""
    from rasa.utils.endpoints import read_endpoint_config

    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:6123/webhook")
    monkeypatch.setenv("REDIS_HOST", "redis.example")
    monkeypatch.setenv("REDIS_PORT", "6390")
    monkeypatch.setenv("REDIS_PASSWORD", "geheim")
    path = str(ROOT / "bot" / name)
    action = read_endpoint_config(path, "action_endpoint")
    assert action is not None and action.url == "http://127.0.0.1:6123/webhook"
    if "redis" in name:
        for section in ("tracker_store", "lock_store"):
            store = read_endpoint_config(path, section)
            assert store is not None and store.url == "redis.example"
            assert str(store.kwargs["port"]) == "6390"
            assert store.kwargs["password"] == "geheim"


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
