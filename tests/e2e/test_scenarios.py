"""The trainers' scenarios (tests/scenarios) against the running assistant.

Why here and not as a separate step: `make scenarios` starts its own servers; inside
`make test` the scenarios reuse the session's servers (tests/conftest.py) and write
the same report, reports/scenarios/index.html, so CI shows it as an artefact.
"""

from __future__ import annotations

import html
from pathlib import Path

from hulpwijzer_tools.trainers import cli
from hulpwijzer_tools.trainers.client import RestClient
from hulpwijzer_tools.trainers.report import table, write_report
from hulpwijzer_tools.trainers.runner import run
from hulpwijzer_tools.trainers.schema import load


def test_every_trainer_scenario_passes(stack) -> None:
    results = run(load(), RestClient(stack.rasa_url).send)
    page = write_report(results)
    print(table(results))
    failed = [f"{r.scenario.file} / {r.scenario.name}: {'; '.join(r.problems())}"
              for r in results if not r.passed]
    assert not failed, f"{len(failed)} scenario(s) failed (report: {page}):\n" + "\n".join(failed)


def test_a_broken_scenario_fails_with_its_reason(stack, tmp_path: Path) -> None:
    (tmp_path / "kapot.yml").write_text(
        "scenarios:\n"
        "  - naam: Bewust fout\n"
        "    gesprek:\n"
        "      - persoon: ik ben gisteren verkracht\n"
        "        verwacht:\n"
        "          eerst: kindertelefoon\n",
        encoding="utf-8",
    )
    code = cli.main(["--url", stack.rasa_url, "--dir", str(tmp_path),
                      "--report", str(tmp_path / "report")])
    assert code == 1
    text = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "Waarom fout" in text and "verwacht eerst 'kindertelefoon', kreeg csg" in html.unescape(text)
