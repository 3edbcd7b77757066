/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-document.h"

#include <glib/gi18n.h>
#include <math.h>

#include "engine/pool.h"
#include "engine/sample.h"

struct _PvDocument
{
  GObject parent_instance;

  PvSourceKind kind;
  char *name;
  GFile *file;
  int bit_depth;
  PvTensorRef *input;          /* (C, H, W) float32: what the views show and explain */
  PvTensorRef *samples;        /* a picture's decoded samples (U8, U16), or NULL */
  PvDisplayRange range;
  guint input_serial;          /* bumped by every load, to drop results of older inputs */

  pv_params params;
  gboolean params_valid;
  pv_error params_error;

  gboolean has_result;
  pv_plan plan;
  PvTensorRef *output;
  guint result_generation;

  guint generation;            /* of the latest parameters */
  struct _PoolJob *running;    /* the job being pooled, owned by its task, or NULL */
  gboolean pending;            /* newer parameters wait for it */
  gint64 request_time;
  double last_pool_ms;
  double last_run_ms;
  PvTensorRecycler *recycler;  /* outputs' storage, reused by the next */
};

enum
{
  SIGNAL_INPUT_CHANGED,
  SIGNAL_RESULT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PvDocument, pv_document, G_TYPE_OBJECT)

static void start_job (PvDocument *self);

static void
clear_result (PvDocument *self)
{
  pv_plan_clear (&self->plan);
  memset (&self->plan, 0, sizeof self->plan);
  g_clear_pointer (&self->output, pv_tensor_ref_unref);
  self->has_result = FALSE;
}

static void
pv_document_finalize (GObject *object)
{
  PvDocument *self = PV_DOCUMENT (object);

  clear_result (self);
  g_clear_pointer (&self->input, pv_tensor_ref_unref);
  g_clear_pointer (&self->samples, pv_tensor_ref_unref);
  g_clear_object (&self->file);
  g_free (self->name);
  pv_tensor_recycler_unref (self->recycler);
  G_OBJECT_CLASS (pv_document_parent_class)->finalize (object);
}

