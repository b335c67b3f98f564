"""Where one turn's time goes: NLU components one by one, policies, action server, the rest.

Why in-process and by wrapping: Rasa 3.6 has no timing of its own at inference (the
``rasa.engine.training.hooks`` lines exist only while training, and the graph's debug
log says which node runs, not how long). So the model is loaded with Rasa's own
``load_agent`` in this process, exactly as ``rasa run`` loads it, and for the duration
of the profile four methods are wrapped with a timer:

- ``GraphNode.__call__``: every node of the graph, i.e. each NLU component's
  ``process`` and each policy's ``predict_action_probabilities``. Rasa runs the graph
  with dask's synchronous scheduler, so node times add up and do not overlap;
- ``MessageProcessor._parse_message_with_graph`` and ``._predict_next_with_tracker``:
  which phase (NLU or policies) a node ran in, and the phase totals;
- ``RemoteAction.run``: each round trip to the action server (HTTP plus the action),
  and inside it ``_action_call_format`` (the request body), ``EndpointConfig.request``
  (the HTTP exchange) and ``_validate_action_result`` (the answer's schema check);
- ``GraphNode._load_component`` while the model loads: what start-up is spent on.

What is left of ``Agent.handle_message`` after those is the processor itself (tracker
events, slot extraction, responses, the tracker store). The channel (Sanic, the REST
input channel, JSON over HTTP) is not in this process: the bench reports it as the
REST median of the real server minus the in-process median.

The table is built by pure functions (:func:`summarise`, :func:`render`,
:func:`component_label`), tested in tests/unit/test_bench_profile.py.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hulpwijzer_tools.bench.stats import p50, p95
from hulpwijzer_tools.paths import ROOT

NLU = "NLU"
POLICIES = "policies"
ACTIONS = "action server round trip"
#: Inside a round trip, on Rasa's side: the request body (the whole tracker as JSON
#: events), the HTTP exchange (including the action itself on the action server), and
#: the check of the answer against Rasa's event schema (jsonschema).
ACTION_BODY = "action · request body (tracker state as JSON)"
ACTION_HTTP = "action · HTTP + the action on the action server"
ACTION_CHECK = "action · answer checked against the event schema"
ACTION_PARTS = (ACTION_BODY, ACTION_HTTP, ACTION_CHECK)
PROCESSOR = "rest of the processor (tracker, slots, responses)"
TURN = "whole turn in-process (Agent.handle_message)"
PHASE_TOTAL = "all"


def component_label(node_name: str) -> str:
    """A graph node's name as a reader knows it: ``run_hulpwijzer_rasa.nlu.risk_screen.RiskScreen9``
    -> ``RiskScreen``, ``run_DIETClassifier5`` -> ``DIETClassifier``, ``select_prediction`` unchanged.
    """
    name = node_name.removeprefix("run_")
    name = name.rsplit(".", 1)[-1]
    return re.sub(r"\d+$", "", name) or node_name


@dataclass
class TurnRecorder:
    """Milliseconds per part, summed within a turn; one dict per finished turn.

    A part that does not happen in a turn (no action-server call after "hallo") counts
    as 0 ms for that turn, so medians are per turn, not per occurrence; ``calls`` keeps
    how often each part ran, to print calls per turn.
    """

    turns: list[dict[str, float]] = field(default_factory=list)
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    current: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, part: str, ms: float) -> None:
        self.current[part] += ms
        self.calls[part] += 1

    def finish_turn(self) -> None:
        self.turns.append(dict(self.current))
        self.current = defaultdict(float)


@dataclass(frozen=True)
class Row:
    part: str
    median_ms: float
    p95_ms: float
    calls_per_turn: float


def summarise(turns: Sequence[Mapping[str, float]], calls: Mapping[str, int],
              order: Sequence[str] = ()) -> list[Row]:
    """One row per part: median and p95 over the turns (missing = 0 ms), calls per turn.

    Parts named in ``order`` come first in that order; the rest keep the order in which
    they first appeared (the order the graph ran them).
    """
    parts: list[str] = [p for p in order if any(p in t for t in turns)]
    for turn in turns:
        parts.extend(p for p in turn if p not in parts)
    rows = []
    for part in parts:
        values = [turn.get(part, 0.0) for turn in turns]
        rows.append(Row(part, p50(values), p95(values), calls.get(part, 0) / len(turns) if turns else 0.0))
    return rows


def render(rows: Sequence[Row], title: str) -> str:
    """A fixed-width table, milliseconds with one decimal."""
    width = max([len(r.part) for r in rows] + [len(title)])
    lines = [f"{title:<{width}}  {'p50 ms':>8}  {'p95 ms':>8}  {'calls/turn':>10}"]
    lines.append("-" * len(lines[0]))
    for row in rows:
        calls = f"{row.calls_per_turn:.2f}" if row.calls_per_turn else ""
        lines.append(f"{row.part:<{width}}  {row.median_ms:>8.1f}  {row.p95_ms:>8.1f}  {calls:>10}")
    return "\n".join(lines)


def processor_rest(turn: Mapping[str, float]) -> float:
    """What the processor spent outside the NLU graph, the policy graphs and the action server."""
    measured = turn.get(f"{NLU} · {PHASE_TOTAL}", 0.0) + turn.get(f"{POLICIES} · {PHASE_TOTAL}", 0.0)
    return max(0.0, turn.get(TURN, 0.0) - measured - turn.get(ACTIONS, 0.0))


# --- instrumentation: wraps Rasa's methods while a profile runs ----------------------


@contextmanager
def _patched(owner: type, name: str, wrapper_factory: Any) -> Iterator[None]:
    original = owner.__dict__[name]
    setattr(owner, name, wrapper_factory(original))
    try:
        yield
    finally:
        setattr(owner, name, original)


@contextmanager
def instrument(recorder: TurnRecorder) -> Iterator[None]:
    """Time graph nodes by phase, the phases and action-server round trips into ``recorder``."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.engine.graph import GraphNode
    from rasa.utils.endpoints import EndpointConfig

    phase: list[str] = []

    def time_node(original: Any) -> Any:
        def __call__(self: GraphNode, *args: Any) -> Any:  # noqa: N807 (replaces __call__)
            started = time.perf_counter()
            try:
                return original(self, *args)
            finally:
                where = phase[-1] if phase else "graph"
                recorder.add(f"{where} · {component_label(self._node_name)}",
                             (time.perf_counter() - started) * 1000)
        return __call__

    def time_phase(name: str) -> Any:
        def factory(original: Any) -> Any:
            def wrapper(self: MessageProcessor, *args: Any, **kwargs: Any) -> Any:
                phase.append(name)
                started = time.perf_counter()
                try:
                    return original(self, *args, **kwargs)
                finally:
                    recorder.add(f"{name} · {PHASE_TOTAL}", (time.perf_counter() - started) * 1000)
                    phase.pop()
            return wrapper
        return factory

    def time_async(part: str) -> Any:
        def factory(original: Any) -> Any:
            async def wrapper(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    recorder.add(part, (time.perf_counter() - started) * 1000)
            return wrapper
        return factory

    def time_sync(part: str) -> Any:
        def factory(original: Any) -> Any:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    recorder.add(part, (time.perf_counter() - started) * 1000)
            return wrapper
        return factory

    with (
        _patched(GraphNode, "__call__", time_node),
        _patched(MessageProcessor, "_parse_message_with_graph", time_phase(NLU)),
        _patched(MessageProcessor, "_predict_next_with_tracker", time_phase(POLICIES)),
        _patched(RemoteAction, "run", time_async(ACTIONS)),
        _patched(RemoteAction, "_action_call_format", time_sync(ACTION_BODY)),
        _patched(EndpointConfig, "request", time_async(ACTION_HTTP)),
        _patched(RemoteAction, "_validate_action_result", time_sync(ACTION_CHECK)),
    ):
        yield


@contextmanager
def time_loading(recorder: TurnRecorder) -> Iterator[None]:
    """Time each graph component's loading (``GraphNode._load_component``) into ``recorder``."""
    from rasa.engine.graph import GraphNode

    def factory(original: Any) -> Any:
        def _load_component(self: GraphNode, **kwargs: Any) -> None:
            started = time.perf_counter()
            try:
                original(self, **kwargs)
            finally:
                recorder.add(f"load · {component_label(self._node_name)}", (time.perf_counter() - started) * 1000)
        return _load_component

    with _patched(GraphNode, "_load_component", factory):
        yield


@dataclass
class Profile:
    turns: TurnRecorder
    loading: TurnRecorder


async def _profile(model: Path, endpoints: Path, messages: Sequence[str], turns: int) -> Profile:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # As `rasa run` does: without this, structlog prints every event (with user text).
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    loading = TurnRecorder()
    started = time.perf_counter()
    with time_loading(loading):
        agent = await load_agent(model_path=str(model), endpoints=AvailableEndpoints.read_endpoints(str(endpoints)))
    loading.add("load_agent, whole", (time.perf_counter() - started) * 1000)
    loading.finish_turn()

    async def turn(sender: str, text: str) -> None:
        await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender))

    await turn("warm-up", messages[0])  # first call builds lazy tables (place index, TF graph)
    recorder = TurnRecorder()
    sender = uuid.uuid4().hex
    with instrument(recorder):
        for index in range(turns):
            if index % len(messages) == 0:
                sender = uuid.uuid4().hex
            started = time.perf_counter()
            await turn(sender, messages[index % len(messages)])
            recorder.add(TURN, (time.perf_counter() - started) * 1000)
            recorder.current[PROCESSOR] = processor_rest(recorder.current)
            recorder.finish_turn()
    return Profile(turns=recorder, loading=loading)


