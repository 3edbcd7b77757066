# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints tensors and PyTorch's str() of them, for test-text."""
import torch

CASES = [
    ("f32", [2, 2], [2., 3., 5., 1.]),
    ("f32", [2, 2], [3.5, 5.5, 11.5, 13.5]),
    ("f32", [2, 3], [1.5555556, 3.3333333, 2.0, 6.3333335, 11.0, 6.0]),
    ("f32", [3], [float('nan'), 1., float('-inf')]),
    ("f32", [2], [1e-5, 1.0]),
    ("f32", [1, 2, 2], [2., 3., 5., 1.]),
    ("f32", [2], [0., 0.]),
    ("f32", [1, 30], [i * 1.5 for i in range(30)]),
    ("f64", [2], [1., 2.]),
    ("i64", [4], [0, 3, 4, 6]),
    ("f32", [40, 50], [float(i) for i in range(2000)]),
    ("f32", [3], [-0.0, 2.0, 1e9]),
    ("f32", [2, 1, 2, 2], [1., -2., 3., 4., 5., 6., 7., 8.5]),
    ("i64", [1200], list(range(1200))),
    # A suffix goes on a line of its own, under "tensor(", when the last
    # line would pass 80 columns: last lines of 57 and 58 characters, on
    # one line and on several.
    ("f64", [5], [123.5 * i for i in range(1, 6)]),
    ("f64", [1, 7], [1001.0 * i for i in range(1, 8)]),
    ("f64", [2, 6], [0.125 * i for i in range(1, 13)]),
    ("f64", [2, 7], [101.0 * i for i in range(1, 15)]),
    ("f64", [1, 40], [1.123456 * i for i in range(1, 41)]),
    # Empty tensors say their size (unless 1-D) and any dtype but float32.
    ("i64", [1, 0, 3], []),
    ("f32", [0, 1, 2, 2], []),
    ("f64", [0, 1, 2, 2], []),
    ("i64", [0], []),
    ("f32", [0], []),
    ("f64", [0], []),
]
DTYPES = {"f32": torch.float32, "f64": torch.float64, "i64": torch.int64}

for dt, shape, vals in CASES:
    t = torch.tensor(vals, dtype=DTYPES[dt]).reshape(shape)
    print(dt, ",".join(map(str, shape)),
          " ".join(str(v) if dt == "i64" else repr(float(v)) for v in vals))
    print(str(t).replace("\\", "\\\\").replace("\n", "\\n"))
