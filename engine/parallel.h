/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A pool of worker threads created once, on first use, and kept for the
 * life of the process. The caller runs tasks too, so a pool of N threads
 * has N - 1 workers. Idle workers sleep on a condition variable: nothing
 * spins, which matters on a two-core machine where the interface needs the
 * other core.
 *
 * One job runs at a time; a second caller waits for the first job to end.
 * Tasks must not call pv_parallel_run() themselves. */

#include <stddef.h>

typedef void (*pv_task_func) (void *data, size_t task);

/* Runs @func (@data, i) for every i in [0, @n_tasks), spread over the pool,
 * and returns when all have finished. Tasks are handed out in order, one at
 * a time, so uneven tasks balance themselves. */
void pv_parallel_run (size_t n_tasks, pv_task_func func, void *data);

/* The number of threads a job uses (the caller included): the machine's
 * processors, or $POOLVIEW_THREADS when set. */
int pv_parallel_threads (void);

/* Limits later jobs to @n threads (1 runs everything on the caller), for
 * benchmarks that compare one thread with all; 0 restores the default.
 * Never more than the pool was created with. */
void pv_parallel_set_threads (int n);
