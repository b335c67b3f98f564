"""Where the working copy is: the tools read and write files of the repository itself.

Why from ``__file__``: the package is installed editable (``pip install -e .``), so this
file stays at ``tools/hulpwijzer_tools/paths.py`` inside the checkout it belongs to, and
each worktree's tools work on their own tree whatever the current directory is.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder holding pyproject.toml).
ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"