static void
pv_document_class_init (PvDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pv_document_finalize;

  /* A new input was loaded (the result is cleared and recomputed). */
  signals[SIGNAL_INPUT_CHANGED] = g_signal_new ("input-changed", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 0);
  /* The result, its staleness, or the parameters' error changed. */
  signals[SIGNAL_RESULT_CHANGED] = g_signal_new ("result-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 0);
}

static void
pv_document_init (PvDocument *self)
{
  self->recycler = pv_tensor_recycler_new ();
  pv_params_init (&self->params, PV_OP_MAX_POOL2D);
  self->params.kernel.n = 1;
  self->params.kernel.v[0] = 2;
  self->range.lo = 0.0;
  self->range.hi = 1.0;
}

PvDocument *
pv_document_new (void)
{
  return g_object_new (PV_TYPE_DOCUMENT, NULL);
}

/* ---------------------------------------------------------------------------
 * Inputs.
 */

typedef struct
{
  pv_tensor planes;    /* (C, H, W) float32 */
  pv_tensor samples;   /* pictures: the same as decoded, U8 or U16 */
  PvSourceKind kind;
  int bit_depth;
  char *name;
} LoadedInput;

static void
loaded_input_free (LoadedInput *in)
{
  pv_tensor_free (&in->planes);
  pv_tensor_free (&in->samples);
  g_free (in->name);
  g_free (in);
}

/* Brings any accepted array to (C, H, W) float32: a matrix is one plane, a
 * batch of one is unwrapped; larger batches are refused. */
static gboolean
normalise_planes (pv_tensor *t, GError **error)
{
  pv_tensor converted;
  pv_error err;
  pv_shape *s = &t->shape;

  if (s->rank == 4 && s->dims[0] == 1)
    {
      memmove (s->dims, s->dims + 1, 3 * sizeof s->dims[0]);
      s->rank = 3;
    }
  if (s->rank == 1)
    {
      s->dims[2] = s->dims[0];
      s->dims[0] = s->dims[1] = 1;
      s->rank = 3;
    }
  else if (s->rank == 2)
    {
      s->dims[2] = s->dims[1];
      s->dims[1] = s->dims[0];
      s->dims[0] = 1;
      s->rank = 3;
    }
  if (s->rank != 3)
    {
      char shape[96];

      pv_shape_format (s, shape, sizeof shape);
      g_set_error (error, PV_ERROR, PV_ERR_SHAPE,
                   _("The array has shape %s; PoolView shows (H, W) or (C, H, W) data, or a "
                     "batch of one"),
                   shape);
      return FALSE;
    }
  if (s->dims[0] == 0 || s->dims[1] == 0 || s->dims[2] == 0)
    {
      g_set_error_literal (error, PV_ERROR, PV_ERR_SHAPE, _("The array is empty"));
      return FALSE;
    }
  if (t->dtype == PV_DTYPE_F32)
    return TRUE;
  if (t->dtype == PV_DTYPE_I64)
    {
      g_set_error_literal (error, PV_ERROR, PV_ERR_UNSUPPORTED,
                           _("Integer (int64) arrays cannot be pooled; save them as float32"));
      return FALSE;
    }
  if (pv_tensor_convert (t, PV_DTYPE_F32, &converted, &err) != PV_OK)
    {
      pv_set_gerror (error, &err);
      return FALSE;
    }
  pv_tensor_free (t);
  *t = converted;
  return TRUE;
}

/* The engine starts its messages with the file's path, which a command line
 * needs; the window names the file itself, so that would say it twice. */
static void
drop_path_prefix (pv_error *err, const char *path)
{
  size_t len = strlen (path);

  if (strncmp (err->message, path, len) == 0 && err->message[len] == ':'
      && err->message[len + 1] == ' ')
    memmove (err->message, err->message + len + 2, strlen (err->message + len + 2) + 1);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  LoadedInput *in;
  pv_source_info info;
  pv_limits limits;
  pv_error err;
  GError *error = NULL;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local files can be opened"));
      return;
    }
  in = g_new0 (LoadedInput, 1);
  pv_limits_init (&limits);
  if (pv_array_read_file (path, &limits, &in->planes, &info, &err) != PV_OK)
    {
      drop_path_prefix (&err, path);
      pv_set_gerror (&error, &err);
      loaded_input_free (in);
      g_task_return_error (task, error);
      return;
    }
  in->kind = info.format == PV_FORMAT_PNG || info.format == PV_FORMAT_JPEG ? PV_SOURCE_PICTURE
                                                                             : PV_SOURCE_ARRAY;
  /* A picture's samples are pooled as they are, a quarter or half of the
   * bytes of floats to read; the floats are what the views show. */
  if (in->kind == PV_SOURCE_PICTURE
      && pv_tensor_convert (&in->planes, in->planes.dtype, &in->samples, &err) != PV_OK)
    {
      pv_set_gerror (&error, &err);
      loaded_input_free (in);
      g_task_return_error (task, error);
      return;
    }
  if (!normalise_planes (&in->planes, &error))
    {
      loaded_input_free (in);
      g_task_return_error (task, error);
      return;
    }
  in->bit_depth = info.bit_depth;
  in->name = g_file_get_basename (file);
  g_task_return_pointer (task, in, (GDestroyNotify) loaded_input_free);
}

static PvDisplayRange
range_of (const pv_tensor *t, PvSourceKind kind, int bit_depth)
{
  PvDisplayRange r = { INFINITY, -INFINITY };
  size_t n = 0;

  if (kind == PV_SOURCE_PICTURE)
    {
      r.lo = 0.0;
      r.hi = bit_depth == 16 ? 65535.0 : 255.0;
      return r;
    }
  pv_shape_numel (&t->shape, &n);
  for (size_t i = 0; i < n; i++)
    {
      double v = ((const float *) t->data)[i];

      if (isfinite (v))
        r.lo = MIN (r.lo, v), r.hi = MAX (r.hi, v);
    }
  if (!(r.lo <= r.hi))
    r.lo = 0.0, r.hi = 1.0;
  else if (r.lo == r.hi)
    r.lo -= 1.0, r.hi += 1.0;
  return r;
}

