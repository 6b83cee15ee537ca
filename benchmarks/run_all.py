"""Run every benchmark and print its table (make bench).

1. bench_train.py as the machine is set up (its OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE kept);
2. bench_train.py --openblas-default: the same with both unset, so OpenBLAS picks its own kernel
   (skipped when neither is set, or with --no-openblas-default);
3. bench_recompute.py: lesson 1's htmx recompute latency against a real uvicorn.
4. bench_stream.py: live-training streams (one learner, then fifty at once) against a real uvicorn.
5. bench_conv.py: Conv2d forward + backward (8x8 and 28x28 images) and a LeNet update, nnlib beside PyTorch.
6. bench_hostile.py: 30 learners streaming while a hostile client does its worst, against their frames alone.
7. bench_workers.py: a class on one worker with the memory store against several workers sharing Redis.
Each runs in its own interpreter (thread and OpenBLAS variables are read when NumPy loads). Exit status 1 if a
benchmark failed to run; a missed target is reported in the tables, not as a failure.

Run: .venv/bin/python benchmarks/run_all.py [--quick] [--no-openblas-default]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="shorter runs (3 rounds of 0.1 s, 200 requests)")
    p.add_argument("--no-openblas-default", action="store_true", help="skip the rerun with OpenBLAS's own kernel")
    args = p.parse_args(argv)
    train = ["--rounds", "3", "--seconds", "0.1"] if args.quick else []
    runs = [["bench_train.py", *train]]
    if not args.no_openblas_default and ("OPENBLAS_CORETYPE" in os.environ or "OPENBLAS_L2_SIZE" in os.environ):
        runs.append(["bench_train.py", *train, "--openblas-default"])
    runs.append(["bench_recompute.py", *(["-n", "200"] if args.quick else [])])
    runs.append(["bench_stream.py", *(["--learners", "10", "--seconds", "4"] if args.quick else [])])
    runs.append(["bench_conv.py", *(["--rounds", "3", "--seconds", "0.1"] if args.quick else [])])
    runs.append(["bench_hostile.py", *(["--learners", "10", "--seconds", "5", "--phases", "alone,hostile"]
                                       if args.quick else [])])
    runs.append(["bench_workers.py", *(["--learners", "20", "--seconds", "5", "--single-seconds", "3"]
                                       if args.quick else [])])
    failed = []
    for cmd in runs:
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, os.path.join(HERE, cmd[0]), *cmd[1:]])
        print(f"-- {' '.join(cmd)}: exit {rc}, {time.perf_counter() - t0:.1f} s\n", flush=True)
        if rc != 0:
            failed.append(" ".join(cmd))
    if failed:
        print("failed: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
