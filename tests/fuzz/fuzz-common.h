/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every harness shares: the limits it decodes under and the engine's
 * error contract it checks after a refusal. */

#include <stdint.h>
#include <stdlib.h>

#include "engine/io-limits.h"
#include "engine/status.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A header may legitimately claim 65535 x 65535 pixels or an array of
 * gigabytes; the engine would then allocate that much before finding the
 * data missing, which is correct but makes libFuzzer stop on its RSS limit
 * instead of finding bugs. Smaller limits keep every allocation far below
 * it while still exercising the limit checks themselves. */
static inline void
fuzz_limits (pv_limits *limits)
{
  pv_limits_init (limits);
  limits->max_width = 4096;
  limits->max_height = 4096;
  limits->max_pixels = (uint64_t) 16 * 1024 * 1024;
  limits->max_bytes = (size_t) 64 * 1024 * 1024;
}

/* A refusal sets the same status in the error, says why, and leaves the
 * output untouched (output_data is the output's data pointer, still NULL). */
static inline void
fuzz_check_refusal (pv_status status, const pv_error *err, const void *output_data)
{
  if (err->status != status || err->message[0] == '\0' || output_data != NULL)
    abort ();
}
