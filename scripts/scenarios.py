"""`make scenarios`: run the trainers' conversation scenarios and write a readable report.

Why: trainers think in "what the person typed" and "which number they got", not in
intents and actions. A scenario (tests/scenarios/*.yml, format in docs/trainers.md)
says what a person types, turn by turn, and what must happen: which help is offered,
which comes first, which municipality, which words the reply must or must not contain.
This script sends the turns to a running assistant over REST (a URL the trainer gives,
or servers it starts itself on loopback), prints a table and writes an HTML report with
every conversation as chat bubbles and route cards, so a failure can be read without
knowing Rasa. Exit code 1 when any scenario fails, 2 when a scenario file is invalid.

The checking and rendering are pure functions (tests/unit/test_scenario_tool.py); only
``run`` talks to a server.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "scenarios"
REPORT_DIR = ROOT / "reports" / "scenarios"
SERVICES_FILE = ROOT / "bot" / "knowledge" / "services.yml"

#: The words a trainer may use under ``verwacht``, with what they mean (docs/trainers.md).
EXPECT_KEYS = {
    "hulp": "deze hulp moet genoemd worden (een of meer)",
    "eerst": "deze hulp moet als eerste genoemd worden",
    "niet": "deze hulp mag niet genoemd worden",
    "gemeente": "de hulp hoort bij deze gemeente",
    "tekst_bevat": "deze woorden staan in het antwoord",
    "tekst_bevat_niet": "deze woorden staan niet in het antwoord",
    "knoppen": "het antwoord heeft knoppen (ja) of juist niet (nee)",
    "geen_hulp": "het antwoord noemt geen enkele hulp (ja)",
}
TURN_KEYS = {"persoon", "knop", "verwacht"}
SCENARIO_KEYS = {"naam", "wie", "gesprek", "uitleg"}

Send = Callable[[str, str], list[dict[str, Any]]]


class ScenarioError(ValueError):
    """A scenario file a trainer wrote cannot be read; the message says where and why."""


@dataclass
class Turn:
    says: str | None
    button: str | None
    expect: dict[str, Any]


@dataclass
class Scenario:
    name: str
    file: str
    who: str | None
    turns: list[Turn]
    explanation: str | None = None


@dataclass
class TurnResult:
    sent: str
    shown: str
    reply: list[dict[str, Any]]
    problems: list[str]


@dataclass
class ScenarioResult:
    scenario: Scenario
    turns: list[TurnResult] = field(default_factory=list)
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and all(not t.problems for t in self.turns)

    def problems(self) -> list[str]:
        found = [f"beurt {i}: {p}" for i, t in enumerate(self.turns, 1) for p in t.problems]
        return ([self.error] if self.error else []) + found


# --- reading scenario files -------------------------------------------------------


def service_aliases(path: Path = SERVICES_FILE) -> dict[str, str]:
    """Service id for every way a trainer may write it: id or name, any case."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["services"]
    aliases: dict[str, str] = {}
    for service_id, entry in data.items():
        for alias in (str(service_id), str(entry.get("name", ""))):
            if alias:
                aliases[_normal(alias)] = str(service_id)
    return aliases


def _normal(word: str) -> str:
    return " ".join(str(word).lower().replace("_", " ").replace("-", " ").split())


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _services(value: Any, where: str, aliases: dict[str, str]) -> list[str]:
    found = []
    for word in _as_list(value):
        service = aliases.get(_normal(word))
        if service is None:
            known = ", ".join(sorted(set(aliases.values())))
            raise ScenarioError(f"{where}: onbekende hulp '{word}'. Bekend: {known}")
        found.append(service)
    return found


