"""The capacity curve of `make load`: one step per number of people, the knee, the plot.

Pure functions over locust's own statistics (its ``*_stats.csv``, the "Aggregated"
row): locust computes the percentiles and the rate, this module only reads them,
decides where the knee is and draws the curve. Tested in tests/unit/test_load_capacity.py.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: p95 a person may wait for an answer at most (issue 15).
P95_LIMIT_MS = 1000.0


@dataclass(frozen=True)
class Step:
    """One load step: ``people`` simulated people typing for a while, and what they got."""

    people: int
    turns: int
    errors: int
    p50_ms: float
    p95_ms: float
    turns_per_second: float

    def within(self, limit_ms: float = P95_LIMIT_MS) -> bool:
        """p95 at most ``limit_ms`` and not one error."""
        return self.errors == 0 and self.turns > 0 and self.p95_ms <= limit_ms


def read_step(stats_csv: Path, people: int) -> Step:
    """The step's figures from locust's ``--csv`` statistics (the "Aggregated" row)."""
    with stats_csv.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return Step(
                    people=people,
                    turns=int(row["Request Count"]),
                    errors=int(row["Failure Count"]),
                    p50_ms=float(row["50%"]),
                    p95_ms=float(row["95%"]),
                    turns_per_second=float(row["Requests/s"]),
                )
    raise ValueError(f"{stats_csv}: no 'Aggregated' row")


def knee(steps: Sequence[Step], limit_ms: float = P95_LIMIT_MS) -> Step | None:
    """The most people served within the limit before the first step that was not.

    Steps after a failing one do not count: a lucky quiet minute at 300 people after a
    failure at 250 is not capacity. None when even the first step failed.
    """
    best = None
    for step in sorted(steps, key=lambda s: s.people):
        if not step.within(limit_ms):
            break
        best = step
    return best


def should_stop(step: Step, limit_ms: float = P95_LIMIT_MS) -> bool:
    """Stop stepping up once a step passed the limit or had an error."""
    return not step.within(limit_ms)


def sentence(found: Step | None, limit_ms: float = P95_LIMIT_MS) -> str:
    """The knee in words, as `make load` prints it."""
    if found is None:
        return f"no step stayed under p95 {limit_ms:.0f} ms without errors: start with fewer people"
    return (f"{found.people} people typing at once, p95 {found.p95_ms:.0f} ms (under {limit_ms / 1000:g} s), "
            f"{found.errors} errors; {found.turns_per_second:.1f} turns/s at the knee")


def write_csv(steps: Sequence[Step], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["people", "turns", "errors", "p50_ms", "p95_ms", "turns_per_second"])
        for s in steps:
            writer.writerow([s.people, s.turns, s.errors, s.p50_ms, s.p95_ms, f"{s.turns_per_second:.2f}"])


def plot(steps: Sequence[Step], path: Path, title: str, limit_ms: float = P95_LIMIT_MS) -> None:
    """People vs p50/p95 (left axis) and errors (right axis), the limit and the knee marked."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    import matplotlib.pyplot as plt

    steps = sorted(steps, key=lambda s: s.people)
    people = [s.people for s in steps]
    fig, latency = plt.subplots(figsize=(8, 4.5), dpi=110)
    latency.plot(people, [s.p50_ms for s in steps], marker="o", label="p50")
    latency.plot(people, [s.p95_ms for s in steps], marker="o", label="p95")
    latency.axhline(limit_ms, color="grey", linestyle="--", linewidth=1, label=f"p95 limit {limit_ms:.0f} ms")
    found = knee(steps, limit_ms)
    if found is not None:
        latency.axvline(found.people, color="green", linestyle=":", linewidth=1,
                        label=f"knee: {found.people} people")
    latency.set_xlabel("people typing at once (think time 3-8 s)")
    latency.set_ylabel("latency per turn (ms)")
    latency.set_ylim(0, max([limit_ms] + [s.p95_ms for s in steps]) * 1.15)
    errors = latency.twinx()
    errors.bar(people, [s.errors for s in steps], width=max(1, min(people) * 0.4), alpha=0.25, color="red",
               label="errors")
    errors.set_ylabel("errors in the step")
    errors.set_ylim(bottom=0, top=max([s.errors for s in steps] + [1]) * 1.2)
    handles, labels = latency.get_legend_handles_labels()
    more_handles, more_labels = errors.get_legend_handles_labels()
    latency.legend(handles + more_handles, labels + more_labels, loc="upper left", fontsize="small")
    latency.set_title(title, fontsize="medium")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
