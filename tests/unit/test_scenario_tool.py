"""The trainers' scenario tool: reading files, checking replies, writing the report.

Why without servers: a trainer's mistake in a file, or a wrong verdict, must be caught
by fast tests; the scenarios themselves run against the real assistant in
tests/e2e/test_scenarios.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import scenarios as tool  # noqa: E402

ALIASES = tool.service_aliases()


def route(service: str, municipality: str | None = None) -> dict[str, Any]:
    return {"custom": {"route": {"service": service, "name": service, "phone": "x",
                                 "municipality": municipality}}}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thema.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_scenario_file_in_the_project_is_valid() -> None:
    found = tool.load()
    assert len(found) >= 60
    files = {s.file for s in found}
    assert len(files) >= 6, "one file per theme"


def test_services_may_be_written_as_id_or_name() -> None:
    assert ALIASES["112"] == "112"
    assert ALIASES["veilig thuis"] == "veilig_thuis"
    assert ALIASES[tool._normal("Veilig_Thuis")] == "veilig_thuis"


def test_a_valid_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, """
scenarios:
  - naam: Masker 19 bij de apotheek
    wie: apothekersassistent
    gesprek:
      - persoon: Masker 19
        verwacht:
          eerst: 112
          hulp: [Veilig Thuis]
          knoppen: ja
      - knop: Ja
""")
    [scenario] = tool.parse_file(path, ALIASES)
    assert scenario.turns[0].expect == {"eerst": "112", "hulp": ["veilig_thuis"], "knoppen": True}
    assert scenario.turns[1].button == "Ja" and scenario.turns[1].says is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          hulp: [brandweer]\n", "onbekende hulp 'brandweer'"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          eerste: 112\n", "onbekend woord onder 'verwacht': eerste"),
        ("scenarios:\n  - naam: a\n    gesprek: []\n", "minstens één beurt"),
        ("scenarios:\n  - gesprek:\n      - persoon: hoi\n", "heeft een 'naam'"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - verwacht: {}\n", "'persoon'"),
        ("gesprek: []\n", "begint met 'scenarios:'"),
        ("scenarios: [\n", "geen geldige YAML"),
    ],
)
def test_a_mistake_in_a_file_says_where_and_why(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(tool.ScenarioError, match="thema.yml") as error:
        tool.parse_file(write(tmp_path, text), ALIASES)
    assert reason in str(error.value)


def test_check_passes_a_reply_that_meets_every_expectation() -> None:
    reply = [{"text": "Bel nu 112."}, route("112"), route("veilig_thuis", "Almere"),
             {"text": "Is er nu gevaar?", "buttons": [{"title": "Ja", "payload": "ja"}]}]
    expect = {"eerst": "112", "hulp": ["veilig_thuis"], "niet": ["csg"], "gemeente": "almere",
              "tekst_bevat": ["bel nu"], "tekst_bevat_niet": ["schuld"], "knoppen": True}
    assert tool.check(expect, reply) == []


def test_check_names_each_problem() -> None:
    reply = [{"text": "Het is jouw schuld."}, route("veilig_thuis", "Lelystad"), route("112")]
    problems = tool.check(
        {"eerst": "112", "hulp": ["csg"], "niet": ["veilig_thuis"], "gemeente": "Almere",
         "tekst_bevat": ["112"], "tekst_bevat_niet": ["schuld"], "knoppen": True},
        reply,
    )
    text = " | ".join(problems)
    assert "verwacht eerst '112', kreeg veilig_thuis, 112" in text
    assert "verwacht hulp 'csg'" in text
    assert "'veilig_thuis' mocht niet" in text
    assert "verwacht gemeente Almere, kreeg Lelystad" in text
    assert "noemt '112' niet" in text
    assert "'schuld', en dat mocht niet" in text
    assert "verwacht knoppen" in text
    assert tool.check({}, []) == ["de assistent gaf geen antwoord"]
    assert tool.check({"geen_hulp": True}, [route("112")]) == ["verwacht geen hulp, kreeg 112"]


def fake_assistant(replies: dict[str, list[dict[str, Any]]]) -> tool.Send:
    def send(sender: str, message: str) -> list[dict[str, Any]]:
        return replies.get(message, [{"text": "Dat begrijp ik niet."}])

    return send


def test_run_follows_buttons_and_reports_a_broken_scenario() -> None:
    question = [{"text": "Is er nu gevaar?", "buttons": [{"title": "Ja", "payload": "ja"}]}]
    send = fake_assistant({"Masker 19": [route("112"), *question], "ja": [route("112")]})
    good = tool.Scenario("goed", "t.yml", None, [
        tool.Turn("Masker 19", None, {"eerst": "112", "knoppen": True}),
        tool.Turn(None, "ja", {"eerst": "112"}),
    ])
    broken = tool.Scenario("kapot", "t.yml", None, [
        tool.Turn("Masker 19", None, {"eerst": "veilig_thuis"}),
        tool.Turn(None, "Misschien", {}),
    ])
    results = tool.run([good, broken], send)
    assert results[0].passed and results[0].turns[1].sent == "ja"
    assert not results[1].passed
    problems = results[1].problems()
    assert "knop 'Misschien' staat niet in het vorige antwoord (knoppen: Ja)" in problems[0]
    assert "beurt 1: verwacht eerst 'veilig_thuis', kreeg 112" in problems[1]
    table = tool.table(results)
    assert "FOUT" in table and "1 van 2 scenario's geslaagd" in table


def test_html_report_shows_the_conversation_and_escapes_markup(tmp_path: Path) -> None:
    send = fake_assistant({"<img src=x onerror=alert(1)>": [{"text": "<b>hoi</b>"}, route("112")]})
    scenario = tool.Scenario("markup", "t.yml", "jongere", [
        tool.Turn("<img src=x onerror=alert(1)>", None, {"hulp": ["csg"]}),
    ])
    page = tool.write_report(tool.run([scenario], send), tmp_path)
    text = page.read_text()
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;b&gt;hoi&lt;/b&gt;" in text
    assert 'class="bubble user"' in text and 'class="card acute"' in text
    assert "Waarom fout" in text and "verwacht hulp &#x27;csg&#x27;" in text
    assert (tmp_path / "results.json").exists()


def test_command_line_refuses_an_invalid_folder(tmp_path: Path, capsys: Any) -> None:
    write(tmp_path, "scenarios:\n  - naam: a\n    gesprek: []\n")
    assert tool.main(["--dir", str(tmp_path), "--url", "http://127.0.0.1:9"]) == 2
    assert "minstens één beurt" in capsys.readouterr().err


def test_command_line_says_when_the_assistant_cannot_be_reached(capsys: Any) -> None:
    assert tool.main(["--url", "http://127.0.0.1:9", "--only", "Masker"]) == 2
    assert "niet bereikbaar" in capsys.readouterr().err
