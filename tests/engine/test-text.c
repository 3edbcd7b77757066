/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What the engine writes for people: tensors printed as PyTorch prints them
 * (checked against strings PyTorch itself printed), the output-size
 * formula, PyTorch call notation, and the option parser's verdicts. */

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/formula.h"
#include "engine/options.h"
#include "engine/plan.h"
#include "engine/tensor-print.h"

static void
test_torch_print (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "torch-print", "cases.txt",
                                                 NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL && lines[i][0]; i += 2, n++)
    {
      g_auto (GStrv) head = g_strsplit (lines[i], " ", 3);
      g_auto (GStrv) dims = g_strsplit (head[1], ",", -1);
      g_auto (GStrv) values = g_strsplit (head[2], " ", -1);
      g_autofree char *want = g_strcompress (lines[i + 1]);
      int64_t d[4];
      int rank = (int) g_strv_length (dims);
      pv_dtype dtype = g_str_equal (head[0], "f64")   ? PV_DTYPE_F64
                       : g_str_equal (head[0], "i64") ? PV_DTYPE_I64
                                                      : PV_DTYPE_F32;
      pv_shape shape;
      pv_tensor t;
      char *got;

      for (int r = 0; r < rank; r++)
        d[r] = g_ascii_strtoll (dims[r], NULL, 10);
      shape = pv_shape_make (rank, d);
      g_assert_cmpint (pv_tensor_alloc (&t, dtype, &shape, NULL), ==, PV_OK);
      for (guint v = 0; values[v] != NULL; v++)
        {
          if (dtype == PV_DTYPE_I64)
            ((int64_t *) t.data)[v] = g_ascii_strtoll (values[v], NULL, 10);
          else if (dtype == PV_DTYPE_F64)
            ((double *) t.data)[v] = g_ascii_strtod (values[v], NULL);
          else
            ((float *) t.data)[v] = (float) g_ascii_strtod (values[v], NULL);
        }
      g_assert_cmpint (pv_tensor_format_torch (&t, &got, NULL), ==, PV_OK);
      g_assert_cmpstr (got, ==, want);
      free (got);
      pv_tensor_free (&t);
    }
  g_assert_cmpuint (n, >=, 14);
}

static void
test_size_formula (void)
{
  pv_size_derivation d;
  char buf[160];

  /* The example: 5 wide, k=3, s=3 (the default stride). */
  d = pv_derive_size (5, 3, 3, 0, 0, 1, false);
  pv_format_size_formula (&d, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "floor((5 + 2*0 - 1*(3-1) - 1) / 3) + 1 = 1");

  d = pv_derive_size (5, 3, 3, 0, 0, 1, true);
  pv_format_size_formula (&d, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "ceil((5 + 2*0 - 1*(3-1) - 1) / 3) + 1 = 2");
  pv_format_drop_test (&d, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "3 < 5 + 0");
  g_assert_false (d.drop_fired);
  g_assert_cmpint (d.out, ==, 2);

  /* Spec row 3: 5 wide, k=2, s=2, p=1, ceil: the naive 4 becomes 3. */
  d = pv_derive_size (5, 2, 2, 1, 1, 1, true);
  g_assert_cmpint (d.ceil_out, ==, 4);
  g_assert_true (d.drop_fired);
  g_assert_cmpint (d.out, ==, 3);
  pv_format_drop_test (&d, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "6 >= 5 + 1");

  /* Asymmetric (same) padding and dilation. */
  d = pv_derive_size (224, 3, 2, 0, 1, 2, false);
  pv_format_size_formula (&d, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "floor((224 + 0 + 1 - 2*(3-1) - 1) / 2) + 1 = 111");

  pv_format_adaptive_start (2, 7, 3, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "floor(2*7/3) = 4");
  pv_format_adaptive_end (2, 7, 3, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "ceil(3*7/3) = 7");

  /* Fractional sizes from a ratio, written as Python writes the ratio. */
  pv_format_ratio_size (320, 0.5, 160, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "int(320*0.5) = 160");
  pv_format_ratio_size (7, 0.3, 2, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "int(7*0.3) = 2");
  {
    const struct
    {
      double value;
      const char *repr; /* Python 3's repr() */
    } floats[] = { { 0.1, "0.1" }, { 10, "10.0" }, { 0.0001, "0.0001" }, { 1e-5, "1e-05" },
                   { 1e16, "1e+16" }, { 123456789012345.6, "123456789012345.6" },
                   { 1.0 / 3, "0.3333333333333333" }, { INFINITY, "float('inf')" } };

    for (gsize i = 0; i < G_N_ELEMENTS (floats); i++)
      {
        pv_format_python_float (floats[i].value, buf, sizeof buf);
        g_assert_cmpstr (buf, ==, floats[i].repr);
      }
  }
}

