"""Convolution speed: nnlib's Conv2d forward + backward beside PyTorch (CPU, float64), and a LeNet training update.

Cases (batch 32; one step = forward, then backward of L = sum(out * G) with a fixed G, parameter gradients
zeroed first; the first layer skips dL/dx in both, as in training):
  c8    conv 1->8 3x3 relu, conv 8->16 3x3, on 8x8 images
  c28   the same two layers on 28x28 images
  lenet one Trainer update (forward, cross-entropy, backward, Adam step) of the lessons' LeNet on the 8x8 digits:
        conv 1->6 3x3 pad 1 relu, maxpool 2, conv 6->12 3x3 pad 1 relu, maxpool 2, flatten, dense 10

Both implementations start every round from the same weights and run their own calibrated number of steps
(about --seconds each); --rounds rounds alternate them (rotating the order). The table gives the median steps/s,
and nnlib/torch as the median of the per-round ratios (members of a round ran back to back). Before timing,
the two are checked to compute the same maths: after 3 steps their gradients (c8, c28) or weights (lenet) agree
to 1e-9 (relative). Target: nnlib within 3x of torch (nnlib/torch >= 0.33).

Clock and threads as bench_train.py: the process's CPU time by default (--clock wall for elapsed time); BLAS
and torch on one thread. --openblas-default reruns with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset.

Run: .venv/bin/python benchmarks/bench_conv.py [--seconds 0.2] [--rounds 7] [--cases c8,c28,lenet]
"""

from __future__ import annotations

import argparse
import os
import sys


def _parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=0.2, help="target time of one timed repetition")
    p.add_argument("--rounds", type=int, default=7, help="interleaved repetitions per implementation")
    p.add_argument("--cases", default="c8,c28,lenet", help="comma-separated subset of c8,c28,lenet")
    p.add_argument("--clock", choices=("cpu", "wall"), default="cpu", help="cpu: process CPU time; wall: elapsed")
    p.add_argument("--openblas-default", action="store_true",
                   help="rerun with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (OpenBLAS picks its kernel)")
    return p.parse_args(argv)


ARGS = _parse()
if ARGS.openblas_default and ("OPENBLAS_CORETYPE" in os.environ or "OPENBLAS_L2_SIZE" in os.environ):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__), *sys.argv[1:]], env)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import flush_print, machine, median, table  # noqa: E402

from nnlib import images, spec  # noqa: E402
from nnlib.conv import AvgPool2d, Conv2d, Flatten, MaxPool2d  # noqa: E402
from nnlib.layers import Dense  # noqa: E402
from nnlib.losses import LOSSES  # noqa: E402
from nnlib.optimizers import OPTIMIZERS  # noqa: E402
from nnlib.training import Trainer  # noqa: E402

try:
    import torch
    torch.set_num_threads(1)
except ImportError:
    torch = None

BATCH = 32
TARGET = 1 / 3

TWO_CONVS = [
    {"type": "conv2d", "out_channels": 8, "kernel_size": 3, "activation": "relu"},
    {"type": "conv2d", "out_channels": 16, "kernel_size": 3},
]
LENET = [
    {"type": "conv2d", "out_channels": 6, "kernel_size": 3, "padding": 1, "activation": "relu"},
    {"type": "maxpool2d", "kernel_size": 2},
    {"type": "conv2d", "out_channels": 12, "kernel_size": 3, "padding": 1, "activation": "relu"},
    {"type": "maxpool2d", "kernel_size": 2},
    {"type": "flatten"},
    {"units": 10},
]


class Case:
    def __init__(self, key, title, inputs, layers, x, y=None):
        self.key, self.title, self.x, self.y = key, title, x, y
        # The start weights, drawn once; every implementation and round begins from them.
        self.spec = spec.to_spec(spec.build({"inputs": inputs, "layers": layers}, np.random.default_rng(0)), inputs)
        self.grad_out = None


def make_cases(keys):
    rng = np.random.default_rng(1)
    cases = []
    for key, side in (("c8", 8), ("c28", 28)):
        case = Case(key, f"conv 1->8->16 3x3, {BATCH} images {side}x{side}, fwd+bwd", [1, side, side], TWO_CONVS,
                    rng.uniform(size=(BATCH, 1, side, side)))
        case.grad_out = rng.normal(size=(BATCH, 16, side - 4, side - 4))
        cases.append(case)
    (x, y), _, _ = images.digits_split(np.random.default_rng(0), val=0.0, test=0.2)
    cases.append(Case("lenet", f"LeNet update on digits, batch {BATCH}, Adam", [1, 8, 8], LENET, x, y))
    return [c for c in cases if c.key in keys]


# ------------------------------------------------------------------------------------------ implementations
# Each factory builds fresh state from the case's start and returns (run(k) -> None, result() -> list of arrays).

def nnlib_factory(case: Case):
    model = spec.build(case.spec, np.random.default_rng(0))
    params = model.parameters()
    if case.key == "lenet":
        trainer = Trainer(model, LOSSES["cross_entropy"](), OPTIMIZERS["adam"](params, lr=0.01), case.x, case.y,
                          BATCH, shuffle=False, rng=np.random.default_rng(0))

        def run(k):
            update = trainer.update
            for _ in range(k):
                update()

        return run, lambda: [p.data.copy() for p in params]

    x, g = case.x, case.grad_out

    def run(k):
        for _ in range(k):
            model.zero_grad()
            model.forward(x)
            model.backward(g, need_input_grad=False)

    return run, lambda: [p.grad.copy() for p in params]


