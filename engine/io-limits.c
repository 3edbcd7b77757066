/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "io-limits.h"

void
pv_limits_init (pv_limits *limits)
{
  limits->max_width = PV_DEFAULT_MAX_DIMENSION;
  limits->max_height = PV_DEFAULT_MAX_DIMENSION;
  limits->max_pixels = PV_DEFAULT_MAX_PIXELS;
  limits->max_bytes = PV_DEFAULT_MAX_BYTES;
  limits->max_jpeg_scans = PV_DEFAULT_MAX_JPEG_SCANS;
  limits->max_jpeg_memory = PV_DEFAULT_MAX_JPEG_MEMORY;
  limits->apply_orientation = 1;
}