static void
set_input (PvDocument *self, LoadedInput *in, GFile *file)
{
  self->kind = in->kind;
  g_free (self->name);
  self->name = g_steal_pointer (&in->name);
  g_set_object (&self->file, file);
  self->bit_depth = in->bit_depth;
  self->range = range_of (&in->planes, in->kind, in->bit_depth);
  g_clear_pointer (&self->input, pv_tensor_ref_unref);
  g_clear_pointer (&self->samples, pv_tensor_ref_unref);
  self->input = pv_tensor_ref_new_take (&in->planes);
  if (in->samples.data != NULL)
    self->samples = pv_tensor_ref_new_take (&in->samples);
  self->input_serial++;
  clear_result (self);
  g_signal_emit (self, signals[SIGNAL_INPUT_CHANGED], 0);
  pv_document_set_params (self, &self->params);
}

void
pv_document_load_file_async (PvDocument *self, GFile *file, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pv_document_load_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
pv_document_load_file_finish (PvDocument *self, GAsyncResult *result, GError **error)
{
  LoadedInput *in = g_task_propagate_pointer (G_TASK (result), error);

  if (in == NULL)
    return FALSE;
  set_input (self, in, g_task_get_task_data (G_TASK (result)));
  loaded_input_free (in);
  return TRUE;
}

gboolean
pv_document_load_sample (PvDocument *self, GError **error)
{
  LoadedInput *in = g_new0 (LoadedInput, 1);
  pv_image image;
  pv_tensor planes;
  pv_error err;

  if (pv_sample_photo (480, 320, &image, &err) != PV_OK
      || pv_image_to_planes (&image, &planes, &err) != PV_OK)
    {
      pv_set_gerror (error, &err);
      g_free (in);
      return FALSE;
    }
  pv_image_free (&image);
  in->planes = planes;
  if (pv_tensor_convert (&planes, planes.dtype, &in->samples, &err) != PV_OK)
    {
      pv_set_gerror (error, &err);
      loaded_input_free (in);
      return FALSE;
    }
  if (!normalise_planes (&in->planes, error))
    {
      loaded_input_free (in);
      return FALSE;
    }
  in->kind = PV_SOURCE_PICTURE;
  in->bit_depth = 8;
  in->name = g_strdup (_("Sample landscape"));
  set_input (self, in, NULL);
  loaded_input_free (in);
  return TRUE;
}

gboolean
pv_document_load_matrix (PvDocument *self, pv_tensor *matrix, const char *name, GError **error)
{
  LoadedInput *in = g_new0 (LoadedInput, 1);

  in->planes = *matrix;
  memset (matrix, 0, sizeof *matrix);
  if (!normalise_planes (&in->planes, error))
    {
      loaded_input_free (in);
      return FALSE;
    }
  in->kind = PV_SOURCE_MATRIX;
  in->name = g_strdup (name);
  set_input (self, in, NULL);
  loaded_input_free (in);
  return TRUE;
}

void
pv_document_share_input (PvDocument *self, PvDocument *source)
{
  if (source->input == NULL || source->input == self->input)
    return;
  self->kind = source->kind;
  g_free (self->name);
  self->name = g_strdup (source->name);
  g_set_object (&self->file, source->file);
  self->bit_depth = source->bit_depth;
  self->range = source->range;
  g_clear_pointer (&self->input, pv_tensor_ref_unref);
  g_clear_pointer (&self->samples, pv_tensor_ref_unref);
  self->input = pv_tensor_ref_ref (source->input);
  if (source->samples != NULL)
    self->samples = pv_tensor_ref_ref (source->samples);
  self->input_serial++;
  clear_result (self);
  g_signal_emit (self, signals[SIGNAL_INPUT_CHANGED], 0);
  pv_document_set_params (self, &self->params);
}

PvSourceKind
pv_document_get_source_kind (PvDocument *self)
{
  return self->kind;
}

const char *
pv_document_get_name (PvDocument *self)
{
  return self->name;
}

GFile *
pv_document_get_file (PvDocument *self)
{
  return self->file;
}

int
pv_document_get_bit_depth (PvDocument *self)
{
  return self->bit_depth;
}

PvTensorRef *
pv_document_get_input (PvDocument *self)
{
  return self->input;
}

const PvDisplayRange *
pv_document_get_display_range (PvDocument *self)
{
  return &self->range;
}

/* ---------------------------------------------------------------------------
 * Pooling.
 */

typedef struct _PoolJob
{
  pv_params params;
  PvTensorRef *input;
  PvTensorRef *samples;        /* pooled instead of input when not NULL */
  PvTensorRecycler *recycler;
  guint generation;
  guint input_serial;
  pv_plan plan;
  pv_tensor output;
  pv_error err;
  pv_status status;
  double run_ms;               /* in the engine, allocation included */
  size_t capacity;             /* bytes of the output's storage, if recycled */

  /* Set by the worker when the output is complete, so that the main thread
   * can wait for it (pv_document_await_result); the task's callback comes
   * later and does nothing once the result was delivered. */
  GMutex lock;
  GCond finished_cond;
  gboolean finished;
  gboolean delivered;
} PoolJob;

static void
pool_job_free (PoolJob *job)
{
  pv_plan_clear (&job->plan);
  pv_tensor_free (&job->output);
  g_clear_pointer (&job->input, pv_tensor_ref_unref);
  g_clear_pointer (&job->samples, pv_tensor_ref_unref);
  g_clear_pointer (&job->recycler, pv_tensor_recycler_unref);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->finished_cond);
  g_free (job);
}

