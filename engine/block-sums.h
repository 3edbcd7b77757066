/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Sums of every run of k consecutive doubles, in blocks (van Herk /
 * Gil-Werman for sums), eight values to a vector: the horizontal pass of
 * float averages with stride 1 and long kernels (fast-pool-impl.h).
 *
 * The values x[0..n) are cut into blocks of @k from x[0]; @pre[i] is the
 * sum from i's block start to i, @suf[i] the sum from i to its block's end
 * (the last block may be short). The window starting at w is suf[w] plus,
 * unless w starts a block, pre[w + k - 1]: only its own values are added,
 * never subtracted, so one 1e30 cannot spoil its neighbours' sums. Within a
 * vector the sums are taken by doubling (x[j] + x[j-1], then + the pair
 * before, then + the four before) with a block boundary masking the terms
 * across it, so the order of the additions differs from left to right by
 * rounding only. */

#include <stdint.h>

/* Fills suf[0..n), pre[0..n) and dst[w] for the windows w in [0, n_starts)
 * (which must end within n: n_starts + k - 1 <= n). Requires k >= 8, so
 * that a vector holds at most one block start. */
void pv_block_sums_f64 (const double *x, double *suf, double *pre, double *dst, int64_t n,
                        int64_t n_starts, int64_t k);
