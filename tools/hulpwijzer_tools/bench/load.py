"""`make load`: 50 concurrent conversations for 60 s against the servers on loopback.

A bounded asyncio client (no home-made balancer, no third-party targets): each worker
plays a realistic conversation over REST, turn after turn, until the time is up. It
prints throughput, p50/p95/p99 latency and errors, then the latency of one long
conversation at turn 1 and turn 200 (it must stay flat: the tracker is bounded and
expires, and the policies look at a few turns only), and the Rasa server's memory.

Options: --url to load a running instance instead of starting one; --users, --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid

import aiohttp

from hulpwijzer_tools.bench.bench import percentile, rss_mib
from hulpwijzer_tools.modelcache import train
from hulpwijzer_tools.paths import ROOT
from hulpwijzer_tools.stack import Stack, free_port

CONVERSATION = [
    "hoi",
    "ik maak me zorgen om mijn buurvrouw, ik hoor vaak geschreeuw",
    "nee nu niet",
    "Almere",
    "kan ik anoniem bellen?",
    "wat is masker 19?",
    "bedankt",
]


async def conversation_worker(
    session: aiohttp.ClientSession, url: str, deadline: float, latencies: list[float],
    errors: list[str],
) -> None:
    while time.monotonic() < deadline:
        sender = uuid.uuid4().hex
        for message in CONVERSATION:
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": message}) as r:
                    body = await r.json()
                    if r.status != 200 or not body:
                        errors.append(f"HTTP {r.status}, {len(body or [])} messages")
                        continue
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                errors.append(type(error).__name__)
                continue
            latencies.append((time.perf_counter() - started) * 1000)


async def run_load(base_url: str, users: int, seconds: float) -> tuple[list[float], list[str]]:
    url = f"{base_url}/webhooks/rest/webhook"
    latencies: list[float] = []
    errors: list[str] = []
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(conversation_worker(session, url, deadline, latencies, errors) for _ in range(users))
        )
    return latencies, errors


async def long_conversation(base_url: str, turns: int = 200) -> list[float]:
    url = f"{base_url}/webhooks/rest/webhook"
    sender = uuid.uuid4().hex
    messages = ["ik maak me zorgen om mijn buurvrouw", "nee", "kan ik anoniem bellen?", "dankje"]
    latencies = []
    async with aiohttp.ClientSession() as session:
        for turn in range(turns):
            started = time.perf_counter()
            async with session.post(url, json={"sender": sender,
                                               "message": messages[turn % len(messages)]}) as r:
                await r.read()
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def report(latencies: list[float], errors: list[str], seconds: float, users: int) -> None:
    print(f"load: {users} concurrent conversations for {seconds:.0f}s")
    print(f"  turns: {len(latencies)}  throughput: {len(latencies) / seconds:.1f} turns/s  "
          f"errors: {len(errors)}")
    if latencies:
        print(f"  latency p50 {percentile(latencies, 0.50):.0f} ms  p95 "
              f"{percentile(latencies, 0.95):.0f} ms  p99 {percentile(latencies, 0.99):.0f} ms")
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error} x {errors.count(error)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="load a running Rasa server instead of starting one")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    stack = None
    base_url = args.url
    if base_url is None:
        stack = Stack(model=train(), rasa_port=free_port(), actions_port=free_port(),
                      web_port=None, log_dir=ROOT / "reports" / "logs").start()
        base_url = stack.rasa_url
    try:
        latencies, errors = asyncio.run(run_load(base_url, args.users, args.seconds))
        report(latencies, errors, args.seconds, args.users)
        long = asyncio.run(long_conversation(base_url))
        print(f"one conversation: turn 1 {long[0]:.0f} ms, turns 2-10 median "
              f"{statistics.median(long[1:10]):.0f} ms, turns 191-200 median "
              f"{statistics.median(long[190:200]):.0f} ms")
        if stack is not None:
            print(f"Rasa server resident memory: {rss_mib(stack.processes['rasa'].pid):.0f} MiB")
    finally:
        if stack is not None:
            stack.stop()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
