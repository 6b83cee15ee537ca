"""One worker with the memory store against several workers sharing runs in Redis, in one run, on loopback.

For each --learners count (e.g. 100,200) and each setup:
  memory   `uvicorn app.main:app` (one process, NNLAB_STORE_URL=memory://, what `make run` starts)
  redis    `uvicorn app.main:app --workers N` with NNLAB_STORE_URL=redis://... (a redis-server started here,
           no persistence)
the learners (plain asyncio HTTP in --clients processes: benchmarks/_sse_client.py, each learner from its own
X-Forwarded-For address) create a run with
the Playground's defaults and stream it at the Playground's speed; meanwhile a prober loads /lessons/backprop every
100 ms. Reported: total frames/s, median frames/s per learner, p99 gap between two frames of one learner, errors,
/lessons/backprop p50/p99. Then one learner streaming as fast as the server goes (speed 1000): updates/s with the
memory store and with Redis (one worker each, so the figure is the store's overhead, not parallelism).

Goals (issue 12): 100 learners: redis total frames/s >= 1.6 x memory; 200 learners on 2 workers: median >= 2
frames/s each, p99 gap <= 1 s, 0 errors, page p99 <= 300 ms; one learner: redis >= 85 % of memory's updates/s.
The clients run on the same cores as the servers: on a 2-core machine they take a share the servers would have
on a real network, so the figures are a lower bound.

The learners are spread over --clients processes (one asyncio process parsing 200 streams is itself the
bottleneck otherwise).

Run: .venv/bin/python benchmarks/bench_workers.py [--learners 100,200] [--seconds 15] [--workers 2] [--clients 2]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import flush_print, machine, table  # noqa: E402
from _sse_client import Client, HttpError  # noqa: E402
from bench_stream import ROOT, free_port, pct  # noqa: E402

PLAYGROUND_DEFAULT: dict = {}  # the Experiment's defaults are the Playground's (circle, 4-2 tanh, batch 10, sgd)
PLAYGROUND_SPEED = 5
STAGGER = 0.05  # seconds between two learners' arrivals in one client process
SECRET = "bench-workers-shared-secret-key"


def start_redis() -> tuple[subprocess.Popen, str, str]:
    path = shutil.which("redis-server") or "/usr/bin/redis-server"
    port, tmp = free_port(), tempfile.mkdtemp(prefix="nnlab-bench-redis-")
    proc = subprocess.Popen([path, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", tmp], stdout=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            return proc, f"redis://127.0.0.1:{port}/0", tmp
        except redis.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("redis-server did not start")


def start_server(store_url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning"] + (["--workers", str(workers)] if workers > 1 else [])
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, env={
        **os.environ, "OPENBLAS_NUM_THREADS": "1", "NNLAB_STORE_URL": store_url, "NNLAB_SECRET_KEY": SECRET,
        "NNLAB_DATA_DIR": tempfile.mkdtemp(prefix="nnlab-bench-data-"), "NNLAB_MAX_QUEUE": "1000"})
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    stop(proc)
    raise SystemExit("the server did not start")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def learner(base: str, address: str, speed: int, stop_at: asyncio.Event, counting: asyncio.Event,
                  stats: dict, delay: float = 0.0) -> None:
    times: list[float] = []
    stats["arrivals"][address] = times
    await asyncio.sleep(delay)
    client = Client(base, address)
    try:
        status, run = await client.post_json("/api/v1/runs", PLAYGROUND_DEFAULT)
        if status != 201:
            raise HttpError(f"create {status}")
    except (OSError, HttpError, ValueError) as exc:
        stats["errors"].append(f"create: {exc!r}")
        return
    stats["ready"] += 1
    while not stop_at.is_set():
        try:
            async for name, data in client.events(f"/api/v1/runs/{run['id']}/stream?speed={speed}"):
                if name == "frame" and counting.is_set():
                    times.append(time.monotonic())
                elif name == "end":
                    stats["errors"].append(f"end {data}")
                if stop_at.is_set():
                    break
        except (OSError, HttpError, ValueError, asyncio.IncompleteReadError) as exc:
            if not stop_at.is_set():
                stats["errors"].append(repr(exc))
                await asyncio.sleep(0.5)


async def prober(base: str, stop_at: asyncio.Event, latencies: list[float]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30, headers={"X-Forwarded-For": "10.2.0.1"}) as client:
        await client.get("/lessons/backprop")
        while not stop_at.is_set():
            t0 = time.perf_counter()
            try:
                ok = (await client.get("/lessons/backprop")).status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - t0) * 1000 if ok else float("inf"))
            await asyncio.sleep(0.1)


async def classroom(base: str, addresses: list[str], seconds: float, probe: bool) -> dict:
    """One client process's share of the class: its learners' frame counts and gaps, the prober's latencies."""
    stats: dict = {"arrivals": {}, "errors": [], "ready": 0}
    stop_at, counting = asyncio.Event(), asyncio.Event()
    # Learners arrive STAGGER seconds apart (with --workers, a burst of connections would all be accepted by the
    # worker that wakes first: asyncio accepts up to 100 at a time).
    tasks = [asyncio.create_task(learner(base, a, PLAYGROUND_SPEED, stop_at, counting, stats, i * STAGGER))
             for i, a in enumerate(addresses)]
    deadline = time.monotonic() + 60 + len(addresses) * STAGGER
    while stats["ready"] + len(stats["errors"]) < len(addresses) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(3)  # every stream is flowing
    stats["errors"].clear()
    latencies: list[float] = []
    if probe:
        tasks.append(asyncio.create_task(prober(base, stop_at, latencies)))
    counting.set()
    await asyncio.sleep(seconds)
    counting.clear()
    stop_at.set()
    await asyncio.wait(tasks, timeout=20)
    return {"per": [len(t) / seconds for t in stats["arrivals"].values()],
            "gaps": [b - a for t in stats["arrivals"].values() for a, b in zip(t, t[1:])],
            "errors": stats["errors"], "latencies": latencies}