static void
pool_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  PoolJob *job = task_data;
  const pv_tensor *input = pv_tensor_ref_get (job->input);

  /* No indices: the interface shows each cell's winner from its geometry
   * (pv_plan_cell), and without them the fast paths apply. A picture is
   * pooled from its samples, which gives the float result pooling the
   * floats would (fast-pool.h); the plan kept is the floats', which the
   * views explain. */
  gint64 start = g_get_monotonic_time ();

  job->status = pv_plan_init (&job->plan, &job->params, input, NULL, &job->err);
  if (job->status == PV_OK
      && !pv_tensor_recycler_take (job->recycler, pv_plan_output_dtype (&job->plan),
                                   &job->plan.out_shape, &job->output, &job->capacity))
    job->status = pv_pool_alloc_outputs (&job->plan, &job->output, NULL, &job->err);
  if (job->status == PV_OK && job->samples != NULL)
    {
      const pv_tensor *samples = pv_tensor_ref_get (job->samples);
      pv_plan plan;

      job->status = pv_plan_init (&plan, &job->params, samples, NULL, &job->err);
      if (job->status == PV_OK)
        {
          job->status = pv_pool_run (&plan, samples, NULL, &job->output, NULL, &job->err);
          pv_plan_clear (&plan);
        }
    }
  else if (job->status == PV_OK)
    job->status = pv_pool_run (&job->plan, input, NULL, &job->output, NULL, &job->err);
  job->run_ms = (double) (g_get_monotonic_time () - start) / 1000.0;
  /* Before returning: the task, and the job with it, lives until its
   * callback has run on the main thread, so a waiting main thread can
   * still read the job after this signal. */
  g_mutex_lock (&job->lock);
  job->finished = TRUE;
  g_cond_signal (&job->finished_cond);
  g_mutex_unlock (&job->lock);
  g_task_return_boolean (task, TRUE);
}

/* Takes the finished @job's result on the main thread, once. */
static void
deliver (PvDocument *self, PoolJob *job)
{
  job->delivered = TRUE;
  self->running = NULL;
  /* Drop what was computed for an older input or older parameters. */
  if (job->input_serial == self->input_serial && job->generation == self->generation
      && job->status == PV_OK)
    {
      clear_result (self);
      self->plan = job->plan;
      memset (&job->plan, 0, sizeof job->plan);
      self->output = pv_tensor_ref_new_recycled (&job->output, job->capacity, self->recycler);
      self->has_result = TRUE;
      self->result_generation = job->generation;
      self->last_pool_ms = (double) (g_get_monotonic_time () - self->request_time) / 1000.0;
      self->last_run_ms = job->run_ms;
    }
  else if (job->status != PV_OK && job->generation == self->generation)
    {
      /* Planning succeeded on the main thread, so only memory can fail here. */
      self->params_valid = FALSE;
      self->params_error = job->err;
    }

  if (self->pending)
    {
      self->pending = FALSE;
      start_job (self);
    }
  g_signal_emit (self, signals[SIGNAL_RESULT_CHANGED], 0);
}

