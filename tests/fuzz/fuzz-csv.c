/* SPDX-License-Identifier: GPL-3.0-or-later */

/* libFuzzer harness for the text matrix parser (CSV files and pasted
 * "[[1,2],[3,4]]" lists) and for the CSV writer, whose output the parser
 * must read back as the same matrix. */

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "engine/text-matrix.h"
#include "fuzz-common.h"

/* %.9g round-trips every float exactly; only NaN payloads are lost, as
 * "nan(0x1234)" is written back as plain "nan". */
static bool
same_value (float a, float b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return a == b && signbit (a) == signbit (b);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  pv_limits limits;
  pv_tensor t = { 0 }, again = { 0 };
  pv_error err;
  pv_status status;
  char *text = NULL;
  size_t text_size = 0, numel;

  fuzz_limits (&limits);
  pv_error_clear (&err);
  /* Not NUL-terminated on purpose: the parser takes a length, and
   * AddressSanitizer then catches any read past it. */
  status = pv_text_matrix_parse ((const char *) data, size, &limits, &t, &err);
  if (status != PV_OK)
    {
      /* The engine's contract: a failure is explained in @err and leaves
       * the output untouched. */
      fuzz_check_refusal (status, &err, t.data);
      return 0;
    }

  if (t.dtype != PV_DTYPE_F32 || t.shape.rank != 2 || t.shape.dims[0] < 1
      || t.shape.dims[1] < 1 || t.data == NULL || pv_shape_numel (&t.shape, &numel) != PV_OK)
    abort ();

  if (pv_csv_encode (&t, &text, &text_size, NULL) != PV_OK)
    abort ();
  if (pv_text_matrix_parse (text, text_size, &limits, &again, NULL) != PV_OK)
    abort ();
  if (again.dtype != t.dtype || !pv_shape_equal (&again.shape, &t.shape))
    abort ();
  for (size_t i = 0; i < numel; i++)
    if (!same_value (((const float *) t.data)[i], ((const float *) again.data)[i]))
      abort ();

  free (text);
  pv_tensor_free (&again);
  pv_tensor_free (&t);
  return 0;
}
