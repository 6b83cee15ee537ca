"""Helpers shared by the benchmarks: machine description and small statistics."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time


def machine() -> list[str]:
    """Lines describing the machine and the numeric stack (call after numpy is imported)."""
    import numpy as np

    lines = [f"python {platform.python_version()}, numpy {np.__version__}, nproc {os.cpu_count()}, "
             f"{platform.machine()}, load average {os.getloadavg()[0]:.1f} (other work competes above ~1.5)"]
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        lines.append("BLAS: threadpoolctl not installed (pip install threadpoolctl to show the BLAS kernel)")
    else:
        for info in threadpool_info():
            lines.append(f"{info['user_api']}: {info['internal_api']} {info.get('version')} "
                         f"kernel={info.get('architecture')} threads={info['num_threads']}")
    lines.append(f"cpu probe: {cpu_probe():.0f} ms for a fixed Python loop, best of 3 (the host's speed now: on a "
                 "shared host it varies by half; compare runs only where the probes are alike)")
    env = {k: os.environ[k] for k in sorted(os.environ)
           if k.startswith(("OPENBLAS_", "OMP_", "MKL_")) and k != "OPENBLAS_VERBOSE"}
    lines.append("env: " + (", ".join(f"{k}={v}" for k, v in env.items()) or "(no OPENBLAS_/OMP_/MKL_ variables)"))
    return lines


def cpu_probe() -> float:
    """Milliseconds 3 million Python additions take, best of 3: the figures of a run are comparable with another
    run's only when the probes are alike."""
    best = float("inf")
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for i in range(3_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return best * 1000


def median(values: list[float]) -> float:
    return statistics.median(values)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with right-aligned columns (the first left-aligned)."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    def fmt(r):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([fmt(headers), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)])


def flush_print(*args) -> None:
    print(*args)
    sys.stdout.flush()
