"""Training time per component, read from `rasa train`'s own log lines.

Why from the log: Rasa's graph runner trains the components in its own process and
announces each one ("Starting to train component 'DIETClassifier'." / "Finished
training component ..." / "Restored component ... from cache."), with a timestamp. That
is enough to say where the minutes go, without patching Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

_LINE = re.compile(
    r"^(?P<stamp>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\b.*?"
    r"(?P<event>Starting to train|Finished training|Restored) component '(?P<name>[^']+)'"
)


@dataclass(frozen=True)
class ComponentTime:
    name: str
    seconds: float
    cached: bool = False


def component_times(lines: Iterable[str]) -> list[ComponentTime]:
    """One entry per component, in training order; ``cached`` when Rasa restored it.

    A component trained twice (Rasa names each featurizer instance the same) keeps both
    entries, so the table adds up to the whole training.
    """
    started: dict[str, datetime] = {}
    times: list[ComponentTime] = []
    for line in lines:
        match = _LINE.search(line.rstrip("\r\n").replace("\r", "\n").rsplit("\n", 1)[-1])
        if not match:
            continue
        stamp = datetime.strptime(match["stamp"], "%Y-%m-%d %H:%M:%S")
        name, event = match["name"], match["event"]
        if event == "Starting to train":
            started[name] = stamp
        elif event == "Finished training" and name in started:
            times.append(ComponentTime(name, (stamp - started.pop(name)).total_seconds()))
        elif event == "Restored":
            times.append(ComponentTime(name, 0.0, cached=True))
    return times


def table(times: list[ComponentTime], total: float) -> str:
    """The figures as `make test` prints them."""
    rows = [f"  {t.name:<28} {t.seconds:6.0f} s{'  (from cache)' if t.cached else ''}" for t in times]
    return "\n".join(["training time per component:", *rows, f"  {'whole training':<28} {total:6.0f} s"])
