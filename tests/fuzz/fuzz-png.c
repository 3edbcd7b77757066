/* SPDX-License-Identifier: GPL-3.0-or-later */

/* libFuzzer harness for the PNG reader. Whatever the bytes, pv_png_decode()
 * must either refuse them or return a well-formed image; a decoded image
 * must survive pv_png_encode() and a second decode sample for sample, since
 * that is what PoolView's PNG export promises. */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/image.h"
#include "fuzz-common.h"

static void
check_image (const pv_image *image)
{
  if (image->width == 0 || image->height == 0 || image->channels < 1 || image->channels > 4
      || (image->bit_depth != 8 && image->bit_depth != 16) || image->pixels == NULL)
    abort ();
}

static void
check_round_trip (const pv_image *image, const pv_limits *limits)
{
  /* A text chunk too, so that the encoder's tEXt path is covered. */
  static const pv_png_text texts[] = { { "Software", "PoolView fuzz-png" } };
  uint8_t *encoded = NULL;
  size_t encoded_size = 0;
  pv_image again = { 0 };

  /* Every image the decoder returns is one the encoder accepts: failing
   * here would mean an export of a picture PoolView just opened fails. */
  if (pv_png_encode (image, texts, 1, &encoded, &encoded_size, NULL) != PV_OK)
    abort ();
  if (pv_png_decode (encoded, encoded_size, limits, &again, NULL) != PV_OK)
    abort ();
  check_image (&again);
  if (again.width != image->width || again.height != image->height
      || again.channels != image->channels || again.bit_depth != image->bit_depth)
    abort ();
  /* Rows are packed (stride = width * channels * bytes), so one memcmp
   * compares every sample and nothing else. */
  if (memcmp (again.pixels, image->pixels, pv_image_stride (image) * image->height) != 0)
    abort ();

  pv_image_free (&again);
  free (encoded);
}

static void
decode_and_check (const uint8_t *data, size_t size, const pv_limits *limits)
{
  pv_image image = { 0 };
  pv_error err;
  pv_status status;

  pv_error_clear (&err);
  status = pv_png_decode (data, size, limits, &image, &err);
  if (status != PV_OK)
    {
      /* The engine's contract: a failure is explained in @err and leaves
       * the output untouched, so callers never free a half-made image. */
      fuzz_check_refusal (status, &err, image.pixels);
      return;
    }

  check_image (&image);
  check_round_trip (&image, limits);
  pv_image_free (&image);
}

/* The CRC-32 of PNG chunks (ISO 3309, as in zlib), bit by bit: inputs are
 * small and clarity beats a table here. */
static uint32_t
png_crc (const uint8_t *p, size_t n)
{
  uint32_t crc = 0xffffffffu;

  for (size_t i = 0; i < n; i++)
    {
      crc ^= p[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return crc ^ 0xffffffffu;
}

/* Rewrites the CRC of every complete chunk after the signature. Returns
 * false when nothing changed. */
static bool
fix_crcs (uint8_t *p, size_t size)
{
  bool changed = false;
  size_t pos = 8;

  while (size - pos >= 12)
    {
      size_t len = (size_t) p[pos] << 24 | (size_t) p[pos + 1] << 16
                   | (size_t) p[pos + 2] << 8 | p[pos + 3];
      uint32_t crc;
      uint8_t be[4];

      if (len > size - pos - 12)
        break;
      crc = png_crc (p + pos + 4, 4 + len);
      be[0] = (uint8_t) (crc >> 24);
      be[1] = (uint8_t) (crc >> 16);
      be[2] = (uint8_t) (crc >> 8);
      be[3] = (uint8_t) crc;
      if (memcmp (p + pos + 8 + len, be, 4) != 0)
        {
          memcpy (p + pos + 8 + len, be, 4);
          changed = true;
        }
      pos += 12 + len;
    }
  return changed;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  pv_limits limits;

  fuzz_limits (&limits);
  decode_and_check (data, size, &limits);

  /* libpng rejects a critical chunk whose CRC is wrong before looking at
   * it, so almost every mutation of IHDR, PLTE or a chunk length dies
   * there and the fuzzer never learns what PoolView does with a hostile
   * header (huge or zero sizes, odd depths, short palettes). The same
   * input with its CRCs repaired reaches that code; the original still
   * covers the CRC errors themselves. */
  if (size > 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    {
      uint8_t *fixed = malloc (size);

      if (fixed == NULL)
        abort ();
      memcpy (fixed, data, size);
      if (fix_crcs (fixed, size))
        decode_and_check (fixed, size, &limits);
      free (fixed);
    }
  return 0;
}