static void
pool_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  PoolJob *job = g_task_get_task_data (G_TASK (result));

  if (!job->delivered)
    deliver (PV_DOCUMENT (source), job);
}

/* One job at a time: while one runs, newer parameters wait, and only the
 * latest of them is pooled next. */
static void
start_job (PvDocument *self)
{
  g_autoptr (GTask) task = NULL;
  PoolJob *job;

  if (self->running != NULL)
    {
      self->pending = TRUE;
      return;
    }
  job = g_new0 (PoolJob, 1);
  job->params = self->params;
  job->input = pv_tensor_ref_ref (self->input);
  job->samples = self->samples != NULL ? pv_tensor_ref_ref (self->samples) : NULL;
  job->recycler = pv_tensor_recycler_ref (self->recycler);
  job->generation = self->generation;
  job->input_serial = self->input_serial;
  g_mutex_init (&job->lock);
  g_cond_init (&job->finished_cond);
  task = g_task_new (self, NULL, pool_done_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) pool_job_free);
  self->running = job;
  g_task_run_in_thread (task, pool_thread);
}

const pv_params *
pv_document_get_params (PvDocument *self)
{
  return &self->params;
}

void
pv_document_set_params (PvDocument *self, const pv_params *params)
{
  pv_plan check;

  self->params = *params;
  self->generation++;
  self->request_time = g_get_monotonic_time ();
  if (self->input == NULL)
    {
      self->params_valid = TRUE;
      return;
    }

  /* Planning is cheap: do it here so that a mistake shows at once. */
  if (pv_plan_init (&check, params, pv_tensor_ref_get (self->input), NULL, &self->params_error)
      == PV_OK)
    {
      pv_plan_clear (&check);
      self->params_valid = TRUE;
      start_job (self);
    }
  else
    self->params_valid = FALSE;
  g_signal_emit (self, signals[SIGNAL_RESULT_CHANGED], 0);
}

const pv_error *
pv_document_get_params_error (PvDocument *self)
{
  return self->params_valid ? NULL : &self->params_error;
}

gboolean
pv_document_has_result (PvDocument *self)
{
  return self->has_result;
}

const pv_plan *
pv_document_get_plan (PvDocument *self)
{
  return self->has_result ? &self->plan : NULL;
}

PvTensorRef *
pv_document_get_output (PvDocument *self)
{
  return self->output;
}

gboolean
pv_document_is_stale (PvDocument *self)
{
  return self->has_result && (self->result_generation != self->generation || !self->params_valid);
}

gboolean
pv_document_is_busy (PvDocument *self)
{
  return self->running != NULL;
}

gboolean
pv_document_await_result (PvDocument *self, double budget_ms)
{
  PoolJob *job = self->running;
  gint64 deadline = self->request_time + (gint64) (budget_ms * 1000.0);
  gboolean finished;

  /* Only for the latest parameters, and not when the last job took far
   * longer (an 8K picture): its result would hold the frame for nothing. */
  if (job == NULL || job->generation != self->generation
      || job->input_serial != self->input_serial || self->last_run_ms > 2.0 * budget_ms)
    return FALSE;
  g_mutex_lock (&job->lock);
  while (!job->finished)
    if (!g_cond_wait_until (&job->finished_cond, &job->lock, deadline))
      break;
  finished = job->finished;
  g_mutex_unlock (&job->lock);
  if (finished)
    deliver (self, job);
  return finished;
}

double
pv_document_get_last_pool_ms (PvDocument *self)
{
  return self->last_pool_ms;
}

double
pv_document_get_last_run_ms (PvDocument *self)
{
  return self->last_run_ms;
}
