"""Training updates per second: nnlib's Trainer beside a bare NumPy loop and PyTorch (CPU, float64).

Cases (plain SGD, constant learning rate, no shuffling, each update = forward, loss, backward, step):
  a12  the lecture's L1 network 1-2-1 relu (w111 = 20, b11 = -10, w121 = 40, b12 = -200, w211 = 1,
       w212 = -1, b21 = 0) on the 12-sample fruit set, mse, full batch 12
  a1   the same, batch 1 (stochastic)
  b    2-8-8-1, tanh hidden layers, identity output, mse, on 200 circle points (label 0/1), batch 10
  c    784-128-64-10 relu, identity output, cross-entropy on class indices, 2048 random samples, batch 64

Each implementation starts every round from the same weights and runs its own calibrated number of updates
(about --seconds each); --rounds rounds alternate the implementations (rotating the order). The table gives
the median updates/s, and the ratios nnlib/bare and nnlib/torch as the median of the per-round ratios (whose
members ran back to back, so they saw the same machine load). Before timing, the three are checked to compute
the same maths: after 25 updates from the same start their weights agree to 1e-9 (relative).

Clock: by default the process's CPU time (time.process_time), so other work on the shared 2-core machine
slows the figures less (all three implementations compute on the calling thread); --clock wall for elapsed
time. On an idle machine the two agree.

Threads: BLAS/OpenMP run with 1 thread (OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = 1 unless
already set) and torch.set_num_threads(1), so every implementation uses one core. The machine's
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are kept as they are; --openblas-default reruns with both unset (as the
machine README allows for benchmarks), so OpenBLAS picks its own kernel.

Run: .venv/bin/python benchmarks/bench_train.py [--seconds 0.15] [--rounds 7] [--cases a12,b] [--openblas-default]
"""

from __future__ import annotations

import argparse
import os
import sys


def _parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=0.15, help="target time of one timed repetition")
    p.add_argument("--rounds", type=int, default=7, help="interleaved repetitions per implementation")
    p.add_argument("--cases", default="a12,a1,b,c", help="comma-separated subset of a12,a1,b,c")
    p.add_argument("--no-torch", action="store_true", help="skip PyTorch even when installed")
    p.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                   help="cpu: the process's CPU time (default; steady when other work shares the cores); "
                        "wall: elapsed time")
    p.add_argument("--openblas-default", action="store_true",
                   help="rerun with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (OpenBLAS picks its kernel)")
    return p.parse_args(argv)


ARGS = _parse()
if ARGS.openblas_default and ("OPENBLAS_CORETYPE" in os.environ or "OPENBLAS_L2_SIZE" in os.environ):
    # The variables are read when OpenBLAS loads, so unset them for a fresh interpreter (this command only).
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__), *sys.argv[1:]], env)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import flush_print, machine, median, table  # noqa: E402

from nnlib import data, spec  # noqa: E402
from nnlib.losses import LOSSES  # noqa: E402
from nnlib.optimizers import OPTIMIZERS  # noqa: E402
from nnlib.training import Trainer  # noqa: E402

try:
    if ARGS.no_torch:
        raise ImportError
    import torch
    torch.set_num_threads(1)
except ImportError:
    torch = None


# ---------------------------------------------------------------------------------------------- the cases

class Case:
    """A network (weights, biases, activations), data, loss, batch size and learning rate."""

    def __init__(self, key, title, weights, biases, acts, loss, x, y, batch_size, lr, targets):
        self.key, self.title = key, title
        self.weights, self.biases, self.acts = weights, biases, acts
        self.loss, self.x, self.y, self.batch_size, self.lr = loss, x, y, batch_size, lr
        self.targets = targets  # {"bare": min nnlib/bare, "torch": min nnlib/torch}
        assert len(x) % batch_size == 0, "the bare loops assume whole batches"


def _he(rng, sizes):
    ws = [rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in)) for fan_in, fan_out in zip(sizes, sizes[1:])]
    bs = [np.zeros(n) for n in sizes[1:]]
    return ws, bs


