"""Dropout in train mode against eval mode, on the lecture's network (slide 6, app.lecture) with a Dropout(p) layer
after its hidden layer, evaluated by nnlib for one input x.

In train mode every call draws a new mask m ~ Bernoulli(1 - p) per hidden neuron and scales the kept outputs by
1/(1 - p), so the mean over masks is the eval-mode output; in eval mode dropout is the identity and repeated calls
agree. Shapes: x (1, 1) -> hidden (1, 2) -> y21 (1, 1); a mask is (2,).
"""

from __future__ import annotations

import numpy as np

from app import bounds as B
from app import lecture
from nnlib.spec import build

X = B.Bound(-1000, 1000)  # the demonstration's input x
DRAWS = B.Bound(0, 1_000_000, integer=True)  # which masks are drawn (the seed of the dropout layer)
TRAIN_CALLS = 5  # train-mode calls shown
EVAL_CALLS = 2  # eval-mode calls shown


def network(p: float, seed: int):
    """The lecture's network with Dropout(p) after the hidden layer; its masks come from a generator seeded with
    `seed`."""
    spec = lecture.network_spec()
    hidden, output = spec["layers"]
    return build({"inputs": 1, "layers": [hidden, {"type": "dropout", "p": p}, output]}, np.random.default_rng(seed))


def calls(p: float, x: float, seed: int, train_calls: int = TRAIN_CALLS, eval_calls: int = EVAL_CALLS) -> dict:
    """The same weights and input, called `train_calls` times in train mode and `eval_calls` times in eval mode.

    Returns {"hidden": (y11, y12), "train": [(mask (2,), y21)], "eval": [y21]}; a mask is what Dropout multiplied
    the hidden outputs by (0 or 1/(1 - p)).
    """
    model = network(p, seed)
    xs = np.array([[x]])
    model.train()
    train = []
    for _ in range(train_calls):
        y = float(model.forward(xs)[0, 0])
        train.append((tuple(float(m) for m in model.layers[1].mask[0]), y))
    hidden = tuple(float(v) for v in model.layers[0].a[0])
    model.eval()
    evals = [float(model.forward(xs)[0, 0]) for _ in range(eval_calls)]
    return {"hidden": hidden, "train": train, "eval": evals}