static void
test_adaptive_equivalence (void)
{
  int64_t k, s;
  int n_equivalent = 0;

  g_assert_true (pv_adaptive_equivalent (36, 12, &k, &s));
  g_assert_cmpint (k, ==, 3);
  g_assert_cmpint (s, ==, 3);
  g_assert_true (pv_adaptive_equivalent (7, 3, &k, &s));
  g_assert_cmpint (k, ==, 3);
  g_assert_cmpint (s, ==, 2);
  g_assert_false (pv_adaptive_equivalent (128, 14, &k, &s));
  g_assert_false (pv_adaptive_equivalent (5, 3, &k, &s));
  g_assert_false (pv_adaptive_equivalent (3, 5, &k, &s));

  /* The contract's census: 137 of the 300 (I, O) pairs with O <= I <= 24. */
  for (int64_t in = 1; in <= 24; in++)
    for (int64_t out = 1; out <= in; out++)
      {
        bool same = true;

        if (pv_adaptive_equivalent (in, out, &k, &s))
          {
            n_equivalent++;
            for (int64_t o = 0; o < out; o++)
              same = same && pv_adaptive_start (o, in, out) == o * s
                     && pv_adaptive_end (o, in, out) == o * s + k;
            g_assert_true (same);
          }
      }
  g_assert_cmpint (n_equivalent, ==, 137);
}

static void
test_format_call (void)
{
  pv_params p;
  char buf[256];

  pv_params_init (&p, PV_OP_MAX_POOL2D);
  pv_params_set_option (&p, "kernel-size", "3", NULL);
  pv_params_set_option (&p, "stride", "2", NULL);
  pv_params_set_option (&p, "ceil-mode", NULL, NULL);
  pv_params_format_module (&p, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)");
  pv_params_format_call (&p, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "max_pool2d(kernel_size=3, stride=2, ceil_mode=True)");

  pv_params_init (&p, PV_OP_AVG_POOL2D);
  pv_params_set_option (&p, "kernel-size", "3,2", NULL);
  pv_params_set_option (&p, "padding", "1,0", NULL);
  pv_params_set_option (&p, "no-count-include-pad", NULL, NULL);
  pv_params_set_option (&p, "divisor-override", "4", NULL);
  pv_params_format_module (&p, buf, sizeof buf);
  g_assert_cmpstr (buf, ==,
                   "nn.AvgPool2d(kernel_size=(3, 2), padding=(1, 0), count_include_pad=False, "
                   "divisor_override=4)");

  pv_params_init (&p, PV_OP_LP_POOL1D);
  pv_params_set_option (&p, "norm-type", "2", NULL);
  pv_params_set_option (&p, "kernel-size", "3", NULL);
  pv_params_format_module (&p, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "nn.LPPool1d(norm_type=2.0, kernel_size=3)");

  pv_params_init (&p, PV_OP_ADAPTIVE_AVG_POOL2D);
  pv_params_set_option (&p, "output-size", "none,7", NULL);
  pv_params_format_module (&p, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "nn.AdaptiveAvgPool2d(output_size=(None, 7))");
}

/* Two calls told apart: with the same operator only what differs,
 * defaults spelt out; else the whole call. */
