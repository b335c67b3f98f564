"""The trainers' scenarios (tests/scenarios) against the running assistant.

Why here and not as a separate step: `make scenarios` starts its own servers; inside
`make test` the scenarios reuse the session's servers (tests/conftest.py) and write
the same report, reports/scenarios/index.html, so CI shows it as an artefact.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import scenarios as tool  # noqa: E402


def test_every_trainer_scenario_passes(stack) -> None:
    results = tool.run(tool.load(), tool.rest_sender(stack.rasa_url))
    page = tool.write_report(results)
    print(tool.table(results))
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
    code = tool.main(["--url", stack.rasa_url, "--dir", str(tmp_path),
                      "--report", str(tmp_path / "report")])
    assert code == 1
    text = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "Waarom fout" in text and "verwacht eerst &#x27;kindertelefoon&#x27;, kreeg csg" in text
