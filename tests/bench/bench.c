/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The pooling benchmark of shared/performance.md section 8: the named
 * cases on 8K, 4K and 1080p pictures of RGBA8, RGBA16 and one float32
 * plane, on one thread and on all, timed after a warm-up with inputs
 * pre-faulted and outputs allocated once. Prints one CSV line per case and
 * thread count, with the machine's memcpy bandwidth measured in the same
 * run; tests/bench/report.py adds PyTorch's times and prints the table
 * ("make bench" runs both).
 *
 * Usage: poolview-bench [--sizes 8k,4k,1080p] [--types rgba8,rgba16,f32,rgb8-planes]
 *                       [--cases M2,A2,...] [--runs N]
 *                       [--custom "OP OPTIONS"]
 * --custom times one case of your own instead of the suite's, named "custom",
 * e.g. --custom "max_pool2d --kernel-size 8 --stride 2". */

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/fast-pool.h"
#include "engine/image.h"
#include "engine/lp-pool.h"
#include "engine/options.h"
#include "engine/parallel.h"
#include "engine/plan.h"
#include "engine/pool.h"
#include "engine/random.h"

typedef struct
{
  const char *id;
  const char *op;
  const char *options;  /* poolview-cli's words; %d is replaced by a size */
} bench_case;

/* Section 8.2's cases. AA2 and AM1 pool to 1000 x 563 from 8K; from the
 * smaller pictures to the same fraction of their size. */
static bench_case cases[] = {
  { "M2", "max_pool2d", "--kernel-size 2" },
  { "M3S2", "max_pool2d", "--kernel-size 3 --stride 2 --padding 1" },
  { "M3S1", "max_pool2d", "--kernel-size 3 --stride 1 --padding 1" },
  { "M7S1", "max_pool2d", "--kernel-size 7 --stride 1 --padding 3" },
  { "M15S1", "max_pool2d", "--kernel-size 15 --stride 1 --padding 7" },
  { "M3D2", "max_pool2d", "--kernel-size 3 --stride 1 --padding 2 --dilation 2" },
  { "M7C", "max_pool2d", "--kernel-size 7 --ceil-mode" },
  { "A2", "avg_pool2d", "--kernel-size 2" },
  { "A3", "avg_pool2d", "--kernel-size 3 --stride 2 --padding 1" },
  { "A5S1", "avg_pool2d", "--kernel-size 5 --stride 1 --padding 2" },
  { "A31S1", "avg_pool2d", "--kernel-size 31 --stride 1 --padding 15" },
  { "AA2", "adaptive_avg_pool2d", "adaptive" },
  { "AM1", "adaptive_max_pool2d", "adaptive" },
};

typedef struct
{
  const char *name;
  int64_t w, h;
} bench_size;

static const bench_size sizes[] = {
  { "8k", 7680, 4320 },
  { "4k", 3840, 2160 },
  { "1080p", 1920, 1080 },
};

typedef struct
{
  const char *name;
  pv_dtype dtype;
  int channels;
  bool interleaved;
  bool asked_only;   /* run when --types names it, not by default */
} bench_type;

static const bench_type types[] = {
  { "rgba8", PV_DTYPE_U8, 4, true, false },
  { "rgba16", PV_DTYPE_U16, 4, true, false },
  { "f32", PV_DTYPE_F32, 1, false, false },
  /* What the window pools: a picture's samples as planes, into float
   * planes (ui/pv-document.c). */
  { "rgb8-planes", PV_DTYPE_U8, 3, false, true },
};

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static bool
listed (const char *list, const char *name)
{
  size_t n = strlen (name);

  if (list == NULL)
    return true;
  for (const char *p = list; *p != '\0';)
    {
      const char *comma = strchr (p, ',');
      size_t len = comma ? (size_t) (comma - p) : strlen (p);

      if (len == n && strncmp (p, name, n) == 0)
        return true;
      p += len + (comma ? 1 : 0);
    }
  return false;
}

/* memcpy of a buffer of twice the last-level cache and more, split over
 * the threads; GB/s counts the bytes read and written. */
typedef struct
{
  char *dst;
  const char *src;
  size_t bytes, chunk;
} copy_job;

static void
copy_task (void *data, size_t task)
{
  copy_job *job = data;
  size_t off = task * job->chunk;
  size_t n = off + job->chunk <= job->bytes ? job->chunk : job->bytes - off;

  memcpy (job->dst + off, job->src + off, n);
}

static void
copy_init (copy_job *job)
{
  job->bytes = (size_t) 256 << 20;
  job->dst = malloc (job->bytes);
  job->src = malloc (job->bytes);
  if (job->dst == NULL || job->src == NULL)
    abort ();
  memset (job->dst, 1, job->bytes);
  memset ((char *) job->src, 2, job->bytes);
}

