"""nnlib: a small, verified NumPy neural-network library with PyTorch's names and semantics (float64).

Modules, one concept each: module (Parameter, Module), activations, layers, losses, initializers, optimizers,
schedules, regularizers, spec (networks from dicts), trace (one pass with every intermediate), training
(Trainer), data (datasets, splits, scalers), conv (Conv2d, pooling, Flatten), residual (skip connections),
attention (scaled dot-product attention, SelfAttention), images (the 8x8 digits), sequences (toy sequence tasks).
"""
