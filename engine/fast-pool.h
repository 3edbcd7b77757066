/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Fast paths for the common pooling cases: sliding and adaptive max and
 * average pooling of uint8, uint16 and float32 data, as planes or as
 * interleaved pixels, spread over the thread pool (parallel.h).
 *
 * They compute what the reference path (pool.c) computes:
 *  - max, bit for bit: values, NaN payloads, the sign of a zero maximum;
 *  - average of uint8 and uint16 samples, bit for bit while a window's sum
 *    stays below 2^24 (every image window up to 256 x 256), as integer sums
 *    are exact in any order;
 *  - average of float32 data, bit for bit for results of up to 65536 cells
 *    (every matrix the interface shows), summed in PyTorch's row-major
 *    float order, unless windows overlap heavily and have 2^22 taps in all;
 *  - average of float32 data with k = s = 2 or k = 3, s = 2 windows, bit
 *    for bit whatever the size in every output row whose window rows all
 *    lie in the input: summed in PyTorch's order, in float;
 *  - average of other larger float32 results within float rounding: the sums run
 *    in double, separably and without subtraction, which is more accurate
 *    than PyTorch's float sum and differs from it by that sum's rounding,
 *    and by its overflow: where a float sum of samples near FLT_MAX
 *    overflows to inf (or inf - inf = NaN), the double sum does not;
 *  - global average (adaptive to 1 x 1, PyTorch's mean()) of uint8 and
 *    uint16 samples, bit for bit, as exact 64-bit integer sums.
 * tests/engine/test-fast-paths.c checks each against the reference.
 * Sliding windows that reach more than twice the input's side (plus 4096
 * cells) are mostly padding, which the reference skips: they are left to
 * it (pv_fast_pool_applies() is false), as the passes here keep scratch as
 * long as a window.
 *
 * Small windows with stride 2 (k = s = 2 and k = 3, s = 2) take their taps
 * straight from the input rows, one pass an output row; on inputs larger
 * than the cache, a piece at a time, asking for the next output row's
 * input rows ahead (PV_FAST_PREFETCH_BYTES). Larger windows are
 * separable: a max (or sum) over a rectangle is the max over
 * its columns of the max over its rows. Each output row takes a vertical
 * pass over the window's rows (contiguous, vectorised), then a horizontal
 * pass. With stride 1 the cost does not grow with the kernel: van Herk /
 * Gil-Werman blocks for a vertical max of four rows or more (and a float
 * sum of seven or more; fewer rows are taken directly), running sums for a
 * vertical integer sum, doubling tables for a horizontal max, differences
 * of running totals for a horizontal integer sum (adaptive windows too),
 * and doubling levels or, for planes with kernels that need many levels,
 * suffix, whole-vector and prefix sums in blocks of eight for a horizontal
 * float sum (block-sums.h). Strided windows of shapes without loops
 * of their own take the doubling tables and levels too, then pick every
 * stride-th window: whole-row vector passes beat a tap-by-tap loop whose
 * kernel and stride are known only at run time. A pass costs a store a
 * sample whatever it loads, so horizontal passes take up to four taps or
 * table lookups at once. A max's border windows read margins of the
 * identity around the row, its padding, and go with the rest; at stride 1
 * the border windows of float planes' long sums nest and take running sums
 * from the interior outwards. */

#include <stdbool.h>

#include "plan.h"
#include "tensor.h"

/* The most samples of an input row computed together (a span): rows up to
 * this long are read in one run. Wider rows are split, fewer samples for
 * long sliding windows; the tests size rows from it to cross the seams. */
#define PV_FAST_SPAN_SAMPLES 65536

/* Inputs larger than this many bytes come from memory, not the last-level
 * cache: the one-pass rows of small strided windows then ask for the next
 * rows ahead. The tests size inputs from it to take that path. */
#define PV_FAST_PREFETCH_BYTES ((size_t) 12 << 20)

/* Whether a fast path computes @plan for input of @dtype (without indices,
 * which only the reference path writes). */
bool pv_fast_pool_applies (const pv_plan *plan, pv_dtype dtype, bool want_indices);

/* Names, in a few words without commas, the fast path that pools @plan
 * for input of @dtype (planes, or with @interleaved pixels of n_planes
 * samples): "one pass" (k = s = 2 and k = 3, s = 2) or "one pass, rows
 * ahead" (the same on inputs larger than PV_FAST_PREFETCH_BYTES), "exact
 * float sums", "global mean", or the vertical and horizontal passes. For
 * the benchmark's CSV and the tests, which check that a case takes the
 * path meant for it. Only when pv_fast_pool_applies(). */
void pv_fast_pool_describe (const pv_plan *plan, pv_dtype dtype, bool interleaved, char *buf,
                            size_t size);

/* Pools the plan's n_planes planes of in_h x in_w samples of @dtype at
 * @in into float32 planes at @out (the plan's output). Only when
 * pv_fast_pool_applies(). */
void pv_fast_pool_planes (const pv_plan *plan, const void *in, pv_dtype dtype, float *out);

/* Whether pv_fast_pool_interleaved() computes @plan: as
 * pv_fast_pool_applies(), for samples of @dtype (U8 or U16) with batch 1,
 * but fractional windows only for one channel (each plane has its own). */
bool pv_fast_pool_applies_interleaved (const pv_plan *plan, pv_dtype dtype);

/* Pools interleaved pixels: @plan was made for (C, H, W) planes of @dtype
 * (U8 or U16) with batch 1; @in holds H rows of W * C samples and @out
 * receives out_h rows of out_w * C samples of the same type, rounded as
 * pv_image_from_planes() rounds (half away from zero). Only when
 * pv_fast_pool_applies_interleaved(). */
void pv_fast_pool_interleaved (const pv_plan *plan, const void *in, pv_dtype dtype, void *out);
