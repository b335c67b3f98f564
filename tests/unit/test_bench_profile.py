"""The bench's pure parts: percentiles, the per-part profile table, the moodbot comparison."""

from __future__ import annotations

import math

import pytest

from hulpwijzer_tools.bench import bench, profile
from hulpwijzer_tools.bench.bench import comparison
from hulpwijzer_tools.bench.stats import p50, p95, percentile, ratio


def test_percentiles_interpolate_over_the_whole_sample() -> None:
    values = list(range(1, 101))  # 1..100
    assert p50(values) == 50.5
    assert p95(values) == pytest.approx(95.05)
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(p95([]))
    with pytest.raises(ValueError):
        percentile(values, 100)


def test_ratio_of_nothing_is_not_a_number() -> None:
    assert ratio(3.0, 2.0) == 1.5
    assert math.isnan(ratio(3.0, 0.0))


@pytest.mark.parametrize(
    ("node", "label"),
    [
        ("run_hulpwijzer_rasa.nlu.risk_screen.RiskScreen9", "RiskScreen"),
        ("run_DIETClassifier5", "DIETClassifier"),
        ("run_CountVectorsFeaturizer4", "CountVectorsFeaturizer"),
        ("select_prediction", "select_prediction"),
        ("provide_SpacyNLP0", "provide_SpacyNLP"),
    ],
)
def test_component_label_is_the_class_name(node: str, label: str) -> None:
    assert profile.component_label(node) == label


def test_a_part_missing_from_a_turn_counts_as_zero_and_calls_are_per_turn() -> None:
    recorder = profile.TurnRecorder()
    recorder.add("NLU · DIETClassifier", 10.0)
    recorder.add(profile.ACTIONS, 30.0)
    recorder.add(profile.ACTIONS, 50.0)  # two round trips in one turn add up
    recorder.finish_turn()
    recorder.add("NLU · DIETClassifier", 20.0)
    recorder.finish_turn()
    rows = {r.part: r for r in profile.summarise(recorder.turns, recorder.calls)}
    assert rows[profile.ACTIONS].median_ms == 40.0  # median of 80 and 0
    assert rows[profile.ACTIONS].calls_per_turn == 1.0
    assert rows["NLU · DIETClassifier"].median_ms == 15.0
    assert [r.part for r in profile.summarise(recorder.turns, recorder.calls, order=[profile.ACTIONS])] == [
        profile.ACTIONS, "NLU · DIETClassifier",
    ]


def test_the_rest_of_the_processor_is_the_turn_minus_the_measured_parts() -> None:
    turn = {profile.TURN: 100.0, f"{profile.NLU} · all": 20.0, f"{profile.POLICIES} · all": 30.0,
            profile.ACTIONS: 40.0}
    assert profile.processor_rest(turn) == 10.0
    assert profile.processor_rest({profile.TURN: 5.0, profile.ACTIONS: 9.0}) == 0.0


def test_the_table_lists_nlu_then_policies_then_totals_and_the_channel() -> None:
    recorder = profile.TurnRecorder()
    for ms in (10.0, 12.0, 14.0):
        recorder.add(f"{profile.POLICIES} · TEDPolicy", ms * 2)
        recorder.add(f"{profile.NLU} · SpacyNLP", ms)
        recorder.add(f"{profile.NLU} · all", ms)
        recorder.add(f"{profile.POLICIES} · all", ms * 2)
        recorder.add(profile.TURN, ms * 4)
        recorder.current[profile.PROCESSOR] = profile.processor_rest(recorder.current)
        recorder.finish_turn()
    text = profile.turn_table(profile.Profile(turns=recorder, loading=profile.TurnRecorder()), channel_ms=7.5)
    lines = text.splitlines()
    parts = [line.split("  ")[0].strip() for line in lines[2:]]
    assert parts == [f"{profile.NLU} · SpacyNLP", f"{profile.POLICIES} · TEDPolicy", f"{profile.NLU} · all",
                     f"{profile.POLICIES} · all", profile.PROCESSOR, profile.TURN,
                     "channel + HTTP (REST p50 of the server - in-process p50)"]
    assert lines[2].split()[-3:] == ["12.0", "13.8", "1.00"]  # median, p95, calls per turn
    assert lines[-1].split()[-2:] == ["7.5", "nan"]
    assert "3 turns" in lines[0]


def test_comparison_prints_every_server_and_its_ratios_to_the_stock_one() -> None:
    text = comparison({"Hulpwijzer": [100.0, 200.0, 300.0], "before": [200.0, 400.0, 600.0],
                       "moodbot": [50.0, 100.0, 150.0]}, "moodbot")
    lines = [line.split() for line in text.splitlines()]
    assert lines[1] == ["Hulpwijzer", "200.0", "290.0"]
    assert lines[3] == ["moodbot", "100.0", "145.0"]
    assert lines[4][:5] == ["Hulpwijzer", "/", "moodbot", "2.00x", "2.00x"]
    assert lines[5][:5] == ["before", "/", "moodbot", "4.00x", "4.00x"]
    assert len(lines) == 6  # no ratio of the stock bot to itself


def test_interleaving_rotates_who_goes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    monkeypatch.setattr(bench, "post_json", lambda url, body: order.append(url.split("/")[2]))
    latencies = bench.interleaved_turns({"a": "http://a", "b": "http://b", "c": "http://c"},
                                        {"a": ["x"], "b": ["y", "z"], "c": ["w"]}, 3)
    assert order == ["a", "b", "c", "b", "c", "a", "c", "a", "b"]
    assert [len(v) for v in latencies.values()] == [3, 3, 3]
