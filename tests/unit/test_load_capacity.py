"""`make load`'s pure parts: reading the scenarios' typed turns, locust's statistics, the knee, the plot."""

from __future__ import annotations

from pathlib import Path

import pytest

from hulpwijzer_tools.bench import capacity
from hulpwijzer_tools.bench.conversations import SCENARIOS, read_conversations

STATS_HEADER = ('"Type","Name","Request Count","Failure Count","Median Response Time","Average Response Time",'
                '"Min Response Time","Max Response Time","Average Content Size","Requests/s","Failures/s",'
                '"50%","66%","75%","80%","90%","95%","98%","99%","99.9%","99.99%","100%"')


def step(people: int, p95: float, errors: int = 0, turns: int = 100) -> capacity.Step:
    return capacity.Step(people=people, turns=turns, errors=errors, p50_ms=p95 / 2, p95_ms=p95,
                         turns_per_second=people / 6)


def test_reads_only_what_people_type(tmp_path: Path) -> None:
    (tmp_path / "b.yml").write_text(
        "scenarios:\n"
        "  - naam: twee beurten en een knop\n"
        "    gesprek:\n"
        "      - persoon: hij slaat me\n"
        "        verwacht: {eerst: 112}\n"
        "      - knop: Ja\n"
        "      - persoon: >-\n"
        "          in Almere\n"
        "  - naam: alleen een knop\n"
        "    gesprek:\n"
        "      - knop: Nee\n",
        encoding="utf-8",
    )
    (tmp_path / "a.yml").write_text("scenarios:\n  - naam: x\n    gesprek:\n      - persoon: 12\n", encoding="utf-8")
    assert read_conversations(tmp_path) == [["12"], ["hij slaat me", "in Almere"]]


def test_no_typed_turns_at_all_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        read_conversations(tmp_path)


def test_the_trainers_scenarios_give_conversations() -> None:
    conversations = read_conversations(SCENARIOS)
    assert len(conversations) >= 50
    assert all(text for conversation in conversations for text in conversation)
    assert any(len(c) > 1 for c in conversations)


def test_reads_the_aggregated_row_of_locusts_statistics(tmp_path: Path) -> None:
    stats = tmp_path / "people-50_stats.csv"
    stats.write_text(
        STATS_HEADER + "\n"
        '"POST","turn",812,3,95,120.5,40,2100,300,9.8,0.04,95,110,130,150,300,480,700,900,2100,2100,2100\n'
        ',"Aggregated",812,3,95,120.5,40,2100,300,9.85,0.04,96,110,130,150,300,490,700,900,2100,2100,2100\n',
        encoding="utf-8",
    )
    assert capacity.read_step(stats, 50) == capacity.Step(50, 812, 3, 96.0, 490.0, 9.85)
    stats.write_text(STATS_HEADER + "\n", encoding="utf-8")
    with pytest.raises(ValueError):
        capacity.read_step(stats, 50)


def test_the_knee_is_the_last_step_within_the_limit_before_the_first_failure() -> None:
    steps = [step(10, 200), step(50, 600), step(100, 990), step(150, 1400), step(200, 800)]
    assert capacity.knee(steps).people == 100  # 200 after a failure does not count
    assert capacity.knee(list(reversed(steps))).people == 100  # order of the list does not matter
    assert capacity.knee([step(10, 200), step(50, 300, errors=1)]).people == 10
    assert capacity.knee([step(10, 1200)]) is None
    assert capacity.knee([step(10, 100, turns=0)]) is None  # nothing measured is no capacity


def test_stepping_stops_at_the_limit_or_an_error() -> None:
    assert not capacity.should_stop(step(10, 1000))
    assert capacity.should_stop(step(10, 1001))
    assert capacity.should_stop(step(10, 100, errors=1))


def test_the_sentence_says_people_p95_errors_and_rate() -> None:
    text = capacity.sentence(step(150, 900))
    assert text.startswith("150 people typing at once, p95 900 ms (under 1 s), 0 errors")
    assert text.endswith("25.0 turns/s at the knee")
    assert "fewer people" in capacity.sentence(None)


def test_writes_the_plot_and_the_figures(tmp_path: Path) -> None:
    steps = [step(10, 200), step(50, 600), step(100, 1400, errors=2)]
    capacity.plot(steps, tmp_path / "load" / "capacity.png", "test")
    capacity.write_csv(steps, tmp_path / "load" / "capacity.csv")
    assert (tmp_path / "load" / "capacity.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = (tmp_path / "load" / "capacity.csv").read_text().splitlines()
    assert rows[0].startswith("people,") and rows[-1].split(",")[:3] == ["100", "100", "2"]