def _yes_no(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in {"ja", "nee"}:
        return word == "ja"
    raise ScenarioError(f"{where} is ja of nee, niet '{value}'")


def parse_expectation(raw: Any, where: str, aliases: dict[str, str]) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ScenarioError(f"{where}: 'verwacht' moet een lijst van regels zijn (sleutel: waarde)")
    unknown = set(raw) - set(EXPECT_KEYS)
    if unknown:
        raise ScenarioError(
            f"{where}: onbekend woord onder 'verwacht': {', '.join(sorted(map(str, unknown)))}. "
            f"Toegestaan: {', '.join(EXPECT_KEYS)}"
        )
    expect: dict[str, Any] = {}
    for key in ("hulp", "niet"):
        if key in raw:
            expect[key] = _services(raw[key], where, aliases)
    if "eerst" in raw:
        first = _services(raw["eerst"], where, aliases)
        if len(first) != 1:
            raise ScenarioError(f"{where}: 'eerst' noemt precies één hulp")
        expect["eerst"] = first[0]
    if "gemeente" in raw:
        expect["gemeente"] = str(raw["gemeente"])
    for key in ("tekst_bevat", "tekst_bevat_niet"):
        if key in raw:
            expect[key] = _as_list(raw[key])
    for key in ("knoppen", "geen_hulp"):
        if key in raw:
            expect[key] = _yes_no(raw[key], f"{where}: '{key}'")
    return expect


def parse_file(path: Path, aliases: dict[str, str]) -> list[Scenario]:
    """Read one scenario file; every mistake is reported with file, scenario and turn."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ScenarioError(f"{path.name}: geen geldige YAML ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise ScenarioError(f"{path.name}: het bestand begint met 'scenarios:' en een lijst")
    scenarios = []
    for number, raw in enumerate(data["scenarios"], 1):
        where = f"{path.name}, scenario {number}"
        if not isinstance(raw, dict) or not raw.get("naam"):
            raise ScenarioError(f"{where}: elk scenario heeft een 'naam'")
        where = f"{path.name}, '{raw['naam']}'"
        unknown = set(raw) - SCENARIO_KEYS
        if unknown:
            raise ScenarioError(
                f"{where}: onbekend woord {', '.join(sorted(map(str, unknown)))}. "
                f"Toegestaan: {', '.join(sorted(SCENARIO_KEYS))}"
            )
        if not isinstance(raw.get("gesprek"), list) or not raw["gesprek"]:
            raise ScenarioError(f"{where}: 'gesprek' is een lijst met minstens één beurt")
        turns = []
        for index, turn in enumerate(raw["gesprek"], 1):
            at = f"{where}, beurt {index}"
            if not isinstance(turn, dict) or set(turn) - TURN_KEYS:
                raise ScenarioError(f"{at}: een beurt heeft 'persoon' of 'knop', en 'verwacht'")
            says, button = turn.get("persoon"), turn.get("knop")
            if (says is None) == (button is None):
                raise ScenarioError(f"{at}: schrijf 'persoon' (wat iemand typt) of 'knop'")
            turns.append(
                Turn(
                    says=None if says is None else str(says),
                    button=None if button is None else str(button),
                    expect=parse_expectation(turn.get("verwacht"), at, aliases),
                )
            )
        scenarios.append(
            Scenario(
                name=str(raw["naam"]), file=path.name, who=raw.get("wie"), turns=turns,
                explanation=raw.get("uitleg"),
            )
        )
    return scenarios


def load(directory: Path = SCENARIOS, aliases: dict[str, str] | None = None) -> list[Scenario]:
    aliases = aliases if aliases is not None else service_aliases()
    scenarios = []
    for path in sorted(directory.glob("*.yml")):
        scenarios.extend(parse_file(path, aliases))
    names = [s.name for s in scenarios]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise ScenarioError(f"dezelfde naam staat er vaker in: {', '.join(doubles)}")
    return scenarios


# --- checking one reply -----------------------------------------------------------


def routes(reply: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"]["route"] for m in reply if "route" in (m.get("custom") or {})]


def reply_text(reply: list[dict[str, Any]]) -> str:
    return " ".join(m["text"] for m in reply if m.get("text"))


def buttons(reply: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for m in reply for b in (m.get("buttons") or [])]


def check(expect: dict[str, Any], reply: list[dict[str, Any]]) -> list[str]:
    """What is wrong with ``reply`` given ``expect``, in words a trainer understands."""
    found = [r["service"] for r in routes(reply)]
    shown = ", ".join(found) or "geen hulp"
    text = reply_text(reply).lower()
    problems = []
    for service in expect.get("hulp", []):
        if service not in found:
            problems.append(f"verwacht hulp '{service}', kreeg {shown}")
    if "eerst" in expect and found[:1] != [expect["eerst"]]:
        problems.append(f"verwacht eerst '{expect['eerst']}', kreeg {shown}")
    for service in expect.get("niet", []):
        if service in found:
            problems.append(f"'{service}' mocht niet genoemd worden, kreeg {shown}")
    if "gemeente" in expect:
        places = {r.get("municipality") for r in routes(reply)} - {None}
        if expect["gemeente"].lower() not in {p.lower() for p in places}:
            got = ", ".join(sorted(places)) or "geen gemeente"
            problems.append(f"verwacht gemeente {expect['gemeente']}, kreeg {got}")
    for words in expect.get("tekst_bevat", []):
        if words.lower() not in text:
            problems.append(f"het antwoord noemt '{words}' niet")
    for words in expect.get("tekst_bevat_niet", []):
        if words.lower() in text:
            problems.append(f"het antwoord noemt '{words}', en dat mocht niet")
    if "knoppen" in expect and bool(buttons(reply)) != expect["knoppen"]:
        problems.append("verwacht knoppen, kreeg geen" if expect["knoppen"] else
                        "verwacht geen knoppen, kreeg ze wel")
    if expect.get("geen_hulp") and found:
        problems.append(f"verwacht geen hulp, kreeg {shown}")
    if not reply:
        problems.append("de assistent gaf geen antwoord")
    return problems


def describe(expect: dict[str, Any]) -> str:
    """One line of what a turn expects, for the table."""
    parts = []
    if "eerst" in expect:
        parts.append(f"eerst {expect['eerst']}")
    if expect.get("hulp"):
        parts.append("hulp " + "+".join(expect["hulp"]))
    if expect.get("niet"):
        parts.append("niet " + "+".join(expect["niet"]))
    if "gemeente" in expect:
        parts.append(f"gemeente {expect['gemeente']}")
    if expect.get("tekst_bevat"):
        parts.append("tekst '" + "', '".join(expect["tekst_bevat"]) + "'")
    if expect.get("tekst_bevat_niet"):
        parts.append("zonder '" + "', '".join(expect["tekst_bevat_niet"]) + "'")
    if "knoppen" in expect:
        parts.append("knoppen" if expect["knoppen"] else "geen knoppen")
    if expect.get("geen_hulp"):
        parts.append("geen hulp")
    return "; ".join(parts) or "een antwoord"


# --- running ----------------------------------------------------------------------


def rest_sender(base_url: str, timeout: float = 60) -> Send:
    url = base_url.rstrip("/") + "/webhooks/rest/webhook"

    def send(sender: str, message: str) -> list[dict[str, Any]]:
        body = json.dumps({"sender": sender, "message": message}).encode()
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"[]") or []

    return send


def unreachable(base_url: str) -> str | None:
    """Why the Rasa server at ``base_url`` cannot be used, or None when it answers."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/", timeout=10) as response:
            return None if response.status == 200 else f"HTTP {response.status}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return str(getattr(error, "reason", error))


