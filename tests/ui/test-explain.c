/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The computation line (ui/pv-explain.c): every term the way a student
 * reads it, the numbers the engine's plan and cell give. */
#include <glib.h>
#include <string.h>

#include "engine/cell.h"
#include "engine/plan.h"
#include "pv-explain.h"

/* LP pooling raises each term to p: a negative term is written (-9)^2,
 * as -9^2 reads as -(9^2). PyTorch takes no abs(), so the sign matters for
 * odd p. */
static void
test_powers_of_negative_terms (void)
{
  float values[4] = { 1.0f, -9.0f, 2.0f, -0.5f };
  int64_t dims[2] = { 2, 2 };
  pv_tensor input = { PV_DTYPE_F32, pv_shape_make (2, dims), values };
  pv_params params;
  pv_plan plan;
  pv_cell cell;
  g_autofree char *text = NULL;

  pv_params_init (&params, PV_OP_LP_POOL2D);
  params.kernel = (pv_int_list) { 1, { 2 } };
  params.has_norm_type = true;
  params.norm_type = 2.0;
  g_assert_cmpint (pv_plan_init (&plan, &params, &input, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_plan_cell (&plan, &input, NULL, 0, 0, 0, 0, &cell, NULL), ==, PV_OK);
  text = pv_explain_computation (&plan, values, &cell);
  if (strstr (text, "1^2 + (-9)^2 + 2^2 + (-0.5)^2") == NULL)
    g_error ("computation \"%s\" lacks \"1^2 + (-9)^2 + 2^2 + (-0.5)^2\"", text);
  pv_plan_clear (&plan);
}

/* A pyramid of the one level 1 has one value a channel, and says so in the
 * singular. */
static void
test_pyramid_value_count (void)
{
  float values[16] = { 0 };
  int64_t dims[2] = { 4, 4 };
  pv_tensor input = { PV_DTYPE_F32, pv_shape_make (2, dims), values };
  pv_params params;
  pv_plan plan;
  g_autofree char *one = NULL, *five = NULL;

  pv_params_init (&params, PV_OP_SPATIAL_PYRAMID_MAX_POOL2D);
  params.levels = (pv_int_list) { 1, { 1 } };
  g_assert_cmpint (pv_plan_init (&plan, &params, &input, NULL, NULL), ==, PV_OK);
  one = pv_explain_formulas (&plan, NULL);
  pv_plan_clear (&plan);
  g_assert_nonnull (strstr (one, "concatenated: 1 value a channel."));
  params.levels = (pv_int_list) { 2, { 1, 2 } };
  g_assert_cmpint (pv_plan_init (&plan, &params, &input, NULL, NULL), ==, PV_OK);
  five = pv_explain_formulas (&plan, NULL);
  pv_plan_clear (&plan);
  g_assert_nonnull (strstr (five, "concatenated: 5 values a channel."));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/explain/powers-of-negative-terms", test_powers_of_negative_terms);
  g_test_add_func ("/ui/explain/pyramid-value-count", test_pyramid_value_count);
  return g_test_run ();
}
