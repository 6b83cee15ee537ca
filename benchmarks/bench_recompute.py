"""Latency of lesson 1's htmx recompute, one client, against a real uvicorn server.

Starts `uvicorn app.main:app` on 127.0.0.1 on a free port in a subprocess (log level warning, so no access
log; otherwise as `make run`), waits for /healthz, then sends N sequential requests of each kind over one
keep-alive connection, interleaved (recompute, healthz, full page, recompute, ...) so all see the same machine:
  recompute  GET /lessons/backprop?w111=... with HX-Request: true (the partial a slider change fetches);
             w111 = -10, -9.9, ...: a value no earlier request had, so each request computes a new state
  healthz    GET /healthz, the reference: the cost of the server, HTTP and the client alone
  full page  GET /lessons/backprop?w111=... without HX-Request (first load of the page), w111 values of
             its own (-9.95, -9.85, ...), so it never reuses the recompute's cached work
Every response must be 200 (the partial without an error message for w111); the table gives p50/p99/max in
ms (nearest-rank percentiles) and each kind's p50 and p99 over healthz's. Aim: recompute p99 <= 10 ms.
Then each kind alone sends N more requests while the server's CPU time is read from /proc: "server CPU ms"
is the server's CPU time per request, a figure that other work on the machine hardly moves (latency does).

Run: .venv/bin/python benchmarks/bench_recompute.py [-n 500] [--warmup 50]
"""

from __future__ import annotations

import argparse
import math
import os
import re
import socket
import subprocess
import sys
import time

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import flush_print, table  # noqa: E402

PAGE = "/lessons/backprop"
HTMX = {"HX-Request": "true"}
TARGET_P99_MS = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_healthy(client: httpx.Client, proc: subprocess.Popen, timeout: float = 30.0) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"uvicorn exited with {proc.returncode} before /healthz answered:\n{out[-2000:]}")
        try:
            if client.get("/healthz").status_code == 200:
                return time.perf_counter() - t0
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"/healthz did not answer 200 within {timeout:.0f} s")


def server_cpu_s(pid: int) -> float:
    """User + system CPU seconds the server process has used so far (Linux /proc; resolution 1/CLK_TCK)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def w111(i: int, offset: float = 0.0) -> str:
    """Request i's w111: -10, -9.9, -9.8, ... (+ offset). Every request gets a value no earlier request had,
    so none is served from the app's caches (e.g. its LaTeX -> MathML cache), as when a learner drags a slider."""
    return f"{-10 + i / 10 + offset:.2f}"


def percentile(sorted_ms: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return sorted_ms[max(0, math.ceil(q / 100 * len(sorted_ms)) - 1)]


ERR_W111 = re.compile(r'id="err-w111"[^>]*>\s*</span>')


def check(kind: str, r: httpx.Response) -> None:
    if r.status_code != 200:
        raise AssertionError(f"{kind}: {r.request.url} answered {r.status_code}: {r.text[:300]}")
    if kind == "recompute":
        if "<html" in r.text.lower():
            raise AssertionError("recompute: expected the htmx partial, got a full page")
        if "err-w111" in r.text and not ERR_W111.search(r.text):
            raise AssertionError(f"recompute: w111 reported an error for {r.request.url}")


def run(n: int, warmup: int) -> dict | None:
    port = free_port()
    proc = start_server(port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10.0) as client:
            startup = wait_healthy(client, proc)
            probe = client.get(PAGE, params={"w111": "20"}, headers=HTMX)
            if probe.status_code != 200:
                flush_print(f"{PAGE} is not available yet (status {probe.status_code}): recompute not measured")
                return None
            kinds = {
                "recompute": lambda i: client.get(PAGE, params={"w111": w111(i)}, headers=HTMX),
                "healthz": lambda i: client.get("/healthz"),
                "full page": lambda i: client.get(PAGE, params={"w111": w111(i, 0.05)}),
            }
            for i in range(warmup):
                for kind, send in kinds.items():
                    check(kind, send(n + i))
            times = {kind: [] for kind in kinds}
            sizes = {kind: 0 for kind in kinds}
            t_all = time.perf_counter()
            for i in range(n):
                for kind, send in kinds.items():
                    t0 = time.perf_counter()
                    r = send(i)
                    times[kind].append((time.perf_counter() - t0) * 1000.0)
                    check(kind, r)
                    sizes[kind] = len(r.content)
            wall = time.perf_counter() - t_all
            # Then each kind alone, n more requests, for the server's CPU time per request: unlike latency it
            # hardly moves when other work shares the machine.
            cpu_ms = {}
            for kind, send in kinds.items():
                c0 = server_cpu_s(proc.pid)
                for i in range(n + warmup, 2 * n + warmup):
                    check(kind, send(i))
                cpu_ms[kind] = (server_cpu_s(proc.pid) - c0) * 1000.0 / n
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    stats = {}
    for kind, ms in times.items():
        ms.sort()
        stats[kind] = {"p50": percentile(ms, 50), "p99": percentile(ms, 99), "max": ms[-1],
                       "mean": sum(ms) / len(ms), "bytes": sizes[kind], "server_cpu": cpu_ms[kind]}
    return {"startup_s": startup, "wall_s": wall, "stats": stats}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-n", type=int, default=500, help="timed requests of each kind")
    p.add_argument("--warmup", type=int, default=50, help="untimed requests of each kind first")
    args = p.parse_args(argv)
    flush_print(f"== bench_recompute: {args.n} sequential requests of each kind, one client, uvicorn on 127.0.0.1 ==")
    flush_print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work competes above ~1.5)")
    res = run(args.n, args.warmup)
    if res is None:
        return None
    ref = res["stats"]["healthz"]
    rows = []
    for kind, s in res["stats"].items():
        rows.append([kind, f"{s['p50']:.2f}", f"{s['p99']:.2f}", f"{s['max']:.2f}", f"{s['mean']:.2f}",
                     f"{s['p50'] / ref['p50']:.1f}", f"{s['p99'] / ref['p99']:.1f}", f"{s['server_cpu']:.2f}",
                     f"{s['bytes']:,}"])
    flush_print(table(["request", "p50 ms", "p99 ms", "max ms", "mean ms", "p50/healthz", "p99/healthz",
                       "server CPU ms", "bytes"], rows))
    p99 = res["stats"]["recompute"]["p99"]
    flush_print(f"recompute p99 {p99:.2f} ms: {'ok' if p99 <= TARGET_P99_MS else 'MISSED'} (aim <= "
                f"{TARGET_P99_MS:g} ms); server up in {res['startup_s']:.1f} s, timed part {res['wall_s']:.1f} s")
    return res


if __name__ == "__main__":
    main()