static void
test_format_difference (void)
{
  pv_params a, b;
  char buf[256];

  pv_params_init (&a, PV_OP_MAX_POOL2D);
  pv_params_set_option (&a, "kernel-size", "3", NULL);
  pv_params_set_option (&a, "stride", "2", NULL);
  b = a;
  pv_params_set_option (&b, "ceil-mode", NULL, NULL);
  pv_params_format_difference (&a, &b, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "ceil_mode=False");
  pv_params_format_difference (&b, &a, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "ceil_mode=True");

  pv_params_set_option (&b, "kernel-size", "5", NULL);
  pv_params_format_difference (&b, &a, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "kernel_size=5, ceil_mode=True");
  pv_params_set_option (&b, "padding", "1", NULL);
  pv_params_set_option (&b, "dilation", "2", NULL);
  pv_params_set_option (&b, "stride", "1", NULL);
  b.return_indices = true;
  pv_params_format_difference (&b, &a, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "kernel_size=5, stride=1, padding=1, dilation=2, ceil_mode=True, "
                            "return_indices=True");
  pv_params_format_difference (&a, &b, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False, "
                            "return_indices=False");

  /* A stride not given is PyTorch's None (the kernel's). */
  b = a;
  b.stride.n = 0;
  pv_params_format_difference (&b, &a, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "stride=None");
  /* ... so with stride = kernel it differs in nothing PyTorch reads: the
   * whole call; with ceil_mode besides, ceil_mode alone. */
  pv_params_set_option (&b, "kernel-size", "2", NULL);
  {
    pv_params c = b;

    pv_params_set_option (&c, "stride", "2", NULL);
    pv_params_format_difference (&b, &c, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "max_pool2d(kernel_size=2)");
    pv_params_format_difference (&c, &b, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "max_pool2d(kernel_size=2, stride=2)");
    pv_params_set_option (&c, "ceil-mode", NULL, NULL);
    pv_params_format_difference (&b, &c, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "ceil_mode=False");
    pv_params_format_difference (&c, &b, buf, sizeof buf);
    g_assert_cmpstr (buf, ==, "ceil_mode=True");
  }

  /* Nothing differs, or the operators do: the whole call. */
  pv_params_format_difference (&a, &a, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "max_pool2d(kernel_size=3, stride=2)");
  pv_params_init (&b, PV_OP_AVG_POOL2D);
  pv_params_set_option (&b, "kernel-size", "3", NULL);
  pv_params_set_option (&b, "stride", "2", NULL);
  pv_params_format_difference (&b, &a, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "avg_pool2d(kernel_size=3, stride=2)");

  /* Averages: count_include_pad and divisor_override spelt out. */
  a = b;
  pv_params_set_option (&a, "divisor-override", "4", NULL);
  pv_params_format_difference (&b, &a, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "divisor_override=None");
  pv_params_format_difference (&a, &b, buf, sizeof buf);
  g_assert_cmpstr (buf, ==, "divisor_override=4");

  /* A buffer too short is cut, never overrun. */
  pv_params_format_difference (&a, &b, buf, 9);
  g_assert_cmpstr (buf, ==, "divisor_");
}

