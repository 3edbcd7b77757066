/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "pytorch-code.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "plan.h"

/* Room for any call pv_params_format_call() writes. */
#define CALL_MAX 512

static bool
refuse (char *buf, size_t size, const char *reason)
{
  snprintf (buf, size, "%s", reason);
  return false;
}

/* "max_pool2d(kernel_size=3)" applied to @arg: "F.max_pool2d(x, kernel_size=3)". */
static void
functional_call (const pv_params *p, const char *arg, char *buf, size_t size)
{
  char call[CALL_MAX];
  const char *args;

  pv_params_format_call (p, call, sizeof call);
  args = strchr (call, '(') + 1; /* "kernel_size=3)", or ")" */
  snprintf (buf, size, "F.%.*s(%s%s%s", (int) (args - 1 - call), call, arg,
            args[0] == ')' ? "" : ", ", args);
}

/* Spatial pyramids: each level's adaptive pooling, flattened per channel
 * (the last three dimensions, batched or not) and concatenated. */
static bool
pyramid_code (const pv_params *p, pv_code_form form, char *buf, size_t size)
{
  char levels[PV_LEVELS_MAX * 24] = "";
  size_t used = 0;

  if (form == PV_CODE_MODULE)
    return refuse (buf, size,
                   "PyTorch has no spatial pyramid module; the functional form computes it");
  for (int i = 0; i < p->levels.n && used < sizeof levels; i++)
    used += (size_t) snprintf (levels + used, sizeof levels - used, "%s%lld", i ? ", " : "",
                               (long long) p->levels.v[i]);
  snprintf (buf, size, "torch.cat([F.adaptive_%s_pool2d(x, n).flatten(-3) for n in (%s%s)], -1)",
            pv_op_get_info (p->op)->reduce == PV_REDUCE_MAX ? "max" : "avg", levels,
            p->levels.n == 1 ? "," : "");
  return true;
}

/* Padding "same" or "valid" as explicit padding in @q. Even padding goes
 * into the call; uneven padding (max only) into @pad, F.pad's tuple, with
 * the call's padding 0. Returns false, with the reason, when PyTorch has
 * no way to pad so. */
static bool
explicit_padding (const pv_params *params, const pv_tensor *input, pv_params *q, char *pad,
                  size_t pad_size, char *buf, size_t size)
{
  const pv_op_info *info = pv_op_get_info (params->op);
  pv_plan plan, check;
  pv_error err;
  pv_tensor padded = *input;
  int64_t before[2], after[2], out_h, out_w;
  int dims = info->spatial_dims;

  if (pv_plan_init_shape (&plan, params, input, &err) != PV_OK)
    return refuse (buf, size, err.message);
  for (int i = 0; i < 2; i++)
    {
      before[i] = plan.axis[i].pad_before;
      after[i] = plan.axis[i].pad_after;
    }
  out_h = plan.out_h;
  out_w = plan.out_w;
  pv_plan_clear (&plan);

  q->padding_mode = PV_PADDING_EXPLICIT;
  q->padding.n = dims;
  q->padding.v[0] = dims == 1 ? before[1] : before[0];
  q->padding.v[1] = before[1];
  /* Padding "same" never counts in an average, nor may PyTorch's. */
  q->count_include_pad = before[0] == 0 && before[1] == 0;
  pad[0] = '\0';
  /* Uneven padding, or padding beyond half the kernel, which PyTorch 1.13
   * (Debian's) refuses even when dilation widens the window, goes to
   * F.pad. */
  if (before[0] != after[0] || before[1] != after[1] || 2 * before[0] > q->kernel.v[0]
      || 2 * before[1] > q->kernel.v[q->kernel.n - 1])
    {
      if (info->reduce != PV_REDUCE_MAX)
        {
          snprintf (buf, size,
                    "PyTorch pads both sides of an axis alike, and F.pad's cells would count in "
                    "the average; this padding is uneven: left %lld, right %lld",
                    (long long) before[1], (long long) after[1]);
          if (dims == 2)
            snprintf (buf + strlen (buf), size - strlen (buf), ", top %lld, bottom %lld",
                      (long long) before[0], (long long) after[0]);
          return false;
        }
      if (params->return_indices)
        return refuse (buf, size,
                       "PyTorch pads both sides of an axis alike; with F.pad for this uneven "
                       "padding, the indices would count the padded cells");
      q->padding.v[0] = q->padding.v[1] = 0;
      if (dims == 1)
        snprintf (pad, pad_size, "(%lld, %lld)", (long long) before[1], (long long) after[1]);
      else
        snprintf (pad, pad_size, "(%lld, %lld, %lld, %lld)", (long long) before[1],
                  (long long) after[1], (long long) before[0], (long long) after[0]);
      padded.shape.dims[input->shape.rank - 1] += before[1] + after[1];
      if (dims == 2)
        padded.shape.dims[input->shape.rank - 2] += before[0] + after[0];
    }

  /* The same first window and as many: the same windows. ceil_mode may
   * have to change for that (padding "same" ignores it). */
  for (int attempt = 0; attempt < 2; attempt++, q->ceil_mode = !q->ceil_mode)
    if (pv_plan_init_shape (&check, q, &padded, &err) == PV_OK)
      {
        bool same = check.out_h == out_h && check.out_w == out_w;

        pv_plan_clear (&check);
        if (same)
          return true;
      }
  return refuse (buf, size, "No PyTorch padding gives these windows");
}

