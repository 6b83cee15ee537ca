"""Lesson 12 (slides 65-70): attention, Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V, computed with nnlib.

Three parts:
- the workbench: the lecture's two sentences, "Mary had a little lamb." and "In the hospital, Mary had a little
  lamb.", as tokens with small fixed embeddings (D = 4 features each, no position), projected by the state's
  W_Q, W_K, W_V (D, D), and one attention head over each sentence (`nnlib.attention`);
- saturation: for random q, k with entries N(0, 1), how peaked softmax rows get as d_k grows, with and without
  the division by sqrt(d_k);
- the live model: one self-attention head and a dense layer (app.runs, model "attention") learning to reverse a
  token sequence; `run_attention` reads a trained run's attention weights for one validation example.

Shapes: embeddings x (T, D); W (D, D) in PyTorch's (out, in) layout, so Q = x W_Q^T; weights (T, T), rows are
queries, columns keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from app.formatting import number, percent
from app.plots import font, plot
from nnlib.attention import scaled_dot_product_attention

# ---------------------------------------------------------------- the workbench

D = 4  # features of an embedding, and d_k of the workbench's head (W_Q, W_K, W_V are D x D)
W_LIMIT = 10.0  # |entry of W_Q, W_K, W_V| <= W_LIMIT
FEATURES = ("person", "animal", "place", "function")  # what each of the D features stands for
FEATURE_KEYS = {"person": "tr.feature.person", "animal": "tr.feature.animal", "place": "tr.feature.place",
                "function": "tr.feature.function"}

# The embeddings: hand-made, one feature per kind of word (tr.feature.* names them); the same token has the same
# embedding in both sentences, so only the context tells its rows apart.
EMBEDDING: dict[str, tuple[float, float, float, float]] = {
    "In": (0.0, 0.0, 0.3, 1.0),
    "the": (0.0, 0.0, 0.1, 1.0),
    "hospital": (0.2, 0.0, 1.0, 0.0),
    ",": (0.0, 0.0, 0.0, 0.5),
    "Mary": (1.0, 0.0, 0.0, 0.0),
    "had": (0.5, 0.5, 0.0, 0.2),
    "a": (0.0, 0.0, 0.0, 0.8),
    "little": (0.0, 0.6, 0.0, 0.3),
    "lamb": (0.0, 1.0, 0.2, 0.0),
    ".": (0.0, 0.0, 0.0, 0.4),
}
SENTENCES: dict[str, tuple[str, ...]] = {
    "short": ("Mary", "had", "a", "little", "lamb", "."),
    "long": ("In", "the", "hospital", ",", "Mary", "had", "a", "little", "lamb", "."),
}
T_MAX = max(len(s) for s in SENTENCES.values())
SENTENCE_KEYS = {"short": "tr.sentence.short", "long": "tr.sentence.long"}  # the option of each sentence
HEAT_KEYS = {"short": "tr.heat.short", "long": "tr.heat.long"}  # the title of each sentence's heatmap
PRESET_KEYS = {"identity": "tr.preset.identity", "context": "tr.preset.context", "random": "tr.preset.random",
               "reset": "tr.preset.reset"}

IDENTITY = np.eye(D)
# The "context" preset: a query reads a word's animal feature into the place direction, so "lamb" (and "had",
# "little") look for a place; the keys and values stay the embeddings.
CONTEXT_Q = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 4.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]])


def random_weights(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """W_Q, W_K, W_V with entries N(0, 1), rounded to two decimals (they are typed into fields), by `seed`."""
    rng = np.random.default_rng(seed)
    return tuple(np.round(rng.normal(0.0, 1.0, size=(D, D)), 2) for _ in range(3))


def embed(sentence: str) -> np.ndarray:
    """The sentence's embeddings, (T, D)."""
    return np.array([EMBEDDING[token] for token in SENTENCES[sentence]], dtype=np.float64)


@dataclass
class Head:
    """One attention head over one sentence: tokens (T,), x (T, D), q, k, v (T, D), scores (T, T) (the
    masked entries -inf), weights (T, T), output (T, D)."""

    sentence: str
    tokens: tuple[str, ...]
    x: np.ndarray
    q: np.ndarray
    k: np.ndarray
    v: np.ndarray
    scores: np.ndarray
    weights: np.ndarray
    output: np.ndarray
    scale: bool
    causal: bool

    @property
    def raw(self) -> np.ndarray:
        """q_i . k_j before any scaling or mask, (T, T)."""
        return self.q @ self.k.T


