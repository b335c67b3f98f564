"""Install checks: the interpreter find_python.sh picks, the Dutch spaCy pipeline, the pinned requirements."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
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



def _console_scripts() -> dict[str, str]:
    """The ``[project.scripts]`` table of pyproject.toml (tomli: Python 3.10 has no tomllib)."""
    import tomli

    return tomli.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]


@pytest.mark.parametrize("name", sorted(_console_scripts()))
def test_every_command_points_at_a_function(name: str) -> None:
    """What the Makefile runs exists: a renamed module fails here, not in front of a trainer."""
    module, _, function = _console_scripts()[name].partition(":")
    assert callable(getattr(importlib.import_module(module), function))


def test_the_makefile_calls_the_commands_it_declares() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    called = set(re.findall(r"\$\(VENV\)/bin/(hulpwijzer-[a-z]+)", makefile))
    assert called and called <= set(_console_scripts())
