"""Start and stop Hulpwijzer's servers: the action server, Rasa and the web page.

Why one module: `make run`, the end-to-end tests, the browser tests and the
benchmark all need the same three processes, bound to loopback, started in the right
order and stopped cleanly. Tests start them once per session on free ports.

Rasa's HTTP API (``--enable-api``: read any conversation, inject messages, replace the
model) is on only here, on loopback, and always behind a random ``--auth-token`` made
per run: callers use :meth:`Stack.api`. ``Stack(enable_api=False)`` starts Rasa the way
production does (docker-compose.yml): channels only. Telemetry is off for every process.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from hulpwijzer_tools.paths import BOT, ROOT

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> float:
    """Poll ``url`` until it answers 200; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process for {url} exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


@dataclass
class Stack:
    """The three servers of Hulpwijzer on loopback ports."""

    model: Path
    rasa_port: int = 5005
    actions_port: int = 5055
    web_port: int | None = 8080
    log_dir: Path | None = None
    extra_env: Mapping[str, str] = field(default_factory=dict)
    endpoints: Path = BOT / "endpoints.yml"
    credentials: Path = BOT / "credentials.yml"
    enable_api: bool = True
    api_token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    cors: str | None = None
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    startup_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://{HOST}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{HOST}:{self.actions_port}"

    @property
    def web_url(self) -> str:
        return f"http://{HOST}:{self.web_port}"

    def api(self, path: str) -> str:
        """URL of a Rasa HTTP API ``path`` with this run's token (``?token=``)."""
        if not self.enable_api:
            raise RuntimeError("this Rasa runs without its HTTP API (enable_api=False)")
        separator = "&" if "?" in path else "?"
        return f"{self.rasa_url}{path}{separator}token={quote(self.api_token)}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            SANIC_HOST=HOST,
            ACTION_ENDPOINT_URL=f"{self.actions_url}/webhook",
            RASA_URL=self.rasa_url,
            RASA_PORT=str(self.rasa_port),
            ACTIONS_PORT=str(self.actions_port),
            TF_CPP_MIN_LOG_LEVEL="2",
            RASA_TELEMETRY_ENABLED="false",
        )
        if self.web_port is not None:
            env["WEB_PORT"] = str(self.web_port)
        env.update(self.extra_env)
        return env

    def _spawn(self, name: str, cmd: list[str]) -> subprocess.Popen:
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 (closed in stop)
        else:
            out = None
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env(), stdout=out, stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        self.processes[name] = proc
        return proc

    def start_actions(self, timeout: float = 120) -> None:
        proc = self._spawn(
            "actions",
            [
                sys.executable, "-m", "rasa_sdk",
                "--actions", "actions",
                "--port", str(self.actions_port),
            ],
        )
        self.startup_seconds["actions"] = wait_http(f"{self.actions_url}/health", timeout, proc)

    def rasa_command(self) -> list[str]:
        cors = self.cors or (self.web_url if self.web_port else "*")
        api = ["--enable-api", f"--auth-token={self.api_token}"] if self.enable_api else []
        return [
            sys.executable, "-m", "rasa", "run",
            "--model", str(self.model),
            *api,
            "--cors", cors,
            "--interface", HOST,
            "--port", str(self.rasa_port),
            "--endpoints", str(self.endpoints),
            "--credentials", str(self.credentials),
        ]

    def start_rasa(self, timeout: float = 240) -> None:
        proc = self._spawn("rasa", self.rasa_command())
        # Rasa binds its port only after the model has loaded, so "/" answering (the
        # health check of production, which has no API) means ready too.
        ready = self.api("/status") if self.enable_api else f"{self.rasa_url}/"
        self.startup_seconds["rasa"] = wait_http(ready, timeout, proc)

    def start_web(self, timeout: float = 60) -> None:
        server = ROOT / "web" / "server.py"
        if self.web_port is None or not server.exists():
            return
        proc = self._spawn("web", [sys.executable, str(server)])
        self.startup_seconds["web"] = wait_http(f"{self.web_url}/", timeout, proc)

    def start(self) -> Stack:
        try:
            self.start_actions()
            self.start_rasa()
            self.start_web()
        except BaseException:
            self.stop()
            raise
        return self

    def stop_one(self, name: str, grace: float = 15) -> None:
        proc = self.processes.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop(self) -> None:
        for name in ("web", "rasa", "actions"):
            self.stop_one(name)

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class RedisServer:
    """Debian's redis-server on a loopback port, with a password, keeping nothing on disk.

    Why here: the Redis tests start Redis the way docker-compose.yml does (``requirepass``,
    no persistence). The password goes in on standard input, not on the command line,
    where ``ps`` would show it.
    """

    directory: Path
    port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_hex(24), repr=False)
    process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        """What Rasa's bot/endpoints.redis.yml reads."""
        return {"REDIS_HOST": HOST, "REDIS_PORT": str(self.port), "REDIS_PASSWORD": self.password}

    def cli(self, *args: str) -> str:
        """``redis-cli`` against this server, authenticated (REDISCLI_AUTH, not ``-a``)."""
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True,
            env=dict(os.environ, REDISCLI_AUTH=self.password), check=True,
        ).stdout

    def start(self, timeout: float = 10) -> RedisServer:
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is missing: run `make deps` (scripts/install_redis.sh)")
        self.process = subprocess.Popen(
            ["redis-server", "-", "--port", str(self.port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )
        assert self.process.stdin is not None
        self.process.stdin.write(f"requirepass {self.password}\n")
        self.process.stdin.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with code {self.process.returncode}")
            try:
                if self.cli("ping").strip() == "PONG":
                    return self
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"redis-server did not answer within {timeout:.0f}s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
