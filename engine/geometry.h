/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Window geometry along one axis. Every pooling operator reduces over the
 * Cartesian product of one window per axis, so the whole geometry of a 2-D
 * pooling cell is two of these. The same functions drive the computation
 * (pool.c), the highlighting in the user interface, the reverse mapping and
 * the coverage counts: there is no second copy of this arithmetic anywhere. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "params.h"
#include "status.h"

typedef enum
{
  PV_TAP_REAL,     /* inside the input */
  PV_TAP_PADDING,  /* inside the padding: never wins a max; counted by avg when count_include_pad */
  PV_TAP_OVERHANG, /* beyond the padded input, reached only in ceil_mode: never counted */
} pv_tap_kind;

/* How PyTorch's output-size formula worked out on one sliding axis, kept as
 * data so that the interface and the command line can show the derivation
 * with the user's numbers. */
typedef struct
{
  int64_t in, kernel, stride, pad_before, pad_after, dilation;
  bool ceil_mode;
  int64_t effective;   /* dilation * (kernel - 1) + 1 */
  int64_t numerator;   /* in + pad_before + pad_after - effective (may be negative) */
  int64_t floor_out;   /* floor(numerator / stride) + 1 */
  int64_t ceil_out;    /* ceil(numerator / stride) + 1, before the drop rule */
  bool drop_fired;     /* ceil_mode dropped a last window that would start in the right padding */
  int64_t last_start;  /* (ceil_out - 1) * stride: where the last ceil_mode window starts,
                        * in padded coordinates, compared with in + pad_before */
  int64_t out;         /* the final size */
} pv_size_derivation;

typedef struct
{
  pv_windows kind;     /* SLIDING, ADAPTIVE or FRACTIONAL */
  int64_t in, out;
  /* Sliding windows. */
  int64_t kernel, stride, dilation, pad_before, pad_after;
  bool ceil_mode;
  int64_t floor_out;   /* cells at index >= floor_out exist only because of ceil_mode */
  /* Fractional windows: PyTorch computes the starts in float for float
   * input, in double for double input. */
  bool fractional_double;
  double sample;       /* u in [0, 1) for the plane being pooled */
} pv_axis;

/* One window along one axis: taps j = 0 .. n_taps-1 at start + j * step. */
typedef struct
{
  int64_t start;       /* position of tap 0; negative in the left padding */
  int64_t step;        /* distance between taps: the dilation, or 1 */
  int64_t n_taps;      /* every tap, including padding and overhang */
  int64_t real_first;  /* taps in [real_first, real_end) are inside the input */
  int64_t real_end;
  int64_t counted_end; /* taps j < counted_end lie inside the padded input */
  int64_t first_pos;   /* PyTorch's start after stepping over the left padding;
                        * the max index of a window with no real tap uses it
                        * even when it lies past the input */
} pv_window;

/* Computes PyTorch's output size for a sliding axis (pooling_output_shape,
 * with separate left and right padding). Never fails: validation happens in
 * the plan, which calls this after checking stride != 0. */
pv_size_derivation pv_derive_size (int64_t in, int64_t kernel, int64_t stride,
                                   int64_t pad_before, int64_t pad_after,
                                   int64_t dilation, bool ceil_mode);

/* Builds a sliding axis from a derivation. */
pv_axis pv_axis_sliding (const pv_size_derivation *size);

/* Builds an adaptive axis mapping @in positions onto @out windows. */
pv_axis pv_axis_adaptive (int64_t in, int64_t out);

/* Builds a fractional axis; set the sample with pv_axis_set_sample(). */
pv_axis pv_axis_fractional (int64_t in, int64_t out, int64_t kernel, bool in_double);

/* Sets the fractional sample u of the plane about to be pooled. */
void pv_axis_set_sample (pv_axis *axis, double sample);

/* Fills @window with the window of output index @o (0 <= o < axis->out). */
void pv_axis_window (const pv_axis *axis, int64_t o, pv_window *window);

/* Position of tap @j of @window (may lie outside the input). */
static inline int64_t
pv_window_tap_pos (const pv_window *window, int64_t j)
{
  return window->start + j * window->step;
}

/* Kind of tap @j of @window. */
static inline pv_tap_kind
pv_window_tap_kind (const pv_window *window, int64_t j)
{
  if (j >= window->real_first && j < window->real_end)
    return PV_TAP_REAL;
  return j < window->counted_end ? PV_TAP_PADDING : PV_TAP_OVERHANG;
}

/* Number of real taps of @window. */
static inline int64_t
pv_window_n_real (const pv_window *window)
{
  return window->real_end - window->real_first;
}

/* Returns how many output indices of @axis read input position @pos as a
 * real tap, and stores the first @max of them, ascending, in @outs (which
 * may be NULL when @max is 0). */
size_t pv_axis_readers (const pv_axis *axis, int64_t pos, int64_t *outs, size_t max);

/* Adds, for every input position of @axis, the number of windows that read
 * it as a real tap, into @counts (axis->in entries, zeroed by the caller). */
void pv_axis_coverage (const pv_axis *axis, uint32_t *counts);

/* Adaptive window bounds with PyTorch's exact integer arithmetic. */
int64_t pv_adaptive_start (int64_t o, int64_t in, int64_t out);
int64_t pv_adaptive_end (int64_t o, int64_t in, int64_t out);

/* Start of fractional window @o (PyTorch's generate_intervals). */
int64_t pv_fractional_start (const pv_axis *axis, int64_t o);
