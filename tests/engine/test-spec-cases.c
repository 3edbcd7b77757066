/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The table of tricky cases in the pooling contract (section 10), each row a
 * named test: shapes, values, indices and PyTorch's error messages. */

#include <glib.h>
#include <math.h>
#include <string.h>

#include "engine/io-limits.h"
#include "engine/options.h"
#include "engine/plan.h"
#include "engine/pool.h"
#include "engine/text-matrix.h"
#include "test-util.h"

typedef struct
{
  const char *name;       /* what the row catches */
  const char *op;
  const char *args;
  int rank;
  int64_t dims[4];
  const char *input;      /* "arange", "arange1", "ones", or a list "[1, nan, 3]" */
  const char *shape;      /* expected output shape "[1, 1, 2, 2]", or NULL for an error */
  const char *error;      /* expected message (a substring) */
  const char *values;     /* expected values, row-major, as a list */
  const char *indices;    /* expected indices */
  const char *samples;    /* fractional samples (N, C, 2) flattened */
  const char *unpool_indices;
} spec_case;

static const spec_case cases[] = {
  { "01-floor-default-stride", "max_pool2d", "--kernel-size 2", 4, { 1, 1, 5, 5 }, "arange",
    "[1, 1, 2, 2]" },
  { "02-ceil-partial-window", "max_pool2d", "--kernel-size 2 --ceil-mode", 4, { 1, 1, 5, 5 },
    "arange", "[1, 1, 3, 3]" },
  { "03-drop-rule", "max_pool2d", "--kernel-size 2 --stride 2 --padding 1 --ceil-mode", 4,
    { 1, 1, 5, 5 }, "arange", "[1, 1, 3, 3]" },
  { "04-drop-window-in-padding", "max_pool2d", "--kernel-size 3 --stride 3 --padding 1 --ceil-mode",
    4, { 1, 2, 5, 5 }, "arange", "[1, 2, 2, 2]" },
  { "05-drop-rule-small", "max_pool2d", "--kernel-size 2 --stride 2 --padding 1 --ceil-mode", 4,
    { 1, 1, 3, 3 }, "arange", "[1, 1, 2, 2]" },
  { "06-avg-divisor-clipped", "avg_pool2d", "--kernel-size 3 --stride 2 --padding 1 --ceil-mode",
    4, { 1, 1, 4, 4 }, "arange1", "[1, 1, 3, 3]", NULL,
    "[1.5555556, 3.3333333, 2, 6.3333335, 11, 6, 4.5, 7.5, 4]" },
  { "07-avg-real-count", "avg_pool2d",
    "--kernel-size 3 --stride 2 --padding 1 --ceil-mode --no-count-include-pad", 4, { 1, 1, 4, 4 },
    "arange1", "[1, 1, 3, 3]", NULL, "[3.5, 5, 6, 9.5, 11, 12, 13.5, 15, 16]" },
  { "08-ceil-adds-window-floor", "max_pool2d", "--kernel-size 3 --stride 2", 4, { 1, 1, 6, 6 },
    "arange", "[1, 1, 2, 2]" },
  { "08-ceil-adds-window-ceil", "max_pool2d", "--kernel-size 3 --stride 2 --ceil-mode", 4,
    { 1, 1, 6, 6 }, "arange", "[1, 1, 3, 3]" },
  { "09-stride-over-kernel-floor", "max_pool2d", "--kernel-size 2 --stride 3", 4, { 1, 1, 10, 10 },
    "arange", "[1, 1, 3, 3]" },
  { "09-stride-over-kernel-ceil", "max_pool2d", "--kernel-size 2 --stride 3 --ceil-mode", 4,
    { 1, 1, 10, 10 }, "arange", "[1, 1, 4, 4]" },
  { "10-last-window-divisor-1", "avg_pool2d", "--kernel-size 2 --stride 3 --ceil-mode", 4,
    { 1, 1, 10, 10 }, "ones", "[1, 1, 4, 4]", NULL,
    "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]" },
  { "11-negative-numerator-floor", "max_pool2d", "--kernel-size 3 --stride 2", 4, { 1, 1, 2, 2 },
    "arange", NULL, "Calculated output size: (1x0x0). Output size is too small" },
  { "11-kernel-over-input-ceil", "max_pool2d", "--kernel-size 3 --stride 2 --ceil-mode", 4,
    { 1, 1, 2, 2 }, "arange", "[1, 1, 1, 1]", NULL, "[3]" },
  { "12-1d-kernel-over-input-ceil", "max_pool1d", "--kernel-size 2 --stride 2 --ceil-mode", 3,
    { 1, 1, 1 }, "arange", "[1, 1, 1]" },
  { "12-1d-stride-1-ceil-error", "max_pool1d", "--kernel-size 2 --stride 1 --ceil-mode", 3,
    { 1, 1, 1 }, "arange", NULL, "max_pool1d() Invalid computed output size: 0" },
  { "13-avg1d-kernel-over-input", "avg_pool1d",
    "--kernel-size 7 --stride 4 --padding 3 --ceil-mode", 3, { 1, 1, 5 }, "arange", "[1, 1, 2]",
    NULL, "[0.85714287, 1.4285715]" },
  { "14-dilation-size", "max_pool2d", "--kernel-size 3 --dilation 2 --stride 1", 4,
    { 1, 1, 10, 10 }, "arange", "[1, 1, 6, 6]" },
  { "15-dilation-ceil", "max_pool2d",
    "--kernel-size 3 --dilation 2 --stride 2 --padding 1 --ceil-mode", 4, { 1, 1, 7, 7 }, "arange",
    "[1, 1, 3, 3]" },
  { "16-pad-limit-effective-kernel", "max_pool2d",
    "--kernel-size 3 --dilation 2 --stride 1 --padding 2", 4, { 1, 1, 8, 8 }, "arange",
    "[1, 1, 8, 8]" },
  { "17-1d-fast-path-raw-pad-rule", "max_pool1d", "--kernel-size 3 --dilation 2 --padding 2", 3,
    { 1, 1, 8 }, "arange", NULL,
    "max_pool1d() padding should be at most half of kernel size, but got padding=2 and "
    "kernel_size=3" },
  { "18-window-with-no-real-tap", "max_pool2d",
    "--kernel-size 3 --stride 6 --padding 1 --dilation 2 --ceil-mode --return-indices -", 4,
    { 1, 1, 1, 224 }, "arange", "[1, 1, 1, 38]" },
  { "19-1d-no-real-tap", "max_pool1d",
    "--kernel-size 2 --stride 1 --padding 1 --dilation 3 --return-indices -", 3, { 1, 1, 2 },
    "[3, 4]", "[1, 1, 1]", NULL, "[-inf]", "[2]" },
  { "20-nan-last-wins", "max_pool1d", "--kernel-size 3 --stride 1 --return-indices -", 3,
    { 1, 1, 8 }, "[1, nan, 3, 2, nan, nan, 5, 4]", "[1, 1, 6]", NULL,
    "[nan, nan, nan, nan, nan, nan]", "[1, 1, 4, 5, 5, 5]" },
  { "21-first-max-signed-zero", "max_pool1d", "--kernel-size 2 --return-indices -", 3, { 1, 1, 8 },
    "[2, 2, 1, 3, 3, 0, -0, 0]", "[1, 1, 4]", NULL, "[2, 3, 3, -0]", "[0, 3, 4, 6]" },
  { "22-all-minus-inf-index", "max_pool1d",
    "--kernel-size 2 --stride 2 --padding 1 --return-indices -", 3, { 1, 1, 4 },
    "[-inf, -inf, -inf, -inf]", "[1, 1, 3]", NULL, "[-inf, -inf, -inf]", "[0, 1, 3]" },
  { "23-1d-floor", "max_pool1d", "--kernel-size 3 --stride 2 --padding 1", 3, { 2, 3, 10 },
    "arange", "[2, 3, 5]" },
  { "23-1d-ceil", "max_pool1d", "--kernel-size 3 --stride 2 --padding 1 --ceil-mode", 3,
    { 2, 3, 10 }, "arange", "[2, 3, 6]" },
  { "24-1d-unbatched", "max_pool1d", "--kernel-size 2", 2, { 3, 10 }, "arange", "[3, 5]" },
  { "25-2d-unbatched", "max_pool2d", "--kernel-size 3 --stride 2", 3, { 3, 7, 7 }, "arange",
    "[3, 3, 3]" },
  { "26-empty-batch", "max_pool2d", "--kernel-size 2", 4, { 0, 3, 8, 8 }, "arange",
    "[0, 3, 4, 4]" },
  { "27-zero-channels", "max_pool2d", "--kernel-size 2", 4, { 1, 0, 8, 8 }, "arange", NULL,
    "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
    "got:[1, 0, 8, 8]" },
  { "28-kernel-over-input-padding", "max_pool2d", "--kernel-size 3 --stride 1 --padding 1", 4,
    { 1, 1, 2, 2 }, "arange", "[1, 1, 2, 2]" },
  { "29-per-axis-h-first", "max_pool2d", "--kernel-size 3,2 --stride 2,1 --padding 1,0", 4,
    { 1, 1, 9, 6 }, "arange", "[1, 1, 5, 5]" },
  { "30-even-kernel-max-pad-ceil", "max_pool2d",
    "--kernel-size 4 --stride 3 --padding 2 --ceil-mode", 4, { 1, 1, 5, 5 }, "arange",
    "[1, 1, 3, 3]" },
  { "30-even-kernel-max-pad-floor", "max_pool2d", "--kernel-size 4 --stride 3 --padding 2", 4,
    { 1, 1, 5, 5 }, "arange", "[1, 1, 2, 2]" },
  { "31-zero-kernel-stride-first", "max_pool2d", "--kernel-size 0", 4, { 1, 1, 8, 8 }, "arange",
    NULL, "stride should not be zero" },
  { "32-zero-kernel", "max_pool2d", "--kernel-size 0 --stride 1", 4, { 1, 1, 8, 8 }, "arange",
    NULL, "kernel size should be greater than zero, but got kH: 0 kW: 0" },
  { "33-divisor-zero", "avg_pool2d", "--kernel-size 3 --padding 1 --divisor-override 0", 4,
    { 1, 1, 8, 8 }, "arange", NULL, "divisor must be not zero" },
  { "34-divisor-override", "avg_pool2d", "--kernel-size 2 --divisor-override 3", 4,
    { 1, 1, 4, 4 }, "arange", "[1, 1, 2, 2]", NULL, "[3.3333333, 6, 14, 16.666666]" },
  { "35-adaptive-overlap", "adaptive_avg_pool1d", "--output-size 3", 3, { 1, 1, 10 }, "arange",
    "[1, 1, 3]", NULL, "[1.5, 4.5, 7.5]" },
  { "36-adaptive-out-over-in", "adaptive_avg_pool1d", "--output-size 5", 3, { 1, 1, 3 },
    "[1, 2, 3]", "[1, 1, 5]", NULL, "[1, 1.5, 2, 2.5, 3]" },
  { "37-adaptive-zero-output", "adaptive_avg_pool1d", "--output-size 0", 3, { 1, 1, 10 },
    "arange", NULL, "Output size is too small" },
  { "38-adaptive-none-keeps-axis", "adaptive_avg_pool2d", "--output-size none,2", 4,
    { 2, 3, 5, 7 }, "arange", "[2, 3, 5, 2]" },
  { "39-adaptive-int-size", "adaptive_avg_pool2d", "--output-size 3", 4, { 1, 3, 7, 5 },
    "arange", "[1, 3, 3, 3]" },
  { "40-adaptive-global-max", "adaptive_max_pool2d", "--output-size 1 --return-indices -", 4,
    { 2, 4, 7, 7 }, "arange", "[2, 4, 1, 1]" },
  { "42-lp-ceil-rescale", "lp_pool1d", "--norm-type 2 --kernel-size 2 --ceil-mode", 3,
    { 1, 1, 5 }, "[1, 2, 3, 4, 5]", "[1, 1, 3]", NULL, "[2.236068, 5.0, 7.071068]" },
  { "43-lp-no-abs-p1", "lp_pool1d", "--norm-type 1 --kernel-size 2", 3, { 1, 1, 4 },
    "[-1, -2, 3, -4]", "[1, 1, 2]", NULL, "[-3, -1]" },
  { "43-lp-no-abs-p3", "lp_pool1d", "--norm-type 3 --kernel-size 2", 3, { 1, 1, 4 },
    "[-1, -2, 3, -4]", "[1, 1, 2]", NULL, "[nan, nan]" },
  { "44-lp-inf-is-not-max", "lp_pool1d", "--norm-type inf --kernel-size 2", 3, { 1, 1, 4 },
    "[0.5, -2, 3, 1]", "[1, 1, 2]", NULL, "[1, 1]" },
  { "45-lp2d-ceil", "lp_pool2d", "--norm-type 2 --kernel-size 2,3 --stride 2 --ceil-mode", 4,
    { 1, 1, 3, 4 }, "arange", "[1, 1, 2, 2]" },
  { "46-fractional-ratio-truncates", "fractional_max_pool2d",
    "--kernel-size 2 --output-ratio 0.5", 4, { 1, 1, 7, 9 }, "arange", "[1, 1, 3, 4]" },
  { "47-fractional-sample-axes", "fractional_max_pool2d", "--kernel-size 3 --output-size 4,5",
    4, { 1, 1, 10, 10 }, "arange", "[1, 1, 4, 5]", NULL,
    "[22, 24, 25, 27, 29, 52, 54, 55, 57, 59, 72, 74, 75, 77, 79, 92, 94, 95, 97, 99]", NULL,
    "[0.25, 0.75]" },
  { "48-fractional-single-window-at-end", "fractional_max_pool2d",
    "--kernel-size 2 --output-size 1", 4, { 1, 1, 5, 5 }, "arange", "[1, 1, 1, 1]", NULL, "[24]" },
  { "49-fractional-too-large", "fractional_max_pool2d", "--kernel-size 3 --output-size 4", 4,
    { 1, 1, 5, 5 }, "arange", NULL, "pool height 3 too large relative to input height 5" },
  { "50-unpool-default-size-trap", "max_unpool2d", "--kernel-size 2", 4, { 1, 1, 2, 2 },
    "[6, 8, 16, 18]", NULL, "Found an invalid max index: 18 (output volumes are of size 4x4",
    NULL, NULL, NULL, "[6, 8, 16, 18]" },
  { "51-unpool-explicit-size", "max_unpool2d", "--kernel-size 2 --output-size 5,5", 4,
    { 1, 1, 2, 2 }, "[6, 8, 16, 18]", "[1, 1, 5, 5]", NULL, NULL, NULL, NULL,
    "[6, 8, 16, 18]" },
  { "51-unpool-size-strict-bounds", "max_unpool2d", "--kernel-size 2 --output-size 6,6", 4,
    { 1, 1, 2, 2 }, "[6, 8, 16, 18]", NULL,
    "invalid output_size \"(6, 6)\" (dim 0 must be between 2 and 6)", NULL, NULL, NULL,
    "[6, 8, 16, 18]" },
  { "52-unpool1d-default", "max_unpool1d", "--kernel-size 2", 3, { 1, 1, 3 }, "[1, 3, 5]",
    "[1, 1, 6]", NULL, "[0, 1, 0, 3, 0, 5]", NULL, NULL, "[1, 3, 5]" },
  { "52-unpool1d-odd-size", "max_unpool1d", "--kernel-size 2 --output-size 7", 3, { 1, 1, 3 },
    "[1, 3, 5]", "[1, 1, 7]", NULL, NULL, NULL, NULL, "[1, 3, 5]" },
  { "53-adaptive-not-avg", "adaptive_avg_pool1d", "--output-size 3", 3, { 1, 1, 5 }, "arange",
    "[1, 1, 3]", NULL, "[0.5, 2, 3.5]" },
  { "53-avg-counterpart", "avg_pool1d", "--kernel-size 3 --stride 1", 3, { 1, 1, 5 }, "arange",
    "[1, 1, 3]", NULL, "[1, 2, 3]" },
  { "54-adaptive-r1-equivalent", "adaptive_avg_pool1d", "--output-size 3", 3, { 1, 1, 7 },
    "arange", "[1, 1, 3]", NULL, "[1, 3, 5]" },
  { "54-avg-counterpart", "avg_pool1d", "--kernel-size 3 --stride 2", 3, { 1, 1, 7 }, "arange",
    "[1, 1, 3]", NULL, "[1, 3, 5]" },
  { "55-tf-same", "max_pool1d", "--kernel-size 3 --stride 2 --padding same", 3, { 1, 1, 224 },
    "arange", "[1, 1, 112]" },
  { "56-onnx-same-lower", "max_pool1d", "--kernel-size 3 --stride 2 --padding same-lower", 3,
    { 1, 1, 8 }, "arange", "[1, 1, 4]", NULL, "[1, 3, 5, 7]" },
  { "56-onnx-same-upper", "max_pool1d", "--kernel-size 3 --stride 2 --padding same", 3,
    { 1, 1, 8 }, "arange", "[1, 1, 4]", NULL, "[2, 4, 6, 7]" },
};

