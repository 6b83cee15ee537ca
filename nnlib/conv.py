"""Convolution and pooling on images: Conv2d, MaxPool2d, AvgPool2d and Flatten (PyTorch's names and layout).

Images are (n, C, H, W) batches (NCHW, as PyTorch). A layer with kernel k, stride s and padding p maps a side of
length H to H' = floor((H + 2p - k) / s) + 1. Everything is vectorized through im2col: `windows` is a
copy-free view (n, C, H', W', kH, kW) of every kernel-sized window, so a convolution is one matrix product
(Chellapilla, Puri & Simard 2006; CS231n's `im2col`). Backward puts window gradients back with `col2im`, one
vectorized strided add per kernel offset (kH * kW of them), never a loop over pixels.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import activations
from .module import Module, Parameter


def pair(value, name: str, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints (height, width), each >= minimum, as a (height, width) tuple."""
    vals = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(vals) != 2 or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < minimum
                             for v in vals):
        raise ValueError(f"{name} must be an integer >= {minimum} or a pair of them, got {value!r}")
    return int(vals[0]), int(vals[1])


def output_size(size: int, kernel: int, stride: int, padding: int, what: str) -> int:
    """floor((size + 2 padding - kernel) / stride) + 1; ValueError when that is below 1."""
    out = (size + 2 * padding - kernel) // stride + 1
    if out < 1:
        raise ValueError(f"{what}: a kernel of {kernel} does not fit an input side of {size} with padding "
                         f"{padding} (output size {out} < 1)")
    return out


