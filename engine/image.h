/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Pictures: decoded PNG and JPEG files as interleaved samples, as libpng and
 * libjpeg deliver them and as GdkMemoryTexture takes them, and their
 * conversion to and from the planes (C, H, W) that pooling works on. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io-limits.h"
#include "status.h"
#include "tensor.h"

typedef struct
{
  uint32_t width, height;
  int channels;    /* 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA */
  int bit_depth;   /* 8 or 16 */
  void *pixels;    /* rows of width * channels samples: uint8_t, or native uint16_t */
} pv_image;

/* Allocates a zeroed image, checking the size against overflow. */
pv_status pv_image_alloc (pv_image *image, uint32_t width, uint32_t height, int channels,
                          int bit_depth, pv_error *err);

/* Releases the pixels and zeroes the struct. Safe to call twice. */
void pv_image_free (pv_image *image);

/* Bytes in one row. */
size_t pv_image_stride (const pv_image *image);

/* Checks a header's size against @limits before anything is allocated:
 * width, height, pixel count and decoded bytes. @what names the file
 * type in the message ("PNG"). */
pv_status pv_image_check_limits (uint32_t width, uint32_t height, int channels, int bit_depth,
                                 const pv_limits *limits, const char *what, pv_error *err);

/* Decodes a PNG or JPEG in memory, the signature deciding which. */
pv_status pv_image_decode (const uint8_t *data, size_t size, const pv_limits *limits,
                           pv_image *out, pv_error *err);

/* Reads and decodes @path; messages name the file. */
pv_status pv_image_read_file (const char *path, const pv_limits *limits, pv_image *out,
                              pv_error *err);

/* The image as planes: a (C, H, W) tensor of U8 or U16. */
pv_status pv_image_to_planes (const pv_image *image, pv_tensor *out, pv_error *err);

/* Samples from planes: @planes is (C, H, W), (H, W), or (N, C, H, W) with
 * N == 1, of any dtype; values are rounded to nearest (half away from zero)
 * and clamped to 0 .. 2^bit_depth - 1, NaN becoming 0. @channel selects one
 * plane as a grayscale image, or -1 keeps them all (at most 4). */
pv_status pv_image_from_planes (const pv_tensor *planes, int bit_depth, int channel,
                                pv_image *out, pv_error *err);

/* Planes holding samples of a @planes_depth-bit picture (or, pooled,
 * values between them) as a @bit_depth-bit picture: rescaled when the
 * depths differ, so that white stays white (16 to 8 bits rounds v / 257, 8
 * to 16 bits is v * 257), then as pv_image_from_planes(). A @planes_depth
 * of 0 says the planes are not a picture's: their numbers are kept. */
pv_status pv_image_from_picture_planes (const pv_tensor *planes, int planes_depth, int bit_depth,
                                        int channel, pv_image *out, pv_error *err);

/* How the values of planes fit the samples pv_image_from_planes() makes of
 * them: how many were clamped below 0 or above the top, how many were NaN
 * (written as 0), and the range of the others. */
typedef struct
{
  size_t n, below, above, nan;
  double min, max; /* of the values other than NaN; +inf and -inf if none */
} pv_sample_fit;

/* Counts, for @planes, @bit_depth and @channel that pv_image_from_planes()
 * accepted, what it does to their values. */
void pv_image_sample_fit (const pv_tensor *planes, int bit_depth, int channel,
                          pv_sample_fit *fit);

/* Applies an EXIF orientation (1-8) into a new image, *@out. */
pv_status pv_image_orient (const pv_image *image, int orientation, pv_image *out,
                           pv_error *err);

/* PNG (png-io.c). */

typedef struct
{
  const char *key;   /* a PNG keyword: "Software", "Description", ... */
  const char *text;  /* Latin-1 text */
} pv_png_text;

pv_status pv_png_decode (const uint8_t *data, size_t size, const pv_limits *limits,
                         pv_image *out, pv_error *err);

/* Encodes @image as a PNG with the given tEXt chunks into a new buffer
 * (*@data, free() it). */
pv_status pv_png_encode (const pv_image *image, const pv_png_text *texts, int n_texts,
                         uint8_t **data, size_t *size, pv_error *err);

/* Encodes and writes @image to @path through a temporary file. */
pv_status pv_png_write_file (const char *path, const pv_image *image, const pv_png_text *texts,
                             int n_texts, pv_error *err);

/* JPEG (jpeg-io.c). */

pv_status pv_jpeg_decode (const uint8_t *data, size_t size, const pv_limits *limits,
                          pv_image *out, pv_error *err);

/* The EXIF orientation (1-8) of a JPEG's APP1 segment payload (starting
 * "Exif\0\0"), or 0 when it has none or is malformed. */
int pv_exif_orientation (const uint8_t *data, size_t size);
