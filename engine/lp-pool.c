/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "lp-pool.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fast-pool.h"
#include "parallel.h"
#include "reduce.h"

bool
pv_lp_pool_applies (const pv_plan *plan, pv_dtype dtype, bool want_indices)
{
  return !want_indices && plan->info->reduce == PV_REDUCE_LP
         && plan->info->windows == PV_WINDOWS_SLIDING
         && (dtype == PV_DTYPE_U8 || dtype == PV_DTYPE_U16 || dtype == PV_DTYPE_F32)
         && plan->n_planes > 0 && plan->in_h > 0 && plan->in_w > 0 && plan->out_h > 0
         && plan->out_w > 0;
}

/* Elementwise passes over a plane, a piece a task. */
#define PIECE ((size_t) 1 << 16)

typedef struct
{
  const void *src; /* powers: the input plane */
  pv_dtype dtype;
  float *dst;
  size_t n;
  double p;        /* the exponent */
  float area;      /* roots: the kernel area the average is scaled back by */
} map_job;

/* x^p for every sample of a piece, as the reference's lp_pow (samples are
 * floats first, which hold them exactly). The common exponents get loops
 * of their own, which the compiler vectorises; others call powf. */
#define POWERS_LOOP(T, EXPR)                                                                      \
  do                                                                                              \
    {                                                                                             \
      const T *restrict in = (const T *) j->src + i0;                                             \
                                                                                                  \
      for (size_t i = 0; i < i1 - i0; i++)                                                        \
        {                                                                                         \
          float x = (float) in[i];                                                                \
                                                                                                  \
          dst[i] = (EXPR);                                                                        \
        }                                                                                         \
    }                                                                                             \
  while (0)

#define POWERS_OF(T)                                                                              \
  do                                                                                              \
    {                                                                                             \
      if (j->p == 1.0)                                                                            \
        POWERS_LOOP (T, x);                                                                       \
      else if (j->p == 2.0)                                                                       \
        POWERS_LOOP (T, x * x);                                                                   \
      else if (j->p == 3.0)                                                                       \
        POWERS_LOOP (T, x * x * x);                                                               \
      else                                                                                        \
        POWERS_LOOP (T, pv_lp_pow_f32 (x, j->p));                                                 \
    }                                                                                             \
  while (0)

static void
powers_task (void *data, size_t task)
{
  const map_job *j = data;
  size_t i0 = task * PIECE, i1 = i0 + PIECE < j->n ? i0 + PIECE : j->n;
  float *restrict dst = j->dst + i0;

  switch (j->dtype)
    {
    case PV_DTYPE_U8: POWERS_OF (uint8_t); break;
    case PV_DTYPE_U16: POWERS_OF (uint16_t); break;
    default: POWERS_OF (float); break;
    }
}

/* dst = (a * area)^(1/p) in place, a the window's average (PyTorch's
 * sign(a) * relu(|a|) turns -0 into +0 and leaves the rest; 0 * area is
 * +0 then too). */
static void
roots_task (void *data, size_t task)
{
  const map_job *j = data;
  size_t i0 = task * PIECE, i1 = i0 + PIECE < j->n ? i0 + PIECE : j->n;
  float *restrict dst = j->dst + i0;
  float area = j->area;

  if (j->p == 1.0)
    for (size_t i = 0; i < i1 - i0; i++)
      dst[i] = (dst[i] + 0.0f) * area;
  else if (j->p == 2.0)
    for (size_t i = 0; i < i1 - i0; i++)
      dst[i] = sqrtf ((dst[i] + 0.0f) * area);
  else
    for (size_t i = 0; i < i1 - i0; i++)
      dst[i] = pv_lp_pow_f32 ((dst[i] + 0.0f) * area, 1.0 / j->p);
}

/* dst = x * x for 8-bit samples, as 16-bit ones (255^2 = 65025 fits). */
static void
squares_task (void *data, size_t task)
{
  const map_job *j = data;
  size_t i0 = task * PIECE, i1 = i0 + PIECE < j->n ? i0 + PIECE : j->n;
  const uint8_t *restrict in = (const uint8_t *) j->src + i0;
  uint16_t *restrict dst = (uint16_t *) (void *) j->dst + i0;

  for (size_t i = 0; i < i1 - i0; i++)
    dst[i] = (uint16_t) (in[i] * in[i]);
}

/* The type the powers can be averaged as. PyTorch sums them in float,
 * which is exact while every partial sum is an integer below 2^24; so are
 * the average's integer sums, the fastest it has, and then the two agree
 * to the bit: samples themselves (p = 1), or 8-bit samples squared (p =
 * 2, as 16-bit samples), when a window's sum stays below 2^24. Else float. */