def run_scenario(scenario: Scenario, send: Send) -> ScenarioResult:
    result = ScenarioResult(scenario)
    sender = f"scenario-{uuid.uuid4().hex}"
    previous: list[dict[str, Any]] = []
    for turn in scenario.turns:
        if turn.button is not None:
            match = [b for b in buttons(previous)
                     if _normal(b.get("title", "")) == _normal(turn.button)]
            if not match:
                titles = ", ".join(b.get("title", "") for b in buttons(previous)) or "geen"
                result.error = (f"beurt {len(result.turns) + 1}: knop '{turn.button}' "
                                f"staat niet in het vorige antwoord (knoppen: {titles})")
                return result
            message, shown = str(match[0].get("payload", "")), f"[knop] {turn.button}"
        else:
            message = shown = turn.says or ""
        try:
            reply = send(sender, message)
        except (urllib.error.URLError, OSError, ValueError) as error:
            result.error = f"beurt {len(result.turns) + 1}: geen antwoord van de assistent ({error})"
            return result
        result.turns.append(TurnResult(message, shown, reply, check(turn.expect, reply)))
        previous = reply
    return result


def run(scenarios: Iterable[Scenario], send: Send) -> list[ScenarioResult]:
    return [run_scenario(scenario, send) for scenario in scenarios]


# --- reporting --------------------------------------------------------------------


