"""What a trainer reads after a run: a table in the terminal and an HTML report.

Why a Jinja2 template (templates/report.html.j2) instead of building strings: the page's
markup and style sit in one file a designer can read, and autoescaping is on for the
whole page, so nothing a person typed or the assistant answered can become markup (the
bot's replies can contain ``<``, and a scenario may test exactly that). Jinja2 comes with
Rasa. The report shows every conversation as chat bubbles and route cards, so a failure
is readable without knowing Rasa; tests/browser/test_scenario_report.py opens it in Chromium.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from hulpwijzer_tools.paths import ROOT
from hulpwijzer_tools.trainers.client import reply_text, services
from hulpwijzer_tools.trainers.runner import ScenarioResult, TurnResult, describe

REPORT_DIR = ROOT / "reports" / "scenarios"

_TEMPLATES = Environment(
    loader=PackageLoader("hulpwijzer_tools.trainers", "templates"),
    autoescape=True,
    undefined=StrictUndefined,  # a misspelt name in the template fails instead of printing nothing
    trim_blocks=True,
    lstrip_blocks=True,
)
_TEMPLATES.globals.update(describe=describe, zip=zip)


# --- terminal ---------------------------------------------------------------------


def table(results: list[ScenarioResult], width: int = 160) -> str:
    """A plain-text table: scenario, result, expected, what came back, the bot's text."""
    header = ("Scenario", "Uitslag", "Verwacht", "Kreeg", "Tekst van de bot")
    sizes = (38, 7, 34, 30, max(20, width - 38 - 7 - 34 - 30 - 8))
    lines = [_row(header, sizes), "-" * (sum(sizes) + 8)]
    for result in results:
        shown = _shown_turn(result)
        expect = describe(result.scenario.turns[len(result.turns) - 1].expect) if shown else "-"
        got = ", ".join(services(shown.reply)) if shown else "-"
        text = reply_text(shown.reply) if shown else (result.error or "")
        verdict = "OK" if result.passed else "FOUT"
        lines.append(_row((result.scenario.name, verdict, expect, got or "geen hulp", text), sizes))
        if not result.passed:
            lines.extend("    -> " + problem for problem in result.problems())
    passed = sum(r.passed for r in results)
    lines.append(f"\n{passed} van {len(results)} scenario's geslaagd.")
    return "\n".join(lines)


def _shown_turn(result: ScenarioResult) -> TurnResult | None:
    """The first failing turn, or else the last one."""
    for turn in result.turns:
        if turn.problems:
            return turn
    return result.turns[-1] if result.turns else None


def _row(cells: tuple[str, ...], sizes: tuple[int, ...]) -> str:
    out = []
    for cell, size in zip(cells, sizes, strict=True):
        cell = " ".join(str(cell).split())
        out.append(textwrap.shorten(cell, size, placeholder="…").ljust(size))
    return "  ".join(out)


# --- browser ----------------------------------------------------------------------


def html_report(results: list[ScenarioResult], links: dict[str, str] | None = None,
                when: datetime | None = None) -> str:
    """The report a trainer opens: summary table, then each conversation as chat bubbles."""
    return _TEMPLATES.get_template("report.html.j2").render(
        results=results,
        links=links or {},
        when=(when or datetime.now()).strftime("%Y-%m-%d %H:%M"),
    )


def write_report(results: list[ScenarioResult], directory: Path = REPORT_DIR) -> Path:
    """index.html for people and results.json for machines; links the NLU report when it is there."""
    directory.mkdir(parents=True, exist_ok=True)
    links = {"NLU-rapport": "../nlu/index.html"} if (directory.parent / "nlu").is_dir() else {}
    page = directory / "index.html"
    page.write_text(html_report(results, links), encoding="utf-8")
    data = [
        {"scenario": asdict(r.scenario), "passed": r.passed, "problems": r.problems(),
         "turns": [asdict(t) for t in r.turns]}
        for r in results
    ]
    (directory / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return page
