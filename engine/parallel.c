/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pthread_setname_np() needs _GNU_SOURCE, which meson.build defines. */
#include "parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_THREADS 64

typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t work;       /* workers wait here for a job */
  pthread_cond_t done;       /* the caller waits here for the last task */
  pthread_mutex_t job_lock;  /* one job at a time */
  int n_threads;             /* created: workers + the caller */
  int limit;                 /* threads a job may use, 0 for n_threads */
  /* The current job, under lock. */
  unsigned long generation;  /* bumped for every job, so workers see a new one */
  pv_task_func func;
  void *data;
  size_t n_tasks, next_task, finished;
  int workers_wanted;        /* how many workers this job may use */
  int workers_joined;
} pool;

static pool the_pool = {
  .lock = PTHREAD_MUTEX_INITIALIZER,
  .work = PTHREAD_COND_INITIALIZER,
  .done = PTHREAD_COND_INITIALIZER,
  .job_lock = PTHREAD_MUTEX_INITIALIZER,
};
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

/* Takes tasks until none is left. Called with the lock held; returns with
 * it held. */
static void
run_tasks (pool *p)
{
  while (p->next_task < p->n_tasks)
    {
      size_t task = p->next_task++;
      pv_task_func func = p->func;
      void *data = p->data;

      pthread_mutex_unlock (&p->lock);
      func (data, task);
      pthread_mutex_lock (&p->lock);
      if (++p->finished == p->n_tasks)
        pthread_cond_signal (&p->done);
    }
}

static void *
worker_main (void *arg)
{
  pool *p = arg;
  unsigned long seen = 0;

  pthread_mutex_lock (&p->lock);
  for (;;)
    {
      while (p->generation == seen || p->workers_joined >= p->workers_wanted)
        {
          seen = p->generation;
          pthread_cond_wait (&p->work, &p->lock);
        }
      seen = p->generation;
      p->workers_joined++;
      run_tasks (p);
    }
  return NULL;
}

static int
default_threads (void)
{
  const char *env = getenv ("POOLVIEW_THREADS");
  long n = env != NULL ? strtol (env, NULL, 10) : 0;

  if (n <= 0)
    n = sysconf (_SC_NPROCESSORS_ONLN);
  if (n < 1)
    n = 1;
  return n > MAX_THREADS ? MAX_THREADS : (int) n;
}

static void
create_pool (void)
{
  pool *p = &the_pool;
  int wanted = default_threads ();

  p->n_threads = 1;
  for (int i = 1; i < wanted; i++)
    {
      pthread_t thread;
      pthread_attr_t attr;

      pthread_attr_init (&attr);
      pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
      if (pthread_create (&thread, &attr, worker_main, p) == 0)
        {
          pthread_setname_np (thread, "poolview-pool");
          p->n_threads++;
        }
      pthread_attr_destroy (&attr);
    }
}

int
pv_parallel_threads (void)
{
  pool *p = &the_pool;
  int n;

  pthread_once (&pool_once, create_pool);
  pthread_mutex_lock (&p->lock);
  n = p->limit > 0 && p->limit < p->n_threads ? p->limit : p->n_threads;
  pthread_mutex_unlock (&p->lock);
  return n;
}

void
pv_parallel_set_threads (int n)
{
  pool *p = &the_pool;

  pthread_once (&pool_once, create_pool);
  pthread_mutex_lock (&p->lock);
  p->limit = n > 0 ? n : 0;
  pthread_mutex_unlock (&p->lock);
}

void
pv_parallel_run (size_t n_tasks, pv_task_func func, void *data)
{
  pool *p = &the_pool;
  int threads = pv_parallel_threads ();

  if (n_tasks == 0)
    return;
  /* One task, or one thread: no hand-over at all. */
  if (n_tasks == 1 || threads == 1)
    {
      for (size_t i = 0; i < n_tasks; i++)
        func (data, i);
      return;
    }

  pthread_mutex_lock (&p->job_lock);
  pthread_mutex_lock (&p->lock);
  p->func = func;
  p->data = data;
  p->n_tasks = n_tasks;
  p->next_task = 0;
  p->finished = 0;
  p->workers_wanted = (size_t) (threads - 1) < n_tasks - 1 ? threads - 1 : (int) (n_tasks - 1);
  p->workers_joined = 0;
  p->generation++;
  pthread_cond_broadcast (&p->work);
  run_tasks (p);
  while (p->finished < p->n_tasks)
    pthread_cond_wait (&p->done, &p->lock);
  /* Workers that wake late find no task left and the job's generation
   * already seen; clear the job so nothing refers to the caller's data. */
  p->func = NULL;
  p->data = NULL;
  p->n_tasks = p->next_task = p->finished = 0;
  pthread_mutex_unlock (&p->lock);
  pthread_mutex_unlock (&p->job_lock);
}