static pv_dtype
powers_dtype (const pv_plan *plan, pv_dtype dtype)
{
  int64_t area = plan->kernel_area;

  if (plan->norm_type == 1.0 && dtype == PV_DTYPE_U8 && area * 255 < ((int64_t) 1 << 24))
    return PV_DTYPE_U8;
  if (plan->norm_type == 1.0 && dtype == PV_DTYPE_U16 && area * 65535 < ((int64_t) 1 << 24))
    return PV_DTYPE_U16;
  if (plan->norm_type == 2.0 && dtype == PV_DTYPE_U8 && area * 65025 < ((int64_t) 1 << 24))
    return PV_DTYPE_U16;
  return PV_DTYPE_F32;
}

/* The plane of powers is kept for the next run, up to a 4K plane's size:
 * a fresh 33 MB buffer costs a third of the run in page faults (4K
 * float32, k = 3, p = 2). One run at a time takes it; another allocates
 * its own. */
#define KEPT_MAX ((size_t) 1 << 24)

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static float *kept;
static size_t kept_n;

/* A plane of at least @n floats, *@cap of them. */
static float *
take_plane (size_t n, size_t *cap)
{
  float *plane = NULL;

  pthread_mutex_lock (&kept_lock);
  if (kept != NULL && kept_n >= n)
    {
      plane = kept, *cap = kept_n;
      kept = NULL;
    }
  pthread_mutex_unlock (&kept_lock);
  if (plane == NULL)
    plane = malloc (n * sizeof (float)), *cap = n;
  return plane;
}

/* Keeps @plane (@n floats) if it is the largest offered, up to KEPT_MAX. */
static void
give_back_plane (float *plane, size_t n)
{
  if (n <= KEPT_MAX)
    {
      pthread_mutex_lock (&kept_lock);
      if (kept == NULL || kept_n < n)
        {
          float *old = kept;

          kept = plane, kept_n = n;
          plane = old;
        }
      pthread_mutex_unlock (&kept_lock);
    }
  free (plane);
}

static void
map (pv_task_func func, map_job *job)
{
  pv_parallel_run ((job->n + PIECE - 1) / PIECE, func, job);
}

bool
pv_lp_pool_fast (const pv_plan *plan, const pv_tensor *input, pv_tensor *output)
{
  size_t in_plane = (size_t) (plan->in_h * plan->in_w);
  size_t out_plane = (size_t) (plan->out_h * plan->out_w);
  size_t es = pv_dtype_size (input->dtype), cap = 0;
  /* One plane of powers at a time, averaged by an avg_pool plan with the
   * same windows: no padding (LP has none), the real taps counted, so
   * that a partial ceil_mode window divides by its own count, as
   * PyTorch's average does before the result is scaled by the area. */
  int64_t dims[3] = { 1, plan->in_h, plan->in_w }; /* 1-D: in_h is 1 */
  pv_dtype powers_type = powers_dtype (plan, input->dtype);
  bool direct;
  pv_params avg;
  float *powers;
  pv_tensor view;
  pv_plan avg_plan;
  bool done = false;

  /* Only the windows: LP has no padding, divisor or temperature, which
   * the LP plan ignores should a caller set them, and so must this. */
  pv_params_init (&avg, plan->info->spatial_dims == 1 ? PV_OP_AVG_POOL1D : PV_OP_AVG_POOL2D);
  avg.kernel = plan->params.kernel;
  avg.stride = plan->params.stride;
  avg.ceil_mode = plan->params.ceil_mode;
  avg.count_include_pad = false;
  /* p = 1: the input is its own powers. */
  direct = plan->norm_type == 1.0 && powers_type == input->dtype;
  powers = direct ? NULL : take_plane (in_plane, &cap);
  if (!direct && powers == NULL)
    return false;
  view = (pv_tensor) { powers_type, pv_shape_make (3, dims), direct ? input->data : powers };
  /* The same rules plan both (pooling-spec.md section 5); should they
   * ever differ, the reference runs. */
  if (pv_plan_init (&avg_plan, &avg, &view, NULL, NULL) != PV_OK)
    {
      if (!direct)
        give_back_plane (powers, cap);
      return false;
    }
  if (avg_plan.out_h == plan->out_h && avg_plan.out_w == plan->out_w
      && pv_fast_pool_applies (&avg_plan, powers_type, false))
    {
      for (int64_t p = 0; p < plan->n_planes; p++)
        {
          const void *plane = (const char *) input->data + (size_t) p * in_plane * es;
          float *out = (float *) output->data + (size_t) p * out_plane;
          map_job powers_job = { .src = plane, .dtype = input->dtype, .dst = powers,
                                 .n = in_plane, .p = plan->norm_type };
          map_job roots_job = { .dst = out, .n = out_plane, .p = plan->norm_type,
                                .area = (float) plan->kernel_area };

          if (!direct)
            map (powers_type == PV_DTYPE_U16 ? squares_task : powers_task, &powers_job);
          pv_fast_pool_planes (&avg_plan, direct ? plane : powers, powers_type, out);
          map (roots_task, &roots_job);
        }
      done = true;
    }
  pv_plan_clear (&avg_plan);
  if (!direct)
    give_back_plane (powers, cap);
  return done;
}
