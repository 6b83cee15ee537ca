"""A run as compact bytes, and back: what a shared store (app.runs.redis_store) keeps.

The run's export document (app.runs.export) with every array of numbers taken out and written as raw bytes
(float64 or int64, little-endian) after the JSON: a 64 x 64 weight is 32 KB instead of ~80 KB of decimal text,
and bit for bit the same. Loading goes through the export's checks (`from_export`), so a packed run is exactly
as trustworthy as an imported one and continues exactly as the saved one would.

Layout: b"NNR1", the JSON's length (4 bytes, little-endian), the JSON {id, seconds_per_update, doc}, the bytes.
An array in `doc` is replaced by {"$a": [offset, dtype, shape]}.
"""

from __future__ import annotations

import json
import struct
from array import array

import numpy as np

from . import export
from .run import Run

MAGIC = b"NNR1"
DTYPES = {"f8": np.dtype("<f8"), "i8": np.dtype("<i8")}


def _leaf_kind(value) -> str | None:
    """'f8' or 'i8' for a non-empty list nesting only floats or only ints; None otherwise."""
    while isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, float):
        return "f8"
    if isinstance(value, int) and not isinstance(value, bool):
        return "i8"
    return None


def _leaves(value):
    if isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def _put(data: bytes, kind: str, shape: list[int], chunks: list[bytes], offset: list[int]) -> dict:
    chunks.append(data)
    ref = {"$a": [offset[0], kind, shape]}
    offset[0] += len(data)
    return ref


def _take_arrays(obj, chunks: list[bytes], offset: list[int]):
    if isinstance(obj, dict):
        return {k: _take_arrays(v, chunks, offset) for k, v in obj.items()}
    if isinstance(obj, array) and obj.typecode in "dq":  # the run's curves: their bytes as they are
        return _put(obj.tobytes(), "f8" if obj.typecode == "d" else "i8", [len(obj)], chunks, offset)
    if isinstance(obj, np.ndarray) and obj.dtype.kind in "fiu":
        kind = "f8" if obj.dtype.kind == "f" else "i8"
        return _put(np.ascontiguousarray(obj, dtype=DTYPES[kind]).tobytes(), kind, list(obj.shape), chunks, offset)
    if isinstance(obj, list) and obj:
        kind = _leaf_kind(obj)
        # only floats, or only ints (numpy would cut a float among ints short), in a list that is not ragged
        same = float if kind == "f8" else int
        if kind is not None and all(type(v) is same for v in _leaves(obj)):
            try:
                arr = np.asarray(obj, dtype=DTYPES[kind])
            except (ValueError, OverflowError):
                arr = None
            if arr is not None:
                return _put(arr.tobytes(), kind, list(arr.shape), chunks, offset)
        return [_take_arrays(v, chunks, offset) for v in obj]
    return obj


def _put_arrays(obj, blob: memoryview):
    if isinstance(obj, dict):
        if "$a" in obj and len(obj) == 1:
            start, kind, shape = obj["$a"]
            dtype = DTYPES[kind]
            count = int(np.prod(shape)) if shape else 1
            return np.frombuffer(blob, dtype=dtype, count=count, offset=start).reshape(shape).tolist()
        return {k: _put_arrays(v, blob) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_put_arrays(v, blob) for v in obj]
    return obj


def pack(run: Run) -> bytes:
    """The run as bytes (call with the run's lock held, as for an export)."""
    chunks: list[bytes] = []
    doc = _take_arrays(export.export(run, arrays=True), chunks, [0])
    meta = json.dumps({"id": run.id, "seconds_per_update": run.seconds_per_update, "doc": doc},
                      separators=(",", ":")).encode()
    return b"".join([MAGIC, struct.pack("<I", len(meta)), meta, *chunks])


def unpack(data: bytes) -> Run:
    """The run `pack` gave, bit for bit. Raises ValueError for bytes that are not a packed run."""
    if data[:4] != MAGIC:
        raise ValueError("not a packed nnlab run")
    (size,) = struct.unpack_from("<I", data, 4)
    meta = json.loads(data[8:8 + size])
    run = export.from_export(_put_arrays(meta["doc"], memoryview(data)[8 + size:]))
    run.id = meta["id"]
    run.seconds_per_update = meta["seconds_per_update"]
    run.release()
    return run
