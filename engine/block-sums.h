/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Sums of every run of k consecutive doubles, from blocks of eight (van
 * Herk / Gil-Werman for sums, with one vector as the block): the
 * horizontal pass of float averages with stride 1 and long kernels
 * (fast-pool-impl.h).
 *
 * The values are cut into vectors of eight from x[0]. A window starting
 * in vector m takes the rest of m (its suffix within the vector), the
 * whole vectors after it, and the start of the vector where it ends (a
 * prefix within that vector). Suffixes and prefixes come from doubling
 * within a vector (x[j] + x[j+1], then + the pair after, then + the four
 * after) with no blocks to mask across, the whole vectors' totals are
 * added as they are, and runs of many totals are themselves summed by the
 * same method. A window adds only its own values, never subtracts, so one
 * 1e30 cannot spoil its neighbours' sums and a NaN stays in the windows
 * that hold it; the order of the additions differs from left to right by
 * rounding only. */

#include <stddef.h>
#include <stdint.h>

/* The smallest k pv_run_sums_f64() takes: every window then ends in a
 * vector after the one it starts in. */
#define PV_RUN_SUMS_MIN_K 9

/* Doubles of scratch pv_run_sums_f64() needs for rows of @n values. */
size_t pv_run_sums_scratch (int64_t n);

/* Writes dst[w] = x[w] + ... + x[w + k - 1] for the windows w in
 * [0, n_starts), which must end within the row (n_starts + k - 1 <= n),
 * for k >= PV_RUN_SUMS_MIN_K. @scratch holds pv_run_sums_scratch (n)
 * doubles; x, dst and scratch must not overlap. Writes nothing past
 * dst[n_starts - 1]. */
void pv_run_sums_f64 (const double *x, int64_t n, int64_t k, double *dst, int64_t n_starts,
                      double *scratch);
