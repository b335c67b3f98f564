"""The trainers' scenario report opens in Chromium and shows the conversations.

Why in a browser: trainers read this page, not the JSON. The test runs three
scenarios against the session's servers (one deliberately wrong), opens the HTML
report from disk and saves a screenshot (reports/browser/scenario-report.png).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from hulpwijzer_tools.trainers import cli

SCENARIOS = """
scenarios:
  - naam: Codewoord in de apotheek
    wie: apothekersassistent
    gesprek:
      - persoon: Masker 19
        verwacht:
          eerst: 112
          hulp: [veilig_thuis]
      - knop: Ja
        verwacht:
          eerst: 112
  - naam: Hulp dichtbij in Emmeloord
    gesprek:
      - persoon: ik zoek hulp in de buurt
      - persoon: Emmeloord
        verwacht:
          gemeente: Noordoostpolder
  - naam: Bewust fout voor de test
    gesprek:
      - persoon: ik ben gisteren verkracht
        verwacht:
          eerst: kindertelefoon
"""


def test_report_shows_conversations_cards_and_the_reason_of_a_failure(
    browser: Any, rasa_url: str, reports: Path, tmp_path: Path
) -> None:
    (tmp_path / "thema.yml").write_text(SCENARIOS, encoding="utf-8")
    target = tmp_path / "report"
    assert cli.main(["--url", rasa_url, "--dir", str(tmp_path), "--report", str(target)]) == 1
    context = browser.new_context(viewport={"width": 1100, "height": 1400}, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto((target / "index.html").as_uri())
        expect(page.locator("header")).to_contain_text("2 van 3 geslaagd")
        expect(page.locator("section.scenario")).to_have_count(3)
        expect(page.locator(".bubble.user").first).to_have_text("Masker 19")
        expect(page.locator(".bubble.user", has_text="[knop] Ja")).to_be_visible()
        expect(page.locator(".card.acute").first).to_contain_text("112")
        # Emmeloord: the wijkteam card names the gemeente (Stop Huiselijk Geweld does too).
        expect(page.locator('.card[data-service="wijkteam"]', has_text="Noordoostpolder")
               ).to_be_visible()
        failed = page.locator("section.scenario.failed")
        expect(failed).to_have_count(1)
        expect(failed.locator(".problems")).to_contain_text(
            "verwacht eerst 'kindertelefoon', kreeg csg"
        )
        page.screenshot(path=str(reports / "scenario-report.png"), full_page=True)
    finally:
        context.close()