static pv_tensor
parse_list (const char *text)
{
  pv_limits limits;
  pv_tensor t;
  pv_error err;

  pv_limits_init (&limits);
  if (pv_text_matrix_parse (text, strlen (text), &limits, &t, &err) != PV_OK)
    g_error ("%s: %s", text, err.message);
  return t;
}

static pv_tensor
make_input (const spec_case *c)
{
  pv_shape shape = pv_shape_make (c->rank, c->dims);
  pv_tensor t;
  size_t n;

  g_assert_cmpint (pv_tensor_alloc (&t, PV_DTYPE_F32, &shape, NULL), ==, PV_OK);
  pv_shape_numel (&shape, &n);
  if (c->input[0] == '[')
    {
      pv_tensor list = parse_list (c->input);

      g_assert_cmpuint (n, ==, (size_t) list.shape.dims[1]);
      memcpy (t.data, list.data, n * sizeof (float));
      pv_tensor_free (&list);
    }
  else
    for (size_t i = 0; i < n; i++)
      ((float *) t.data)[i] = g_str_equal (c->input, "ones")      ? 1.0f
                              : g_str_equal (c->input, "arange1") ? (float) (i + 1)
                                                                  : (float) i;
  return t;
}

static void
test_case (gconstpointer data)
{
  const spec_case *c = data;
  g_autofree char *samples_path = NULL, *indices_path = NULL, *message = NULL;
  pv_tensor input = make_input (c), samples = { 0 }, unpool = { 0 }, output = { 0 },
            indices = { 0 };
  pv_params params;
  pv_plan plan;
  pv_error err;
  pv_status status;
  pv_op op;

  g_assert_true (pv_op_from_name (c->op, &op));
  pv_params_init (&params, op);
  if (!pv_test_apply_args (&params, c->args, &samples_path, &indices_path, &message))
    g_error ("%s", message);
  if (c->samples)
    {
      pv_tensor list = parse_list (c->samples);
      int64_t dims[3] = { 1, 1, 2 };

      samples = list;
      samples.shape = pv_shape_make (3, dims);
    }
  if (c->unpool_indices)
    {
      pv_tensor list = parse_list (c->unpool_indices);

      g_assert_cmpint (pv_tensor_convert (&list, PV_DTYPE_I64, &unpool, NULL), ==, PV_OK);
      unpool.shape = input.shape;
      pv_tensor_free (&list);
    }

  status = pv_plan_init (&plan, &params, &input, c->samples ? &samples : NULL, &err);
  if (status == PV_OK)
    {
      g_assert_cmpint (pv_pool_alloc_outputs (&plan, &output,
                                              params.return_indices ? &indices : NULL, NULL),
                       ==, PV_OK);
      status = pv_pool_run (&plan, &input, c->unpool_indices ? &unpool : NULL, &output,
                            params.return_indices ? &indices : NULL, &err);
    }

  if (c->shape == NULL)
    {
      g_assert_cmpint (status, !=, PV_OK);
      if (strstr (err.message, c->error) == NULL)
        g_error ("message \"%s\" lacks \"%s\"", err.message, c->error);
    }
  else
    {
      char shape[96];

      if (status != PV_OK)
        g_error ("%s", err.message);
      pv_shape_format (&output.shape, shape, sizeof shape);
      g_assert_cmpstr (shape, ==, c->shape);
      if (c->values)
        {
          pv_tensor want = parse_list (c->values);

          for (int64_t i = 0; i < want.shape.dims[1]; i++)
            {
              float w = ((float *) want.data)[i], g = ((float *) output.data)[i];

              if (isnan (w))
                g_assert_true (isnan (g));
              else if (isinf (w))
                g_assert_cmpfloat (g, ==, w);
              else
                {
                  g_assert_cmpfloat_with_epsilon (g, w, 2e-6f * fabsf (w) + 1e-7f);
                  g_assert_cmpint (signbit (g), ==, signbit (w));
                }
            }
          pv_tensor_free (&want);
        }
      if (c->indices)
        {
          pv_tensor want = parse_list (c->indices);

          for (int64_t i = 0; i < want.shape.dims[1]; i++)
            g_assert_cmpint (((int64_t *) indices.data)[i], ==,
                             (int64_t) ((float *) want.data)[i]);
          pv_tensor_free (&want);
        }
      pv_plan_clear (&plan);
    }
  pv_tensor_free (&input);
  pv_tensor_free (&samples);
  pv_tensor_free (&unpool);
  pv_tensor_free (&output);
  pv_tensor_free (&indices);
}

