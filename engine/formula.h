/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The arithmetic behind a result, written out with the user's numbers. Only
 * formulas are formatted here; the words around them belong to the caller
 * (the command line's English, the interface's translations). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "geometry.h"

/* "floor((5 + 2*0 - 1*(3-1) - 1) / 3) + 1 = 1", or with ceil_mode
 * "ceil((5 + 2*0 - 1*(3-1) - 1) / 3) + 1 = 2" (before the drop rule).
 * Asymmetric padding is written "5 + 0 + 1". */
void pv_format_size_formula (const pv_size_derivation *d, char *buf, size_t size);

/* The drop rule's comparison: "3 < 5 + 0" when the last ceil_mode window is
 * kept, "6 >= 5 + 1" when it is dropped. */
void pv_format_drop_test (const pv_size_derivation *d, char *buf, size_t size);

/* Adaptive windows: "floor(2*7/3) = 4" and "ceil(3*7/3) = 7" for output
 * index @o of an @in -> @out axis. */
void pv_format_adaptive_start (int64_t o, int64_t in, int64_t out, char *buf, size_t size);
void pv_format_adaptive_end (int64_t o, int64_t in, int64_t out, char *buf, size_t size);

/* Python's repr of @t: the fewest significant digits that read back as
 * @t, in positional notation with a point ("10.0", "0.0001") when the
 * exponent is within [-4, 16), else as "1e+16", "1e-05"; "float('inf')". */
void pv_format_python_float (double t, char *buf, size_t size);

/* Fractional pooling's output from a ratio, as PyTorch takes it (Python's
 * int() truncates): "int(320*0.5) = 160". @out is the plan's. */
void pv_format_ratio_size (int64_t in, double ratio, int64_t out, char *buf, size_t size);

/* Whether adaptive pooling from @in to @out equals a fixed avg/max pooling
 * with stride floor(in/out) and kernel in - (out-1)*stride: exactly when
 * in mod out is 0 or 1 (pooling contract, section 9). Stores them when it
 * does. */
bool pv_adaptive_equivalent (int64_t in, int64_t out, int64_t *kernel, int64_t *stride);
