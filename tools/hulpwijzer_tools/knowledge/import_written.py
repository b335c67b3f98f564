"""Turn a writer's batch into Rasa training data, without near-duplicates.

Why a script: independent writers (docs/training-data.md) deliver plain YAML in the
shared brief's format (docs/writers-brief.md). Rasa needs its NLU format, and the risk
screen needs the writer's labels (risks, speaker, when), which travel as per-example
``metadata``. Messages that are near-duplicates (character n-gram cosine above
``MAX_SIMILARITY``) of a training example, of an earlier message in the batch, or of a
dev or blind message are left out, so the data stays varied and the evaluation sets stay
unseen.

Usage: python -m hulpwijzer_tools.knowledge.import_written BATCH.yml NAME   -> bot/data/nlu/written/NAME.yml
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from hulpwijzer_tools.evaluation.training_data import (
    MAX_SIMILARITY,
    evaluation_texts,
    similarity_vectorizer,
    training_examples,
)
from hulpwijzer_tools.paths import ROOT

WRITTEN = ROOT / "bot" / "data" / "nlu" / "written"
LABELS = ("risks", "when", "speaker", "role", "lang")


class _Literal(str):
    """A text written as a YAML block, as in the rest of the training data."""


def _literal(dumper: yaml.SafeDumper, value: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


def convert(messages: list[dict[str, Any]], known: list[str]) -> tuple[dict[str, list], list[str]]:
    """(examples per intent, dropped texts)."""
    texts = [" ".join(str(item["text"]).split()) for item in messages]
    vectorizer = similarity_vectorizer().fit(known + texts)
    batch = vectorizer.transform(texts)
    to_known = (batch @ vectorizer.transform(known).T).toarray().max(axis=1, initial=0.0)
    within = (batch @ batch.T).toarray()
    known_set = set(known)
    by_intent: dict[str, list] = defaultdict(list)
    dropped: list[str] = []
    accepted: list[int] = []
    for i, (item, text) in enumerate(zip(messages, texts, strict=True)):
        earlier = max((within[i, j] for j in accepted), default=0.0)
        if not text or text in known_set or max(to_known[i], earlier) > MAX_SIMILARITY:
            dropped.append(text)
            continue
        accepted.append(i)
        metadata = {k: item[k] for k in LABELS if item.get(k) not in (None, "")}
        metadata["risks"] = list(item.get("risks") or [])
        by_intent[str(item["intent"])].append({"text": _Literal(text + "\n"), "metadata": metadata})
    return dict(by_intent), dropped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batch", type=Path)
    parser.add_argument("name")
    args = parser.parse_args(argv)
    messages = yaml.safe_load(args.batch.read_text(encoding="utf-8"))["messages"]
    target = WRITTEN / f"{args.name}.yml"
    known = [t for t, _, path in training_examples() if path != target] + evaluation_texts()
    by_intent, dropped = convert(messages, known)
    yaml.add_representer(_Literal, _literal, Dumper=yaml.SafeDumper)
    document = {
        "version": "3.1",
        "nlu": [{"intent": intent, "examples": examples} for intent, examples in sorted(by_intent.items())],
    }
    WRITTEN.mkdir(parents=True, exist_ok=True)
    header = (f"# Written by an independent writer ({args.name}); brief: docs/training-data.md.\n"
              "# Imported with hulpwijzer_tools/knowledge/import_written.py; labels for the risk screen in metadata.\n")
    target.write_text(header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100),
                      encoding="utf-8")
    kept = sum(len(v) for v in by_intent.values())
    print(f"{target.relative_to(ROOT)}: {kept} kept, {len(dropped)} near-duplicates left out")
    for text in dropped:
        print(f"  left out: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
