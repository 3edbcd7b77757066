/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "reduce.h"

#include <math.h>

#define PV_T float
#define PV_NAME(x) x##_f32
#define PV_SQRT sqrtf
#define PV_POW powf
#include "reduce-impl.h"
#undef PV_T
#undef PV_NAME
#undef PV_SQRT
#undef PV_POW

#define PV_T double
#define PV_NAME(x) x##_f64
#define PV_SQRT sqrt
#define PV_POW pow
#include "reduce-impl.h"
#undef PV_T
#undef PV_NAME
#undef PV_SQRT
#undef PV_POW

float
pv_lp_pow_f32 (float x, double exponent)
{
  return lp_pow_f32 (x, exponent);
}
