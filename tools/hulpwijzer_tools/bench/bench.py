"""`make bench`: Hulpwijzer against the stock moodbot, and where Hulpwijzer's turn goes.

Prints, in one run on the same machine:

1. start-up (process start to the first REST answer) and resident memory of Rasa for
   Hulpwijzer and for the stock moodbot (``rasa init``, trained once into build/moodbot);
2. REST latency p50/p95 of both and the ratios, the turns interleaved (one to
   Hulpwijzer, one to the moodbot, alternating who goes first) so that the load of
   other work on this shared machine falls on both alike;
3. place resolution speed (bench_places);
4. the per-part profile of one Hulpwijzer turn and of loading the model
   (hulpwijzer_tools.bench.profile).

It prints figures; it does not pass or fail on time (a busy machine would make such
a test flaky). Both servers run the way production runs Rasa: channels only, no API.
"""

from __future__ import annotations

import argparse
import os
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from hulpwijzer_tools.bench import bench_places, moodbot, profile
from hulpwijzer_tools.bench.stats import p50, p95, ratio
from hulpwijzer_tools.jsonhttp import post_json
from hulpwijzer_tools.modelcache import train
from hulpwijzer_tools.paths import BOT, ROOT
from hulpwijzer_tools.stack import HOST, Stack, free_port

#: A typical Hulpwijzer conversation: greeting, worry, no danger now, danger, place, Masker 19, thanks.
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
PROFILE_TURNS = 140
LOGS = ROOT / "reports" / "logs"


def rss_mib(pid: int) -> float:
    """Resident memory of one process (VmRSS), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (Sanic workers are children), MiB."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += rss_mib(current)
        except OSError:
            continue
        todo.extend(children.get(current, []))
    return total


@dataclass
class MoodbotStack(Stack):
    """The moodbot's Rasa, started and stopped like Hulpwijzer's (same ports, logs, signals)."""

    def rasa_command(self) -> list[str]:
        return moodbot.rasa_command(self.model, self.rasa_port, HOST)


def start_until_first_answer(stack: Stack, message: str) -> float:
    """Start ``stack``'s Rasa; seconds from process start until the first REST answer."""
    started = time.monotonic()
    stack.start_rasa()
    post_json(f"{stack.rasa_url}/webhooks/rest/webhook", {"sender": uuid.uuid4().hex, "message": message})
    return time.monotonic() - started


def interleaved_turns(urls: Mapping[str, str], messages: Mapping[str, Sequence[str]],
                      turns: int) -> dict[str, list[float]]:
    """``turns`` REST turns against each server, alternating; milliseconds per turn.

    Each server gets its own conversations (a new one each time its messages restart);
    who goes first rotates every turn so none is always the one after a pause.
    """
    names = list(urls)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    senders = {name: uuid.uuid4().hex for name in names}
    for turn in range(turns):
        first = turn % len(names)
        for name in names[first:] + names[:first]:
            said = messages[name]
            if turn % len(said) == 0:
                senders[name] = uuid.uuid4().hex
            url = f"{urls[name]}/webhooks/rest/webhook"
            started = time.perf_counter()
            post_json(url, {"sender": senders[name], "message": said[turn % len(said)]})
            latencies[name].append((time.perf_counter() - started) * 1000)
    return latencies


