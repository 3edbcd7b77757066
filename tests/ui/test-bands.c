/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Row bands (ui/pv-bands.c): every row is rendered exactly once, whatever
 * the number of rows and the band size, call after call on the same
 * helper threads, and the call returns only when all bands are done. */
#include <glib.h>

#include "pv-bands.h"

typedef struct
{
  int n_rows;
  gint *visits; /* atomic, one per row */
  gint calls;   /* atomic */
} Rows;

static void
visit (gpointer data, int row0, int row1)
{
  Rows *rows = data;

  g_assert_cmpint (row0, >=, 0);
  g_assert_cmpint (row0, <, row1);
  g_assert_cmpint (row1, <=, rows->n_rows);
  for (int r = row0; r < row1; r++)
    g_atomic_int_inc (&rows->visits[r]);
  g_atomic_int_inc (&rows->calls);
}

static void
check_run (int n_rows, int band_rows)
{
  Rows rows = { n_rows, g_new0 (gint, MAX (n_rows, 1)), 0 };

  pv_bands_run (n_rows, band_rows, visit, &rows);
  /* Read right after the return: nothing may still be running. */
  for (int r = 0; r < n_rows; r++)
    g_assert_cmpint (g_atomic_int_get (&rows.visits[r]), ==, 1);
  if (n_rows > 0)
    g_assert_cmpint (g_atomic_int_get (&rows.calls), ==,
                     n_rows > band_rows ? (n_rows + band_rows - 1) / band_rows : 1);
  else
    g_assert_cmpint (g_atomic_int_get (&rows.calls), ==, 0);
  g_free (rows.visits);
}

static void
test_every_row_once (void)
{
  int sizes[] = { 0, 1, 15, 16, 17, 32, 33, 250, 1000 };
  int bands[] = { 1, 7, 16 };

  for (int repeat = 0; repeat < 50; repeat++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
        check_run (sizes[i], bands[b]);
}

/* Two bands that each wait for the other to start: they finish only if
 * two threads run them at once. */
typedef struct
{
  GMutex lock;
  GCond started;
  int n_started;
  gboolean waited_in_vain; /* a band gave up waiting for the other */
} Meeting;

static void
meet (gpointer data, int row0, int row1)
{
  Meeting *m = data;
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  g_mutex_lock (&m->lock);
  m->n_started++;
  g_cond_broadcast (&m->started);
  while (m->n_started < 2)
    if (!g_cond_wait_until (&m->started, &m->lock, deadline))
      break;
  m->waited_in_vain |= m->n_started < 2;
  g_mutex_unlock (&m->lock);
}

static void
test_bands_run_at_once (void)
{
  Meeting m = { 0 };

  if (g_get_num_processors () < 2)
    {
      g_test_skip ("one processor: no helper threads");
      return;
    }
  g_mutex_init (&m.lock);
  g_cond_init (&m.started);
  pv_bands_run (2, 1, meet, &m);
  g_assert_cmpint (m.n_started, ==, 2);
  g_assert_false (m.waited_in_vain);
  g_mutex_clear (&m.lock);
  g_cond_clear (&m.started);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/bands/every-row-once", test_every_row_once);
  g_test_add_func ("/ui/bands/run-at-once", test_bands_run_at_once);
  return g_test_run ();
}