def head(sentence: str, wq, wk, wv, scale: bool = True, causal: bool = False) -> Head:
    """softmax(Q K^T / sqrt(d_k)) V over the sentence by nnlib, with Q = X W_Q^T, K = X W_K^T, V = X W_V^T."""
    x = embed(sentence)
    q, k, v = x @ np.asarray(wq).T, x @ np.asarray(wk).T, x @ np.asarray(wv).T
    out, weights, scores = scaled_dot_product_attention(q, k, v, scale=scale, causal=causal)
    return Head(sentence, SENTENCES[sentence], x, q, k, v, scores, weights, out, scale, causal)


def heatmap(h: Head, title: str, t, row: int | None = None) -> dict:
    """The attention weights as a heatmap: keys across, queries down (the first token on top), darker is heavier
    (the numbers on hover, and the chosen row's in the table under it: 100 numbers printed on the cells would
    double the time of each redraw); `row` (0-based) outlined."""
    n = len(h.tokens)
    labels = [f"{i + 1} {tok}" for i, tok in enumerate(h.tokens)]
    trace = {"type": "heatmap", "z": np.round(h.weights, 4).tolist(), "x": list(range(n)), "y": list(range(n)),
             "zmin": 0, "zmax": 1, "colorscale": "Blues", "reversescale": True, "hovertemplate": "%{z:.3f}<extra></extra>", "colorbar": {"title": {"text": t("tr.axis.weight")}}}
    axis = {"tickvals": list(range(n)), "ticktext": labels, "tickangle": 0}
    layout = {"title": {"text": title}, "xaxis": {**axis, "title": {"text": t("tr.axis.key")}, "tickangle": -45},
              "yaxis": {**axis, "title": {"text": t("tr.axis.query")}, "autorange": "reversed"},
              "margin": {"l": 110, "r": 20, "t": 50, "b": 120}, "font": font(14)}
    if row is not None and 0 <= row < n:
        layout["shapes"] = [{"type": "rect", "xref": "x", "yref": "y", "x0": -0.5, "x1": n - 0.5,
                             "y0": row - 0.5, "y1": row + 0.5, "line": {"color": "#d62728", "width": 3}}]
    return plot([trace], layout, height=170 + 34 * n)


@dataclass
class RowMaths:
    """The numbers of one query row i: q_i (D,), per key j the dot product q_i.k_j, the score that enters the
    softmax (scaled, masked: None), the weight a_ij; and the output sum_j a_ij v_j (D,)."""

    token: str
    q: list[float]
    rows: list[dict]
    output: list[float]


def row_maths(h: Head, i: int) -> RowMaths:
    rows = []
    for j, tok in enumerate(h.tokens):
        masked = not np.isfinite(h.scores[i, j])
        rows.append({"token": tok, "k": h.k[j].tolist(), "v": h.v[j].tolist(), "dot": float(h.raw[i, j]),
                     "score": None if masked else float(h.scores[i, j]), "weight": float(h.weights[i, j]),
                     "masked": masked})
    return RowMaths(h.tokens[i], h.q[i].tolist(), rows, h.output[i].tolist())


def shared_shift(short: Head, long: Head) -> float:
    """How much the context moves the shared tokens' attention: the largest |a_short - a_long| over the rows and
    columns of the tokens both sentences have ("Mary" .. "."), each sentence's weights as its heatmap shows them."""
    offset = len(long.tokens) - len(short.tokens)
    return float(np.max(np.abs(short.weights - long.weights[offset:, offset:])))


# ---------------------------------------------------------------- saturation: the division by sqrt(d_k)

DK_MIN, DK_MAX = 2, 64  # d_k the saturation part takes (app.bounds.HEAD_DIM allows up to 64 as well)
SAT_KEYS = 10  # keys per row (as many tokens as the long sentence)
SAT_ROWS = 200  # random rows averaged per d_k
DK_CURVE = np.arange(DK_MIN, DK_MAX + 1)


@dataclass(frozen=True)
class Saturation:
    """Per d_k of DK_CURVE: the mean largest weight of a softmax row and the mean entropy (nats) of a row, for
    random q (SAT_ROWS, d_k), k (SAT_KEYS, d_k) with N(0, 1) entries, with and without scaling."""

    dk: np.ndarray
    max_scaled: np.ndarray
    max_unscaled: np.ndarray
    entropy_scaled: np.ndarray
    entropy_unscaled: np.ndarray