def make_cases(keys):
    cases = []
    fruit = data.fruit()
    # The lecture's L1 weights (SYLLABUS L1): weight[j][k] of layer i = w_{i,j+1,k+1}.
    l1_w = [np.array([[20.0], [40.0]]), np.array([[1.0, -1.0]])]
    l1_b = [np.array([-10.0, -200.0]), np.array([0.0])]
    # lr small enough that the relu network (outputs ~ 90, inputs up to 9.25) trains without diverging.
    for key, bs in (("a12", 12), ("a1", 1)):
        cases.append(Case(key, f"L1 1-2-1 relu, fruit 12, batch {bs}", l1_w, l1_b, ["relu", "relu"], "mse",
                          fruit.x, fruit.y.astype(np.float64), bs, 1e-5, {"bare": 0.5}))
    rng = np.random.default_rng(0)
    circle = data.make("circle", n=200, noise=0.1, rng=rng)
    w, b = _he(rng, [2, 8, 8, 1])
    cases.append(Case("b", "2-8-8-1 tanh, circle 200, batch 10", w, b, ["tanh", "tanh", "identity"], "mse",
                      circle.x, circle.y.astype(np.float64), 10, 0.01, {"bare": 0.5, "torch": 4.0}))
    w, b = _he(rng, [784, 128, 64, 10])
    x = rng.normal(size=(2048, 784))
    y = rng.integers(0, 10, size=2048)
    cases.append(Case("c", "784-128-64-10 relu, CE, 2048 random, batch 64", w, b, ["relu", "relu", "identity"],
                      "cross_entropy", x, y, 64, 0.01, {"torch": 1.0}))
    return [c for c in cases if c.key in keys]


# ------------------------------------------------------------------------------------------ implementations
# Each factory builds fresh state from the case's start and returns (run(k) -> None, weights() -> list).

def nnlib_factory(case: Case):
    layers = [{"units": w.shape[0], "activation": act, "weight": w.tolist(), "bias": b.tolist()}
              for w, b, act in zip(case.weights, case.biases, case.acts)]
    model = spec.build({"inputs": case.x.shape[1], "layers": layers}, np.random.default_rng(0))
    opt = OPTIMIZERS["sgd"](model.parameters(), case.lr)
    trainer = Trainer(model, LOSSES[case.loss](), opt, case.x, case.y, case.batch_size, shuffle=False,
                      rng=np.random.default_rng(0))

    def run(k):
        update = trainer.update
        for _ in range(k):
            update()

    def weights():
        return [p.data.copy() for p in model.parameters()]

    return run, weights


def bare_factory(case: Case):
    """The same maths written out with NumPy arrays: forward, loss, backward, update."""
    Ws = [w.copy() for w in case.weights]
    Bs = [b.copy() for b in case.biases]
    acts, lr, bs, mse = case.acts, case.lr, case.batch_size, case.loss == "mse"
    x = case.x
    y = case.y[:, None] if mse else case.y
    m = len(x)
    layers = range(len(Ws))
    losses = []

    def run(k):
        pos = 0
        for _ in range(k):
            xb, yb = x[pos:pos + bs], y[pos:pos + bs]
            pos = pos + bs if pos + bs < m else 0
            a, cache = xb, []
            for W, b, act in zip(Ws, Bs, acts):
                z = a @ W.T + b
                out = np.maximum(z, 0.0) if act == "relu" else np.tanh(z) if act == "tanh" else z
                cache.append((a, z, out))
                a = out
            n = len(xb)
            if mse:
                d = a - yb
                losses.append(float(np.mean(d * d)))
                g = 2.0 * d / d.size
            else:
                s = a - a.max(axis=1, keepdims=True)
                logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
                rows = np.arange(n)
                losses.append(float(-logp[rows, yb].mean()))
                g = np.exp(logp)
                g[rows, yb] -= 1.0
                g /= n
            for i in reversed(layers):
                a_in, z, out = cache[i]
                if acts[i] == "relu":
                    g = g * (z > 0)
                elif acts[i] == "tanh":
                    g = g * (1.0 - out * out)
                gW, gb = g.T @ a_in, g.sum(axis=0)
                if i:
                    g = g @ Ws[i]
                Ws[i] -= lr * gW
                Bs[i] -= lr * gb
            if len(losses) > 100_000:
                losses.clear()

    def weights():
        return [a.copy() for pair in zip(Ws, Bs) for a in pair]

    return run, weights


