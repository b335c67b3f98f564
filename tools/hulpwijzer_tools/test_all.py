"""`make test`: every check of the project, one phase after another, each timed.

Why a script and not one long Makefile recipe: CI must show how long each phase took,
and one failing phase should not hide the results of the independent ones after it.
Phases that need the trained model are skipped when training failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from hulpwijzer_tools.paths import ROOT

PY = sys.executable
RASA = [PY, "-m", "rasa"]


def model_path() -> str:
    from hulpwijzer_tools.modelcache import model_path as path

    return str(path())


def server_test_dirs() -> list[str]:
    """Test folders that share one set of servers (started once per pytest session)."""
    return [d for d in ("tests/e2e", "tests/browser") if (ROOT / d).is_dir()]


def phases() -> list[tuple[str, list[str], bool]]:
    """(name, command, needs the model)."""
    model = model_path()
    return [
        ("lint", [str(Path(PY).parent / "ruff"), "check", "."], False),
        (
            "validate",
            [*RASA, "data", "validate", "--fail-on-warnings", "--config", "bot/config.yml",
             "--domain", "bot/domain.yml", "--data", "bot/data"],
            False,
        ),
        ("training data", [PY, "-m", "hulpwijzer_tools.evaluation.training_data"], False),
        ("unit tests", [PY, "-m", "pytest", "tests/unit", "-q", "-p", "no:cacheprovider"], False),
        # Setup, docker-compose and proxy configuration: fast, no model, not the product.
        ("deploy checks", [PY, "-m", "pytest", "tests/deploy", "-q", "-p", "no:cacheprovider"], False),
        ("train", [PY, "-m", "hulpwijzer_tools.modelcache"], False),
        (
            "test stories",
            [*RASA, "test", "core", "--model", model, "--stories", "tests/stories",
             "--endpoints", "bot/endpoints.yml", "--fail-on-prediction-errors",
             "--out", "reports/core"],
            True,
        ),
        # Dev and held-out figures printed; CI gates on the frozen blind set (tests/blind).
        ("evaluation", [PY, "-m", "hulpwijzer_tools.evaluation.evaluate", "--model", model, "--gate"], True),
        (
            "end-to-end and browser tests",
            [PY, "-m", "pytest", *server_test_dirs(), "-q", "-p", "no:cacheprovider"],
            True,
        ),
    ]


def main() -> int:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    results: list[tuple[str, str, float]] = []
    trained = True
    for name, cmd, needs_model in phases():
        if needs_model and not trained:
            results.append((name, "skipped (no model)", 0.0))
            continue
        print(f"\n===== PHASE {name} =====", flush=True)
        start = time.monotonic()
        code = subprocess.run(cmd, cwd=ROOT, env=env).returncode
        seconds = time.monotonic() - start
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        if name == "train" and code != 0:
            trained = False
        results.append((name, status, seconds))
        print(f"PHASE {name}: {status} in {seconds:.0f}s", flush=True)

    print("\n===== SUMMARY =====")
    for name, status, seconds in results:
        print(f"  {name:<30} {status:<24} {seconds:7.0f}s")
    failed = [name for name, status, _ in results if not status.startswith(("ok", "skipped"))]
    total = sum(seconds for _, _, seconds in results)
    print(f"  {'total (after install)':<30} {'':<24} {total:7.0f}s")
    if failed:
        print("FAILED phases: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
