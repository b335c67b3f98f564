"""`make bench`: start the servers, then print latency, start-up time and memory.

It prints figures; it does not pass or fail on time (a busy machine would make such
a test flaky). Turns cycle through typical messages, several per conversation.
"""

from __future__ import annotations

import statistics
import time
import uuid
from pathlib import Path

from hulpwijzer_tools.bench import bench_places
from hulpwijzer_tools.jsonhttp import post_json
from hulpwijzer_tools.modelcache import train
from hulpwijzer_tools.paths import ROOT
from hulpwijzer_tools.stack import Stack, free_port

MESSAGES = [
    "hallo",
    "ik maak me zorgen om mijn buurvrouw",
    "nee",
    "hij slaat me nu",
    "waar is het wijkteam in Almere",
    "wat is masker 19?",
    "dankjewel",
]
TURNS = 300


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    stack = Stack(model=train(), rasa_port=free_port(), actions_port=free_port(), web_port=None,
                  log_dir=ROOT / "reports" / "logs")
    started = time.monotonic()
    with stack:
        ready = time.monotonic() - started
        url = f"{stack.rasa_url}/webhooks/rest/webhook"
        post_json(url, {"sender": "warmup", "message": "hallo"})
        latencies = []
        sender = uuid.uuid4().hex
        for turn in range(TURNS):
            if turn % len(MESSAGES) == 0:
                sender = uuid.uuid4().hex
            t0 = time.perf_counter()
            post_json(url, {"sender": sender, "message": MESSAGES[turn % len(MESSAGES)]})
            latencies.append((time.perf_counter() - t0) * 1000)
        memory = rss_mib(stack.processes["rasa"].pid)
        actions_memory = rss_mib(stack.processes["actions"].pid)
    print(f"start-up: action server {stack.startup_seconds['actions']:.1f}s, "
          f"Rasa until /status answers {stack.startup_seconds['rasa']:.1f}s "
          f"(both, from launch: {ready:.1f}s)")
    print(f"REST turns: {TURNS}  p50 {statistics.median(latencies):.1f} ms  "
          f"p95 {percentile(latencies, 0.95):.1f} ms  max {max(latencies):.1f} ms")
    print(f"resident memory after the run: Rasa server {memory:.0f} MiB, "
          f"action server {actions_memory:.0f} MiB")
    bench_places.main()


if __name__ == "__main__":
    main()
