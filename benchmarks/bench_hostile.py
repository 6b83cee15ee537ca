"""A hostile neighbour: 30 learners stream the Playground's default while one client does the worst it can within
the limits, against a real uvicorn (its own process, default settings) on loopback.

Phases, each measured in this one run:
  alone    the 30 learners stream for --seconds; a prober loads /lessons/backprop and /healthz every 100 ms
  hostile  the same learners go on streaming while the hostile client, from its own address:
           - opens sessions as fast as its budget allows and in each creates the largest run the API allows
             (20 hidden layers of 64 ELU units, batch normalization, dropout, 10 augmentation copies);
           - sends 40 steps at once, each of the most updates the ceiling allows, again as soon as one ends;
           - holds 200 streams at the highest speed (as many as its sessions' quotas let it open);
           - creates 1,000 runs (half without a cookie, half in its sessions) and sends 50 MB bodies.
  nat      the same, but the hostile client shares the learners' address (a school behind one NAT address:
           there only the per-session shares separate them).
Reported: frames/s per learner (median) against `alone` (aim >= 70 %), runs lost (aim 0), page and /healthz
p50/p99 (aim p99 <= 300 ms, /healthz always answers), the server's peak resident memory (bound in README).

Learners get distinct client addresses through X-Forwarded-For, which uvicorn believes from 127.0.0.1 (its
default --forwarded-allow-ips), as it would behind a reverse proxy. On a machine with two or more CPUs the server
runs on CPU 0 and every client (learners, prober, hostile) on the others (taskset / sched_setaffinity), so the
clients' own work, which on a real network runs on other machines, does not take the server's CPU.

Run: .venv/bin/python benchmarks/bench_hostile.py [--learners 30] [--seconds 20] [--phases alone,hostile,nat]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stream import ROOT, free_port, pct, rss_mb  # noqa: E402

PLAYGROUND_DEFAULT = {}  # the Experiment's defaults are the Playground's (circle, 4-2 tanh, batch 10, sgd 0.1)
PLAYGROUND_SPEED = 5
MAX_RUN = {"dataset": "circle", "n": 2000, "features": ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"],
           "hidden": [{"units": 64, "activation": "elu"}] * 20, "batchnorm": True, "dropout": 0.5,
           "augment_copies": 10, "batch_size": 200, "optimizer": {"name": "adam", "lr": 0.001}}
CLASS_ADDRESS = "10.1.0.{}"
HOSTILE_ADDRESS = "10.66.0.1"


def start_server(pin: bool):
    import subprocess
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning"]
    proc = subprocess.Popen((["taskset", "-c", "0"] if pin else []) + cmd, cwd=ROOT,
                            env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("the server did not start")


# ---------------------------------------------------------------- the learners and the prober (this process)

async def learner(base: str, address: str, stop: asyncio.Event, stats: dict) -> None:
    headers = {"X-Forwarded-For": address}
    async with httpx.AsyncClient(base_url=base, timeout=60, headers=headers) as client:
        await client.get("/playground")
        run = (await client.post("/api/v1/runs", json=PLAYGROUND_DEFAULT)).json()
        stats["runs"].append((address, client.cookies.get("nnlab_session"), run["id"]))
        while not stop.is_set():
            try:
                async with aconnect_sse(client, "GET", f"/api/v1/runs/{run['id']}/stream?speed={PLAYGROUND_SPEED}") as src:
                    async for event in src.aiter_sse():
                        if event.event == "frame":
                            stats["frames"][address] = stats["frames"].get(address, 0) + 1
                        if stop.is_set():
                            break
            except (httpx.HTTPError, json.JSONDecodeError) as exc:
                stats["errors"].append(repr(exc))
                await asyncio.sleep(0.5)


async def prober(base: str, stop: asyncio.Event, stats: dict) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30, headers={"X-Forwarded-For": "10.2.0.1"}) as client:
        await client.get("/lessons/backprop")  # a warm page: its first render builds the templates' caches
        while not stop.is_set():
            for path, key in (("/lessons/backprop", "page"), ("/healthz", "healthz")):
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                stats[key].append((time.perf_counter() - t0) * 1000 if ok else float("inf"))
            await asyncio.sleep(0.1)


async def measure(base: str, addresses: list[str], seconds: float, stats: dict, ready: asyncio.Event | None = None,
                  warmup: float = 0.0):
    """Learners stream and the prober probes; once every stream flows, `ready` is set, and after `warmup` more
    seconds frames and probes are counted for `seconds`."""
    stop = asyncio.Event()
    tasks = [asyncio.create_task(learner(base, a, stop, stats)) for a in addresses]
    while len(stats["runs"]) < len(addresses):
        await asyncio.sleep(0.1)
    await asyncio.sleep(2)  # every stream is flowing
    if ready is not None:
        ready.set()
    await asyncio.sleep(warmup)
    stats["frames"].clear()
    probe = asyncio.create_task(prober(base, stop, stats))
    await asyncio.sleep(seconds)
    counted = dict(stats["frames"])
    stop.set()
    await asyncio.gather(*tasks, probe, return_exceptions=True)
    return {a: counted.get(a, 0) / seconds for a in addresses}


# ---------------------------------------------------------------- the hostile client (its own process)

def hostile(base: str, address: str, seconds: float, report) -> None:
    asyncio.run(_hostile(base, address, seconds, report))


async def _hostile(base: str, address: str, seconds: float, report) -> None:
    counts: dict[str, int] = {}
    end = time.monotonic() + seconds
    headers = {"X-Forwarded-For": address}

    def count(key: str) -> None:
        counts[key] = counts.get(key, 0) + 1

    sessions: list[tuple[httpx.AsyncClient, str]] = []

    async def new_session() -> None:
        client = httpx.AsyncClient(base_url=base, timeout=60, headers=headers)
        r = await client.post("/api/v1/runs", json=MAX_RUN)
        count(f"create max run {r.status_code}")
        if r.status_code == 201:
            sessions.append((client, r.json()["id"]))
        else:
            await client.aclose()

    async def sessions_loop() -> None:
        while time.monotonic() < end and len(sessions) < 60:
            await new_session()

    async def step_loop(i: int) -> None:
        largest = None
        while time.monotonic() < end:
            if not sessions:
                await asyncio.sleep(0.1)
                continue
            client, run_id = sessions[i % len(sessions)]
            r = await client.post(f"/api/v1/runs/{run_id}/step", json={"updates": largest or 10_000})
            count(f"step {r.status_code}")
            if r.status_code == 422 and largest is None:
                largest = int(r.json()["detail"][0]["msg"].split("at most ")[1].split()[0])
            elif r.status_code in (429, 503):
                await asyncio.sleep(float(r.headers.get("retry-after", 1)) / 4)

    async def stream_loop(i: int) -> None:
        while time.monotonic() < end:
            if not sessions:
                await asyncio.sleep(0.1)
                continue
            client, run_id = sessions[i % len(sessions)]
            try:
                async with client.stream("GET", f"/api/v1/runs/{run_id}/stream?speed=1000") as r:
                    count(f"stream {r.status_code}")
                    if r.status_code != 200:
                        await asyncio.sleep(0.5)
                        continue
                    async for _ in r.aiter_raw(65536):
                        if time.monotonic() > end:
                            break
            except httpx.HTTPError:
                count("stream error")

    async def creations() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60, headers=headers) as anon:
            for i in range(1000):
                if time.monotonic() > end:
                    break
                if i % 2 and sessions:
                    client = sessions[i % len(sessions)][0]
                    r = await client.post("/api/v1/runs", json=PLAYGROUND_DEFAULT)
                else:
                    anon.cookies.clear()
                    r = await anon.post("/api/v1/runs", json=PLAYGROUND_DEFAULT)
                count(f"create {r.status_code}")

    async def bodies() -> None:
        big = b"[" + b"1," * (25 * 2**20) + b"1]"  # 50 MB
        async with httpx.AsyncClient(base_url=base, timeout=60, headers=headers) as client:
            while time.monotonic() < end:
                try:
                    r = await client.post("/api/v1/trace", content=big, headers={"content-type": "application/json"})
                    count(f"50MB body {r.status_code}")
                except httpx.HTTPError:
                    count("50MB body connection closed")
                await asyncio.sleep(0.5)

    await asyncio.gather(sessions_loop(), *(step_loop(i) for i in range(40)),
                         *(stream_loop(i) for i in range(200)), creations(), bodies(), return_exceptions=True)
    for client, _ in sessions:
        await client.aclose()
    report.put(counts)


# ---------------------------------------------------------------- the run

def summary(name: str, fps: dict, stats: dict, base_fps: float | None) -> str:
    med = statistics.median(fps.values())
    page, health = stats["page"], stats["healthz"]
    share = f", {med / base_fps:.0%} of alone" if base_fps else ""
    return (f"{name:8s} frames/s per learner median {med:.1f} (min {min(fps.values()):.1f}){share}; "
            f"/lessons/backprop p50 {pct(page, 0.5):.0f} ms p99 {pct(page, 0.99):.0f} ms; "
            f"/healthz p50 {pct(health, 0.5):.0f} ms p99 {pct(health, 0.99):.0f} ms, "
            f"unanswered {sum(1 for v in health if v == float('inf'))}; learner errors {len(stats['errors'])}")


def new_stats() -> dict:
    return {"frames": {}, "runs": [], "errors": [], "page": [], "healthz": []}


async def lost_runs(base: str, runs: list) -> int:
    lost = 0
    for address, cookie, run_id in runs:
        async with httpx.AsyncClient(base_url=base, timeout=30, headers={"X-Forwarded-For": address},
                                     cookies={"nnlab_session": cookie}) as client:
            lost += (await client.get(f"/api/v1/runs/{run_id}")).status_code != 200
    return lost


async def main(args) -> None:
    pin = (os.cpu_count() or 1) >= 2 and not args.no_pin
    proc, base = start_server(pin)
    if pin:
        os.sched_setaffinity(0, set(range(1, os.cpu_count())))
    print(f"server on CPU 0, clients on CPUs 1..{os.cpu_count() - 1}" if pin else "no CPU pinning")
    peak = [0.0]
    watching = threading.Event()

    def watch() -> None:
        while not watching.is_set():
            peak[0] = max(peak[0], rss_mb(proc.pid))
            time.sleep(0.25)

    threading.Thread(target=watch, daemon=True).start()
    phases = args.phases.split(",")
    base_fps = None
    try:
        print(f"server RSS at start {rss_mb(proc.pid):.0f} MB")
        for phase in phases:
            addresses = [CLASS_ADDRESS.format(i + 1) for i in range(args.learners)]
            stats = new_stats()
            if phase == "alone":
                fps = await measure(base, addresses, args.seconds, stats)
                base_fps = statistics.median(fps.values())
                print(summary(phase, fps, stats, None), flush=True)
                continue
            report = multiprocessing.Queue()
            address = HOSTILE_ADDRESS if phase == "hostile" else addresses[0]
            ready = asyncio.Event()
            proc_h = None

            async def start_hostile() -> None:
                nonlocal proc_h
                await ready.wait()
                proc_h = multiprocessing.Process(target=hostile, args=(base, address, args.seconds + 12, report))
                proc_h.start()

            # Counting starts 8 s after the hostile client, when it is at full strength.
            measured = asyncio.create_task(measure(base, addresses, args.seconds, stats, ready, warmup=8))
            await start_hostile()
            fps = await measured
            proc_h.join(60)
            counts = report.get(timeout=30) if not report.empty() else {}
            print(summary(phase, fps, stats, base_fps), flush=True)
            print(f"         hostile requests: {json.dumps(dict(sorted(counts.items())))}")
            print(f"         learner runs lost: {await lost_runs(base, stats['runs'])} of {len(stats['runs'])}")
        watching.set()
        print(f"server peak RSS {peak[0]:.0f} MB (settings: defaults; NNLAB_STORE_MB bounds the runs' part)")
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--phases", default="alone,hostile,nat")
    parser.add_argument("--no-pin", action="store_true", help="let the server and the clients share every CPU")
    os.chdir(ROOT)
    asyncio.run(main(parser.parse_args()))
