/* SPDX-License-Identifier: GPL-3.0-or-later */

/* libFuzzer harness for the JPEG reader: libjpeg's error and warning
 * handling through longjmp, the progressive scan limit, CMYK conversion,
 * and the EXIF orientation parser with the pixel reordering it drives. */

#include <stdint.h>
#include <stdlib.h>

#include "engine/image.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  pv_limits limits;
  pv_image image = { 0 };
  pv_error err;
  pv_status status;
  int orientation;

  /* The EXIF parser also sees the raw input: it reads offsets from the
   * data, and reaching it only through a valid JPEG would leave most of
   * its branches to luck. Inputs starting "Exif\0\0" exercise it fully. */
  orientation = pv_exif_orientation (data, size);
  if (orientation < 0 || orientation > 8)
    abort ();

  fuzz_limits (&limits);
  /* libjpeg's own working memory (the coefficient buffers of progressive
   * files) is bounded for the same reason as the picture. */
  limits.max_jpeg_memory = (size_t) 256 * 1024 * 1024;
  pv_error_clear (&err);
  status = pv_jpeg_decode (data, size, &limits, &image, &err);
  if (status != PV_OK)
    {
      /* The engine's contract: a failure is explained in @err and leaves
       * the output untouched, so callers never free a half-made image. */
      fuzz_check_refusal (status, &err, image.pixels);
      return 0;
    }

  /* libjpeg delivers 8-bit gray or RGB (CMYK is converted), but the check
   * is the general one every pv_image must pass. */
  if (image.width == 0 || image.height == 0 || image.channels < 1 || image.channels > 4
      || image.bit_depth != 8 || image.pixels == NULL)
    abort ();
  /* Touch the last sample so that AddressSanitizer notices a buffer
   * smaller than the size the image claims (after an orientation swap). */
  {
    volatile uint8_t last = ((const uint8_t *) image.pixels)[pv_image_stride (&image)
                                                              * image.height - 1];

    (void) last;
  }

  pv_image_free (&image);
  return 0;
}
