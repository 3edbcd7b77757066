/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The classic worked examples that students and teachers check first; each
 * must reproduce exactly. */

#include <glib.h>
#include <string.h>

#include "engine/options.h"
#include "engine/plan.h"
#include "engine/pool.h"
#include "test-util.h"

static const float matrix_5x5[25] = {
  1, 2, 0, 3, 1,
  0, 1, 2, 3, 1,
  1, 2, 1, 0, 0,
  5, 2, 3, 1, 1,
  2, 1, 0, 1, 1,
};

/* Pools a (rows x cols) plane with the options in @args ("--kernel-size 2
 * --stride 2") and checks the result against @want exactly. */
static void
check_pool (const char *op_name, const char *args, const float *in, int64_t rows, int64_t cols,
            const float *want, int64_t out_rows, int64_t out_cols)
{
  g_autofree char *samples = NULL, *indices = NULL, *message = NULL;
  int64_t dims[2] = { rows, cols };
  pv_shape shape = pv_shape_make (2, dims);
  pv_tensor input = { PV_DTYPE_F32, shape, (void *) in }, output;
  pv_params params;
  pv_plan plan;
  pv_error err;
  pv_op op;

  g_assert_true (pv_op_from_name (op_name, &op));
  pv_params_init (&params, op);
  g_assert_true (pv_test_apply_args (&params, args, &samples, &indices, &message));
  if (pv_plan_init (&plan, &params, &input, NULL, &err) != PV_OK)
    g_error ("%s", err.message);
  g_assert_cmpint (plan.out_h, ==, out_rows);
  g_assert_cmpint (plan.out_w, ==, out_cols);
  g_assert_cmpint (pv_pool_alloc_outputs (&plan, &output, NULL, &err), ==, PV_OK);
  g_assert_cmpint (pv_pool_run (&plan, &input, NULL, &output, NULL, &err), ==, PV_OK);
  for (int64_t i = 0; i < out_rows * out_cols; i++)
    g_assert_cmpfloat (((float *) output.data)[i], ==, want[i]);
  pv_tensor_free (&output);
  pv_plan_clear (&plan);
}

static void
test_max_4x4 (void)
{
  float in[16], want[4] = { 6, 8, 14, 16 };

  for (int i = 0; i < 16; i++)
    in[i] = (float) (i + 1);
  check_pool ("max_pool2d", "--kernel-size 2 --stride 2", in, 4, 4, want, 2, 2);
}

static void
test_avg_4x4 (void)
{
  float in[16], want[4] = { 3.5f, 5.5f, 11.5f, 13.5f };

  for (int i = 0; i < 16; i++)
    in[i] = (float) (i + 1);
  check_pool ("avg_pool2d", "--kernel-size 2 --stride 2", in, 4, 4, want, 2, 2);
}

static void
test_5x5_ceil (void)
{
  float want[4] = { 2, 3, 5, 1 };

  check_pool ("max_pool2d", "--kernel-size 3 --ceil-mode", matrix_5x5, 5, 5, want, 2, 2);
}

static void
test_5x5_floor (void)
{
  float want[1] = { 2 };

  check_pool ("max_pool2d", "--kernel-size 3", matrix_5x5, 5, 5, want, 1, 1);
}

static void
test_max_pool1d (void)
{
  float in[6] = { 1, 2, 3, 4, 5, 6 }, want[3] = { 2, 4, 6 };

  check_pool ("max_pool1d", "--kernel-size 2 --stride 2", in, 1, 6, want, 1, 3);
}

/* adaptive_avg_pool2d 36x36 -> 12x12 is avg_pool2d k=3 s=3: 36 mod 12 is 0,
 * and with 3 x 3 windows both divide by 9 in the same order... except that
 * adaptive divides twice, (sum / 3) / 3, which can differ in the last bit;
 * the contract calls them equal when their windows are. */
static void
test_adaptive_equals_avg (void)
{
  g_autofree float *in = g_new (float, 36 * 36);
  g_autofree float *avg = g_new (float, 12 * 12);
  int64_t dims[2] = { 36, 36 };
  pv_tensor input = { PV_DTYPE_F32, pv_shape_make (2, dims), in }, a = { 0 }, b = { 0 };
  pv_params pa, pb;
  pv_plan plan_a, plan_b;

  for (int i = 0; i < 36 * 36; i++)
    in[i] = (float) ((i * 7919) % 251) / 7.0f;
  pv_params_init (&pa, PV_OP_ADAPTIVE_AVG_POOL2D);
  g_assert_cmpint (pv_params_set_option (&pa, "output-size", "12,12", NULL), ==, PV_OK);
  pv_params_init (&pb, PV_OP_AVG_POOL2D);
  g_assert_cmpint (pv_params_set_option (&pb, "kernel-size", "3", NULL), ==, PV_OK);
  g_assert_cmpint (pv_params_set_option (&pb, "stride", "3", NULL), ==, PV_OK);

  g_assert_cmpint (pv_plan_init (&plan_a, &pa, &input, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_plan_init (&plan_b, &pb, &input, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_pool_alloc_outputs (&plan_a, &a, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_pool_alloc_outputs (&plan_b, &b, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_pool_run (&plan_a, &input, NULL, &a, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_pool_run (&plan_b, &input, NULL, &b, NULL, NULL), ==, PV_OK);
  memcpy (avg, b.data, sizeof (float) * 144);
  for (int i = 0; i < 144; i++)
    g_assert_cmpfloat_with_epsilon (((float *) a.data)[i], avg[i], 1e-5f * avg[i] + 1e-6f);

  /* The windows are identical, cell by cell: same starts and lengths. */
  for (int o = 0; o < 12; o++)
    {
      pv_window wa, wb;

      pv_axis_window (&plan_a.axis[1], o, &wa);
      pv_axis_window (&plan_b.axis[1], o, &wb);
      g_assert_cmpint (wa.start, ==, wb.start);
      g_assert_cmpint (wa.n_taps, ==, wb.n_taps);
    }
  pv_tensor_free (&a);
  pv_tensor_free (&b);
  pv_plan_clear (&plan_a);
  pv_plan_clear (&plan_b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/examples/max-4x4-k2-s2", test_max_4x4);
  g_test_add_func ("/engine/examples/avg-4x4-k2-s2", test_avg_4x4);
  g_test_add_func ("/engine/examples/max-5x5-k3-ceil", test_5x5_ceil);
  g_test_add_func ("/engine/examples/max-5x5-k3-floor", test_5x5_floor);
  g_test_add_func ("/engine/examples/max-pool1d-1-to-6", test_max_pool1d);
  g_test_add_func ("/engine/examples/adaptive-36-to-12-equals-avg-k3-s3",
                   test_adaptive_equals_avg);
  return g_test_run ();
}
