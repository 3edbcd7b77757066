/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The PyTorch code the window's code popover shows and copies. Every
 * expected line below was run in PyTorch 1.13 on random input and gave
 * what poolview-cli gives for the same options. */

#include <glib.h>
#include <string.h>

#include "engine/options.h"
#include "engine/pytorch-code.h"

typedef struct
{
  const char *op;
  int64_t h, w;
  const char *options; /* "name=value name ..." as poolview-cli's options */
  const char *module;  /* NULL: no module form */
  const char *functional;
  const char *reason;  /* part of the reason for a missing form */
} code_case;

static const code_case cases[] = {
  { "max_pool2d", 8, 8, "kernel-size=3 stride=2", "nn.MaxPool2d(kernel_size=3, stride=2)",
    "F.max_pool2d(x, kernel_size=3, stride=2)", NULL },
  /* Even "same" padding is PyTorch's padding. */
  { "max_pool2d", 6, 6, "kernel-size=3 stride=1 padding=same",
    "nn.MaxPool2d(kernel_size=3, stride=1, padding=1)",
    "F.max_pool2d(x, kernel_size=3, stride=1, padding=1)", NULL },
  /* Uneven: F.pad with -inf, which never wins. */
  { "max_pool2d", 7, 8, "kernel-size=3 stride=2 padding=same",
    "nn.Sequential(nn.ConstantPad2d((0, 1, 1, 1), float('-inf')), nn.MaxPool2d(kernel_size=3, "
    "stride=2))",
    "F.max_pool2d(F.pad(x, (0, 1, 1, 1), value=float('-inf')), kernel_size=3, stride=2)", NULL },
  { "max_pool1d", 1, 9, "kernel-size=2 stride=2 padding=same-lower",
    "nn.Sequential(nn.ConstantPad1d((1, 0), float('-inf')), nn.MaxPool1d(kernel_size=2, "
    "stride=2))",
    "F.max_pool1d(F.pad(x, (1, 0), value=float('-inf')), kernel_size=2, stride=2)", NULL },
  /* Even, but beyond half the kernel, which PyTorch 1.13 refuses. */
  { "max_pool2d", 6, 6, "kernel-size=3 stride=1 dilation=2 padding=same",
    "nn.Sequential(nn.ConstantPad2d((2, 2, 2, 2), float('-inf')), nn.MaxPool2d(kernel_size=3, "
    "stride=1, dilation=2))",
    "F.max_pool2d(F.pad(x, (2, 2, 2, 2), value=float('-inf')), kernel_size=3, stride=1, "
    "dilation=2)",
    NULL },
  /* Averages never count "same" padding. */
  { "avg_pool2d", 6, 6, "kernel-size=3 stride=1 padding=same",
    "nn.AvgPool2d(kernel_size=3, stride=1, padding=1, count_include_pad=False)",
    "F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)", NULL },
  { "avg_pool2d", 7, 8, "kernel-size=3 stride=2 padding=same", NULL, NULL,
    "uneven: left 0, right 1, top 1, bottom 1" },
  { "max_pool2d", 7, 8, "kernel-size=3 stride=2 padding=same return-indices=i.npy", NULL, NULL,
    "indices" },
  /* A temperature multiplies the average. */
  { "avg_pool2d", 6, 6, "kernel-size=3 stride=1 padding=same temperature=0.1", NULL,
    "F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False) * 0.1",
    "temperature" },
  { "avg_pool2d", 6, 6, "kernel-size=2 padding=valid temperature=2", NULL,
    "F.avg_pool2d(x, kernel_size=2) * 2.0", "temperature" },
  /* Written as Python writes floats. */
  { "avg_pool2d", 6, 6, "kernel-size=2 temperature=10", NULL,
    "F.avg_pool2d(x, kernel_size=2) * 10.0", "temperature" },
  { "avg_pool2d", 6, 6, "kernel-size=2 temperature=1e-05", NULL,
    "F.avg_pool2d(x, kernel_size=2) * 1e-05", "temperature" },
  { "spatial_pyramid_max_pool2d", 8, 8, "", NULL,
    "torch.cat([F.adaptive_max_pool2d(x, n).flatten(-3) for n in (1, 2, 4)], -1)", "pyramid" },
  { "spatial_pyramid_avg_pool2d", 8, 8, "levels=3", NULL,
    "torch.cat([F.adaptive_avg_pool2d(x, n).flatten(-3) for n in (3,)], -1)", "pyramid" },
  /* Unpooling takes the indices too. */
  { "max_unpool2d", 4, 4, "kernel-size=2", "nn.MaxUnpool2d(kernel_size=2)",
    "F.max_unpool2d(x, indices, kernel_size=2)", NULL },
  /* Fractional windows come from PoolView's samples (seed 0 here), which
   * the code passes on. */
  { "fractional_max_pool2d", 10, 10, "kernel-size=2 output-size=4",
    "nn.FractionalMaxPool2d(kernel_size=2, output_size=4, _random_samples=torch.tensor([[["
    "0.883310795, 0.431527972], [0.0264337659, 0.970881939], [0.106346667, 0.327325761]]]))",
    "F.fractional_max_pool2d(x, kernel_size=2, output_size=4, _random_samples=torch.tensor([[["
    "0.883310795, 0.431527972], [0.0264337659, 0.970881939], [0.106346667, 0.327325761]]]))",
    NULL },
  /* "same" needs a plan; PyTorch's checks refuse this one. */
  { "max_pool2d", 6, 6, "kernel-size=3 stride=0 padding=same", NULL, NULL,
    "stride should not be zero" },
};

