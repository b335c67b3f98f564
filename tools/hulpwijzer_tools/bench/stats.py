"""Summary statistics of latencies: the few numbers every benchmark here prints.

Why the standard library's ``statistics.quantiles`` (``inclusive``: the sample is the
whole population of turns we measured) rather than a hand-rolled index: its
interpolation is documented and the same for every figure, so p95 of the bench, the
profile and the load steps mean the same thing.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0 < q < 100) of ``values``; NaN when there are none."""
    if not 0 < q < 100:
        raise ValueError(f"percentile must be between 0 and 100, not {q}")
    if not values:
        return float("nan")
    if len(values) == 1:
        return float(values[0])
    cuts = statistics.quantiles(values, n=1000, method="inclusive")
    return cuts[round(q * 10) - 1]


def p50(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def p95(values: Sequence[float]) -> float:
    return percentile(values, 95)


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when the denominator is 0 (nothing to compare with)."""
    return numerator / denominator if denominator else float("nan")
