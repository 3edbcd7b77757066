/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "formula.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
pv_format_size_formula (const pv_size_derivation *d, char *buf, size_t size)
{
  char pads[64];

  if (d->pad_before == d->pad_after)
    snprintf (pads, sizeof pads, "2*%lld", (long long) d->pad_before);
  else
    snprintf (pads, sizeof pads, "%lld + %lld", (long long) d->pad_before,
              (long long) d->pad_after);
  snprintf (buf, size, "%s((%lld + %s - %lld*(%lld-1) - 1) / %lld) + 1 = %lld",
            d->ceil_mode ? "ceil" : "floor", (long long) d->in, pads, (long long) d->dilation,
            (long long) d->kernel, (long long) d->stride,
            (long long) (d->ceil_mode ? d->ceil_out : d->floor_out));
}

void
pv_format_drop_test (const pv_size_derivation *d, char *buf, size_t size)
{
  snprintf (buf, size, "%lld %s %lld + %lld", (long long) d->last_start,
            d->drop_fired ? ">=" : "<", (long long) d->in, (long long) d->pad_before);
}

void
pv_format_adaptive_start (int64_t o, int64_t in, int64_t out, char *buf, size_t size)
{
  snprintf (buf, size, "floor(%lld*%lld/%lld) = %lld", (long long) o, (long long) in,
            (long long) out, (long long) pv_adaptive_start (o, in, out));
}

void
pv_format_adaptive_end (int64_t o, int64_t in, int64_t out, char *buf, size_t size)
{
  snprintf (buf, size, "ceil(%lld*%lld/%lld) = %lld", (long long) (o + 1), (long long) in,
            (long long) out, (long long) pv_adaptive_end (o, in, out));
}

bool
pv_adaptive_equivalent (int64_t in, int64_t out, int64_t *kernel, int64_t *stride)
{
  int64_t s, k;

  if (out < 1 || out > in)
    return false;
  if (in % out > 1)
    return false;
  s = in / out;
  k = in - (out - 1) * s;
  *kernel = k;
  *stride = s;
  return true;
}

void
pv_format_python_float (double t, char *buf, size_t size)
{
  char sci[32];
  int digits = 1, exponent;

  if (!isfinite (t))
    {
      snprintf (buf, size, "float('%s')", isnan (t) ? "nan" : t < 0 ? "-inf" : "inf");
      return;
    }
  for (; digits < 17; digits++)
    {
      snprintf (sci, sizeof sci, "%.*e", digits - 1, t);
      if (strtod (sci, NULL) == t)
        break;
    }
  snprintf (sci, sizeof sci, "%.*e", digits - 1, t);
  exponent = atoi (strchr (sci, 'e') + 1);
  if (t == 0.0 || (exponent >= -4 && exponent < 16))
    {
      int decimals = digits - 1 - exponent;

      snprintf (buf, size, "%.*f", decimals > 1 ? decimals : 1, t);
    }
  else
    snprintf (buf, size, "%s", sci);
}

void
pv_format_ratio_size (int64_t in, double ratio, int64_t out, char *buf, size_t size)
{
  char r[32];

  pv_format_python_float (ratio, r, sizeof r);
  snprintf (buf, size, "int(%lld*%s) = %lld", (long long) in, r, (long long) out);
}