/* One timed copy on the threads set now; returns GB/s. */
static double
copy_once (copy_job *job)
{
  double t0;

  job->chunk = job->bytes / (size_t) (pv_parallel_threads () * 8);
  t0 = now_ms ();
  pv_parallel_run ((job->bytes + job->chunk - 1) / job->chunk, copy_task, job);
  return 2.0 * (double) job->bytes / ((now_ms () - t0) * 1e6);
}

static bool
make_plan (const bench_case *c, const bench_size *sz, const bench_type *ty,
           const pv_tensor *shape_of, pv_plan *plan)
{
  pv_params params;
  pv_error err;
  char options[160];
  char *save = NULL, *copy;
  const char *name = NULL;

  if (strcmp (c->options, "adaptive") == 0)
    snprintf (options, sizeof options, "--output-size %" PRId64 ",%" PRId64,
              sz->h * 563 / 4320, sz->w * 1000 / 7680);
  else
    snprintf (options, sizeof options, "%s", c->options);

  {
    pv_op op;

    if (!pv_op_from_name (c->op, &op))
      {
        fprintf (stderr, "%s: no operator named \"%s\"\n", c->id, c->op);
        return false;
      }
    pv_params_init (&params, op);
  }
  copy = strdup (options);
  for (char *tok = strtok_r (copy, " ", &save); tok != NULL; tok = strtok_r (NULL, " ", &save))
    {
      if (strncmp (tok, "--", 2) == 0)
        {
          name = tok + 2;
          if (strcmp (name, "ceil-mode") == 0)
            {
              pv_params_set_option (&params, name, NULL, &err);
              name = NULL;
            }
          continue;
        }
      if (name != NULL && pv_params_set_option (&params, name, tok, &err) != PV_OK)
        {
          fprintf (stderr, "%s: %s\n", c->id, err.message);
          free (copy);
          return false;
        }
      name = NULL;
    }
  free (copy);
  (void) ty;
  if (pv_plan_init (plan, &params, shape_of, NULL, &err) != PV_OK)
    {
      fprintf (stderr, "%s on %s: %s\n", c->id, sz->name, err.message);
      return false;
    }
  return true;
}

static void
fill_input (const bench_type *ty, void *data, size_t n, pv_random *rng)
{
  for (size_t i = 0; i < n; i++)
    switch (ty->dtype)
      {
      case PV_DTYPE_U8:
        ((uint8_t *) data)[i] = (uint8_t) pv_random_next (rng);
        break;
      case PV_DTYPE_U16:
        ((uint16_t *) data)[i] = (uint16_t) pv_random_next (rng);
        break;
      default:
        ((float *) data)[i] = pv_random_float (rng);
        break;
      }
}

static int
usage (const char *argv0)
{
  fprintf (stderr,
           "usage: %s [--sizes LIST] [--types LIST] [--cases LIST] [--runs N]\n"
           "          [--custom \"OP OPTIONS\"]\n"
           "  e.g. --sizes 4k --types rgba8 --custom \"max_pool2d --kernel-size 8 --stride 2\"\n",
           argv0);
  return 2;
}

#define N_CASES (sizeof cases / sizeof cases[0])

/* One case of a group: its plan, its own outputs (kept from one run to
 * the next, so that no run allocates), and its times per thread count. */
typedef struct
{
  const bench_case *c;
  pv_plan plan;
  pv_tensor planes_out;
  pv_image pooled;
  size_t out_bytes;
  double *times[2];
} case_run;

static void
run_once (const bench_type *ty, case_run *cr, const pv_tensor *input, const pv_image *picture)
{
  if (ty->interleaved)
    {
      if (pv_pool_image (&cr->plan, picture, &cr->pooled, NULL) != PV_OK)
        abort ();
    }
  else if (pv_pool_run (&cr->plan, input, NULL, &cr->planes_out, NULL, NULL) != PV_OK)
    abort ();
}

/* Whether a fast path pools @plan's planes (LP and pyramids, level by
 * level, included): pictures too, directly or, through pv_pool_image(),
 * as planes. */
static bool
fast_applies (const pv_plan *plan, const bench_type *ty)
{
  return pv_fast_pool_applies (plan, ty->dtype, false)
         || pv_lp_pool_applies (plan, ty->dtype, false)
         || plan->info->windows == PV_WINDOWS_PYRAMID;
}

/* A CSV field: quoted when it holds a comma or a quote (a custom case's
 * "--kernel-size 15,1"), its quotes doubled. */