def client_process(base: str, addresses: list[str], seconds: float, probe: bool) -> dict:
    return asyncio.run(classroom(base, addresses, seconds, probe))


def measure(base: str, learners: int, seconds: float, clients: int) -> dict:
    """`learners` learners spread over `clients` client processes (one Python process would be the bottleneck
    before the server is), and the prober in the first."""
    addresses = [f"10.{1 + i // 250}.{i % 250}.1" for i in range(learners)]
    shares = [addresses[i::clients] for i in range(clients)]
    with multiprocessing.get_context("spawn").Pool(clients) as pool:
        parts = pool.starmap(client_process, [(base, share, seconds, i == 0) for i, share in enumerate(shares)])
    per = [v for p in parts for v in p["per"]]
    gaps = [v for p in parts for v in p["gaps"]]
    errors = [e for p in parts for e in p["errors"]]
    latencies = [v for p in parts for v in p["latencies"]]
    # The least-served learners too: a learner that gets no frame at all leaves no gap to count.
    return {"total": sum(per), "median": statistics.median(per) if per else 0.0, "least": min(per, default=0.0),
            "p10": pct(sorted(per), 0.1) if per else 0.0, "gap99": pct(gaps, 0.99),
            "errors": len(errors), "error_kinds": sorted(set(errors))[:3],
            "page50": pct(latencies, 0.5), "page99": pct(latencies, 0.99)}


async def one_learner(base: str, seconds: float) -> float:
    """Updates/s of one learner streaming at the highest speed."""
    async with httpx.AsyncClient(base_url=base, timeout=60, headers={"X-Forwarded-For": "10.9.0.1"}) as client:
        run_id = (await client.post("/api/v1/runs", json=PLAYGROUND_DEFAULT)).json()["id"]
        import json

        first = last = None
        async with aconnect_sse(client, "GET", f"/api/v1/runs/{run_id}/stream?speed=1000") as src:
            async for event in src.aiter_sse():
                if event.event != "frame":
                    break
                now, step = time.monotonic(), json.loads(event.data)["step"]
                if first is None and step > 0:
                    first = (now, step)
                last = (now, step)
                if first and now - first[0] >= seconds:
                    break
        return (last[1] - first[1]) / (last[0] - first[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", default="100,200")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--single-seconds", type=float, default=8)
    parser.add_argument("--clients", type=int, default=2, help="client processes the learners are spread over")
    args = parser.parse_args()
    for line in machine():
        flush_print(line)
    redis_proc, redis_url, tmp = start_redis()
    setups = [("memory, 1 worker", "memory://", 1), (f"redis, {args.workers} workers", redis_url, args.workers)]
    rows = []
    try:
        for n in [int(v) for v in args.learners.split(",")]:
            results = {}
            for name, url, workers in setups:
                import redis

                redis.Redis.from_url(redis_url).flushdb()
                proc, base = start_server(url, workers)
                try:
                    results[name] = r = measure(base, n, args.seconds, args.clients)
                finally:
                    stop(proc)
                flush_print(f"{n} learners, {name}: {r}")
                rows.append([f"{n} learners, {name}", f"{r['total']:.0f}", f"{r['median']:.1f}",
                             f"{r['least']:.1f} / {r['p10']:.1f}",
                             f"{r['gap99'] * 1000:.0f}", str(r["errors"]), f"{r['page50']:.0f}", f"{r['page99']:.0f}"])
            ratio = results[setups[1][0]]["total"] / max(results[setups[0][0]]["total"], 1e-9)
            rows.append([f"{n} learners: redis / memory total", f"{ratio:.2f}x", "", "", "", "", "", ""])
        single = {}
        for name, url in (("memory", "memory://"), ("redis", redis_url)):
            proc, base = start_server(url, 1)
            try:
                single[name] = asyncio.run(one_learner(base, args.single_seconds))
            finally:
                stop(proc)
        flush_print()
        flush_print(table(["setup", "frames/s total", "median/learner", "least / p10", "p99 gap ms", "errors", "page p50 ms",
                           "page p99 ms"], rows))
        flush_print()
        flush_print(f"one learner, speed 1000, one worker: memory {single['memory']:.0f} updates/s, redis "
                    f"{single['redis']:.0f} updates/s ({single['redis'] / single['memory']:.0%} of memory)")
    finally:
        redis_proc.terminate()
        redis_proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
