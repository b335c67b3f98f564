"""The stock Rasa assistant (`rasa init`'s moodbot) as the yardstick for Hulpwijzer's turns.

Why: absolute milliseconds on a shared 2-core machine say little; the ratio to the
smallest assistant the same Rasa version makes, measured in the same run on the same
machine, says how much Hulpwijzer's own pipeline, policies and actions add. The
moodbot is created and trained once into ``build/moodbot`` (``rasa init --no-prompt``,
a minute or two) and reused; delete that folder to make a new one (e.g. after a Rasa
upgrade).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hulpwijzer_tools.paths import ROOT

MOODBOT_DIR = ROOT / "build" / "moodbot"
#: Messages the moodbot understands (its own training data): a real conversation for it.
MESSAGES = ["hello", "I am sad", "yes", "great", "goodbye", "are you a bot?"]


def model() -> Path | None:
    """The newest trained moodbot model, or None when there is none yet."""
    models = sorted((MOODBOT_DIR / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def ensure_model() -> Path:
    """Create and train the moodbot once; return its model."""
    found = model()
    if found is not None:
        return found
    print(f"creating the stock moodbot in {MOODBOT_DIR.relative_to(ROOT)} (once): rasa init --no-prompt",
          flush=True)
    MOODBOT_DIR.mkdir(parents=True, exist_ok=True)  # rasa init wants the folder to exist
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    subprocess.run(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(MOODBOT_DIR)],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    found = model()
    if found is None:
        raise RuntimeError(f"rasa init trained no model in {MOODBOT_DIR / 'models'}")
    return found


def rasa_command(model_path: Path, port: int, host: str) -> list[str]:
    """`rasa run` for the moodbot the way Hulpwijzer runs in production: channels only, no API."""
    return [
        sys.executable, "-m", "rasa", "run",
        "--model", str(model_path),
        "--interface", host,
        "--port", str(port),
        "--endpoints", str(MOODBOT_DIR / "endpoints.yml"),
        "--credentials", str(MOODBOT_DIR / "credentials.yml"),
    ]


if __name__ == "__main__":
    print(ensure_model())