static void
print_csv_field (const char *s)
{
  if (strpbrk (s, ",\"\n") == NULL)
    {
      fputs (s, stdout);
      return;
    }
  putchar ('"');
  for (; *s != '\0'; s++)
    {
      if (*s == '"')
        putchar ('"');
      putchar (*s);
    }
  putchar ('"');
}

static double
median_of (double *v, int n)
{
  qsort (v, (size_t) n, sizeof *v, compare_doubles);
  return v[n / 2];
}

/* Times every listed case on one size and type. The machine's speed
 * drifts, for seconds at a time, by a third and more, so the runs are
 * interleaved: each round copies memory once and runs every case once, on
 * one thread and then on all, and a case's median is compared with the
 * median copy of the same rounds. Ratios between cases (M15S1 against
 * M3S1) then compare runs made side by side, not minutes apart. Returns
 * how many listed cases had parameters refused for this input. */
static int
bench_group (const bench_size *sz, const bench_type *ty, const char *want_cases, int runs,
             int all, copy_job *copy, pv_random *rng)
{
  int64_t dims[3] = { ty->channels, sz->h, sz->w };
  pv_shape shape = pv_shape_make (3, dims);
  size_t n_in = (size_t) (ty->channels * sz->h * sz->w);
  size_t in_bytes = n_in * pv_dtype_size (ty->dtype);
  int n_threads = all > 1 ? 2 : 1;
  pv_tensor input;
  /* Pictures are pooled as pictures, interleaved; float data as planes. */
  pv_image picture = { 0 };
  case_run crs[N_CASES];
  double *copies[2];
  int n = 0, refused = 0;

  if (pv_tensor_alloc (&input, ty->dtype, &shape, NULL) != PV_OK)
    abort ();
  if (ty->interleaved)
    {
      if (pv_image_alloc (&picture, (uint32_t) sz->w, (uint32_t) sz->h, ty->channels,
                          ty->dtype == PV_DTYPE_U16 ? 16 : 8, NULL)
          != PV_OK)
        abort ();
      fill_input (ty, picture.pixels, n_in, rng);
    }
  else
    fill_input (ty, input.data, n_in, rng);

  for (size_t ci = 0; ci < N_CASES; ci++)
    {
      case_run *cr = &crs[n];

      memset (cr, 0, sizeof *cr);
      cr->c = &cases[ci];
      if (!listed (want_cases, cr->c->id))
        continue;
      if (!make_plan (cr->c, sz, ty, &input, &cr->plan))
        {
          refused++;
          continue;
        }
      if (!fast_applies (&cr->plan, ty))
        fprintf (stderr, "%s: no fast path applies\n", cr->c->id);
      if (!ty->interleaved && pv_pool_alloc_outputs (&cr->plan, &cr->planes_out, NULL, NULL) != PV_OK)
        abort ();
      cr->out_bytes = (size_t) (cr->plan.n_planes * cr->plan.out_h * cr->plan.out_w)
                      * (ty->interleaved ? pv_dtype_size (ty->dtype) : 4);
      for (int th = 0; th < n_threads; th++)
        cr->times[th] = calloc ((size_t) runs, sizeof (double));
      n++;
    }
  for (int th = 0; th < n_threads; th++)
    copies[th] = calloc ((size_t) runs, sizeof (double));

  /* Round -1 warms up: it faults the outputs in. */
  for (int r = -1; n > 0 && r < runs; r++)
    for (int th = 0; th < n_threads; th++)
      {
        double gbs;

        pv_parallel_set_threads (th == 0 ? 1 : all);
        gbs = copy_once (copy);
        if (r >= 0)
          copies[th][r] = gbs;
        /* The copy flushed the caches; one untimed run brings the input
         * back to where every case of the round finds it. */
        run_once (ty, &crs[0], &input, &picture);
        for (int i = 0; i < n; i++)
          {
            double t0 = now_ms ();

            run_once (ty, &crs[i], &input, &picture);
            if (r >= 0)
              crs[i].times[th][r] = now_ms () - t0;
          }
      }
  pv_parallel_set_threads (0);

  {
    double copy_median[2];

    for (int th = 0; th < n_threads; th++)
      copy_median[th] = median_of (copies[th], runs);
    for (int i = 0; i < n; i++)
      {
        case_run *cr = &crs[i];
        char path[96] = "reference";

        /* Which fast path ran, so that a figure can be read against it. */
        if (ty->interleaved && pv_fast_pool_applies_interleaved (&cr->plan, ty->dtype))
          pv_fast_pool_describe (&cr->plan, ty->dtype, true, path, sizeof path);
        else
          {
            /* Planes, or a picture pv_pool_image() turns into planes. */
            const char *via = ty->interleaved ? "as planes: " : "";

            if (pv_lp_pool_applies (&cr->plan, ty->dtype, false))
              snprintf (path, sizeof path, "%sLP: powers; average; roots", via);
            else if (cr->plan.info->windows == PV_WINDOWS_PYRAMID)
              snprintf (path, sizeof path, "%slevels as adaptive pooling", via);
            else if (pv_fast_pool_applies (&cr->plan, ty->dtype, false))
              {
                char planes[80];

                pv_fast_pool_describe (&cr->plan, ty->dtype, false, planes, sizeof planes);
                snprintf (path, sizeof path, "%s%s", via, planes);
              }
          }
        for (int th = 0; th < n_threads; th++)
          {
            double median = median_of (cr->times[th], runs);
            double gbs = (double) (in_bytes + cr->out_bytes) / (median * 1e6);

            printf ("%s,%s,%s,%s,", sz->name, ty->name, cr->c->id, cr->c->op);
            print_csv_field (cr->c->options);
            printf (",%d,%.3f,%.3f,%.2f,%.3f,%.2f,%zu,%zu,%" PRId64 ",%" PRId64 ",",
                    th == 0 ? 1 : all, median, cr->times[th][0], gbs, gbs / copy_median[th],
                    copy_median[th], in_bytes, cr->out_bytes, cr->plan.out_h, cr->plan.out_w);
            print_csv_field (path);
            putchar ('\n');
            free (cr->times[th]);
          }
        pv_tensor_free (&cr->planes_out);
        pv_image_free (&cr->pooled);
        pv_plan_clear (&cr->plan);
      }
    fflush (stdout);
  }
  for (int th = 0; th < n_threads; th++)
    free (copies[th]);
  pv_image_free (&picture);
  pv_tensor_free (&input);
  return refused;
}

