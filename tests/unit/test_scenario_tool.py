"""The trainers' scenario tool (hulpwijzer_tools.trainers): files, checks, client, report.

Why without the assistant: a trainer's mistake in a file, or a wrong verdict, must be
caught by fast tests; the scenarios themselves run against the real assistant in
tests/e2e/test_scenarios.py. The client is tested against a tiny loopback server that
records what it was sent.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from hulpwijzer_tools.trainers import cli, report, runner, schema
from hulpwijzer_tools.trainers.client import RestClient, Send
from hulpwijzer_tools.trainers.runner import Scenario, check, run
from hulpwijzer_tools.trainers.schema import Turn

ALIASES = schema.service_aliases()


def route(service: str, municipality: str | None = None) -> dict[str, Any]:
    return {"custom": {"route": {"service": service, "name": service, "phone": "x",
                                 "municipality": municipality}}}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thema.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_scenario_file_in_the_project_is_valid() -> None:
    found = schema.load()
    assert len(found) >= 60
    files = {s.file for s in found}
    assert len(files) >= 6, "one file per theme"


def test_services_may_be_written_as_id_or_name() -> None:
    assert ALIASES["112"] == "112"
    assert ALIASES["veilig thuis"] == "veilig_thuis"
    assert ALIASES[schema.normal("Veilig_Thuis")] == "veilig_thuis"


def test_the_schema_is_json_schema_and_every_word_under_verwacht_is_explained() -> None:
    Draft202012Validator.check_schema(schema.SCHEMA)
    rules = schema.EXPECT_SCHEMA["properties"]
    assert list(rules) == ["hulp", "eerst", "niet", "gemeente", "tekst_bevat", "tekst_bevat_niet",
                           "knoppen", "geen_hulp"]
    assert all(rule.get("description") for rule in rules.values())


def test_the_first_mistake_in_reading_order_is_reported(tmp_path: Path) -> None:
    """Several mistakes: the trainer hears of the earliest scenario and turn first, and of a
    missing name before anything else in that scenario."""
    no_name = "scenarios:\n  - wie: x\n    extra: 1\n    gesprek: []\n"
    two = ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n      - knop: Ja\n        x: 1\n"
           "  - naam: b\n    fout: 1\n    gesprek: []\n")
    for text, reason in ((no_name, "thema.yml, scenario 1: elk scenario heeft een 'naam'"),
                         (two, "thema.yml, 'a', beurt 2: een beurt heeft")):
        with pytest.raises(schema.ScenarioError) as error:
            schema.parse_file(write(tmp_path, text), ALIASES)
        assert str(error.value).startswith(reason)


def test_a_name_used_twice_in_the_folder_is_refused(tmp_path: Path) -> None:
    scenario = "scenarios:\n  - naam: Dubbel\n    gesprek:\n      - persoon: hoi\n"
    (tmp_path / "a.yml").write_text(scenario, encoding="utf-8")
    (tmp_path / "b.yml").write_text(scenario, encoding="utf-8")
    with pytest.raises(schema.ScenarioError, match="dezelfde naam staat er vaker in: Dubbel"):
        schema.load(tmp_path, ALIASES)


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
    [scenario] = schema.parse_file(path, ALIASES)
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
        # one case per rule of the schema: each must have its own Dutch message
        ("", "begint met 'scenarios:'"),
        ("scenarios: hoi\n", "begint met 'scenarios:'"),
        ("scenarios:\n  - hoi\n", "scenario 1: elk scenario heeft een 'naam'"),
        ("scenarios:\n  - naam: [a]\n    gesprek:\n      - persoon: hoi\n", "heeft een 'naam'"),
        ("scenarios:\n  - naam: a\n", "'a': 'gesprek' is een lijst"),
        ("scenarios:\n  - naam: a\n    gesprekken: []\n    gesprek:\n      - persoon: hoi\n",
         "'a': onbekend woord gesprekken. Toegestaan: naam, wie, uitleg, gesprek"),
        ("scenarios:\n  - naam: a\n    wie: [a, b]\n    gesprek:\n      - persoon: hoi\n", "'wie' is een woord"),
        ("scenarios:\n  - naam: a\n    uitleg: {a: b}\n    gesprek:\n      - persoon: hoi\n", "'uitleg' is een tekst"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - hoi\n", "'a', beurt 1: een beurt heeft 'persoon'"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        zegt: x\n", "een beurt heeft"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        knop: Ja\n", "of 'knop'"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon:\n", "of 'knop'"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - knop: [Ja]\n", "of 'knop'"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht: [112]\n",
         "'verwacht' moet een lijst van regels zijn"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          knoppen: misschien\n", "'a', beurt 1: 'knoppen' is ja of nee, niet 'misschien'"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          geen_hulp: 1\n", "'geen_hulp' is ja of nee, niet '1'"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          eerst: [112, csg]\n", "'eerst' noemt precies één hulp"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          hulp: {112: ja}\n", "'hulp' noemt een hulp of een lijst"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          niet:\n", "'niet' noemt een hulp of een lijst"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          gemeente: [Almere, Lelystad]\n", "'gemeente' noemt één gemeente"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          tekst_bevat: [[a]]\n", "'tekst_bevat' is een tekst of een lijst"),
        ("scenarios:\n  - naam: a\n    gesprek:\n      - persoon: hoi\n        verwacht:\n"
         "          tekst_bevat_niet: {a: b}\n", "'tekst_bevat_niet' is een tekst of een lijst"),
    ],
)
def test_a_mistake_in_a_file_says_where_and_why(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(schema.ScenarioError, match="thema.yml") as error:
        schema.parse_file(write(tmp_path, text), ALIASES)
    assert reason in str(error.value)


def test_check_passes_a_reply_that_meets_every_expectation() -> None:
    reply = [{"text": "Bel nu 112."}, route("112"), route("veilig_thuis", "Almere"),
             {"text": "Is er nu gevaar?", "buttons": [{"title": "Ja", "payload": "ja"}]}]
    expect = {"eerst": "112", "hulp": ["veilig_thuis"], "niet": ["csg"], "gemeente": "almere",
              "tekst_bevat": ["bel nu"], "tekst_bevat_niet": ["schuld"], "knoppen": True}
    assert check(expect, reply) == []


def test_check_names_each_problem() -> None:
    reply = [{"text": "Het is jouw schuld."}, route("veilig_thuis", "Lelystad"), route("112")]
    problems = check(
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
    assert check({}, []) == ["de assistent gaf geen antwoord"]
    assert check({"geen_hulp": True}, [route("112")]) == ["verwacht geen hulp, kreeg 112"]


def fake_assistant(replies: dict[str, list[dict[str, Any]]]) -> Send:
    def send(sender: str, message: str) -> list[dict[str, Any]]:
        return replies.get(message, [{"text": "Dat begrijp ik niet."}])

    return send


def test_run_follows_buttons_and_reports_a_broken_scenario() -> None:
    question = [{"text": "Is er nu gevaar?", "buttons": [{"title": "Ja", "payload": "ja"}]}]
    send = fake_assistant({"Masker 19": [route("112"), *question], "ja": [route("112")]})
    good = Scenario("goed", "t.yml", None, [
        Turn("Masker 19", None, {"eerst": "112", "knoppen": True}),
        Turn(None, "ja", {"eerst": "112"}),
    ])
    broken = Scenario("kapot", "t.yml", None, [
        Turn("Masker 19", None, {"eerst": "veilig_thuis"}),
        Turn(None, "Misschien", {}),
    ])
    results = run([good, broken], send)
    assert results[0].passed and results[0].turns[1].sent == "ja"
    assert not results[1].passed
    problems = results[1].problems()
    assert "knop 'Misschien' staat niet in het vorige antwoord (knoppen: Ja)" in problems[0]
    assert "beurt 1: verwacht eerst 'veilig_thuis', kreeg 112" in problems[1]
    table = report.table(results)
    assert "FOUT" in table and "1 van 2 scenario's geslaagd" in table


def test_html_report_shows_the_conversation_and_escapes_markup(tmp_path: Path) -> None:
    send = fake_assistant({"<img src=x onerror=alert(1)>": [{"text": "<b>hoi</b>"}, route("112")]})
    scenario = Scenario("markup", "t.yml", "jongere", [
        Turn("<img src=x onerror=alert(1)>", None, {"hulp": ["csg"]}),
    ])
    page = report.write_report(run([scenario], send), tmp_path)
    text = page.read_text()
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;b&gt;hoi&lt;/b&gt;" in text
    assert 'class="bubble user"' in text and 'class="card acute"' in text
    assert "Waarom fout" in text and "verwacht hulp 'csg'" in html.unescape(text)
    saved = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert saved[0]["passed"] is False and saved[0]["turns"][0]["shown"] == "<img src=x onerror=alert(1)>"


def test_html_report_shows_cards_buttons_silence_and_links() -> None:
    card = {"custom": {"route": {"service": "veilig_thuis", "name": "Veilig Thuis", "phone": "0800-2000",
                                 "url": "https://veiligthuis.nl", "hours": "dag en nacht",
                                 "municipality": "Almere"}}}
    ask = {"text": "Is er nu gevaar?", "buttons": [{"title": "Ja", "payload": "/ja"}, {"title": "Nee"}]}
    send = fake_assistant({"hallo": [card, ask], "stil": []})
    scenarios = [
        Scenario("kaart", "t.yml", None, [Turn("hallo", None, {"gemeente": "Almere"})], "waarom <dit>"),
        Scenario("stilte", "t.yml", None, [Turn("stil", None, {}), Turn(None, "Ja", {})]),
    ]
    results = run(scenarios, send)
    page = report.html_report(results, {"NLU-<rapport>": "../nlu/index.html"}, datetime(2024, 5, 6, 7, 8))
    assert "1 van 2 geslaagd · 2024-05-06 07:08 · <a href=\"../nlu/index.html\">NLU-&lt;rapport&gt;</a>" in page
    assert ('<div class="card" data-service="veilig_thuis">\n<strong>Veilig Thuis</strong><br>Bel 0800-2000'
            "<br>https://veiligthuis.nl<br>dag en nacht<br>Gemeente Almere</div>") in page
    assert '<div class="buttons">Knoppen: Ja | Nee</div>' in page
    assert "<p>waarom &lt;dit&gt;</p>" in page
    assert '<div class="bubble bot"><em>(geen antwoord)</em></div>' in page
    # the stopped scenario shows the one turn it played, and why it stopped
    assert page.count("Beurt 2 –") == 0 and page.count('<div class="turncheck bad">Beurt 1') == 1
    assert "knop &#39;Ja&#39; staat niet in het vorige antwoord (knoppen: geen)" in page
    assert '<section id="s1" class="scenario failed">' in page and '<a href="#s1">stilte</a>' in page


def test_only_selects_by_name_or_file() -> None:
    scenarios = [Scenario("Masker 19", "codewoord.yml", None, []), Scenario("Buren", "huis.yml", None, [])]
    assert [s.name for s in runner.select(scenarios, "masker")] == ["Masker 19"]
    assert [s.name for s in runner.select(scenarios, "HUIS")] == ["Buren"]
    assert len(runner.select(scenarios, None)) == 2


class FakeRasa(BaseHTTPRequestHandler):
    """Rasa's REST channel as far as the client uses it: GET / and POST the webhook."""

    received: list[tuple[str, dict[str, Any]]] = []
    replies: dict[str, list[dict[str, Any]]] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self._answer(b"Hello from Rasa: 3.6.21")

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((self.path, body))
        self._answer(json.dumps(self.replies.get(body["message"], [])).encode())

    def _answer(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def fake_rasa() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeRasa.received.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_client_posts_sender_and_message_to_the_rest_webhook(fake_rasa: str) -> None:
    FakeRasa.replies = {"hallo": [{"text": "Hoi"}, route("112")]}
    client = RestClient(fake_rasa)
    assert client.unreachable() is None
    assert client.send("iemand", "hallo") == [{"text": "Hoi"}, route("112")]
    assert client.send("iemand", "stil") == []
    assert FakeRasa.received == [("/webhooks/rest/webhook", {"sender": "iemand", "message": "hallo"}),
                                 ("/webhooks/rest/webhook", {"sender": "iemand", "message": "stil"})]


def test_command_line_exit_codes_against_a_running_assistant(fake_rasa: str, tmp_path: Path, capsys: Any) -> None:
    FakeRasa.replies = {"Masker 19": [route("112")]}
    write(tmp_path, "scenarios:\n  - naam: Codewoord\n    gesprek:\n      - persoon: Masker 19\n"
                    "        verwacht: {eerst: 112}\n  - naam: Anders\n    gesprek:\n      - persoon: iets\n")
    args = ["--url", fake_rasa, "--dir", str(tmp_path), "--report", str(tmp_path / "rapport")]
    assert cli.main([*args, "--only", "codewoord"]) == 0
    assert cli.main(args) == 1  # "iets" gets no answer
    out = capsys.readouterr().out
    assert "1 van 2 scenario's geslaagd" in out and "de assistent gaf geen antwoord" in out
    assert (tmp_path / "rapport" / "index.html").exists()
    assert cli.main([*args, "--only", "bestaat niet"]) == 2
    senders = {body["sender"] for _, body in FakeRasa.received}
    assert len(senders) == 3, "every scenario run is a new conversation"


def test_command_line_refuses_an_invalid_folder(tmp_path: Path, capsys: Any) -> None:
    write(tmp_path, "scenarios:\n  - naam: a\n    gesprek: []\n")
    assert cli.main(["--dir", str(tmp_path), "--url", "http://127.0.0.1:9"]) == 2
    assert "minstens één beurt" in capsys.readouterr().err


def test_command_line_says_when_the_assistant_cannot_be_reached(capsys: Any) -> None:
    assert cli.main(["--url", "http://127.0.0.1:9", "--only", "Masker"]) == 2
    assert "niet bereikbaar" in capsys.readouterr().err