static pv_params
params_of (const code_case *c)
{
  g_auto (GStrv) words = g_strsplit (c->options, " ", -1);
  pv_params p;
  pv_op op;
  pv_error err;

  g_assert_true (pv_op_from_name (c->op, &op));
  pv_params_init (&p, op);
  for (int i = 0; words[i] != NULL; i++)
    {
      char *eq = strchr (words[i], '=');

      if (words[i][0] == '\0')
        continue;
      if (eq != NULL)
        *eq = '\0';
      g_assert_cmpint (pv_params_set_option (&p, words[i], eq ? eq + 1 : NULL, &err), ==,
                       PV_OK);
    }
  return p;
}

static void
check_form (const code_case *c, pv_code_form form, const char *want)
{
  pv_params p = params_of (c);
  pv_tensor input = { PV_DTYPE_F32, { 4, { 1, 3, c->h, c->w } }, NULL };
  char buf[600];
  bool ok;

  if (pv_op_get_info (p.op)->spatial_dims == 1)
    input.shape = (pv_shape) { 3, { 1, 3, c->w } };
  ok = pv_pytorch_code (&p, &input, form, buf, sizeof buf);
  if (want != NULL)
    {
      g_assert_true (ok);
      g_assert_cmpstr (buf, ==, want);
    }
  else
    {
      g_assert_false (ok);
      g_assert_nonnull (c->reason);
      g_assert_nonnull (strstr (buf, c->reason));
    }
}

static void
test_case (gconstpointer data)
{
  const code_case *c = data;

  check_form (c, PV_CODE_MODULE, c->module);
  check_form (c, PV_CODE_FUNCTIONAL, c->functional);
}

/* Which parameters use an extension the code rewrites: not case 0's;
 * case 1's padding "same", case 9's temperature (and "valid"), case 12's
 * pyramid. */
static void
test_uses_extension (void)
{
  pv_params plain = params_of (&cases[0]), same = params_of (&cases[1]);
  pv_params scaled = params_of (&cases[9]), pyramid = params_of (&cases[12]);

  g_assert_false (pv_params_uses_extension (&plain));
  g_assert_true (pv_params_uses_extension (&same));
  g_assert_true (pv_params_uses_extension (&scaled));
  g_assert_true (pv_params_uses_extension (&pyramid));
  /* A temperature of 1 is no temperature. */
  scaled.temperature = 1.0;
  scaled.padding_mode = PV_PADDING_EXPLICIT;
  g_assert_false (pv_params_uses_extension (&scaled));
}

/* Float64 samples for float64 input, as PyTorch requires; samples too
 * many to write out are a reason, not a truncated line. */
static void
test_fractional_samples (void)
{
  code_case c = { "fractional_max_pool2d", 10, 10, "kernel-size=2 output-size=4", NULL, NULL,
                  NULL };
  pv_params p = params_of (&c);
  pv_tensor doubles = { PV_DTYPE_F64, { 3, { 2, 10, 10 } }, NULL };
  pv_tensor wide = { PV_DTYPE_F32, { 4, { 1, 64, 10, 10 } }, NULL };
  char buf[600];

  g_assert_true (pv_pytorch_code (&p, &doubles, PV_CODE_FUNCTIONAL, buf, sizeof buf));
  g_assert_cmpstr (buf, ==,
                   "F.fractional_max_pool2d(x, kernel_size=2, output_size=4, "
                   "_random_samples=torch.tensor([[[0.88331080821364261, 0.43152799704850997], "
                   "[0.026433771592597743, 0.97088197815382848]]], dtype=torch.float64))");
  g_assert_false (pv_pytorch_code (&p, &wide, PV_CODE_MODULE, buf, sizeof buf));
  g_assert_nonnull (strstr (buf, "1 x 64 random samples"));
}

/* A buffer too small for the code truncates it, never overflows. */
static void
test_small_buffer (void)
{
  pv_params p = params_of (&cases[2]);
  pv_tensor input = { PV_DTYPE_F32, { 4, { 1, 3, 7, 8 } }, NULL };
  char buf[17];

  memset (buf, 'z', sizeof buf);
  pv_pytorch_code (&p, &input, PV_CODE_FUNCTIONAL, buf, 12);
  g_assert_cmpstr (buf, ==, "F.max_pool2");
  g_assert_cmpint (buf[12], ==, 'z');
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/engine/pytorch-code/%s/%zu", cases[i].op, i);

      g_test_add_data_func (name, &cases[i], test_case);
    }
  g_test_add_func ("/engine/pytorch-code/small-buffer", test_small_buffer);
  g_test_add_func ("/engine/pytorch-code/fractional-samples", test_fractional_samples);
  g_test_add_func ("/engine/pytorch-code/uses-extension", test_uses_extension);
  return g_test_run ();
}