def table(results: list[ScenarioResult], width: int = 160) -> str:
    """A plain-text table: scenario, result, expected, what came back, the bot's text."""
    header = ("Scenario", "Uitslag", "Verwacht", "Kreeg", "Tekst van de bot")
    sizes = (38, 7, 34, 30, max(20, width - 38 - 7 - 34 - 30 - 8))
    lines = [_row(header, sizes), "-" * (sum(sizes) + 8)]
    for result in results:
        shown = _shown_turn(result)
        expect = describe(result.scenario.turns[len(result.turns) - 1].expect) if shown else "-"
        got = ", ".join(r["service"] for r in routes(shown.reply)) if shown else "-"
        text = reply_text(shown.reply) if shown else (result.error or "")
        verdict = "OK" if result.passed else "FOUT"
        lines.append(_row((result.scenario.name, verdict, expect, got or "geen hulp", text), sizes))
        if not result.passed:
            for problem in result.problems():
                lines.append("    -> " + problem)
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


CSS = """
body{font:16px/1.45 system-ui,sans-serif;margin:0;background:#f4f4f6;color:#1b1b1f}
header{background:#1d3d6e;color:#fff;padding:1rem 1.5rem}
header a{color:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
.summary td,.summary th{padding:.25rem .6rem;text-align:left;border-bottom:1px solid #ddd}
.summary{border-collapse:collapse;background:#fff;width:100%}
.ok{color:#106b21;font-weight:600}.fout{color:#a3161b;font-weight:600}
section.scenario{background:#fff;border-radius:8px;margin:1.2rem 0;padding:1rem 1.2rem;
 border-left:6px solid #106b21}
section.scenario.failed{border-left-color:#a3161b}
.meta{color:#55555f;font-size:.9rem}
.problems{background:#fde8e8;border:1px solid #a3161b;border-radius:6px;padding:.5rem 1rem}
.chat{display:flex;flex-direction:column;gap:.4rem;margin-top:.8rem}
.bubble{max-width:75%;padding:.5rem .8rem;border-radius:12px;white-space:pre-wrap}
.user{align-self:flex-end;background:#1d3d6e;color:#fff}
.bot{align-self:flex-start;background:#e8e8ee}
.card{align-self:flex-start;border:2px solid #1d3d6e;border-radius:8px;padding:.4rem .8rem;
 background:#fff;min-width:16rem}
.card.acute{border-color:#a3161b}
.card strong{font-size:1.05em}
.buttons{align-self:flex-start;color:#55555f;font-size:.9rem}
.turncheck{align-self:center;font-size:.85rem;color:#55555f}
.turncheck.bad{color:#a3161b;font-weight:600}
"""