int
main (int argc, char **argv)
{
  const char *want_sizes = NULL, *want_types = NULL, *want_cases = NULL;
  char *custom = NULL;
  int runs = 10;
  int all = pv_parallel_threads ();
  double copy_gbs[2];
  copy_job copy;
  pv_random rng;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--sizes") == 0)
        want_sizes = argv[i + 1];
      else if (strcmp (argv[i], "--types") == 0)
        want_types = argv[i + 1];
      else if (strcmp (argv[i], "--cases") == 0)
        want_cases = argv[i + 1];
      else if (strcmp (argv[i], "--runs") == 0)
        runs = atoi (argv[i + 1]) > 0 ? atoi (argv[i + 1]) : 10;
      else if (strcmp (argv[i], "--custom") == 0)
        custom = argv[i + 1];
      else
        return usage (argv[0]);
    }
  if (argc % 2 == 0)
    return usage (argv[0]);
  if (custom != NULL)
    {
      /* The operator's name, then poolview-cli's options. */
      char *space = strchr (custom, ' ');

      cases[0].id = "custom";
      cases[0].op = custom;
      cases[0].options = space != NULL ? space + 1 : "";
      if (space != NULL)
        *space = '\0';
      want_cases = "custom";
    }

  copy_init (&copy);
  /* For the header: the best of five copies on one thread and on all.
   * Each row's fraction is against the copies of its own rounds. */
  for (int th = 0; th < 2; th++)
    {
      pv_parallel_set_threads (th == 0 ? 1 : all);
      copy_gbs[th] = 0;
      for (int r = 0; r < 6; r++)
        {
          double gbs = copy_once (&copy);

          if (r > 0 && gbs > copy_gbs[th])
            copy_gbs[th] = gbs;
        }
    }
  pv_parallel_set_threads (0);
  printf ("# threads=%d memcpy_gbs_1=%.2f memcpy_gbs_all=%.2f\n", all, copy_gbs[0], copy_gbs[1]);
  printf ("size,type,case,op,options,threads,median_ms,best_ms,gbs,memcpy_fraction,memcpy_gbs,"
          "in_bytes,out_bytes,out_h,out_w,path\n");
  fflush (stdout);

  pv_random_seed (&rng, 2026);
  int refused = 0;
  for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
    for (size_t ti = 0; ti < sizeof types / sizeof types[0]; ti++)
      if (listed (want_sizes, sizes[si].name) && listed (want_types, types[ti].name)
          && (want_types != NULL || !types[ti].asked_only))
        refused += bench_group (&sizes[si], &types[ti], want_cases, runs, all, &copy, &rng);
  free (copy.dst);
  free ((char *) copy.src);
  /* A case refused (a custom one's parameters, said on standard error)
   * is a bad argument, as poolview-cli's exit status says. */
  return refused > 0 ? 2 : 0;
}
