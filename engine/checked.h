/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Overflow-checked size arithmetic. Every size the engine allocates from is
 * computed through these helpers: file headers and parameters come from
 * users, and a wrapped product would turn a huge request into a small
 * allocation followed by an out-of-bounds write. Each returns true on
 * success and leaves *out untouched on overflow. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool
pv_size_mul (size_t a, size_t b, size_t *out)
{
  size_t r;

  if (__builtin_mul_overflow (a, b, &r))
    return false;
  *out = r;
  return true;
}

static inline bool
pv_size_add (size_t a, size_t b, size_t *out)
{
  size_t r;

  if (__builtin_add_overflow (a, b, &r))
    return false;
  *out = r;
  return true;
}

static inline bool
pv_size_mul3 (size_t a, size_t b, size_t c, size_t *out)
{
  size_t ab;

  return pv_size_mul (a, b, &ab) && pv_size_mul (ab, c, out);
}

static inline bool
pv_i64_mul (int64_t a, int64_t b, int64_t *out)
{
  int64_t r;

  if (__builtin_mul_overflow (a, b, &r))
    return false;
  *out = r;
  return true;
}

static inline bool
pv_i64_add (int64_t a, int64_t b, int64_t *out)
{
  int64_t r;

  if (__builtin_add_overflow (a, b, &r))
    return false;
  *out = r;
  return true;
}

/* Integer division rounding toward negative infinity, for b > 0. C's "/"
 * truncates toward zero, which is wrong for the negative numerators that
 * PyTorch's output-size formula produces when the kernel exceeds the input. */
static inline int64_t
pv_floor_div (int64_t a, int64_t b)
{
  int64_t q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

/* Ceiling division for b > 0. */
static inline int64_t
pv_ceil_div (int64_t a, int64_t b)
{
  return -pv_floor_div (-a, b);
}
