"""nnlib: a small, verified NumPy neural-network library with PyTorch's names and semantics (float64).

Modules, one concept each: module (Parameter, Module), activations, layers, losses, initializers, optimizers,
schedules, regularizers, spec (networks from dicts), trace (one pass with every intermediate), training
(Trainer), data (datasets, splits, scalers).
"""