/* Row 18 in full: all -inf, with out-of-range indices 225, 229, 235, ...,
 * 445 that replicate ATen's stepping loop. */
static void
test_no_real_tap_indices (void)
{
  int64_t dims[4] = { 1, 1, 1, 224 };
  pv_shape shape = pv_shape_make (4, dims);
  pv_tensor input, output, indices;
  pv_params params;
  pv_plan plan;
  const int64_t *idx;

  pv_tensor_alloc (&input, PV_DTYPE_F32, &shape, NULL);
  pv_params_init (&params, PV_OP_MAX_POOL2D);
  pv_params_set_option (&params, "kernel-size", "3", NULL);
  pv_params_set_option (&params, "stride", "6", NULL);
  pv_params_set_option (&params, "padding", "1", NULL);
  pv_params_set_option (&params, "dilation", "2", NULL);
  pv_params_set_option (&params, "ceil-mode", NULL, NULL);
  params.return_indices = true;
  g_assert_cmpint (pv_plan_init (&plan, &params, &input, NULL, NULL), ==, PV_OK);
  pv_pool_alloc_outputs (&plan, &output, &indices, NULL);
  g_assert_cmpint (pv_pool_run (&plan, &input, NULL, &output, &indices, NULL), ==, PV_OK);
  idx = indices.data;
  g_assert_cmpint (idx[0], ==, 225);
  g_assert_cmpint (idx[1], ==, 229);
  g_assert_cmpint (idx[2], ==, 235);
  g_assert_cmpint (idx[37], ==, 445);
  for (int i = 0; i < 38; i++)
    {
      g_assert_true (isinf (((float *) output.data)[i]) && ((float *) output.data)[i] < 0);
      g_assert_cmpint (idx[i], >=, 224);
    }
  pv_tensor_free (&input);
  pv_tensor_free (&output);
  pv_tensor_free (&indices);
  pv_plan_clear (&plan);
}

