"""Small statistics and memory helpers shared by the measurements."""

import math
import os
import resource
import statistics
import time
from collections.abc import Callable


def summary(seconds: list[float]) -> dict:
    """Median and 95th percentile (nearest rank) in milliseconds."""
    ordered = sorted(seconds)
    rank = max(math.ceil(0.95 * len(ordered)) - 1, 0)
    return {
        "runs": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(ordered[rank] * 1000, 3),
    }


def timed(function: Callable, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return times, result


def current_rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), or its peak where /proc is absent."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return peak_rss_mb()


def peak_rss_mb() -> float:
    """The most resident memory this process has used (ru_maxrss is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ratio(value: float | None, floor: float | None) -> float | None:
    if not value or not floor:
        return None
    return round(value / floor, 2)