def comparison(latencies: Mapping[str, Sequence[float]], stock: str) -> str:
    """p50/p95 of every server and each one's ratios to ``stock``, as printed lines."""
    width = max(len(n) for n in latencies) + len(" / ") + len(stock)
    lines = [f"{'REST turn (ms)':<{width}}{'p50':>9}{'p95':>9}"]
    for name, values in latencies.items():
        lines.append(f"{name:<{width}}{p50(values):>9.1f}{p95(values):>9.1f}")
    for name, values in latencies.items():
        if name != stock:
            lines.append(
                f"{name + ' / ' + stock:<{width}}{ratio(p50(values), p50(latencies[stock])):>8.2f}x"
                f"{ratio(p95(values), p95(latencies[stock])):>8.2f}x   (issue 15 target: <= 1.00x / 1.20x)"
            )
    return "\n".join(lines)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def before_stack(tree: Path, model: Path) -> Stack:
    """Rasa and the action server of another checkout (``tree``), on the same model.

    Why: a change is measured against what it changes, in the same run (figures from
    another hour on a shared machine cannot be compared). Its own code comes first on
    ``PYTHONPATH``; the model stays this tree's, so only the code differs.
    """
    tree = tree.resolve()
    return Stack(model=model, rasa_port=free_port(), actions_port=free_port(), web_port=None,
                 log_dir=LOGS / "before", enable_api=False, endpoints=tree / "bot" / "endpoints.yml",
                 credentials=tree / "bot" / "credentials.yml",
                 extra_env={"PYTHONPATH": f"{tree / 'bot'}{os.pathsep}{tree / 'tools'}"})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=TURNS, help="REST turns against each server")
    parser.add_argument("--profile-turns", type=int, default=PROFILE_TURNS, help="turns of the in-process profile")
    parser.add_argument("--no-places", action="store_true", help="skip the place resolution benchmark")
    parser.add_argument("--before", type=Path, metavar="CHECKOUT",
                        help="another checkout (e.g. the main branch) to run side by side as 'before'")
    parser.add_argument("--before-model", type=Path, metavar="MODEL",
                        help="the model 'before' runs (default: this tree's; give the other checkout's "
                             "when the change is in the model itself)")
    args = parser.parse_args(argv)

    print(f"machine before: {load_average()}", flush=True)
    ours_model = train()
    stock_model = moodbot.ensure_model()
    stacks: dict[str, Stack] = {
        "Hulpwijzer": Stack(model=ours_model, rasa_port=free_port(), actions_port=free_port(), web_port=None,
                            log_dir=LOGS, enable_api=False),
    }
    if args.before is not None:
        stacks["before"] = before_stack(args.before, args.before_model or ours_model)
    stacks["moodbot"] = MoodbotStack(model=stock_model, rasa_port=free_port(), actions_port=free_port(),
                                     web_port=None, log_dir=LOGS / "moodbot", enable_api=False)
    ours = stacks["Hulpwijzer"]
    first_message = {name: moodbot.MESSAGES[0] if name == "moodbot" else MESSAGES[0] for name in stacks}
    startup: dict[str, float] = {}
    memory: dict[str, float] = {}
    try:
        for name, stack in stacks.items():
            if name != "moodbot":
                stack.start_actions()
        # One after the other, so no start-up competes with another for the cores.
        for name, stack in stacks.items():
            startup[name] = start_until_first_answer(stack, first_message[name])
        latencies = interleaved_turns(
            {name: stack.rasa_url for name, stack in stacks.items()},
            {name: moodbot.MESSAGES if name == "moodbot" else MESSAGES for name in stacks},
            args.turns,
        )
        for name, stack in stacks.items():
            memory[name] = tree_rss_mib(stack.processes["rasa"].pid)
        memory["action server"] = rss_mib(ours.processes["actions"].pid)
        for name, stack in stacks.items():
            if name != "Hulpwijzer":
                stack.stop()
        ours.stop_one("rasa")  # the profile below loads the model in this process instead
        print()
        print("start-up, process start to first answer (issue 15 target <= 45 s): "
              + ", ".join(f"{name} Rasa {seconds:.1f} s" for name, seconds in startup.items())
              + f"; action server until /health {ours.startup_seconds['actions']:.1f} s")
        print(f"resident memory after {args.turns} turns (target <= 1.2 GB): "
              + ", ".join(f"{name} {mib:.0f} MiB" for name, mib in memory.items()))
        print(f"{args.turns} REST turns each, interleaved:")
        print(comparison(latencies, "moodbot"), flush=True)
        if not args.no_places:
            print()
            bench_places.main()  # before the profile, which loads the place tables in this process too
        result = profile.profile(ours_model, BOT / "endpoints.yml", MESSAGES, args.profile_turns,
                                 f"{ours.actions_url}/webhook")
    finally:
        for stack in stacks.values():
            stack.stop()
    in_process = p50([t[profile.TURN] for t in result.turns.turns])
    print()
    print(profile.turn_table(result, channel_ms=p50(latencies["Hulpwijzer"]) - in_process))
    print()
    print(profile.loading_table(result))
    print()
    print(f"machine after: {load_average()}")


if __name__ == "__main__":
    main()
