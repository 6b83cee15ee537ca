"""A run for homework: its weights and history as .npz and CSV, and a PyTorch snippet that rebuilds its network.

The .npz holds plain float64/int64 arrays only (numpy.load(..., allow_pickle=False) reads it):
- the weights, named as the state_dict of the snippet's `nn.Sequential` ("0.weight", "0.bias", "3.running_mean");
  a network with no `nn.Sequential` twin (residual blocks, attention) names them "layers.<i>.<parameter>";
- "history.*": the training-loss curve (step, train_loss, lr) and the validation points (val_step, val_loss,
  val_acc, train_acc);
- "data.*": the inputs as the network sees them (scaled) and the targets of each part (x_train, y_train, ...).
Call everything here with the run's lock held.
"""

from __future__ import annotations

import io

import numpy as np

from nnlib.activations import PReLU
from nnlib.conv import AvgPool2d, Conv2d, Flatten, MaxPool2d
from nnlib.layers import BatchNorm1d, Dense, Dropout

from .run import Run


class NoTorchTwin(ValueError):
    """The network has a layer that nn.Sequential cannot express (a residual block, self-attention)."""


def filename(run: Run, suffix: str) -> str:
    return f"nnlab-run-{run.id[:8]}.{suffix}"


def _activation(act) -> tuple[str, dict[str, np.ndarray]] | None:
    """The torch module (its source text) of an nnlib activation and its parameters; None for the identity."""
    alpha = getattr(act, "alpha", None)
    if isinstance(act, PReLU):
        return f"nn.PReLU(init={float(act.alpha.data[0])!r})", {"weight": act.alpha.data.copy()}
    text = {"identity": None, "relu": "nn.ReLU()", "leaky_relu": f"nn.LeakyReLU({alpha!r})", "silu": "nn.SiLU()",
            "elu": f"nn.ELU({alpha!r})", "softplus": "nn.Softplus()", "sigmoid": "nn.Sigmoid()",
            "tanh": "nn.Tanh()", "softmax": "nn.Softmax(dim=-1)"}[act.name]
    return None if text is None else (text, {})


def _pair(hw: tuple[int, int]) -> str:
    return str(hw[0]) if hw[0] == hw[1] else str(tuple(hw))


def torch_modules(run: Run) -> list[tuple[str, dict[str, np.ndarray]]]:
    """The network as the entries of an nn.Sequential: (module source text, {state_dict key: array}).
    Dropout with p = 0 is left out (it does nothing). Raises NoTorchTwin for layers without a twin."""
    out: list[tuple[str, dict[str, np.ndarray]]] = []
    for layer in run.model.layers:
        if isinstance(layer, Dense):
            out.append((f"nn.Linear({layer.in_features}, {layer.out_features})",
                        {"weight": layer.weight.data.copy(), "bias": layer.bias.data.copy()}))
        elif isinstance(layer, Conv2d):
            out.append((f"nn.Conv2d({layer.in_channels}, {layer.out_channels}, kernel_size={_pair(layer.kernel_size)}, "
                        f"stride={_pair(layer.stride)}, padding={_pair(layer.padding)})",
                        {"weight": layer.weight.data.copy(), "bias": layer.bias.data.copy()}))
        elif isinstance(layer, (MaxPool2d, AvgPool2d)):
            name = "MaxPool2d" if isinstance(layer, MaxPool2d) else "AvgPool2d"
            out.append((f"nn.{name}({_pair(layer.kernel_size)}, stride={_pair(layer.stride)})", {}))
        elif isinstance(layer, Flatten):
            out.append(("nn.Flatten()", {}))
        elif isinstance(layer, Dropout):
            if layer.p > 0:
                out.append((f"nn.Dropout(p={layer.p!r})", {}))
            continue
        elif isinstance(layer, BatchNorm1d):
            out.append((f"nn.BatchNorm1d({layer.num_features}, eps={layer.eps!r}, momentum={layer.momentum!r})",
                        {"weight": layer.gamma.data.copy(), "bias": layer.beta.data.copy(),
                         "running_mean": layer.running_mean.copy(), "running_var": layer.running_var.copy(),
                         "num_batches_tracked": np.array(run.trainer.step, dtype=np.int64)}))
            continue
        else:
            raise NoTorchTwin(f"this network has a {type(layer).__name__} layer, which nn.Sequential cannot express")
        act = _activation(layer.activation) if hasattr(layer, "activation") else None
        if act is not None:
            out.append(act)
    return out


def weights(run: Run) -> dict[str, np.ndarray]:
    """Every parameter (and BatchNorm's running statistics), named layer by layer; see the module's docstring."""
    try:
        return {f"{i}.{key}": value for i, (_, params) in enumerate(torch_modules(run))
                for key, value in params.items()}
    except NoTorchTwin:
        return {f"layers.{i}.{p.name}": p.data.copy()
                for i, layer in enumerate(run.model.layers) for p in layer.parameters()}


def history(run: Run) -> dict[str, np.ndarray]:
    f, q = np.float64, np.int64
    return {"history.step": np.array(run.curve_steps, q), "history.train_loss": np.array(run.curve_loss, f),
            "history.lr": np.array(run.curve_lr, f), "history.val_step": np.array(run.val_steps, q),
            "history.val_loss": np.array(run.val_loss, f), "history.val_acc": np.array(run.val_acc, f),
            "history.train_acc": np.array(run.train_acc, f)}


def npz(run: Run) -> bytes:
    """The .npz file: weights, history and data (numeric arrays only, no pickles)."""
    arrays = {**weights(run), **history(run)}
    for part, (x, y, _) in run.parts.items():
        arrays[f"data.x_{part}"] = np.asarray(x, np.float64)
        arrays[f"data.y_{part}"] = np.asarray(y)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def weights_csv(run: Run) -> str:
    """One row per number: parameter (as in the .npz), its index i, j, k, l (blank beyond its rank), value."""
    lines = ["parameter,i,j,k,l,value"]
    for name, value in weights(run).items():
        value = np.asarray(value)
        for index in np.ndindex(value.shape):
            cells = [str(v) for v in index] + [""] * (4 - len(index))
            lines.append(f"{name},{','.join(cells)},{value[index].item()!r}")
    return "\n".join(lines) + "\n"


def torch_snippet(run: Run) -> str:
    """Python source that builds the network as an nn.Sequential, loads the .npz weights and runs it on the
    training inputs. Raises NoTorchTwin when the network has no such twin."""
    modules = torch_modules(run)
    body = "".join(f"    {text},\n" for text, _ in modules)
    file = filename(run, "npz")
    return (f"# nnlab run {run.id[:8]} at step {run.trainer.step}: its network in PyTorch.\n"
            f"# Put {file} (the run's .npz download) next to this file, then run it.\n"
            "import numpy as np\n"
            "import torch\n"
            "from torch import nn\n\n"
            f"model = nn.Sequential(\n{body}).double()\n"
            f'with np.load("{file}", allow_pickle=False) as f:\n'
            '    model.load_state_dict({k: torch.from_numpy(f[k]) for k in f.files\n'
            '                           if not k.startswith(("history.", "data."))})\n'
            '    x = torch.from_numpy(f["data.x_train"])  # the inputs, scaled as the run scaled them\n'
            "model.eval()  # as nnlab predicts: no dropout, BatchNorm with its running statistics\n"
            "with torch.no_grad():\n"
            "    out = model(x)\n"
            "print(out[:5])\n")
