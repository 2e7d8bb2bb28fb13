"""Percentiles and the latency summary (count, p50/p95/p99, max) every benchmark reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100), linearly interpolated; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(seconds: Iterable[float]) -> dict:
    values = list(seconds)
    out = {"count": len(values)}
    for q in (50, 95, 99):
        p = percentile(values, q)
        out[f"p{q}_ms"] = None if p is None else round(p * 1000, 1)
    out["max_ms"] = round(max(values) * 1000, 1) if values else None
    return out
