"""The trainers' report figures on the first writer's held-out set (``make report``).

Why still here: ``make report`` (evaluation/nlu_report.py) builds its page from this
script's JSON. ``make test`` and CI use evaluation/evaluate.py instead, which runs the whole
assistant on the held-out, dev and blind sets; moving the report onto it is open work.
Routes are computed as the routing action computes them (``hulpwijzer.understanding``).

Thresholds (exit code): every acute message gets 112 as its first route; every Masker
19 codeword is recognised; ``--enforce-f1`` also fails below intent macro-F1 0.90.
Also printed: the safety net's false-alarm rate on non-acute messages, and how many
messages got all their expected routes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hulpwijzer.danger import detect_danger
from hulpwijzer.understanding import read_situation
from hulpwijzer_tools.evaluation.evaluate import f1_table
from hulpwijzer_tools.paths import ROOT

HELDOUT = ROOT / "tests" / "heldout" / "heldout.yml"
REPORT = ROOT / "reports" / "heldout.json"
MIN_MACRO_F1 = 0.90
#: A fixed Tuesday 10:00 so results do not depend on the hour CI runs (chat opening hours).
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def load_messages(path: Path) -> list[dict[str, Any]]:
    import yaml

    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["messages"])


async def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def evaluate(messages: list[dict[str, Any]], parses: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for item, parse in zip(messages, parses, strict=False):
        intent = (parse.get("intent") or {}).get("name") or ""
        situation = read_situation(
            intent=intent,
            text=item["text"],
            entities=parse.get("entities") or [],
            ranking=parse.get("intent_ranking") or [],
            slots={},
            today=NOW.date(),
        )
        routed = [r.service for r in situation.routes(NOW)] if _routes_expected(intent) else []
        expected_include = [str(s) for s in item.get("routes_include") or []]
        first = item.get("routes_first")
        routes_ok = set(expected_include) <= set(routed) and (
            first is None or (routed[:1] == [str(first)])
        )
        municipality = item.get("municipality")
        if municipality:
            got = situation.municipality.name if situation.municipality else None
            routes_ok = routes_ok and got == municipality
        rows.append(
            {
                "text": item["text"],
                "intent": item["intent"],
                "predicted": intent,
                "confidence": round(float((parse.get("intent") or {}).get("confidence") or 0), 3),
                "acute": bool(item.get("acute")),
                "routes": routed,
                "routes_ok": routes_ok,
                "safety_net": bool(detect_danger(item["text"])),
            }
        )
    gold = [r["intent"] for r in rows]
    predicted = [r["predicted"] for r in rows]
    table = f1_table(gold, predicted)
    acute = [r for r in rows if r["acute"]]
    calm = [r for r in rows if not r["acute"]]
    codeword = [r for r in rows if r["intent"] == "masker19_codeword"]
    return {
        "messages": len(rows),
        "macro_f1": sum(v["f1"] for v in table.values()) / len(table),
        "accuracy": sum(g == p for g, p in zip(gold, predicted, strict=False)) / len(rows),
        "per_intent": table,
        "acute_total": len(acute),
        "acute_recall": sum(r["routes"][:1] == ["112"] for r in acute) / max(1, len(acute)),
        "acute_missed": [r["text"] for r in acute if r["routes"][:1] != ["112"]],
        "codeword_recall": sum(r["predicted"] == "masker19_codeword" for r in codeword)
        / max(1, len(codeword)),
        "codeword_missed": [r["text"] for r in codeword if r["predicted"] != "masker19_codeword"],
        "safety_net_false_alarms": sum(r["safety_net"] for r in calm) / max(1, len(calm)),
        "safety_net_false_alarm_texts": [r["text"] for r in calm if r["safety_net"]],
        "non_acute_112_first": sum(r["routes"][:1] == ["112"] for r in calm) / max(1, len(calm)),
        "routes_ok": sum(r["routes_ok"] for r in rows) / len(rows),
        "errors": [r for r in rows if r["intent"] != r["predicted"] or not r["routes_ok"]],
    }


def _routes_expected(intent: str) -> bool:
    from hulpwijzer.understanding import ACUTE_INTENT, TOPIC_BY_INTENT

    return intent in TOPIC_BY_INTENT or intent == ACUTE_INTENT


def report(result: dict[str, Any]) -> list[str]:
    """Print the figures; return the list of failed thresholds."""
    print(f"held-out messages: {result['messages']}")
    print(f"{'intent':<22}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>5}")
    for label, row in result["per_intent"].items():
        print(
            f"{label:<22}{row['precision']:>10.2f}{row['recall']:>8.2f}{row['f1']:>7.2f}"
            f"{row['support']:>5}"
        )
    print(f"intent macro-F1:            {result['macro_f1']:.3f} (threshold {MIN_MACRO_F1})")
    print(f"intent accuracy:            {result['accuracy']:.3f}")
    print(f"acute recall (112 first):   {result['acute_recall']:.3f} of {result['acute_total']}")
    print(f"Masker 19 codeword recall:  {result['codeword_recall']:.3f}")
    print(f"safety-net false alarms:    {result['safety_net_false_alarms']:.3f} of non-acute")
    print(f"non-acute with 112 first:   {result['non_acute_112_first']:.3f}")
    print(f"messages with expected routes: {result['routes_ok']:.3f}")
    for text in result["safety_net_false_alarm_texts"]:
        print(f"  safety net fired on non-acute: {text!r}")
    misses = Counter((e["intent"], e["predicted"]) for e in result["errors"])
    for (gold, predicted), n in misses.most_common(12):
        print(f"  {n} x {gold} -> {predicted}")
    failures = []
    if result["macro_f1"] < MIN_MACRO_F1:
        failures.append(f"macro-F1 {result['macro_f1']:.3f} < {MIN_MACRO_F1}")
        print(f"BELOW TARGET: macro-F1 {result['macro_f1']:.3f} < {MIN_MACRO_F1}")
    if result["acute_missed"]:
        failures.append(f"acute messages without 112 first: {result['acute_missed']}")
    if result["codeword_missed"]:
        failures.append(f"codeword messages missed: {result['codeword_missed']}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    parser.add_argument("--enforce-f1", action="store_true",
                        help="also fail when intent macro-F1 is below the target")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the JSON")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.disable(logging.WARNING)
    messages = load_messages(args.heldout)
    parses = asyncio.run(parse_all(args.model, [m["text"] for m in messages]))
    result = evaluate(messages, parses)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    failures = report(result)
    if not args.enforce_f1:
        failures = [f for f in failures if not f.startswith("macro-F1")]
    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"details: {args.report}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