def profile(model: Path, endpoints: Path, messages: Sequence[str], turns: int,
            action_endpoint_url: str) -> Profile:
    """Load ``model`` in this process and time ``turns`` turns part by part.

    The action server must already answer at ``action_endpoint_url``. The working
    directory becomes the repository root: the pipeline names the spaCy model by a path
    relative to it (bot/config.yml).
    """
    os.chdir(ROOT)
    os.environ["ACTION_ENDPOINT_URL"] = action_endpoint_url
    return asyncio.run(_profile(model, endpoints, messages, turns))


def turn_table(result: Profile, channel_ms: float | None = None) -> str:
    """The per-part table of a profile; ``channel_ms`` is the REST-minus-in-process estimate."""
    order = [f"{NLU} · {PHASE_TOTAL}", f"{POLICIES} · {PHASE_TOTAL}", ACTIONS, *ACTION_PARTS, PROCESSOR, TURN]
    rows = summarise(result.turns.turns, result.turns.calls)
    first = [r for r in rows if r.part not in order]
    nlu = [r for r in first if r.part.startswith(f"{NLU} ·")]
    policies = [r for r in first if r.part.startswith(f"{POLICIES} ·")]
    other = [r for r in first if r not in nlu and r not in policies]
    by_part = {r.part: r for r in rows}
    totals = [by_part[p] for p in order if p in by_part]
    table = nlu + policies + other + totals
    if channel_ms is not None:
        table.append(Row("channel + HTTP (REST p50 of the server - in-process p50)", channel_ms, float("nan"), 0))
    return render(table, f"one turn, {len(result.turns.turns)} turns")


def loading_table(result: Profile) -> str:
    rows = sorted(summarise(result.loading.turns, {}), key=lambda r: -r.median_ms)
    return render([r for r in rows if r.median_ms >= 1.0], "model loading (in-process, ms >= 1)")
