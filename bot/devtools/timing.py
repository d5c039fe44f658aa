"""Timing and memory readings the benchmarks share: throughput, latency percentiles, resident memory."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Throughput:
    """Articles and words per second of one run."""

    articles: int
    words: int
    seconds: float
    # CPU seconds this process spent in the measured call alone: on a shared machine wall time
    # moves with the other jobs' load, CPU time much less.
    cpu_seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        """Articles per second."""
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        """Words per second."""
        return self.words / self.seconds if self.seconds else 0.0


def latency(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(p50, p95) of `fn` in milliseconds over `runs` warm calls."""
    fn()  # warm caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def latency_once(fn: Callable[[], object]) -> float:
    """Milliseconds of one call of `fn`."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def timed_once(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one call of `fn`.

    On a shared machine wall time moves with the other jobs' load; the CPU time
    this process spent (every thread of it) tells the code's own cost from
    time spent waiting for a core or the disk.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def percentiles(times_ms: list[float]) -> tuple[float, float]:
    """(p50, p95) of measured times, as `latency` reports them."""
    ordered = sorted(times_ms)
    if not ordered:
        return (0.0, 0.0)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def max_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb() -> float:
    """Peak resident memory of this process image, in MB.

    /proc's high-water mark starts afresh at exec, unlike getrusage's, which a
    child started from a big parent inherits.
    """
    peak = _proc_status_mb("VmHWM:")
    return max_rss_mb() if peak is None else peak


def current_rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux /proc; 0 elsewhere)."""
    now = _proc_status_mb("VmRSS:")
    return 0.0 if now is None else now


def _proc_status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status (given in kB) in MB, None where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None