def html_report(results: list[ScenarioResult], links: dict[str, str] | None = None) -> str:
    """The report a trainer opens: summary table, then each conversation as chat bubbles."""
    e = html.escape
    passed = sum(r.passed for r in results)
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    nav = " · ".join(f'<a href="{e(href)}">{e(label)}</a>' for label, href in (links or {}).items())
    rows = []
    for i, result in enumerate(results):
        verdict = '<span class="ok">OK</span>' if result.passed else '<span class="fout">FOUT</span>'
        rows.append(
            f'<tr><td><a href="#s{i}">{e(result.scenario.name)}</a></td>'
            f"<td>{e(result.scenario.file)}</td><td>{verdict}</td></tr>"
        )
    sections = [_html_scenario(i, r) for i, r in enumerate(results)]
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hulpwijzer – scenario's</title><style>{CSS}</style></head>
<body><header><h1>Hulpwijzer – scenario's</h1>
<p>{passed} van {len(results)} geslaagd · {e(when)}{' · ' + nav if nav else ''}</p></header>
<main><table class="summary"><thead><tr><th>Scenario</th><th>Bestand</th><th>Uitslag</th>
</tr></thead><tbody>{''.join(rows)}</tbody></table>
{''.join(sections)}</main></body></html>
"""


def _html_scenario(index: int, result: ScenarioResult) -> str:
    e = html.escape
    scenario = result.scenario
    parts = [
        f'<section id="s{index}" class="scenario{"" if result.passed else " failed"}">',
        f"<h2>{e(scenario.name)}</h2>",
        f'<p class="meta">{e(scenario.file)}'
        + (f" · {e(str(scenario.who))}" if scenario.who else "")
        + ("" if result.passed else ' · <span class="fout">FOUT</span>') + "</p>",
    ]
    if scenario.explanation:
        parts.append(f"<p>{e(str(scenario.explanation))}</p>")
    if not result.passed:
        items = "".join(f"<li>{e(p)}</li>" for p in result.problems())
        parts.append(f'<div class="problems"><strong>Waarom fout</strong><ul>{items}</ul></div>')
    parts.append('<div class="chat">')
    for number, (turn, spec) in enumerate(zip(result.turns, scenario.turns, strict=False), 1):
        parts.append(f'<div class="bubble user">{e(turn.shown)}</div>')
        for message in turn.reply:
            route = (message.get("custom") or {}).get("route")
            if message.get("text"):
                parts.append(f'<div class="bubble bot">{e(message["text"])}</div>')
            if route:
                parts.append(_html_card(route))
            if message.get("buttons"):
                titles = " | ".join(b.get("title", "") for b in message["buttons"])
                parts.append(f'<div class="buttons">Knoppen: {e(titles)}</div>')
        if not turn.reply:
            parts.append('<div class="bubble bot"><em>(geen antwoord)</em></div>')
        verdict = "; ".join(turn.problems) if turn.problems else "klopt"
        css = "turncheck bad" if turn.problems else "turncheck"
        parts.append(
            f'<div class="{css}">Beurt {number} – verwacht: {e(describe(spec.expect))}'
            f" – {e(verdict)}</div>"
        )
    parts.append("</div></section>")
    return "".join(parts)


def _html_card(route: dict[str, Any]) -> str:
    e = html.escape
    lines = [f"<strong>{e(str(route.get('name') or route.get('service')))}</strong>"]
    if route.get("phone"):
        lines.append(f"Bel {e(str(route['phone']))}")
    link = route.get("chat_url") or route.get("url")
    if link:
        lines.append(e(str(link)))
    if route.get("hours"):
        lines.append(e(str(route["hours"])))
    if route.get("municipality"):
        lines.append(f"Gemeente {e(str(route['municipality']))}")
    acute = " acute" if route.get("service") == "112" else ""
    service = e(str(route.get("service") or ""))
    return f'<div class="card{acute}" data-service="{service}">' + "<br>".join(lines) + "</div>"


def write_report(results: list[ScenarioResult], directory: Path = REPORT_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    links = {"NLU-rapport": "../nlu/index.html"} if (directory.parent / "nlu").is_dir() else {}
    page = directory / "index.html"
    page.write_text(html_report(results, links), encoding="utf-8")
    data = [
        {"scenario": asdict(r.scenario), "passed": r.passed, "problems": r.problems(),
         "turns": [asdict(t) for t in r.turns]}
        for r in results
    ]
    (directory / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))
    return page


# --- command line -----------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("HULPWIJZER_URL"),
                        help="Rasa server to test (default: start one on loopback)")
    parser.add_argument("--dir", type=Path, default=SCENARIOS, help="folder with *.yml")
    parser.add_argument("--only", default=None, help="only scenarios whose name or file has this")
    parser.add_argument("--report", type=Path, default=REPORT_DIR)
    args = parser.parse_args(argv)
    try:
        scenarios = load(args.dir)
    except ScenarioError as error:
        print(f"Scenario-bestand klopt niet: {error}", file=sys.stderr)
        return 2
    if args.only:
        needle = args.only.lower()
        scenarios = [s for s in scenarios if needle in s.name.lower() or needle in s.file.lower()]
    if not scenarios:
        print("Geen scenario's gevonden.", file=sys.stderr)
        return 2
    start = time.monotonic()
    if args.url:
        problem = unreachable(args.url)
        if problem:
            print(f"De assistent op {args.url} is niet bereikbaar: {problem}", file=sys.stderr)
            return 2
        results = run(scenarios, rest_sender(args.url))
    else:
        results = _run_on_own_servers(scenarios)
    print(table(results))
    page = write_report(results, args.report)
    print(f"Rapport: {page} ({time.monotonic() - start:.0f}s)")
    return 0 if all(r.passed for r in results) else 1


def _run_on_own_servers(scenarios: list[Scenario]) -> list[ScenarioResult]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from modelcache import train
    from stack import Stack, free_port

    servers = Stack(model=train(), rasa_port=free_port(), actions_port=free_port(),
                    web_port=None, log_dir=ROOT / "reports" / "logs")
    print("De assistent start (dat duurt ongeveer een minuut)...", flush=True)
    with servers:
        return run(scenarios, rest_sender(servers.rasa_url))


if __name__ == "__main__":
    sys.exit(main())
