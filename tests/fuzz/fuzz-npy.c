/* SPDX-License-Identifier: GPL-3.0-or-later */

/* libFuzzer harness for the .npy reader: the header's Python-literal
 * dictionary, the shape arithmetic that sizes the allocation, and the
 * byte-order and Fortran-order conversions that fill it. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/npy.h"
#include "fuzz-common.h"

static size_t
check_tensor (const pv_tensor *t)
{
  size_t numel;
  double sum = 0.0;

  if (t->shape.rank < 0 || t->shape.rank > PV_MAX_RANK || t->data == NULL
      || pv_dtype_size (t->dtype) == 0)
    abort ();
  for (int d = 0; d < t->shape.rank; d++)
    if (t->shape.dims[d] < 0)
      abort ();
  if (pv_shape_numel (&t->shape, &numel) != PV_OK)
    abort ();
  /* Reading every element makes AddressSanitizer check that the buffer
   * really holds as many elements as the shape says. */
  for (size_t i = 0; i < numel; i++)
    sum += pv_tensor_get (t, i);
  {
    volatile double sink = sum;

    (void) sink;
  }
  return numel;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  pv_limits limits;
  pv_tensor t = { 0 }, again = { 0 };
  pv_error err;
  pv_status status;
  uint8_t *encoded = NULL;
  size_t encoded_size = 0, numel;

  fuzz_limits (&limits);
  pv_error_clear (&err);
  status = pv_npy_decode (data, size, &limits, &t, &err);
  if (status != PV_OK)
    {
      /* The engine's contract: a failure is explained in @err and leaves
       * the output untouched. */
      fuzz_check_refusal (status, &err, t.data);
      return 0;
    }

  numel = check_tensor (&t);
  /* Every element comes from at least one byte after the 10-byte
   * preamble: more elements than that means the shape and the payload
   * disagree and the reader invented data. */
  if (numel > size - 10)
    abort ();

  /* What PoolView writes it must read back identically: same dtype, same
   * shape, same bytes (NaN payloads included, as nothing converts them). */
  if (pv_npy_encode (&t, &encoded, &encoded_size, NULL) != PV_OK)
    abort ();
  if (pv_npy_decode (encoded, encoded_size, &limits, &again, NULL) != PV_OK)
    abort ();
  if (again.dtype != t.dtype || !pv_shape_equal (&again.shape, &t.shape)
      || check_tensor (&again) != numel
      || memcmp (again.data, t.data, numel * pv_dtype_size (t.dtype)) != 0)
    abort ();

  free (encoded);
  pv_tensor_free (&again);
  pv_tensor_free (&t);
  return 0;
}
