"""`make scenarios` (``hulpwijzer-scenarios``): run the trainers' scenarios and write a readable report.

Why: trainers think in "what the person typed" and "which number they got", not in
intents and actions. A scenario (tests/scenarios/*.yml, format in docs/trainers.md) says
what a person types, turn by turn, and what must happen. This command sends the turns to
a running assistant over REST (a URL the trainer gives, or servers it starts itself on
loopback), prints a table and writes reports/scenarios/index.html.
Exit code 0 when every scenario passes, 1 when any fails, 2 when a scenario file is
invalid, no scenario matches or the given assistant cannot be reached.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from hulpwijzer_tools.modelcache import train
from hulpwijzer_tools.paths import ROOT
from hulpwijzer_tools.stack import Stack, free_port
from hulpwijzer_tools.trainers.client import RestClient
from hulpwijzer_tools.trainers.report import REPORT_DIR, table, write_report
from hulpwijzer_tools.trainers.runner import ScenarioResult, run, select
from hulpwijzer_tools.trainers.schema import SCENARIOS, Scenario, ScenarioError, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hulpwijzer-scenarios", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("HULPWIJZER_URL"),
                        help="Rasa server to test (default: start one on loopback)")
    parser.add_argument("--dir", type=Path, default=SCENARIOS, help="folder with *.yml")
    parser.add_argument("--only", default=None, help="only scenarios whose name or file has this")
    parser.add_argument("--report", type=Path, default=REPORT_DIR)
    args = parser.parse_args(argv)
    try:
        scenarios = select(load(args.dir), args.only)
    except ScenarioError as error:
        print(f"Scenario-bestand klopt niet: {error}", file=sys.stderr)
        return 2
    if not scenarios:
        print("Geen scenario's gevonden.", file=sys.stderr)
        return 2
    start = time.monotonic()
    if args.url:
        client = RestClient(args.url)
        problem = client.unreachable()
        if problem:
            print(f"De assistent op {args.url} is niet bereikbaar: {problem}", file=sys.stderr)
            return 2
        results = run(scenarios, client.send)
    else:
        results = _run_on_own_servers(scenarios)
    print(table(results))
    page = write_report(results, args.report)
    print(f"Rapport: {page} ({time.monotonic() - start:.0f}s)")
    return 0 if all(r.passed for r in results) else 1


def _run_on_own_servers(scenarios: list[Scenario]) -> list[ScenarioResult]:
    """Rasa and the action server on free loopback ports, with the model for the current data
    (trained first only when it is missing; ``make scenarios`` runs ``make train`` before)."""
    servers = Stack(model=train(), rasa_port=free_port(), actions_port=free_port(),
                    web_port=None, log_dir=ROOT / "reports" / "logs")
    print("De assistent start (dat duurt ongeveer een minuut)...", flush=True)
    with servers:
        return run(scenarios, RestClient(servers.rasa_url).send)


if __name__ == "__main__":
    sys.exit(main())