@cache
def _draws(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """q (SAT_ROWS, DK_MAX) and k (SAT_ROWS, SAT_KEYS, DK_MAX) with N(0, 1) entries; a d_k uses the first d_k
    components of each, so every d_k sees the same draws (and the curve is smooth in d_k)."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(SAT_ROWS, DK_MAX)), rng.normal(size=(SAT_ROWS, SAT_KEYS, DK_MAX))


def row_weights(dk: int, seed: int, scale: bool) -> np.ndarray:
    """SAT_ROWS softmax rows, (SAT_ROWS, SAT_KEYS): each random query against its own SAT_KEYS random keys, by
    nnlib's attention."""
    q, k = _draws(seed)
    _, w, _ = scaled_dot_product_attention(q[:, None, :dk], k[:, :, :dk], k[:, :, :dk], scale=scale)
    return w[:, 0, :]


def _entropy(w: np.ndarray) -> np.ndarray:
    """The entropy of each row (nats), 0 log 0 taken as 0."""
    return -np.sum(w * np.log(np.maximum(w, 1e-300)), axis=-1)


@cache
def saturation(seed: int) -> Saturation:
    """Every d_k of DK_CURVE in one call of nnlib's attention: a query's components beyond d_k are set to 0 (so
    q.k sums over the first d_k), and for the scaled rows q is divided by sqrt(d_k) beforehand."""
    q, k = _draws(seed)
    keep = np.arange(DK_MAX)[None, :] < DK_CURVE[:, None]  # (curve, DK_MAX)
    qs = q[None, :, None, :] * keep[:, None, None, :]  # (curve, SAT_ROWS, 1, DK_MAX)
    out = {}
    for scale in (True, False):
        qq = qs / np.sqrt(DK_CURVE)[:, None, None, None] if scale else qs
        _, w, _ = scaled_dot_product_attention(qq, k[None], k[None], scale=False)
        w = w[:, :, 0, :]  # (curve, SAT_ROWS, SAT_KEYS)
        out[scale] = (np.mean(np.max(w, axis=-1), axis=1), np.mean(_entropy(w), axis=1))
    return Saturation(DK_CURVE, out[True][0], out[False][0], out[True][1], out[False][1])


UNIFORM_ENTROPY = float(np.log(SAT_KEYS))  # a row spread evenly over SAT_KEYS keys


def saturation_plot(s: Saturation, dk: int, t) -> dict:
    """Mean largest weight of a row against d_k, scaled and unscaled; the chosen d_k marked."""
    x = s.dk.tolist()
    data = [{"type": "scatter", "mode": "lines", "x": x, "y": np.round(s.max_unscaled, 4).tolist(),
             "name": t("tr.sat.unscaled"), "line": {"color": "#d62728", "width": 3, "dash": "dash"}},
            {"type": "scatter", "mode": "lines", "x": x, "y": np.round(s.max_scaled, 4).tolist(),
             "name": t("tr.sat.scaled"), "line": {"color": "#1f77b4", "width": 3}}]
    layout = {"title": {"text": t("tr.sat.plot_title")}, "xaxis": {"title": {"text": "d\u2096"}},
              "yaxis": {"title": {"text": t("tr.sat.max_axis")}, "range": [0, 1.02]},
              "shapes": [{"type": "line", "x0": dk, "x1": dk, "yref": "paper", "y0": 0, "y1": 1,
                          "line": {"color": "#555555", "dash": "dot"}}]}
    return plot(data, layout)


def sample_plot(dk: int, seed: int, t) -> dict:
    """The first random row at this d_k, its SAT_KEYS weights with and without scaling, side by side."""
    keys = list(range(1, SAT_KEYS + 1))
    data = [{"type": "bar", "x": keys, "y": np.round(row_weights(dk, seed, False)[0], 4).tolist(),
             "name": t("tr.sat.unscaled"), "marker": {"color": "#d62728"}},
            {"type": "bar", "x": keys, "y": np.round(row_weights(dk, seed, True)[0], 4).tolist(),
             "name": t("tr.sat.scaled"), "marker": {"color": "#1f77b4"}}]
    layout = {"title": {"text": t("tr.sat.sample_title", dk=dk)}, "barmode": "group",
              "xaxis": {"title": {"text": t("tr.axis.key")}, "dtick": 1},
              "yaxis": {"title": {"text": t("tr.axis.weight")}, "range": [0, 1.02]}}
    return plot(data, layout)


def softmax_gradient(w: np.ndarray) -> float:
    """How much a row's weights still respond to its scores: the mean Frobenius norm of the softmax's Jacobian
    da/ds = diag(a) - a a^T over rows w (n, keys); it goes to 0 as a row becomes one-hot."""
    jac = np.einsum("ri,ij->rij", w, np.eye(w.shape[1])) - np.einsum("ri,rj->rij", w, w)
    return float(np.mean(np.linalg.norm(jac, axis=(1, 2))))


def saturation_numbers(s: Saturation, dk: int, seed: int) -> dict:
    i = int(dk - DK_MIN)
    grads = {f"grad_{name}": number(round(softmax_gradient(row_weights(dk, seed, scale)), 3))
             for name, scale in (("scaled", True), ("unscaled", False))}
    return {**grads, "max_scaled": number(round(s.max_scaled[i], 3)), "max_unscaled": number(round(s.max_unscaled[i], 3)),
            "entropy_scaled": number(round(s.entropy_scaled[i], 3)),
            "entropy_unscaled": number(round(s.entropy_unscaled[i], 3)),
            "uniform": number(round(UNIFORM_ENTROPY, 3))}


# ---------------------------------------------------------------- the live model

LIVE_LENGTH, LIVE_VOCAB, LIVE_DK = 8, 8, 8
LIVE_LR = 0.005
LIVE_UPDATES = 400
LIVE_SPEED = 5  # updates per stream frame
LIVE_EXAMPLES = 20  # validation examples the page lets one pick
LIVE_TARGET = 0.95  # the token accuracy the claim names


def experiment(seed: int = 1) -> dict:
    """The Experiment JSON of the live run: reverse a sequence of LIVE_LENGTH tokens of LIVE_VOCAB with one
    attention head (no mask: position 0 needs the last token) and a dense layer; Adam."""
    return {"model": "attention", "n": 1000, "hidden": [], "batch_size": 32, "seed": seed, "data_seed": 1,
            "optimizer": {"name": "adam", "lr": LIVE_LR},
            "sequence": {"task": "reverse", "length": LIVE_LENGTH, "vocab": LIVE_VOCAB, "d_k": LIVE_DK,
                         "causal": False, "scale": True}}


def is_live(run) -> bool:
    e = run.experiment
    return e.model == "attention" and e.sequence.task == "reverse"


def run_attention(run, example: int) -> tuple[np.ndarray, np.ndarray]:
    """(tokens (T,), weights (T, T)) of validation example `example` (0-based) under the run's current weights,
    in eval mode; the run's lock held by the caller."""
    x, _, tokens = run.parts["val"]
    example = min(example, len(x) - 1)
    run.predict(x[example:example + 1])
    layer = run.model.layers[0]
    return tokens[example], layer.weights[0].copy()


def live_heatmap(tokens: np.ndarray, weights: np.ndarray, t) -> dict:
    n = len(tokens)
    trace = {"type": "heatmap", "z": np.round(weights, 4).tolist(), "x": list(range(n)), "y": list(range(n)),
             "zmin": 0, "zmax": 1, "colorscale": "Blues", "reversescale": True, "hovertemplate": "%{z:.3f}<extra></extra>",
             "colorbar": {"title": {"text": t("tr.axis.weight")}}}
    labels = [str(int(v)) for v in tokens]
    axis = {"tickvals": list(range(n)), "ticktext": labels}
    layout = {"title": {"text": t("tr.live.heat_title")},
              "xaxis": {**axis, "title": {"text": t("tr.axis.key")}},
              "yaxis": {**axis, "title": {"text": t("tr.axis.query")}, "autorange": "reversed"},
              "margin": {"l": 80, "r": 20, "t": 50, "b": 80}, "font": font(14)}
    return plot([trace], layout, height=430)


def antidiagonal_weight(weights: np.ndarray) -> float:
    """The mean weight a query t gives to key T-1-t: what reversing needs (1 when every row is one-hot on it)."""
    n = len(weights)
    return float(np.mean(weights[np.arange(n), n - 1 - np.arange(n)]))


def live_view(run, example: int, t) -> dict:
    tokens, weights = run_attention(run, example)
    acc = run.val_acc[-1] if run.val_acc else None
    return {"step": run.trainer.step, "plot": live_heatmap(tokens, weights, t),
            "text": {"acc": percent(acc) or "–", "diag": number(round(antidiagonal_weight(weights), 3))}}


@cache
def _untrained():
    from app.runs.experiment import Experiment
    from app.runs.run import Run

    return Run(Experiment.model_validate(experiment()))


def untrained_view(example: int, t) -> dict:
    """The view before any run: the untrained model of the live experiment (built once, never trained)."""
    run = _untrained()
    with run.lock:
        return live_view(run, example, t)


def curves_plot(t) -> dict:
    """The live loss and token-accuracy curves, empty: the page's script fills x and y from the stream."""
    data = [{"type": "scatter", "mode": "lines", "x": [], "y": [], "name": t("tr.live.loss"),
             "line": {"color": "#1f77b4", "width": 2}},
            {"type": "scatter", "mode": "lines+markers", "x": [], "y": [], "name": t("tr.live.acc"), "yaxis": "y2",
             "line": {"color": "#2ca02c", "width": 2}}]
    layout = {"title": {"text": t("tr.live.curves_title")}, "xaxis": {"title": {"text": t("tr.live.updates")},
                                                                     "range": [0, LIVE_UPDATES]},
              "yaxis": {"title": {"text": t("tr.live.loss")}, "rangemode": "tozero"},
              "yaxis2": {"title": {"text": t("tr.live.acc_axis")}, "overlaying": "y", "side": "right",
                         "range": [0, 100]},
              "margin": {"l": 70, "r": 70, "t": 50, "b": 110}}
    return plot(data, layout)
