"""`make load`: how many people one Rasa process serves, p95 under 1 s and no errors.

Starts the servers on loopback the way production runs Rasa (channels only, no API),
then runs locust headless in steps of more and more simulated people
(hulpwijzer_tools/bench/locustfile.py: the trainers' scenarios, 3-8 s think time), one
locust process per step: it spawns the people over ``--ramp`` seconds, resets its
statistics, measures for ``--seconds`` and writes its CSV statistics. Stepping stops at
the first step whose p95 passes 1 s or that has an error. Then it writes
reports/load/capacity.png (people vs p50/p95 and errors) and capacity.csv, prints the
knee as a sentence and the turns/s there, and checks that one long conversation stays
as fast at turn 200 as at turn 1 (the tracker store trims long sessions).

Options: --url to load a running instance instead of starting one; --steps, --seconds,
--ramp; --workers N runs Rasa with N Sanic workers (``SANIC_WORKERS``), which Rasa
allows only with a shared lock store, so it then uses Redis for conversations and locks
as production does (bot/endpoints.redis.yml, Debian's redis-server on loopback);
--redis uses Redis with one worker too, to compare like with like; --before CHECKOUT
steps another checkout's servers up too, alternating with this one's. Not a CI phase: it
takes minutes and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path

from hulpwijzer_tools.bench import capacity
from hulpwijzer_tools.bench.bench import before_stack, load_average, tree_rss_mib
from hulpwijzer_tools.bench.conversations import read_conversations
from hulpwijzer_tools.jsonhttp import post_json
from hulpwijzer_tools.modelcache import train
from hulpwijzer_tools.paths import BOT, ROOT
from hulpwijzer_tools.stack import RedisServer, Stack, free_port

REPORT_DIR = ROOT / "reports" / "load"
#: Not imported here: importing locust lets gevent patch this process.
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
STEPS = (10, 25, 50, 75, 100, 150, 200, 250, 300, 400)


def run_step(base_url: str, people: int, ramp: float, seconds: float, out_dir: Path) -> capacity.Step:
    """One locust run with ``people`` people; its statistics cover only the time after ramp-up."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / f"people-{people}"
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--host", base_url, "--users", str(people), "--spawn-rate", f"{people / ramp:.2f}",
        "--run-time", f"{int(ramp + seconds)}s", "--reset-stats", "--stop-timeout", "10",
        "--csv", str(prefix), "--loglevel", "WARNING",
    ]
    with open(f"{prefix}.log", "wb") as log:
        # Exit code 1 means "some requests failed"; the statistics say how many.
        subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False,
                       env=dict(os.environ, PYTHONUNBUFFERED="1"))
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no statistics for {people} people: see {prefix}.log")
    return capacity.read_step(stats, people)


def step_up(targets: Mapping[str, tuple[str, Path]], steps: Sequence[int], ramp: float,
            seconds: float) -> dict[str, list[capacity.Step]]:
    """Step each target (name -> base URL, output folder) up until it fails a step.

    With several targets (--before), each number of people is run against one, then the
    other, so the other work on this shared machine falls on both alike; the idle one
    waits meanwhile.
    """
    done: dict[str, list[capacity.Step]] = {name: [] for name in targets}
    for people in steps:
        for name, (base_url, out_dir) in targets.items():
            if done[name] and capacity.should_stop(done[name][-1]):
                continue
            step = run_step(base_url, people, ramp, seconds, out_dir)
            done[name].append(step)
            print(f"  {name}: {people:>4} people: {step.turns:>5} turns, {step.turns_per_second:5.1f} turns/s, "
                  f"p50 {step.p50_ms:>6.0f} ms, p95 {step.p95_ms:>6.0f} ms, {step.errors} errors", flush=True)
        if all(runs and capacity.should_stop(runs[-1]) for runs in done.values()):
            break
    return done


def warm_up(base_url: str, turns: int = 20) -> None:
    """A few turns first, one at a time: the first turns after start build TensorFlow's
    graphs and the place tables; a server in production is warm, the first step should be too."""
    url = f"{base_url}/webhooks/rest/webhook"
    messages = [text for conversation in read_conversations() for text in conversation][:turns]
    for text in messages:
        post_json(url, {"sender": uuid.uuid4().hex, "message": text})


