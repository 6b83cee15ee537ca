"""Profile nnlib's Trainer.update on bench_train's case b (2-8-8-1 tanh, batch 10) with cProfile.

Run: .venv/bin/python benchmarks/profile_update.py [--updates 20000] [--case b] [--top 25]
Prints the per-update time and the functions with the most own time (tottime).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.argv, _argv = sys.argv[:1] + ["--no-torch"], sys.argv[1:]  # bench_train parses its own arguments
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_train  # noqa: E402


def main():
    p = argparse.ArgumentParser(description="profile Trainer.update")
    p.add_argument("--updates", type=int, default=20000)
    p.add_argument("--case", default="b")
    p.add_argument("--top", type=int, default=25)
    args = p.parse_args(_argv)
    (case,) = bench_train.make_cases([args.case])
    run, _ = bench_train.nnlib_factory(case)
    run(100)
    t0 = time.perf_counter()
    run(args.updates)
    dt = time.perf_counter() - t0
    print(f"case {case.key} ({case.title}): {dt / args.updates * 1e6:.1f} us per update without profiler")
    run, _ = bench_train.nnlib_factory(case)
    prof = cProfile.Profile()
    prof.runcall(run, args.updates)
    pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
