"""`make report`: what the assistant understands well and badly, for trainers.

Why: after adding training examples a trainer wants to see whether it helped, without
reading JSON. This trains when needed, runs Rasa's own `rasa test nlu` on the held-out
set (tests/heldout/heldout.yml, never used for training) for the confusion matrix and
the confidence histogram, runs evaluation/evaluate_heldout.py for the per-intent F1 and
the safety figures, and writes one page, reports/nlu/index.html, with the plots, the F1
table and the held-out messages it got wrong. reports/index.html links it with the
scenario report (`make scenarios`).
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from hulpwijzer_tools.evaluation.evaluate_heldout import HELDOUT, MIN_MACRO_F1, load_messages
from hulpwijzer_tools.modelcache import train
from hulpwijzer_tools.paths import ROOT

REPORTS = ROOT / "reports"
OUT = REPORTS / "nlu"
#: The macro-F1 threshold, written the Dutch way ("0,90").
F1_TARGET = f"{MIN_MACRO_F1:.2f}".replace(".", ",")
#: How many wrongly understood messages the page lists (the JSON has all of them).
SHOWN_ERRORS = 40


def heldout_as_rasa_nlu(source: Path, target: Path) -> int:
    """Write the held-out messages in Rasa's NLU format so `rasa test nlu` can read them."""
    messages = load_messages(source)
    by_intent: dict[str, list[str]] = {}
    for item in messages:
        by_intent.setdefault(item["intent"], []).append(item["text"])
    nlu = [
        {"intent": intent, "examples": "".join(f"- {_escape(t)}\n" for t in texts)}
        for intent, texts in sorted(by_intent.items())
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True,
                                     sort_keys=False), encoding="utf-8")
    return len(messages)


def _escape(text: str) -> str:
    """Held-out texts are plain: keep Rasa from reading [..](..) as entity markup."""
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def run(cmd: list[str]) -> int:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def page(result: dict[str, Any], plots: list[str], when: str) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(intent)}</td><td>{row['precision']:.2f}</td><td>{row['recall']:.2f}</td>"
        f"<td{' class=low' if row['f1'] < 0.8 else ''}>{row['f1']:.2f}</td>"
        f"<td>{row['support']}</td></tr>"
        for intent, row in sorted(result["per_intent"].items(), key=lambda kv: kv[1]["f1"])
    )
    errors = sorted(result["errors"], key=lambda r: -r.get("confidence", 0))[:SHOWN_ERRORS]
    wrong = "".join(
        f"<tr><td>{e(r['text'])}</td><td>{e(r['intent'])}</td><td>{e(r['predicted'])}</td>"
        f"<td>{r.get('confidence', 0):.2f}</td><td>{e(', '.join(r.get('routes', [])))}</td></tr>"
        for r in errors
    )
    images = "".join(
        f'<figure><img src="{e(name)}" alt="{e(caption)}"><figcaption>{e(caption)}</figcaption>'
        "</figure>"
        for name, caption in (
            ("intent_confusion_matrix.png", "Verwarringsmatrix: welke bedoeling werd voor welke "
             "aangezien (rij = juist, kolom = voorspeld)"),
            ("intent_histogram.png", "Hoe zeker de assistent was, bij goede en foute antwoorden"),
        )
        if name in plots
    )
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hulpwijzer – wat de assistent begrijpt</title>
<style>
body{{font:16px/1.45 system-ui,sans-serif;margin:0;background:#f4f4f6;color:#1b1b1f}}
header{{background:#1d3d6e;color:#fff;padding:1rem 1.5rem}} header a{{color:#fff}}
main{{max-width:70rem;margin:0 auto;padding:1rem}}
table{{border-collapse:collapse;background:#fff;width:100%;margin:1rem 0}}
td,th{{padding:.25rem .6rem;text-align:left;border-bottom:1px solid #ddd}}
.low{{color:#a3161b;font-weight:600}} img{{max-width:100%;background:#fff}}
.figures li{{margin:.2rem 0}}
</style></head><body>
<header><h1>Wat de assistent begrijpt</h1>
<p>Gemeten op {result['messages']} aparte testberichten · {e(when)} ·
<a href="../scenarios/index.html">Scenario's</a></p></header>
<main>
<h2>Belangrijkste cijfers</h2>
<ul class="figures">
<li>Gemiddelde F1 over alle bedoelingen (macro-F1): <strong>{result['macro_f1']:.3f}</strong>
(doel {F1_TARGET})</li>
<li>Acuut gevaar met 112 als eerste: <strong>{result['acute_recall']:.3f}</strong>
van {result['acute_total']} berichten (moet 1,000 zijn)</li>
<li>Codewoord Masker 19 herkend: <strong>{result['codeword_recall']:.3f}</strong></li>
<li>Vangnet voor gevaar sloeg onterecht aan: <strong>{result['safety_net_false_alarms']:.3f}</strong>
van de berichten zonder acuut gevaar</li>
</ul>
<h2>Per bedoeling (slechtste eerst)</h2>
<table><thead><tr><th>Bedoeling</th><th>Precisie</th><th>Recall</th><th>F1</th>
<th>Aantal</th></tr></thead><tbody>{rows}</tbody></table>
<h2>Grafieken</h2>{images or '<p>Geen grafieken: rasa test nlu gaf geen uitvoer.</p>'}
<h2>Berichten die fout gingen (de {len(errors)} met de hoogste zekerheid)</h2>
<table><thead><tr><th>Bericht</th><th>Juist</th><th>Voorspeld</th><th>Zekerheid</th>
<th>Hulp</th></tr></thead><tbody>{wrong}</tbody></table>
</main></body></html>
"""


def index(when: str) -> str:
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Hulpwijzer – rapporten</title></head>
<body style="font:16px/1.45 system-ui,sans-serif;max-width:40rem;margin:2rem auto">
<h1>Hulpwijzer – rapporten</h1><p>{html.escape(when)}</p>
<ul><li><a href="nlu/index.html">Wat de assistent begrijpt</a> (make report)</li>
<li><a href="scenarios/index.html">Scenario's van trainers</a> (make scenarios)</li></ul>
</body></html>
"""


def main() -> int:
    model = train()
    OUT.mkdir(parents=True, exist_ok=True)
    nlu_file = ROOT / "build" / "heldout_nlu.yml"
    heldout_as_rasa_nlu(HELDOUT, nlu_file)
    code = run([sys.executable, "-m", "rasa", "test", "nlu", "--model", str(model),
                "--nlu", str(nlu_file), "--out", str(OUT)])
    evaluation = run([sys.executable, "-m", "hulpwijzer_tools.evaluation.evaluate_heldout", "--model", str(model),
                      "--report", str(OUT / "heldout.json")])
    result = json.loads((OUT / "heldout.json").read_text(encoding="utf-8"))
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    plots = [p.name for p in OUT.glob("*.png")]
    (OUT / "index.html").write_text(page(result, plots, when), encoding="utf-8")
    (REPORTS / "index.html").write_text(index(when), encoding="utf-8")
    print(f"Rapport: {OUT / 'index.html'}")
    print("Grafieken: " + ", ".join(sorted(plots)))
    # The report is still useful when a safety threshold fails; the exit code says so.
    return code or evaluation


if __name__ == "__main__":
    sys.exit(main())