/* Row 55: TF SAME pads (0, 1); PyTorch's padding=1 gives the same size
 * with windows one cell earlier. */
static void
test_same_pads (void)
{
  int64_t dims[3] = { 1, 1, 224 };
  pv_tensor input = { PV_DTYPE_F32, pv_shape_make (3, dims), NULL };
  pv_params same, torch;
  pv_plan a, b;

  pv_params_init (&same, PV_OP_MAX_POOL1D);
  pv_params_set_option (&same, "kernel-size", "3", NULL);
  pv_params_set_option (&same, "stride", "2", NULL);
  torch = same;
  pv_params_set_option (&same, "padding", "same", NULL);
  pv_params_set_option (&torch, "padding", "1", NULL);
  g_assert_cmpint (pv_plan_init (&a, &same, &input, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (pv_plan_init (&b, &torch, &input, NULL, NULL), ==, PV_OK);
  g_assert_cmpint (a.size[1].pad_before, ==, 0);
  g_assert_cmpint (a.size[1].pad_after, ==, 1);
  g_assert_cmpint (a.out_w, ==, 112);
  g_assert_cmpint (b.out_w, ==, 112);
  {
    pv_window wa, wb;

    pv_axis_window (&a.axis[1], 0, &wa);
    pv_axis_window (&b.axis[1], 0, &wb);
    g_assert_cmpint (wa.start, ==, wb.start + 1);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/spec-cases/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/engine/spec-cases/18-indices-in-full", test_no_real_tap_indices);
  g_test_add_func ("/engine/spec-cases/55-same-pads-shift-windows", test_same_pads);
  return g_test_run ();
}
