"""docker-compose.yml, the Dockerfiles and the endpoint files the containers read.

Who reaches whom, pinned images installed from the lock, no HTTP API, no telemetry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from hulpwijzer_rasa.channels.origins import parse_origins

ROOT = Path(__file__).resolve().parents[2]


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


def test_rasa_accepts_sockets_only_from_the_public_origin() -> None:
    """The proxy's site is the only page that may open the widget's socket: Rasa gets the
    same PUBLIC_ORIGIN as the proxy, checked as the channel checks it at start-up."""
    services = compose()["services"]
    origins = services["rasa"]["environment"]["HULPWIJZER_WIDGET_ORIGINS"]
    assert origins == services["proxy"]["environment"]["PUBLIC_ORIGIN"]
    default = re.fullmatch(r"\$\{PUBLIC_ORIGIN:-(.+)\}", origins)
    assert default, origins
    assert parse_origins(default.group(1)) == ["https://localhost:8443"]
