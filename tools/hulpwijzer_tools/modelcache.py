"""Decide whether the Rasa model is stale, and where the current one lives.

Why: training takes minutes, and `make run`, `make test` and CI must not retrain when
nothing that goes into the model changed. The model file is named after a hash of
everything training reads (config, domain, training data, the spaCy pipeline recipe),
so an unchanged tree reuses its model and a changed one gets a new file.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from hulpwijzer_tools.paths import BOT, ROOT
from hulpwijzer_tools.training_times import component_times, table

MODELS = BOT / "models"
#: Files and folders whose content decides the trained model.
INPUTS = [
    BOT / "config.yml",
    BOT / "domain.yml",
    BOT / "data",
    ROOT / "tools" / "hulpwijzer_tools" / "knowledge" / "build_spacy_model.py",
    # The risk screen is trained inside the Rasa model: its code decides the model too.
    # Same modules as RiskScreen.fingerprint_addon: the rules choose which positives
    # set the thresholds, so a rule change means a new model file too.
    BOT / "hulpwijzer_rasa" / "nlu" / "risk_screen.py",
    BOT / "hulpwijzer" / "risk_model.py",
    BOT / "hulpwijzer" / "risk.py",
    BOT / "hulpwijzer" / "risk_cues.py",
    BOT / "hulpwijzer" / "danger.py",
]
KEEP_MODELS = 3


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in path.rglob("*") if p.is_file() and p.suffix in {".yml", ".yaml"}
            )
        elif path.is_file():
            found.append(path)
    return sorted(found)


def model_hash() -> str:
    """A short hash over the names and contents of all training inputs."""
    digest = hashlib.sha256()
    for path in _files(INPUTS):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def model_path() -> Path:
    return MODELS / f"hulpwijzer-{model_hash()}.tar.gz"


def train(force: bool = False) -> Path:
    """Train unless a model for the current inputs exists; return its path."""
    target = model_path()
    if target.exists() and not force:
        print(f"model up to date: {target.relative_to(ROOT)}")
        return target
    MODELS.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(BOT / "config.yml"),
        "--domain", str(BOT / "domain.yml"),
        "--data", str(BOT / "data"),
        "--out", str(MODELS),
        "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]
    print("training:", " ".join(cmd[2:]), flush=True)
    start = time.monotonic()
    lines: list[str] = []
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace") as process:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            lines.append(line)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, cmd)
    print(table(component_times(lines), time.monotonic() - start), flush=True)
    _prune(keep=target)
    return target


def _prune(keep: Path) -> None:
    """Keep the newest few models so a busy working copy does not fill the disk."""
    models = sorted(MODELS.glob("hulpwijzer-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    for old in models[:-KEEP_MODELS]:
        if old != keep:
            old.unlink()


def main(argv: list[str] | None = None) -> None:
    """``hulpwijzer-train [--force | --path]``: train when stale, or print the model's path."""
    args = sys.argv[1:] if argv is None else argv
    if "--path" in args:
        print(model_path())
    else:
        train(force="--force" in args)


if __name__ == "__main__":
    main()
