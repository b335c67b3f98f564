"""Benchmark resolve_place over the whole gazetteer: prints figures, passes no judgement."""

from __future__ import annotations

import random
import statistics
import time

from hulpwijzer.geo import gazetteer
from hulpwijzer.places import resolve_place

SENTENCES = [
    "ik maak me zorgen om mijn buurvrouw, ik hoor haar vaak huilen",
    "mijn vader slaat mij en mijn broertje als hij gedronken heeft",
    "kan ik anoniem bellen met veilig thuis?",
    "hij controleert mijn telefoon en ik mag niet meer naar mijn vriendinnen",
    "hij staat nu met een mes voor de deur",
    "ik woon in een dorp en het wijkteam komt soms in de wijk",
    "sinds 2021 slaat hij me en ik verdien maar 1500 euro",
    "gisteren",
    "ja",
    "Ik woon in Almere Buiten en mijn buurman schreeuwt elke nacht tegen zijn vrouw en kinderen.",
]


def main() -> None:
    started = time.perf_counter()
    g = gazetteer()
    resolve_place("lelistad")  # also builds the typo-matching index, as the first message would
    load_ms = (time.perf_counter() - started) * 1000
    rng = random.Random(42)
    names = list(g.names)
    messages = (
        [f"ik woon in {n}" for n in names]
        + list(g.postcodes)
        + [n[:2] + n[3:] for n in rng.sample(names, 500) if len(n) > 6]  # typos
        + SENTENCES * 500
    )
    timings = []
    for text in messages:
        t0 = time.perf_counter()
        resolve_place(text)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    print(f"resolve_place: {len(timings)} messages, tables loaded once in {load_ms:.0f} ms")
    print(f"  mean {statistics.mean(timings):.3f} ms  p50 {timings[len(timings) // 2]:.3f} ms  "
          f"p95 {timings[int(len(timings) * 0.95)]:.3f} ms  "
          f"p99 {timings[int(len(timings) * 0.99)]:.3f} ms  max {timings[-1]:.3f} ms")


if __name__ == "__main__":
    main()