def torch_module(layers):
    mods = []
    for layer in layers:
        if isinstance(layer, Conv2d):
            m = torch.nn.Conv2d(layer.in_channels, layer.out_channels, layer.kernel_size, layer.stride,
                                layer.padding).double()
            with torch.no_grad():
                m.weight.copy_(torch.from_numpy(layer.weight.data))
                m.bias.copy_(torch.from_numpy(layer.bias.data))
            mods.append(m)
            if layer.activation.name == "relu":
                mods.append(torch.nn.ReLU())
        elif isinstance(layer, Dense):
            m = torch.nn.Linear(layer.in_features, layer.out_features).double()
            with torch.no_grad():
                m.weight.copy_(torch.from_numpy(layer.weight.data))
                m.bias.copy_(torch.from_numpy(layer.bias.data))
            mods.append(m)
        elif isinstance(layer, MaxPool2d):
            mods.append(torch.nn.MaxPool2d(layer.kernel_size, layer.stride))
        elif isinstance(layer, AvgPool2d):
            mods.append(torch.nn.AvgPool2d(layer.kernel_size, layer.stride))
        elif isinstance(layer, Flatten):
            mods.append(torch.nn.Flatten())
    return torch.nn.Sequential(*mods)


def torch_factory(case: Case):
    model = torch_module(spec.build(case.spec, np.random.default_rng(0)).layers)
    params = list(model.parameters())
    x = torch.from_numpy(case.x.copy())
    if case.key == "lenet":
        y = torch.from_numpy(case.y.astype(np.int64))
        opt = torch.optim.Adam(params, lr=0.01)
        loss_fn = torch.nn.CrossEntropyLoss()
        m = len(case.x)
        losses = []

        def run(k):
            pos = 0
            for _ in range(k):
                stop = min(pos + BATCH, m)
                opt.zero_grad()
                loss = loss_fn(model(x[pos:stop]), y[pos:stop])
                loss.backward()
                opt.step()
                losses.append(loss.item())  # nnlib records every update's loss too
                pos = 0 if stop == m else stop
                if len(losses) > 100_000:
                    losses.clear()

        return run, lambda: [p.detach().numpy().copy() for p in params]

    g = torch.from_numpy(case.grad_out)

    def run(k):
        for _ in range(k):
            model.zero_grad(set_to_none=True)
            model(x).backward(g)

    return run, lambda: [p.grad.numpy().copy() for p in params]


# ------------------------------------------------------------------------------------------------ running

def check_same(case, factories, k=3):
    results = {}
    for name, factory in factories.items():
        run, result = factory(case)
        run(k)
        results[name] = result()
    ref = results.pop("nnlib")
    for name, arrays in results.items():
        for a, b in zip(ref, arrays, strict=True):
            if not np.allclose(a, b, rtol=1e-9, atol=1e-12 * max(1.0, float(np.max(np.abs(b))))):
                raise AssertionError(f"{case.key}: {name} disagrees with nnlib after {k} steps "
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
        if dt > 0.05 or k >= 1 << 16:
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
    factories = {"nnlib": nnlib_factory}
    if torch is not None:
        factories["torch"] = torch_factory
    flush_print(f"== bench_conv: steps per second (median of {ARGS.rounds} interleaved rounds, "
                f"~{ARGS.seconds:g} s per run, {ARGS.clock} clock) ==")
    for line in machine():
        flush_print(line)
    flush_print(f"torch: {torch.__version__ + ', 1 thread, float64' if torch is not None else 'not installed'}")
    rows, results = [], {}
    t_start = time.perf_counter()
    for case in make_cases(ARGS.cases.split(",")):
        check_same(case, factories)
        rates = bench_case(case, factories, ARGS.rounds, ARGS.seconds)
        res = {name: median(v) for name, v in rates.items()}
        ratio = median([a / b for a, b in zip(rates["nnlib"], rates["torch"])]) if "torch" in rates else None
        results[case.key] = {"rates": res, "ratio": ratio}
        verdict = "-" if ratio is None else f"torch/3 {'ok' if ratio >= TARGET else 'MISSED'}"
        rows.append([f"{case.key}: {case.title}", f"{res['nnlib']:,.0f}", f"{1e3 / res['nnlib']:.2f}",
                     f"{res['torch']:,.0f}" if "torch" in res else "-",
                     f"{1e3 / res['torch']:.2f}" if "torch" in res else "-",
                     f"{ratio:.2f}" if ratio is not None else "-", verdict])
    flush_print("")
    flush_print(table(["case", "nnlib/s", "nnlib ms", "torch/s", "torch ms", "nnlib/torch", "target"], rows))
    flush_print("steps/s: median over rounds; nnlib/torch: median of the rounds' ratios (>= 0.33: within 3x). "
                f"Results agree after 3 steps. Total {time.perf_counter() - t_start:.1f} s, load average now "
                f"{os.getloadavg()[0]:.1f}.")
    return results


if __name__ == "__main__":
    main()
