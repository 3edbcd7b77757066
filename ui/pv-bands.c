/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "pv-bands.h"

typedef struct
{
  PvBandFunc func;
  gpointer data;
  int n_rows, band_rows, n_bands;
  gint next;  /* atomic: the next band to take */
  int done;   /* bands finished, under @lock */
  GMutex lock;
  GCond finished;
} Job;

static void
job_clear (gpointer data)
{
  Job *job = data;

  g_mutex_clear (&job->lock);
  g_cond_clear (&job->finished);
}

/* Takes bands until none is left; returns how many it did. */
static int
take_bands (Job *job)
{
  int count = 0;

  for (;;)
    {
      int band = g_atomic_int_add (&job->next, 1);
      int row0 = band * job->band_rows;

      if (band >= job->n_bands)
        return count;
      job->func (job->data, row0, MIN (row0 + job->band_rows, job->n_rows));
      count++;
    }
}

static void
finish_bands (Job *job, int count)
{
  g_mutex_lock (&job->lock);
  job->done += count;
  if (job->done == job->n_bands)
    g_cond_signal (&job->finished);
  g_mutex_unlock (&job->lock);
}

static void
helper_func (gpointer data, gpointer user_data)
{
  Job *job = data;

  /* A helper woken after the caller took the last band does nothing; the
   * job stays alive (its reference) until it has looked. */
  finish_bands (job, take_bands (job));
  g_atomic_rc_box_release_full (job, job_clear);
}

static GThreadPool *
helpers (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      int n = (int) MIN (g_get_num_processors (), 8u) - 1;
      /* Exclusive: the threads start now and wait on the pool's queue, so
       * a frame never pays for creating one. */
      GThreadPool *p = n > 0 ? g_thread_pool_new (helper_func, NULL, n, TRUE, NULL) : NULL;

      g_once_init_leave (&pool, p != NULL ? p : (GThreadPool *) GINT_TO_POINTER (1));
    }
  return pool == GINT_TO_POINTER (1) ? NULL : pool;
}

void
pv_bands_run (int n_rows, int band_rows, PvBandFunc func, gpointer data)
{
  GThreadPool *pool;
  Job *job;
  int n_helpers;

  g_return_if_fail (band_rows > 0);
  pool = n_rows > band_rows ? helpers () : NULL;
  if (pool == NULL)
    {
      if (n_rows > 0)
        func (data, 0, n_rows);
      return;
    }
  job = g_atomic_rc_box_new0 (Job);
  job->func = func;
  job->data = data;
  job->n_rows = n_rows;
  job->band_rows = band_rows;
  job->n_bands = (n_rows + band_rows - 1) / band_rows;
  g_mutex_init (&job->lock);
  g_cond_init (&job->finished);
  n_helpers = MIN (job->n_bands - 1, g_thread_pool_get_max_threads (pool));
  for (int i = 0; i < n_helpers; i++)
    g_thread_pool_push (pool, g_atomic_rc_box_acquire (job), NULL);

  finish_bands (job, take_bands (job));
  g_mutex_lock (&job->lock);
  while (job->done < job->n_bands)
    g_cond_wait (&job->finished, &job->lock);
  g_mutex_unlock (&job->lock);
  g_atomic_rc_box_release_full (job, job_clear);
}