def torch_factory(case: Case):
    mods = []
    for w, b, act in zip(case.weights, case.biases, case.acts):
        lin = torch.nn.Linear(w.shape[1], w.shape[0]).double()
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w))
            lin.bias.copy_(torch.from_numpy(b))
        mods.append(lin)
        if act == "relu":
            mods.append(torch.nn.ReLU())
        elif act == "tanh":
            mods.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*mods)
    opt = torch.optim.SGD(model.parameters(), lr=case.lr)
    if case.loss == "mse":
        loss_fn, y = torch.nn.MSELoss(), torch.from_numpy(case.y[:, None].copy())
    else:
        loss_fn, y = torch.nn.CrossEntropyLoss(), torch.from_numpy(case.y.astype(np.int64))
    x = torch.from_numpy(case.x.copy())
    bs, m = case.batch_size, len(case.x)
    losses = []

    def run(k):
        pos = 0
        for _ in range(k):
            xb, yb = x[pos:pos + bs], y[pos:pos + bs]
            pos = pos + bs if pos + bs < m else 0
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            losses.append(loss.item())  # nnlib records every update's loss too
            if len(losses) > 100_000:
                losses.clear()

    def weights():
        return [p.detach().numpy().copy() for p in model.parameters()]

    return run, weights


# ------------------------------------------------------------------------------------------------ running

def check_same(case, factories, k=25):
    """After k updates from the same start, every implementation's weights agree with nnlib's."""
    ref = None
    for name, factory in factories.items():
        run, weights = factory(case)
        run(k)
        ws = weights()
        if ref is None:
            ref = ws
            continue
        for a, b in zip(ref, ws):
            if not np.allclose(a, b, rtol=1e-9, atol=1e-12):
                raise AssertionError(f"{case.key}: {name} disagrees with nnlib after {k} updates "
                                     f"(max diff {np.max(np.abs(a - b)):.3g})")


def clock() -> float:
    return time.process_time() if ARGS.clock == "cpu" else time.perf_counter()


def calibrate(factory, case, seconds):
    run, _ = factory(case)
    k = 1
    while True:
        t0 = clock()
        run(k)
        dt = clock() - t0
        if dt > 0.02 or k >= 1 << 20:
            return max(1, int(k * seconds / dt))
        k *= 4


def bench_case(case, factories, rounds, seconds):
    ks = {name: calibrate(f, case, seconds) for name, f in factories.items()}
    rates = {name: [] for name in factories}
    names = list(factories)
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            run, _ = factories[name](case)
            t0 = clock()
            run(ks[name])
            rates[name].append(ks[name] / (clock() - t0))
    return rates


def main():
    keys = ARGS.cases.split(",")
    factories = {"nnlib": nnlib_factory, "bare": bare_factory}
    if torch is not None:
        factories["torch"] = torch_factory
    flush_print("== bench_train: SGD updates per second (median of "
                f"{ARGS.rounds} interleaved rounds, ~{ARGS.seconds:g} s per run, {ARGS.clock} clock) ==")
    for line in machine():
        flush_print(line)
    flush_print(f"torch: {torch.__version__ + ', 1 thread, float64' if torch is not None else 'not installed'}")
    rows, results = [], {}
    t_start = time.perf_counter()
    for case in make_cases(keys):
        check_same(case, factories)
        rates = bench_case(case, factories, ARGS.rounds, ARGS.seconds)
        res = {name: median(v) for name, v in rates.items()}
        # Ratios: the median of each round's ratio, whose members ran back to back under the same load.
        ratio = {name: median([a / b for a, b in zip(rates["nnlib"], v)]) for name, v in rates.items()}
        results[case.key] = {"rates": res, "ratios": ratio}
        nb = ratio["bare"]
        nt = ratio.get("torch")
        verdict = []
        for ref, ratio in (("bare", nb), ("torch", nt)):
            if ref in case.targets and ratio is not None:
                ok = ratio >= case.targets[ref]
                verdict.append(f"{ref}>={case.targets[ref]:g}x {'ok' if ok else 'MISSED'}")
        rows.append([f"{case.key}: {case.title}", f"{res['nnlib']:,.0f}", f"{res['bare']:,.0f}",
                     f"{res['torch']:,.0f}" if "torch" in res else "-", f"{nb:.2f}",
                     f"{nt:.2f}" if nt is not None else "-", ", ".join(verdict) or "-"])
    flush_print("")
    flush_print(table(["case", "nnlib/s", "bare/s", "torch/s", "nnlib/bare", "nnlib/torch", "target"], rows))
    flush_print("updates/s: median over rounds; ratios: median of the rounds' ratios. Weights of all "
                f"implementations agree after 25 updates. Total {time.perf_counter() - t_start:.1f} s, "
                f"load average now {os.getloadavg()[0]:.1f}.")
    return results


if __name__ == "__main__":
    main()
