"""Live-training stream under load, against a real uvicorn on loopback.

1. One learner: a 2-8-8-1 tanh network on circle, batch 10, streamed at a high speed: updates/s and frames/s
   received (aims: >= 5,000 updates/s and >= 20 frames/s).
2. Fifty learners streaming at once (asyncio + httpx-sse clients in this process, the server in another):
   frames/s per learner, delivery lag p50/p99 (server send time to client receipt; aim p99 <= 500 ms), errors
   (aim 0), and meanwhile p99 of the backprop lesson's recompute request (aim <= 100 ms) beside the same request
   with no learners streaming (the reference, measured in the same run).
3. Memory per run: the server's resident memory before and after creating 200 runs.

Run: .venv/bin/python benchmarks/bench_stream.py [--learners 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

ROOT = Path(__file__).resolve().parent.parent
EXPERIMENT = {"dataset": "circle", "n": 200, "batch_size": 10,
              "hidden": [{"units": 8, "activation": "tanh"}, {"units": 8, "activation": "tanh"}],
              "optimizer": {"name": "sgd", "lr": 0.03}}
RECOMPUTE = "/lessons/backprop"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the server did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def learner(base: str, seconds: float, speed: int, stats: dict) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        try:
            run = (await client.post("/api/v1/runs", json=EXPERIMENT)).json()
            frames, first_step, last_step = 0, None, 0
            start = time.monotonic()
            async with aconnect_sse(client, "GET", f"/api/v1/runs/{run['id']}/stream?speed={speed}") as src:
                async for event in src.aiter_sse():
                    now = time.time()
                    frame = json.loads(event.data)
                    stats["lag"].append(now - frame["time"])
                    frames += 1
                    first_step = frame["step"] if first_step is None else first_step
                    last_step = frame["step"]
                    if time.monotonic() - start >= seconds:
                        break
            elapsed = time.monotonic() - start
            stats["fps"].append(frames / elapsed)
            stats["ups"].append((last_step - first_step) / elapsed)
        except Exception as exc:  # noqa: BLE001 - a benchmark counts failures instead of stopping
            stats["errors"].append(repr(exc))


async def recompute_latencies(base: str, seconds: float) -> list[float]:
    out = []
    async with httpx.AsyncClient(base_url=base, timeout=30, headers={"HX-Request": "true"}) as client:
        end = time.monotonic() + seconds
        i = 0
        while time.monotonic() < end:
            t0 = time.perf_counter()
            r = await client.get(RECOMPUTE, params={"w111": 20 + (i % 7)})
            out.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"recompute answered {r.status_code}")
            i += 1
            await asyncio.sleep(0.02)
    return out


async def main(args) -> None:
    proc, base = start_server()
    try:
        # Reference: recompute latency with nobody training (after one warm-up request).
        await recompute_latencies(base, 0.1)
        idle = await recompute_latencies(base, 3)

        one = {"lag": [], "fps": [], "ups": [], "errors": []}
        await learner(base, args.seconds, 400, one)
        print(f"one learner (speed 400 updates/frame): {one['ups'][0]:,.0f} updates/s, "
              f"{one['fps'][0]:.1f} frames/s, lag p99 {pct(one['lag'], 0.99) * 1000:.0f} ms, errors {len(one['errors'])}")

        many = {"lag": [], "fps": [], "ups": [], "errors": []}
        tasks = [learner(base, args.seconds + 3, 10, many) for _ in range(args.learners)]

        async def busy_latencies():
            await asyncio.sleep(3)  # measure once every learner is streaming, not during the 50 run creations
            return await recompute_latencies(base, args.seconds - 1)

        busy, *_ = await asyncio.gather(busy_latencies(), *tasks)
        print(f"{args.learners} learners (speed 10): frames/s per learner median {statistics.median(many['fps']):.1f} "
              f"(min {min(many['fps']):.1f}), updates/s per learner median {statistics.median(many['ups']):.0f}, "
              f"lag p50 {pct(many['lag'], 0.5) * 1000:.0f} ms p99 {pct(many['lag'], 0.99) * 1000:.0f} ms, "
              f"errors {len(many['errors'])}")
        print(f"recompute request: idle p50 {pct(idle, 0.5):.1f} ms p99 {pct(idle, 0.99):.1f} ms; "
              f"under load p50 {pct(busy, 0.5):.1f} ms p99 {pct(busy, 0.99):.1f} ms "
              f"(ratio p99 {pct(busy, 0.99) / pct(idle, 0.99):.1f}x)")

        before = rss_mb(proc.pid)
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            for _ in range(200):
                await client.post("/api/v1/runs", json=EXPERIMENT)
        after = rss_mb(proc.pid)
        print(f"memory: {before:.1f} MB -> {after:.1f} MB for 200 new runs = {(after - before) * 1024 / 200:.0f} KB a run")
        if many["errors"]:
            print("errors:", many["errors"][:5])
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    os.chdir(ROOT)
    asyncio.run(main(parser.parse_args()))