def check_images(x, what: str, channels: int | None = None) -> np.ndarray:
    """x as a float64 (n, C, H, W) array; ValueError naming the layer otherwise."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4:
        raise ValueError(f"{what}: expected x of shape (n, C, H, W), got shape {x.shape}")
    if channels is not None and x.shape[1] != channels:
        raise ValueError(f"{what}: expected x with {channels} channels, got shape {x.shape}")
    return x


def windows(x: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int]) -> np.ndarray:
    """The kernel-sized windows of x (n, C, H, W) at the given stride: a view (n, C, H', W', kH, kW), no copy."""
    v = sliding_window_view(x, kernel, axis=(2, 3))
    return v[:, :, ::stride[0], ::stride[1]]


def col2im(dwin: np.ndarray, shape: tuple[int, ...], stride: tuple[int, int]) -> np.ndarray:
    """The adjoint of `windows`: sum window gradients dwin (n, C, H', W', kH, kW) back into an array of `shape`
    (n, C, H, W). Overlapping windows add up; pixels that no window covers get 0."""
    n, c, ho, wo, kh, kw = dwin.shape
    sh, sw = stride
    dx = np.zeros(shape)
    for i in range(kh):
        for j in range(kw):
            dx[:, :, i:i + sh * (ho - 1) + 1:sh, j:j + sw * (wo - 1) + 1:sw] += dwin[:, :, :, :, i, j]
    return dx


class Conv2d(Module):
    """z = W * x + b (cross-correlation, as every framework), a = f(z).

    x (n, C_in, H, W) -> a (n, C_out, H', W'). weight (C_out, C_in, kH, kW), bias (C_out,) as PyTorch's
    nn.Conv2d; padding adds zeros on every side. Forward caches the im2col matrices of x (n, C_in kH kW, H' W'),
    z and a; backward sets grad_a and grad_z (n, C_out, H', W') and accumulates dL/dW = grad_z^T cols and
    dL/db = sum of grad_z over batch and positions.
    """

    can_skip_input_grad = True
    cached = ("cols", "z", "a", "grad_a", "grad_z")

    def clear_cache(self) -> None:
        super().clear_cache()
        self.activation.clear_cache()

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 activation: str = "identity", alpha: float | None = None):
        if isinstance(in_channels, bool) or isinstance(out_channels, bool) or in_channels < 1 or out_channels < 1:
            raise ValueError(f"Conv2d needs at least 1 input and 1 output channel, got ({in_channels}, "
                             f"{out_channels})")
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.kernel_size = pair(kernel_size, "kernel_size", 1)
        self.stride = pair(stride, "stride", 1)
        self.padding = pair(padding, "padding", 0)
        if activation == "softmax":
            raise ValueError("Conv2d: softmax works over the last axis, here the image width; "
                             "use it on a dense layer after Flatten")
        kh, kw = self.kernel_size
        self.weight = Parameter(np.zeros((out_channels, in_channels, kh, kw)), "weight", regularize=True)
        self.bias = Parameter(np.zeros(out_channels), "bias", regularize=False)
        self.activation = activations.make(activation, alpha)

    def parameters(self):
        return [self.weight, self.bias, *self.activation.parameters()]

    def output_shape(self, h: int, w: int) -> tuple[int, int, int]:
        """(C_out, H', W') for an input of height h and width w."""
        what = repr(self)
        return (self.out_channels,
                output_size(h, self.kernel_size[0], self.stride[0], self.padding[0], what),
                output_size(w, self.kernel_size[1], self.stride[1], self.padding[1], what))

    def forward(self, x):
        x = check_images(x, repr(self), self.in_channels)
        n, _, h, w = x.shape
        _, ho, wo = self.output_shape(h, w)
        ph, pw = self.padding
        self.x_shape = x.shape
        xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw))) if ph or pw else x
        self.xp_shape = xp.shape
        win = windows(xp, self.kernel_size, self.stride)  # (n, C, H', W', kH, kW)
        # im2col, one matrix per sample: rows are the window's (C, kH, kW), as the weight is laid out, columns the
        # output pixels (H', W'). This order copies whole image rows at a time and makes z come out as NCHW.
        self.cols = win.transpose(0, 1, 4, 5, 2, 3).reshape(n, -1, ho * wo)
        z = self.weight.data.reshape(self.out_channels, -1) @ self.cols + self.bias.data[:, None]
        self.z = z.reshape(n, self.out_channels, ho, wo)
        self.a = self.activation.forward(self.z)
        return self.a

    def backward(self, grad_a, need_input_grad: bool = True):
        """grad_a (n, C_out, H', W') -> dL/dx (n, C_in, H, W), or None when need_input_grad is False (the first
        layer in training)."""
        self.grad_a = grad_a
        self.grad_z = self.activation.backward(grad_a)
        n, _, ho, wo = self.grad_z.shape
        g = self.grad_z.reshape(n, self.out_channels, ho * wo)
        w = self.weight.data.reshape(self.out_channels, -1)
        self.weight.grad += (g @ self.cols.transpose(0, 2, 1)).sum(axis=0).reshape(self.weight.data.shape)
        self.bias.grad += g.sum(axis=(0, 2))
        if not need_input_grad:
            return None
        dcols = (w.T @ g).reshape(n, self.in_channels, *self.kernel_size, ho, wo)  # (n, C, kH, kW, H', W')
        dxp = col2im(dcols.transpose(0, 1, 4, 5, 2, 3), self.xp_shape, self.stride)
        ph, pw = self.padding
        return dxp[:, :, ph:ph + self.x_shape[2], pw:pw + self.x_shape[3]]

    def __repr__(self) -> str:
        k = self.kernel_size[0] if self.kernel_size[0] == self.kernel_size[1] else self.kernel_size
        return (f"Conv2d({self.in_channels}, {self.out_channels}, kernel_size={k}, stride={self.stride}, "
                f"padding={self.padding}, activation={self.activation.name!r})")


class _Pool2d(Module):
    """Shared shape logic of the pooling layers: kernel k, stride s (default k, as PyTorch), no padding."""

    kind = ""
    cached = ("argmax",)

    def __init__(self, kernel_size, stride=None):
        self.kernel_size = pair(kernel_size, "kernel_size", 1)
        self.stride = self.kernel_size if stride is None else pair(stride, "stride", 1)

    def output_shape(self, c: int, h: int, w: int) -> tuple[int, int, int]:
        """(C, H', W') for an input (C, h, w)."""
        return (c, output_size(h, self.kernel_size[0], self.stride[0], 0, repr(self)),
                output_size(w, self.kernel_size[1], self.stride[1], 0, repr(self)))

    def _windows(self, x):
        x = check_images(x, repr(self))
        self.output_shape(*x.shape[1:])
        self.x_shape = x.shape
        return windows(x, self.kernel_size, self.stride)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kernel_size={self.kernel_size}, stride={self.stride})"


class MaxPool2d(_Pool2d):
    """y = max over each window, per channel. x (n, C, H, W) -> y (n, C, H', W').

    The gradient goes to the window's maximum only; on ties to the first maximum in row-major window order,
    as PyTorch's CPU kernel. Overlapping windows (stride < kernel) add their gradients.
    """

    kind = "maxpool2d"

    def forward(self, x):
        win = self._windows(x)
        n, c, ho, wo, kh, kw = win.shape
        flat = win.reshape(n, c, ho, wo, kh * kw)
        self.argmax = np.argmax(flat, axis=-1)  # first maximum on ties
        return np.take_along_axis(flat, self.argmax[..., None], axis=-1)[..., 0]

    def backward(self, grad):
        n, c, h, w = self.x_shape
        _, _, ho, wo = self.argmax.shape
        kw = self.kernel_size[1]
        rows = np.arange(ho)[:, None] * self.stride[0] + self.argmax // kw
        cols = np.arange(wo)[None, :] * self.stride[1] + self.argmax % kw
        plane = np.arange(n * c).reshape(n, c, 1, 1)
        index = (plane * h + rows) * w + cols
        # bincount sums the gradients of windows that share their maximum.
        return np.bincount(index.ravel(), weights=np.ravel(grad), minlength=n * c * h * w).reshape(self.x_shape)


class AvgPool2d(_Pool2d):
    """y = mean over each window, per channel. x (n, C, H, W) -> y (n, C, H', W'); each input pixel gets
    grad / (kH kW) from every window that holds it."""

    kind = "avgpool2d"

    def forward(self, x):
        return self._windows(x).mean(axis=(-2, -1))

    def backward(self, grad):
        kh, kw = self.kernel_size
        g = np.asarray(grad, dtype=np.float64) / (kh * kw)
        dwin = np.broadcast_to(g[..., None, None], g.shape + (kh, kw))
        return col2im(dwin, self.x_shape, self.stride)


class Flatten(Module):
    """(n, C, H, W) -> (n, C H W) in C order, as torch.flatten(x, 1); any (n, ...) works the same way."""

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim < 2:
            raise ValueError(f"Flatten: expected x of shape (n, ...), got shape {x.shape}")
        self.x_shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad):
        return np.reshape(grad, self.x_shape)

    def __repr__(self) -> str:
        return "Flatten()"
