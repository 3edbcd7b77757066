/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "engine/formula.h"
#include "engine/options.h"
#include "engine/plan.h"

static void
print_sliding_axis (const char *label, const pv_size_derivation *d)
{
  char formula[160], test[96];

  pv_format_size_formula (d, formula, sizeof formula);
  printf ("%s: out = %s", label, formula);
  if (d->ceil_mode)
    {
      pv_format_drop_test (d, test, sizeof test);
      if (d->drop_fired)
        printf ("; last window starts at %s: dropped, so out = %lld", test, (long long) d->out);
      else
        printf ("; last window starts at %s: kept", test);
    }
  else
    {
      pv_size_derivation c = *d;

      /* Say what ceil_mode would change: a frequent question. */
      c.ceil_mode = true;
      c.out = c.ceil_out - ((c.ceil_out - 1) * c.stride >= c.in + c.pad_before ? 1 : 0);
      if (c.out != d->out)
        printf (" (ceil_mode would give %lld)", (long long) c.out);
    }
  if (d->pad_before != d->pad_after)
    printf ("  [padding %lld before, %lld after]", (long long) d->pad_before,
            (long long) d->pad_after);
  putchar ('\n');
}

static void
print_adaptive_axis (const char *label, int64_t in, int64_t out)
{
  int64_t kmin = INT64_MAX, kmax = 0, k, s;

  for (int64_t o = 0; o < out; o++)
    {
      int64_t len = pv_adaptive_end (o, in, out) - pv_adaptive_start (o, in, out);

      kmin = len < kmin ? len : kmin;
      kmax = len > kmax ? len : kmax;
    }
  printf ("%s: window i covers [floor(i*%lld/%lld), ceil((i+1)*%lld/%lld)), ", label,
          (long long) in, (long long) out, (long long) in, (long long) out);
  if (kmin == kmax)
    printf ("%lld wide", (long long) kmin);
  else
    printf ("%lld to %lld wide", (long long) kmin, (long long) kmax);
  if (pv_adaptive_equivalent (in, out, &k, &s))
    printf ("; %lld mod %lld = %lld, so kernel %lld, stride %lld give the same windows\n",
            (long long) in, (long long) out, (long long) (in % out), (long long) k,
            (long long) s);
  else if (out > in)
    printf ("; the output is larger than the input, so windows repeat input positions\n");
  else
    printf ("; %lld mod %lld = %lld (not 0 or 1), so no fixed kernel and stride give these "
            "windows\n",
            (long long) in, (long long) out, (long long) (in % out));
}

static void
print_equivalence (const pv_plan *plan)
{
  int64_t kh, sh, kw, sw;
  const char *fixed = plan->info->reduce == PV_REDUCE_MAX ? "max_pool" : "avg_pool";
  bool one_d = plan->info->spatial_dims == 1;

  if (!pv_adaptive_equivalent (plan->in_w, plan->out_w, &kw, &sw)
      || (!one_d && !pv_adaptive_equivalent (plan->in_h, plan->out_h, &kh, &sh)))
    {
      printf ("not equivalent to a fixed %s%s: the windows are uneven or overlap\n", fixed,
              one_d ? "1d" : "2d");
      return;
    }
  if (one_d)
    printf ("equivalent to %s1d(kernel_size=%lld, stride=%lld)\n", fixed, (long long) kw,
            (long long) sw);
  else if (kh == kw && sh == sw)
    printf ("equivalent to %s2d(kernel_size=%lld, stride=%lld)\n", fixed, (long long) kh,
            (long long) sh);
  else
    printf ("equivalent to %s2d(kernel_size=(%lld, %lld), stride=(%lld, %lld))\n", fixed,
            (long long) kh, (long long) kw, (long long) sh, (long long) sw);
}

int
cli_run_shape (const cli_request *req)
{
  const pv_op_info *info = pv_op_get_info (req->params.op);
  bool one_d = info->spatial_dims == 1;
  pv_int_list size;
  pv_tensor dummy = { PV_DTYPE_F32, { 0 }, NULL };
  pv_plan plan;
  pv_error err;
  char call[256];

  if (!pv_parse_int_list (req->input_size, false, &size) || size.n != (one_d ? 1 : 2)
      || size.v[0] < 1 || (!one_d && size.v[1] < 1))
    {
      cli_error ("--input-size: '%s' is not %s", req->input_size,
                 one_d ? "a length L >= 1" : "a size H,W with both >= 1");
      return CLI_EXIT_USAGE;
    }
  {
    int64_t dims[3] = { 1, size.v[0], one_d ? 0 : size.v[1] };

    dummy.shape = pv_shape_make (one_d ? 2 : 3, dims);
  }
  if (pv_plan_init_shape (&plan, &req->params, &dummy, &err) != PV_OK)
    {
      cli_error ("%s", err.message);
      return cli_exit_for_error (&err);
    }

  pv_params_format_call (&req->params, call, sizeof call);
  printf ("%s\n", call);
  if (one_d)
    printf ("input %lld -> output %lld\n", (long long) plan.in_w, (long long) plan.out_w);
  else if (info->windows == PV_WINDOWS_PYRAMID)
    printf ("input %lld x %lld -> output %lld cells per channel\n", (long long) plan.in_h,
            (long long) plan.in_w, (long long) plan.pyramid_cells);
  else
    printf ("input %lld x %lld -> output %lld x %lld\n", (long long) plan.in_h,
            (long long) plan.in_w, (long long) plan.out_h, (long long) plan.out_w);

  switch (info->windows)
    {
    case PV_WINDOWS_SLIDING:
      if (!one_d)
        print_sliding_axis ("H", &plan.size[0]);
      print_sliding_axis (one_d ? "L" : "W", &plan.size[1]);
      break;
    case PV_WINDOWS_ADAPTIVE:
      if (!one_d)
        print_adaptive_axis ("H", plan.in_h, plan.out_h);
      print_adaptive_axis (one_d ? "L" : "W", plan.in_w, plan.out_w);
      print_equivalence (&plan);
      break;
    case PV_WINDOWS_PYRAMID:
      for (int i = 0; i < plan.n_levels; i++)
        {
          printf ("level %lld:\n", (long long) plan.levels[i]);
          print_adaptive_axis ("  H", plan.in_h, plan.levels[i]);
          print_adaptive_axis ("  W", plan.in_w, plan.levels[i]);
        }
      break;
    case PV_WINDOWS_FRACTIONAL:
      printf ("windows of %lld x %lld start at pseudo-random positions; the last one in each "
              "axis ends at the input's edge\n",
              (long long) plan.axis[0].kernel, (long long) plan.axis[1].kernel);
      break;
    case PV_WINDOWS_UNPOOL:
      for (int i = one_d ? 1 : 0; i < 2; i++)
        {
          const pv_size_derivation *d = &plan.size[i];
          int64_t in = one_d || i == 1 ? plan.in_w : plan.in_h;

          printf ("%s: default out = (in - 1)*stride + kernel - 2*padding = (%lld - 1)*%lld + "
                  "%lld - 2*%lld = %lld\n",
                  one_d ? "L" : i == 0 ? "H" : "W", (long long) in, (long long) d->stride,
                  (long long) d->kernel, (long long) d->pad_before,
                  (long long) ((in - 1) * d->stride + d->kernel - 2 * d->pad_before));
        }
      break;
    default:
      break;
    }
  pv_plan_clear (&plan);
  return CLI_EXIT_OK;
}