def long_conversation(base_url: str, turns: int = 200) -> list[float]:
    """One conversation of ``turns`` turns, one at a time: milliseconds per turn."""
    url = f"{base_url}/webhooks/rest/webhook"
    sender = uuid.uuid4().hex
    messages = ["ik maak me zorgen om mijn buurvrouw", "nee", "kan ik anoniem bellen?", "dankje"]
    latencies = []
    for turn in range(turns):
        started = time.perf_counter()
        post_json(url, {"sender": sender, "message": messages[turn % len(messages)]})
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="load a running Rasa server instead of starting one")
    parser.add_argument("--steps", default=",".join(map(str, STEPS)),
                        help="numbers of people, comma-separated, in increasing order")
    parser.add_argument("--seconds", type=float, default=40, help="measured seconds per step, after ramp-up")
    parser.add_argument("--ramp", type=float, default=10, help="seconds to spawn the people of a step")
    parser.add_argument("--workers", type=int, default=1, help="Sanic workers of Rasa (more than 1: Redis)")
    parser.add_argument("--redis", action="store_true", help="Redis tracker and lock store even with 1 worker")
    parser.add_argument("--before", type=Path, metavar="CHECKOUT",
                        help="another checkout (e.g. the main branch), stepped up alternately as 'before'")
    parser.add_argument("--before-model", type=Path, metavar="MODEL",
                        help="the model 'before' runs (default: this tree's)")
    args = parser.parse_args(argv)
    if args.before is not None and (args.url or args.workers != 1 or args.redis):
        parser.error("--before compares the default set-up only (one worker, in-memory store, servers started here)")
    steps = sorted(int(s) for s in args.steps.split(","))

    print(f"machine before: {load_average()}", flush=True)
    stack = None
    base_url = args.url
    setup = "the running server" if args.url else (
        f"Rasa with {args.workers} Sanic worker(s), "
        f"{'Redis' if args.redis or args.workers > 1 else 'in-memory'} tracker store")
    # The default run writes capacity.png; other set-ups get their own files to compare.
    name = "capacity" if args.workers == 1 and not args.redis else (
        f"capacity-{args.workers}-workers{'-redis' if args.redis and args.workers == 1 else ''}")
    with ExitStack() as running:
        if base_url is None:
            extra_env: dict[str, str] = {"SANIC_WORKERS": str(args.workers)}
            endpoints = BOT / "endpoints.yml"
            if args.redis or args.workers > 1:
                redis = running.enter_context(RedisServer(Path(running.enter_context(tempfile.TemporaryDirectory()))))
                extra_env.update(redis.env())
                endpoints = BOT / "endpoints.redis.yml"
            stack = running.enter_context(
                Stack(model=train(), rasa_port=free_port(), actions_port=free_port(), web_port=None,
                      log_dir=ROOT / "reports" / "logs", enable_api=False, endpoints=endpoints,
                      extra_env=extra_env))
            base_url = stack.rasa_url
        targets = {"Hulpwijzer": (base_url, REPORT_DIR / f"{name}-steps")}
        if args.before is not None:
            before = running.enter_context(before_stack(args.before, args.before_model or train()))
            targets["before"] = (before.rasa_url, REPORT_DIR / f"{name}-before-steps")
        print(f"{setup}; locust steps ({args.ramp:.0f} s ramp-up, then {args.seconds:.0f} s measured), "
              f"think time 3-8 s:", flush=True)
        for target_url, _ in targets.values():
            warm_up(target_url)
        done = step_up(targets, steps, args.ramp, args.seconds)
        long = long_conversation(base_url)
        memory = tree_rss_mib(stack.processes["rasa"].pid) if stack is not None else None
    found = capacity.knee(done["Hulpwijzer"])
    when = time.strftime("%Y-%m-%d %H:%M")
    for label, steps_done in done.items():
        file = name if label == "Hulpwijzer" else f"{name}-before"
        capacity.write_csv(steps_done, REPORT_DIR / f"{file}.csv")
        title = f"{label}: {setup}, {os.cpu_count()} cores shared ({when})"
        capacity.plot(steps_done, REPORT_DIR / f"{file}.png", title)
        which = "" if label == "Hulpwijzer" else f" ({label})"
        print(f"knee{which}: {capacity.sentence(capacity.knee(steps_done))}")
        print(f"  plot: {(REPORT_DIR / f'{file}.png').relative_to(ROOT)}, figures: "
              f"{(REPORT_DIR / f'{file}.csv').relative_to(ROOT)}")
    print(f"one conversation alone: turn 1 {long[0]:.0f} ms, turns 2-10 median {statistics.median(long[1:10]):.0f} ms, "
          f"turns 191-200 median {statistics.median(long[190:200]):.0f} ms")
    if memory is not None:
        print(f"Rasa resident memory after the load (all its processes): {memory:.0f} MiB")
    print(f"machine after: {load_average()}")
    return 0 if found is not None else 1


if __name__ == "__main__":
    sys.exit(main())
