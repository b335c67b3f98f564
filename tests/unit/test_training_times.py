"""Training time per component from Rasa's log lines (printed by `make test`)."""

from __future__ import annotations

from hulpwijzer_tools.training_times import component_times, table

LOG = """\
2026-11-29 19:41:25 INFO     rasa.engine.training.hooks  - Restored component 'LexicalSyntacticFeaturizer' from cache.
2026-11-29 19:41:39 INFO     rasa.engine.training.hooks  - Starting to train component 'DIETClassifier'.
Epochs: 100%|##########| 40/40 [02:21<00:00,  3.53s/it]\r2026-11-29 19:44:04 INFO     \
rasa.engine.training.hooks  - Finished training component 'DIETClassifier'.
2026-11-29 19:44:04 INFO     rasa.engine.training.hooks  - Starting to train component 'RiskScreen'.
2026-11-29 19:44:31 INFO     rasa.engine.training.hooks  - Finished training component 'RiskScreen'.
some other line
"""


def test_reads_seconds_per_component_and_cached_ones() -> None:
    times = component_times(LOG.splitlines(keepends=True))
    assert [(t.name, t.seconds, t.cached) for t in times] == [
        ("LexicalSyntacticFeaturizer", 0.0, True),
        ("DIETClassifier", 145.0, False),
        ("RiskScreen", 27.0, False),
    ]


def test_table_names_each_component_and_the_whole() -> None:
    text = table(component_times(LOG.splitlines()), 190.0)
    assert "DIETClassifier" in text and "145 s" in text and "(from cache)" in text
    assert text.splitlines()[-1].split() == ["whole", "training", "190", "s"]