/* Fractional pooling's windows come from its random samples, which
 * PoolView draws from its seed with a generator of its own: the code
 * passes them as _random_samples, (N, C, 2) as PyTorch reads them, so that
 * it computes the same windows. Written into @buf after what is there,
 * before its closing parenthesis. */
static bool
append_samples (const pv_params *params, const pv_tensor *input, char *buf, size_t size)
{
  pv_plan plan;
  pv_error err;
  size_t used = strlen (buf);
  int64_t n_batch, planes;
  bool wide = input->dtype == PV_DTYPE_F64;

  if (pv_plan_init (&plan, params, input, NULL, &err) != PV_OK)
    return refuse (buf, size, err.message);
  planes = plan.n_planes;
  n_batch = input->shape.rank == 4 ? input->shape.dims[0] : 1;
  if (used == 0 || buf[used - 1] != ')' || n_batch < 1)
    {
      pv_plan_clear (&plan);
      return refuse (buf, size, "No PyTorch call gives these windows");
    }
  used--;
#define PUT(...)                                                                                (used += (size_t) snprintf (buf + used, used < size ? size - used : 0, __VA_ARGS__))
  PUT (", _random_samples=torch.tensor([");
  for (int64_t n = 0; n < n_batch; n++)
    {
      PUT ("%s[", n > 0 ? ", " : "");
      for (int64_t c = 0; c < planes / n_batch; c++)
        {
          const double *u = plan.samples + 2 * (n * (planes / n_batch) + c);

          PUT (wide ? "%s[%.17g, %.17g]" : "%s[%.9g, %.9g]", c > 0 ? ", " : "", u[0], u[1]);
        }
      PUT ("]");
    }
  PUT ("]%s))", wide ? ", dtype=torch.float64" : "");
#undef PUT
  pv_plan_clear (&plan);
  if (used >= size)
    {
      snprintf (buf, size,
                "The %lld x %lld random samples that set the windows are too many to write "
                "out here; poolview-cli --samples takes them as .npy",
                (long long) n_batch, (long long) (planes / n_batch));
      return false;
    }
  return true;
}

static bool
rewrites_padding (const pv_params *p)
{
  return pv_op_uses_field (p->op, PV_FIELD_PADDING) && p->padding_mode != PV_PADDING_EXPLICIT;
}

static bool
scales (const pv_params *p)
{
  return pv_op_uses_field (p->op, PV_FIELD_TEMPERATURE) && p->temperature != 1.0;
}

bool
pv_params_uses_extension (const pv_params *params)
{
  return rewrites_padding (params) || scales (params)
         || pv_op_get_info (params->op)->windows == PV_WINDOWS_PYRAMID;
}

bool
pv_pytorch_code (const pv_params *params, const pv_tensor *input, pv_code_form form, char *buf,
                 size_t size)
{
  const pv_op_info *info = pv_op_get_info (params->op);
  pv_params q = *params;
  bool scale = scales (params);
  char pad[96] = "", scale_text[48] = "";

  if (size == 0)
    return false;
  if (info->windows == PV_WINDOWS_PYRAMID)
    return pyramid_code (params, form, buf, size);
  if (rewrites_padding (params)
      && !explicit_padding (params, input, &q, pad, sizeof pad, buf, size))
    return false;
  q.temperature = 1.0;

  if (form == PV_CODE_MODULE)
    {
      char module[CALL_MAX];

      if (scale)
        return refuse (buf, size,
                       "PyTorch has no module that scales its output by a temperature; the "
                       "functional form multiplies");
      pv_params_format_module (&q, module, sizeof module);
      if (pad[0] != '\0')
        snprintf (buf, size, "nn.Sequential(nn.ConstantPad%dd(%s, float('-inf')), %s)",
                  info->spatial_dims, pad, module);
      else
        snprintf (buf, size, "%s", module);
      if (info->windows == PV_WINDOWS_FRACTIONAL)
        return append_samples (params, input, buf, size);
      return true;
    }

  if (pad[0] != '\0')
    {
      char arg[160];

      snprintf (arg, sizeof arg, "F.pad(x, %s, value=float('-inf'))", pad);
      functional_call (&q, arg, buf, size);
    }
  else
    functional_call (&q, info->windows == PV_WINDOWS_UNPOOL ? "x, indices" : "x", buf, size);
  if (info->windows == PV_WINDOWS_FRACTIONAL)
    return append_samples (params, input, buf, size);
  if (scale)
    {
      pv_format_python_float (params->temperature, scale_text, sizeof scale_text);
      snprintf (buf + strlen (buf), size - strlen (buf), " * %s", scale_text);
    }
  return true;
}
