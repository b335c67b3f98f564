"""`make report` feeds the held-out set to `rasa test nlu`: the conversion must be exact."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from hulpwijzer_tools.evaluation import nlu_report


def test_heldout_converts_to_rasa_nlu_without_losing_or_changing_messages(tmp_path: Path) -> None:
    target = tmp_path / "heldout_nlu.yml"
    count = nlu_report.heldout_as_rasa_nlu(nlu_report.HELDOUT, target)
    data = RasaYAMLReader().read(target)
    source = yaml.safe_load(nlu_report.HELDOUT.read_text(encoding="utf-8"))["messages"]
    assert count == len(source) == len(data.intent_examples)
    pairs = {(m.get("text"), m.get("intent")) for m in data.intent_examples}
    for item in source:
        assert (nlu_report._escape(item["text"]), item["intent"]) in pairs
    assert not data.entity_examples, "plain held-out texts must not be read as entities"


def test_page_marks_weak_intents_and_escapes_texts() -> None:
    result = {
        "messages": 2, "macro_f1": 0.5, "acute_recall": 1.0, "acute_total": 1,
        "codeword_recall": 1.0, "safety_net_false_alarms": 0.0,
        "per_intent": {"greet": {"precision": 1, "recall": 1, "f1": 1.0, "support": 1},
                       "thanks": {"precision": 0, "recall": 0, "f1": 0.0, "support": 1}},
        "errors": [{"text": "<b>dank</b>", "intent": "thanks", "predicted": "greet",
                    "confidence": 0.7, "routes": []}],
    }
    html = nlu_report.page(result, ["intent_histogram.png"], "2026-11-23 10:00")
    assert "<td class=low>0.00</td>" in html and "&lt;b&gt;dank&lt;/b&gt;" in html
    assert 'src="intent_histogram.png"' in html and "intent_confusion_matrix" not in html
