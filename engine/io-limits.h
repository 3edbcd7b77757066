/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Limits on untrusted input, checked after a header is read and before
 * anything is allocated from it. */
typedef struct
{
  uint32_t max_width;        /* image width, matrix columns */
  uint32_t max_height;       /* image height, matrix rows */
  uint64_t max_pixels;       /* width * height */
  size_t max_bytes;          /* a file, or a decoded array */
  uint32_t max_jpeg_scans;   /* progressive JPEG scans */
  size_t max_jpeg_memory;    /* libjpeg's working memory */
  int apply_orientation;     /* JPEG: honour the EXIF orientation (default 1) */
} pv_limits;

#define PV_DEFAULT_MAX_DIMENSION 65535u
#define PV_DEFAULT_MAX_PIXELS ((uint64_t) 256 * 1024 * 1024)
#define PV_DEFAULT_MAX_BYTES ((size_t) 2 * 1024 * 1024 * 1024 - 1)
#define PV_DEFAULT_MAX_JPEG_SCANS 100u
#define PV_DEFAULT_MAX_JPEG_MEMORY ((size_t) 512 * 1024 * 1024)

/* Fills @limits with the defaults above. */
void pv_limits_init (pv_limits *limits);
