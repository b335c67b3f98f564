"""``hulpwijzer-knowledge [geo|services]``: regenerate bot/knowledge from ../shared (both by default).

Why subcommands: the geo build needs word lists (wordfreq) whose ``regex`` pin clashes
with Rasa's, so ``make knowledge`` runs ``geo`` in build/geo-venv and ``services`` in the
main venv; each step imports its builder only when it runs.
"""

from __future__ import annotations

import sys

STEPS = ("geo", "services")


def main(argv: list[str] | None = None) -> None:
    options = list(sys.argv[1:] if argv is None else argv)
    steps: list[str] = []
    while options and options[0] in STEPS:
        steps.append(options.pop(0))
    if options and not options[0].startswith("-"):
        raise SystemExit(f"unknown step {options[0]!r}: choose from {', '.join(STEPS)}")
    # The remaining options (--source, --out) go to each step's own argument parser.
    steps = steps or list(STEPS)
    for step in steps:
        if step == "geo":
            from hulpwijzer_tools.knowledge import build_geo

            build_geo.main(options)
        else:
            from hulpwijzer_tools.knowledge import build_services

            build_services.main(options)


if __name__ == "__main__":
    main()