/* Options written back read as the same parameters. */
static void
test_options_round_trip (void)
{
  const char *cases[][2] = {
    { "max_pool2d", "--kernel-size 3,2 --stride 2,1 --padding 1,0 --dilation 2,1 --ceil-mode" },
    { "avg_pool2d", "--kernel-size 3 --padding same --no-count-include-pad --divisor-override 5 "
                    "--temperature 0.5" },
    { "adaptive_avg_pool2d", "--output-size none,7" },
    { "fractional_max_pool2d", "--kernel-size 2 --output-ratio 0.5,0.7 --seed 42" },
    { "lp_pool1d", "--norm-type 1.5 --kernel-size 4 --ceil-mode" },
    { "spatial_pyramid_avg_pool2d", "--levels 1,3,6" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      pv_params a, b;
      pv_op op;
      char text[512], again[512];
      g_auto (GStrv) argv = NULL;

      g_assert_true (pv_op_from_name (cases[i][0], &op));
      pv_params_init (&a, op);
      g_assert_true (g_shell_parse_argv (cases[i][1], NULL, &argv, NULL));
      for (guint k = 0; argv[k] != NULL; k++)
        {
          const char *name = argv[k] + 2;
          const char *value = pv_option_get_kind (name) == PV_OPTION_VALUE ? argv[++k] : NULL;

          g_assert_cmpint (pv_params_set_option (&a, name, value, NULL), ==, PV_OK);
        }
      pv_params_format_options (&a, text, sizeof text);
      g_strfreev (argv);
      argv = NULL;
      pv_params_init (&b, op);
      g_assert_true (g_shell_parse_argv (text, NULL, &argv, NULL));
      for (guint k = 0; argv[k] != NULL; k++)
        {
          const char *name = argv[k] + 2;
          const char *value = pv_option_get_kind (name) == PV_OPTION_VALUE ? argv[++k] : NULL;

          g_assert_cmpint (pv_params_set_option (&b, name, value, NULL), ==, PV_OK);
        }
      pv_params_format_options (&b, again, sizeof again);
      g_assert_cmpstr (again, ==, text);
      pv_params_format_call (&a, text, sizeof text);
      pv_params_format_call (&b, again, sizeof again);
      g_assert_cmpstr (again, ==, text);
    }
}

static void
test_keras_and_onnx (void)
{
  pv_params p;
  char buf[300];

  pv_params_init (&p, PV_OP_MAX_POOL2D);
  pv_params_set_option (&p, "kernel-size", "3", NULL);
  pv_params_set_option (&p, "stride", "2", NULL);
  g_assert_true (pv_params_format_keras (&p, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "tf.keras.layers.MaxPooling2D(pool_size=(3, 3), strides=(2, 2), "
                            "padding=\"valid\")");
  g_assert_true (pv_params_format_onnx (&p, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "MaxPool(kernel_shape=[3, 3], strides=[2, 2])");

  /* Explicit padding: ONNX lists begins then ends; Keras cannot. */
  pv_params_set_option (&p, "padding", "1,0", NULL);
  pv_params_set_option (&p, "ceil-mode", NULL, NULL);
  g_assert_true (pv_params_format_onnx (&p, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "MaxPool(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 0, 1, 0], "
                            "ceil_mode=1)");
  g_assert_false (pv_params_format_keras (&p, buf, sizeof buf));
  g_assert_nonnull (strstr (buf, "ceil_mode"));

  /* SAME: Keras "same", ONNX SAME_UPPER; SAME_LOWER has no Keras form. */
  pv_params_init (&p, PV_OP_AVG_POOL2D);
  pv_params_set_option (&p, "kernel-size", "2", NULL);
  pv_params_set_option (&p, "padding", "same", NULL);
  g_assert_true (pv_params_format_keras (&p, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "tf.keras.layers.AveragePooling2D(pool_size=(2, 2), strides=(2, 2), "
                            "padding=\"same\")");
  g_assert_true (pv_params_format_onnx (&p, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "AveragePool(kernel_shape=[2, 2], strides=[2, 2], "
                            "auto_pad=\"SAME_UPPER\")");
  pv_params_set_option (&p, "padding", "same-lower", NULL);
  g_assert_false (pv_params_format_keras (&p, buf, sizeof buf));

  /* count_include_pad: ONNX defaults to 0, PyTorch to True. */
  pv_params_init (&p, PV_OP_AVG_POOL2D);
  pv_params_set_option (&p, "kernel-size", "3", NULL);
  pv_params_set_option (&p, "padding", "1", NULL);
  g_assert_true (pv_params_format_onnx (&p, buf, sizeof buf));
  g_assert_nonnull (strstr (buf, "count_include_pad=1"));

  /* Global pooling has forms everywhere; adaptive to 7 x 7 nowhere. */
  pv_params_init (&p, PV_OP_ADAPTIVE_AVG_POOL2D);
  pv_params_set_option (&p, "output-size", "1", NULL);
  g_assert_true (pv_params_format_keras (&p, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "tf.keras.layers.GlobalAveragePooling2D(keepdims=True)");
  g_assert_true (pv_params_format_onnx (&p, buf, sizeof buf));
  g_assert_cmpstr (buf, ==, "GlobalAveragePool()");
  pv_params_set_option (&p, "output-size", "7", NULL);
  g_assert_false (pv_params_format_keras (&p, buf, sizeof buf));
  g_assert_false (pv_params_format_onnx (&p, buf, sizeof buf));

  /* LP pooling differs from ONNX's LpPool (abs, no rescaling). */
  pv_params_init (&p, PV_OP_LP_POOL2D);
  pv_params_set_option (&p, "norm-type", "2", NULL);
  pv_params_set_option (&p, "kernel-size", "2", NULL);
  g_assert_false (pv_params_format_onnx (&p, buf, sizeof buf));
  g_assert_nonnull (strstr (buf, "abs()"));
}

typedef struct
{
  const char *op;
  const char *name;
  const char *value;
  const char *message;   /* NULL: accepted */
} option_case;

static const option_case option_cases[] = {
  { "max_pool2d", "kernel-size", "3", NULL },
  { "max_pool2d", "kernel-size", "(3, 2)", NULL },
  { "max_pool2d", "kernel-size", "[3,2]", NULL },
  { "max_pool2d", "kernel-size", "3,2,2", NULL }, /* the plan gives PyTorch's message */
  { "max_pool2d", "kernel-size", "3x", "--kernel-size: '3x' is not an integer or a pair H,W" },
  { "max_pool2d", "kernel-size", "", "is not an integer" },
  { "max_pool2d", "kernel-size", "1,,2", "is not an integer" },
  { "max_pool2d", "stride", "-1", NULL },
  { "max_pool2d", "padding", "same", NULL },
  { "max_pool2d", "padding", "same-lower", NULL },
  { "max_pool2d", "padding", "SAME", NULL },
  { "max_pool2d", "padding", "middle", "same, same-lower or valid" },
  { "max_pool2d", "ceil-mode", NULL, NULL },
  { "max_pool2d", "divisor-override", "2", "--divisor-override does not apply to max_pool2d" },
  { "max_pool2d", "no-count-include-pad", NULL, "does not apply to max_pool2d" },
  { "max_pool2d", "temperature", "2", "--temperature does not apply to max_pool2d" },
  { "avg_pool2d", "dilation", "2", "--dilation does not apply to avg_pool2d" },
  { "avg_pool1d", "divisor-override", "2", "--divisor-override does not apply to avg_pool1d" },
  { "avg_pool2d", "temperature", "nan", "is not a finite number" },
  { "avg_pool2d", "temperature", "0.5", NULL },
  { "avg_pool2d", "return-indices", "x.npy", "it has no indices" },
  { "lp_pool2d", "padding", "1", "--padding does not apply to lp_pool2d" },
  { "lp_pool2d", "norm-type", "inf", NULL },
  { "lp_pool2d", "norm-type", "two", "is not a number" },
  { "adaptive_avg_pool2d", "output-size", "none,3", NULL },
  { "adaptive_avg_pool2d", "ceil-mode", NULL, "--ceil-mode does not apply" },
  { "adaptive_avg_pool2d", "padding", "same", "does not apply" },
  { "fractional_max_pool2d", "output-ratio", "0.5,0.7", NULL },
  { "fractional_max_pool2d", "output-ratio", "0.5,", "is not a ratio" },
  { "fractional_max_pool2d", "seed", "-3", "is not a non-negative integer" },
  { "max_unpool2d", "padding", "same", "applies to max and avg pooling only" },
  { "spatial_pyramid_max_pool2d", "levels", "1,2,4,8", NULL },
  { "max_pool2d", "kernel-sizes", "3", "unknown option --kernel-sizes" },
  { "max_pool2d", "kernel-size", NULL, "--kernel-size needs a value" },
};

static void
test_option (gconstpointer data)
{
  const option_case *c = data;
  pv_params p;
  pv_error err;
  pv_op op;
  pv_status status;

  g_assert_true (pv_op_from_name (c->op, &op));
  pv_params_init (&p, op);
  status = pv_params_set_option (&p, c->name, c->value, &err);
  if (c->message == NULL)
    {
      if (status != PV_OK)
        g_error ("--%s %s refused: %s", c->name, c->value ? c->value : "", err.message);
    }
  else
    {
      g_assert_cmpint (status, ==, PV_ERR_ARGUMENT);
      if (strstr (err.message, c->message) == NULL)
        g_error ("message \"%s\" lacks \"%s\"", err.message, c->message);
    }
}

/* Lists beyond PyTorch's lengths reach the plan, which answers as PyTorch. */
static void
test_list_lengths_in_plan (void)
{
  int64_t dims[3] = { 1, 8, 8 };
  pv_tensor input = { PV_DTYPE_F32, pv_shape_make (3, dims), NULL };
  pv_params p;
  pv_plan plan;
  pv_error err;

  pv_params_init (&p, PV_OP_MAX_POOL2D);
  pv_params_set_option (&p, "kernel-size", "2,2,2", NULL);
  g_assert_cmpint (pv_plan_init (&plan, &p, &input, NULL, &err), ==, PV_ERR_ARGUMENT);
  g_assert_cmpstr (err.message, ==,
                   "max_pool2d: kernel_size must either be a single int, or a tuple of two ints");
  g_assert_cmpint (err.field, ==, PV_FIELD_KERNEL);

  pv_params_init (&p, PV_OP_MAX_POOL2D);
  pv_params_set_option (&p, "kernel-size", "99999999999", NULL);
  g_assert_cmpint (pv_plan_init (&plan, &p, &input, NULL, &err), ==, PV_ERR_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "integer out of range"));

  pv_params_init (&p, PV_OP_AVG_POOL1D);
  pv_params_set_option (&p, "kernel-size", "2,2", NULL);
  input.shape.rank = 2;
  g_assert_cmpint (pv_plan_init (&plan, &p, &input, NULL, &err), ==, PV_ERR_ARGUMENT);
  g_assert_cmpstr (err.message, ==, "avg_pool1d() argument 'kernel_size' should contain one int "
                                    "(got 2)");

  /* Padding limits name the field, so the interface can point at it. */
  pv_params_init (&p, PV_OP_MAX_POOL2D);
  pv_params_set_option (&p, "kernel-size", "5", NULL);
  pv_params_set_option (&p, "padding", "3", NULL);
  input.shape.rank = 3;
  g_assert_cmpint (pv_plan_init (&plan, &p, &input, NULL, &err), ==, PV_ERR_ARGUMENT);
  g_assert_cmpstr (err.message, ==,
                   "pad should be at most half of kernel size, but got pad=3 and kernel_size=5");
  g_assert_cmpint (err.field, ==, PV_FIELD_PADDING);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/text/torch-print", test_torch_print);
  g_test_add_func ("/engine/text/size-formula", test_size_formula);
  g_test_add_func ("/engine/text/adaptive-equivalence", test_adaptive_equivalence);
  g_test_add_func ("/engine/text/format-call", test_format_call);
  g_test_add_func ("/engine/text/format-difference", test_format_difference);
  for (gsize i = 0; i < G_N_ELEMENTS (option_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/options/%s/%s/%" G_GSIZE_FORMAT,
                                               option_cases[i].op, option_cases[i].name, i);

      g_test_add_data_func (path, &option_cases[i], test_option);
    }
  g_test_add_func ("/engine/options/list-lengths-in-plan", test_list_lengths_in_plan);
  g_test_add_func ("/engine/options/round-trip", test_options_round_trip);
  g_test_add_func ("/engine/text/keras-and-onnx", test_keras_and_onnx);
  return g_test_run ();
}
