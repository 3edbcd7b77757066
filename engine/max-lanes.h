/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Four-tap maxima of 8-bit samples with the taps within one 16-byte lane
 * (RGBA8 and RGB8 pixels, gray ones), for CPUs with AVX-512BW: see
 * max-lanes.c. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest tap distance in bytes (three taps within 15 bytes). */
#define PV_MAX4_LANES_STEP 5

/* dst[i] = max (src[i], src[i + step], src[i + 2 step], src[i + 3 step])
 * for i from 0 up to what it returns (a multiple of 64, at most @n; 0 where
 * the CPU or @step does not allow): the caller does the rest. Reads no
 * further than src[n - 1 + 3 step]. */
size_t pv_max4_lanes_u8 (uint8_t *restrict dst, const uint8_t *restrict src, size_t n,
                         int64_t step);
