/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What compare mode and "back to input size" show: differences and
 * nearest resampling, computed by the engine. */

#include <glib.h>
#include <string.h>

#include "engine/compare.h"

static pv_tensor
make (int rank, const int64_t *dims, const float *values)
{
  pv_shape shape = pv_shape_make (rank, dims);
  pv_tensor t;
  size_t n;

  g_assert_cmpint (pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, NULL), ==, PV_OK);
  pv_shape_numel (&shape, &n);
  memcpy (t.data, values, n * sizeof (float));
  return t;
}

static void
test_subtract (void)
{
  int64_t dims[2] = { 2, 2 };
  const float a_values[4] = { 6, 8, 14, 16 }, b_values[4] = { 3.5f, 5.5f, 11.5f, 13.5f };
  pv_tensor a = make (2, dims, a_values), b = make (2, dims, b_values), d, c;
  int64_t other[2] = { 3, 3 };
  pv_error err;

  g_assert_cmpint (pv_tensor_subtract (&a, &b, &d, &err), ==, PV_OK);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (((float *) d.data)[i], ==, 2.5f);
  pv_tensor_free (&d);
  pv_tensor_free (&b);
  b = make (2, other, (const float[9]) { 0 });
  g_assert_cmpint (pv_tensor_subtract (&a, &b, &c, &err), ==, PV_ERR_SHAPE);
  g_assert_nonnull (strstr (err.message, "[2, 2] and [3, 3]"));
  pv_tensor_free (&a);
  pv_tensor_free (&b);
}

/* Each enlarged cell takes floor(i * from / to); every source cell is used,
 * and pv_resize_targets() names exactly the cells that show it. */
static void
test_resize_nearest (void)
{
  int64_t dims[3] = { 1, 2, 3 };
  const float values[6] = { 1, 2, 3, 4, 5, 6 };
  pv_tensor small = make (3, dims, values), big;

  g_assert_cmpint (pv_tensor_resize_nearest (&small, 5, 7, &big, NULL), ==, PV_OK);
  g_assert_cmpint (big.shape.dims[0], ==, 1);
  g_assert_cmpint (big.shape.dims[1], ==, 5);
  g_assert_cmpint (big.shape.dims[2], ==, 7);
  for (int64_t h = 0; h < 5; h++)
    for (int64_t w = 0; w < 7; w++)
      g_assert_cmpfloat (((float *) big.data)[h * 7 + w], ==,
                         values[pv_resize_source (h, 2, 5) * 3 + pv_resize_source (w, 3, 7)]);
  for (int64_t s = 0; s < 3; s++)
    {
      int64_t first, end;

      pv_resize_targets (s, 3, 7, &first, &end);
      g_assert_cmpint (end, >, first);
      for (int64_t w = 0; w < 7; w++)
        g_assert_cmpint (pv_resize_source (w, 3, 7) == s, ==, w >= first && w < end);
    }
  pv_tensor_free (&small);
  pv_tensor_free (&big);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/compare/subtract", test_subtract);
  g_test_add_func ("/engine/compare/resize-nearest", test_resize_nearest);
  return g_test_run ();
}
