/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The document's hand-over of results (ui/pv-document.c). Results are
 * pooled on a worker thread and normally arrive through the main loop; a
 * frame about to be drawn may instead wait for the result of the latest
 * parameters (pv_document_await_result) and take it at once, so that it
 * shows the parameters with their result. Either way a result is taken
 * once, and only the latest parameters' result is shown. */
#include <gtk/gtk.h>
#include <math.h>

#include "engine/random.h"
#include "pv-document.h"

/* A side large enough that pooling takes milliseconds, not microseconds,
 * so that a job is still running when the test looks at it. */
#define SIDE 1500

static int n_changes;

static void
count_change (PvDocument *doc, gpointer data)
{
  n_changes++;
}

/* A document on a SIDE x SIDE matrix of seeded random values, its first
 * result taken. */
static PvDocument *
new_document (void)
{
  PvDocument *doc = pv_document_new ();
  int64_t dims[2] = { SIDE, SIDE };
  pv_shape shape = pv_shape_make (2, dims);
  pv_tensor matrix;
  pv_random rng;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (pv_tensor_alloc (&matrix, PV_DTYPE_F32, &shape, NULL), ==, PV_OK);
  pv_random_seed (&rng, 42);
  for (size_t i = 0; i < (size_t) SIDE * SIDE; i++)
    ((float *) matrix.data)[i] = pv_random_float (&rng);
  g_assert_true (pv_document_load_matrix (doc, &matrix, "random", &error));
  g_assert_no_error (error);
  while (pv_document_is_busy (doc))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pv_document_has_result (doc));
  g_signal_connect (doc, "result-changed", G_CALLBACK (count_change), NULL);
  n_changes = 0;
  return doc;
}

static pv_params
max_pool (int kernel, int stride)
{
  pv_params p;

  pv_params_init (&p, PV_OP_MAX_POOL2D);
  p.kernel.n = 1;
  p.kernel.v[0] = kernel;
  p.stride.n = 1;
  p.stride.v[0] = stride;
  return p;
}

/* Runs the main loop until the pending task's callback has run: the task
 * holds a reference on its document until then. */
static void
drain (PvDocument *doc)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (G_OBJECT (doc)->ref_count > 1 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (G_OBJECT (doc)->ref_count, ==, 1);
}

/* The output's value at (row, col) is the maximum of its window in the
 * input, computed here tap by tap. */
static void
check_cell (PvDocument *doc, int kernel, int stride, int row, int col)
{
  const pv_tensor *in = pv_tensor_ref_get (pv_document_get_input (doc));
  const pv_tensor *out = pv_tensor_ref_get (pv_document_get_output (doc));
  const float *x = in->data;
  float want = -INFINITY;
  int64_t ow = out->shape.dims[2];

  for (int i = 0; i < kernel; i++)
    for (int j = 0; j < kernel; j++)
      want = fmaxf (want, x[(size_t) (row * stride + i) * SIDE + (size_t) (col * stride + j)]);
  g_assert_cmpfloat (((const float *) out->data)[(size_t) row * (size_t) ow + (size_t) col], ==,
                     want);
}

static void
test_await_delivers_once (void)
{
  PvDocument *doc = new_document ();
  pv_params p = max_pool (15, 1);
  PvTensorRef *output;

  pv_document_set_params (doc, &p);
  g_assert_true (pv_document_is_busy (doc));
  g_assert_true (pv_document_is_stale (doc));
  g_assert_cmpint (n_changes, ==, 1);

  /* Without running the main loop: the result is taken in the call. */
  g_assert_true (pv_document_await_result (doc, 60000.0));
  g_assert_false (pv_document_is_busy (doc));
  g_assert_false (pv_document_is_stale (doc));
  g_assert_cmpint (n_changes, ==, 2);
  g_assert_cmpint (pv_tensor_ref_get (pv_document_get_output (doc))->shape.dims[2], ==,
                   SIDE - 14);
  check_cell (doc, 15, 1, 0, 0);
  check_cell (doc, 15, 1, 700, 1234);
  check_cell (doc, 15, 1, SIDE - 15, SIDE - 15);

  /* The task's own callback comes later and takes nothing again. */
  output = pv_document_get_output (doc);
  drain (doc);
  g_assert_cmpint (n_changes, ==, 2);
  g_assert_true (pv_document_get_output (doc) == output);
  g_assert_false (pv_document_await_result (doc, 60000.0));
  g_object_unref (doc);
}

static void
test_await_skips_superseded (void)
{
  PvDocument *doc = new_document ();
  pv_params first = max_pool (15, 1), latest = max_pool (3, 2);

  /* The second change waits for the first job: that job's result would
   * not be shown, so there is nothing to wait for. */
  pv_document_set_params (doc, &first);
  pv_document_set_params (doc, &latest);
  g_assert_false (pv_document_await_result (doc, 60000.0));
  g_assert_true (pv_document_is_busy (doc));
  g_assert_true (pv_document_is_stale (doc));

  while (pv_document_is_busy (doc) || pv_document_is_stale (doc))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (pv_tensor_ref_get (pv_document_get_output (doc))->shape.dims[2], ==,
                   (SIDE - 3) / 2 + 1);
  check_cell (doc, 3, 2, 100, 200);
  g_object_unref (doc);
}

static void
test_await_skips_slow (void)
{
  PvDocument *doc = new_document ();
  pv_params p = max_pool (15, 1);

  /* The last job took longer than twice a zero budget: the frame goes on
   * without waiting, and the result arrives through the main loop. */
  pv_document_set_params (doc, &p);
  g_assert_false (pv_document_await_result (doc, 0.0));
  g_assert_true (pv_document_is_stale (doc));
  while (pv_document_is_busy (doc))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pv_document_is_stale (doc));
  g_assert_cmpint (n_changes, ==, 2);
  check_cell (doc, 15, 1, 321, 654);
  g_object_unref (doc);
}

static void
test_await_times_out (void)
{
  PvDocument *doc = new_document ();
  /* The budget is what the document's first job, a quick one, took. */
  double budget = pv_document_get_last_run_ms (doc);
  pv_params slow;

  /* LP pooling has no fast path: tap by tap, a 9 x 9 kernel at stride 1
   * over this matrix takes hundreds of times that budget, so the wait
   * gives up at its deadline without taking anything. */
  pv_params_init (&slow, PV_OP_LP_POOL2D);
  slow.has_norm_type = true;
  slow.norm_type = 2.0;
  slow.kernel.n = 1;
  slow.kernel.v[0] = 9;
  slow.stride.n = 1;
  slow.stride.v[0] = 1;
  pv_document_set_params (doc, &slow);
  g_assert_null (pv_document_get_params_error (doc));
  g_assert_false (pv_document_await_result (doc, budget));
  g_assert_true (pv_document_is_busy (doc));
  g_assert_true (pv_document_is_stale (doc));
  g_assert_cmpint (n_changes, ==, 1);

  /* The result still arrives, once, through the main loop. */
  while (pv_document_is_busy (doc))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pv_document_is_stale (doc));
  g_assert_cmpint (n_changes, ==, 2);
  g_assert_cmpint (pv_tensor_ref_get (pv_document_get_output (doc))->shape.dims[2], ==,
                   SIDE - 8);
  drain (doc);
  g_object_unref (doc);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/document/await-delivers-once", test_await_delivers_once);
  g_test_add_func ("/ui/document/await-skips-superseded", test_await_skips_superseded);
  g_test_add_func ("/ui/document/await-skips-slow", test_await_skips_slow);
  g_test_add_func ("/ui/document/await-times-out", test_await_times_out);
  return g_test_run ();
}
