/* SPDX-License-Identifier: GPL-3.0-or-later */

/* PyTorch's own outputs (tests/data/conformance, generated with torch
 * 1.13.1) replayed twice: through the engine API and through the
 * poolview-cli binary. Max-type results and all indices must match bit for
 * bit, averages within rtol/atol 2e-5; rows PyTorch rejects must fail
 * cleanly with PyTorch's message and leave no file behind. */

#include <glib.h>
#include <string.h>

#include "engine/npy.h"
#include "engine/plan.h"
#include "engine/pool.h"
#include "test-util.h"

static char *data_dir;

static gboolean
is_tolerant (const char *op)
{
  return strstr (op, "avg") != NULL || strstr (op, "lp_pool") != NULL;
}

/* PyTorch's max_pool1d reports an empty output in one of two ways: the 1-D
 * fast path ("max_pool1d() Invalid computed output size") without indices,
 * the 2-D path ("Given input size ... Output size is too small") with
 * them. The generator took the second for most rows; asking for indices
 * replays the same call. */
static gboolean
row_wants_indices (const PvManifestRow *row)
{
  if (!g_str_equal (row->expected_indices, "-"))
    return TRUE;
  return g_str_equal (row->op, "max_pool1d") && g_str_equal (row->status, "error")
         && !g_str_has_prefix (row->note, "max_pool1d()");
}

static pv_tensor
load (const char *relative)
{
  g_autofree char *path = g_build_filename (data_dir, relative, NULL);
  pv_limits limits;
  pv_tensor t;
  pv_error err;

  pv_limits_init (&limits);
  if (pv_npy_read_file (path, &limits, &t, &err) != PV_OK)
    g_error ("%s", err.message);
  return t;
}

static void
test_api (gconstpointer data)
{
  const PvManifestRow *row = data;
  g_autofree char *samples_path = NULL, *indices_path = NULL, *message = NULL, *why = NULL;
  pv_tensor input, samples = { 0 }, unpool_indices = { 0 }, output = { 0 }, indices = { 0 };
  pv_params params;
  pv_plan plan;
  pv_op op;
  pv_error err, params_err;
  pv_status status;
  gboolean want_indices = row_wants_indices (row);

  g_assert_true (pv_op_from_name (row->op, &op));
  pv_params_init (&params, op);
  g_assert_true (pv_test_apply_args (&params, row->args, &samples_path, &indices_path, &message));
  params.return_indices = want_indices;

  input = load (row->input);
  if (samples_path)
    samples = load (samples_path);
  if (indices_path)
    unpool_indices = load (indices_path);

  status = pv_plan_init (&plan, &params, &input, samples_path ? &samples : NULL, &err);
  if (status == PV_OK)
    {
      status = pv_pool_alloc_outputs (&plan, &output, want_indices ? &indices : NULL, &err);
      g_assert_cmpint (status, ==, PV_OK);
      status = pv_pool_run (&plan, &input, indices_path ? &unpool_indices : NULL, &output,
                            want_indices ? &indices : NULL, &err);
      pv_plan_clear (&plan);
    }

  /* What the parameters alone refuse, the plan refuses too: in the same
   * words, unless the input's shape was wrong first. */
  if (pv_plan_check_params (&params, &params_err) != PV_OK)
    {
      g_assert_cmpint (status, !=, PV_OK);
      if (err.status != PV_ERR_SHAPE)
        g_assert_cmpstr (params_err.message, ==, err.message);
    }

  if (g_str_equal (row->status, "error"))
    {
      g_assert_cmpint (status, !=, PV_OK);
      g_assert_nonnull (strstr (err.message, row->note));
    }
  else
    {
      pv_tensor want;

      if (status != PV_OK)
        g_error ("%s: %s", row->id, err.message);
      want = load (row->expected);
      if (!pv_test_tensors_match (&output, &want, is_tolerant (row->op), &why))
        g_error ("%s: %s", row->id, why);
      pv_tensor_free (&want);
      if (!g_str_equal (row->expected_indices, "-"))
        {
          want = load (row->expected_indices);
          if (!pv_test_tensors_match (&indices, &want, FALSE, &why))
            g_error ("%s indices: %s", row->id, why);
          pv_tensor_free (&want);
        }
    }

  pv_tensor_free (&input);
  pv_tensor_free (&samples);
  pv_tensor_free (&unpool_indices);
  pv_tensor_free (&output);
  pv_tensor_free (&indices);
}

static void
test_cli (gconstpointer data)
{
  const PvManifestRow *row = data;
  const char *cli = g_getenv ("POOLVIEW_CLI");
  g_autofree char *tmp = pv_test_make_temp_dir ();
  g_autofree char *out_path = g_build_filename (tmp, "out.npy", NULL);
  g_autofree char *idx_path = g_build_filename (tmp, "idx.npy", NULL);
  g_autofree char *out_text = NULL, *err_text = NULL, *why = NULL;
  g_auto (GStrv) extra = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  GError *error = NULL;
  int wait_status;

  g_assert_nonnull (cli);
  g_assert_true (row->args[0] == '\0' || g_shell_parse_argv (row->args, NULL, &extra, NULL));
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, row->op);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, extra[i]);
  g_ptr_array_add (argv, row->input);
  g_ptr_array_add (argv, out_path);
  if (row_wants_indices (row))
    {
      g_ptr_array_add (argv, "--return-indices");
      g_ptr_array_add (argv, idx_path);
    }
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (data_dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_text,
                &err_text, &wait_status, &error);
  g_assert_no_error (error);

  if (g_str_equal (row->status, "error"))
    {
      g_assert_false (g_spawn_check_wait_status (wait_status, NULL));
      g_assert_true (g_str_has_prefix (err_text, "poolview-cli: "));
      g_assert_nonnull (strstr (err_text, row->note));
      /* One line naming the problem, and no file at all left behind. */
      g_assert_cmpint (strchr (err_text, '\n') - err_text, ==, (long) strlen (err_text) - 1);
      g_assert_cmpuint (pv_test_count_entries (tmp), ==, 0);
    }
  else
    {
      pv_tensor got, want;
      pv_limits limits;
      pv_error err;

      if (!g_spawn_check_wait_status (wait_status, NULL))
        g_error ("%s: poolview-cli failed: %s", row->id, err_text);
      pv_limits_init (&limits);
      g_assert_cmpint (pv_npy_read_file (out_path, &limits, &got, &err), ==, PV_OK);
      want = load (row->expected);
      if (!pv_test_tensors_match (&got, &want, is_tolerant (row->op), &why))
        g_error ("%s: %s", row->id, why);
      pv_tensor_free (&got);
      pv_tensor_free (&want);
      if (!g_str_equal (row->expected_indices, "-"))
        {
          g_assert_cmpint (pv_npy_read_file (idx_path, &limits, &got, &err), ==, PV_OK);
          want = load (row->expected_indices);
          if (!pv_test_tensors_match (&got, &want, FALSE, &why))
            g_error ("%s indices: %s", row->id, why);
          pv_tensor_free (&got);
          pv_tensor_free (&want);
        }
    }
  pv_test_remove_dir (tmp);
}

int
main (int argc, char **argv)
{
  g_autofree char *manifest = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  g_test_init (&argc, &argv, NULL);
  data_dir = g_test_build_filename (G_TEST_DIST, "data", "conformance", NULL);
  manifest = g_build_filename (data_dir, "manifest.tsv", NULL);
  rows = pv_test_read_manifest (manifest);
  g_assert_cmpuint (rows->len, >, 300);

  for (guint i = 0; i < rows->len; i++)
    {
      PvManifestRow *row = rows->pdata[i];
      g_autofree char *api = g_strdup_printf ("/conformance/api/%s", row->id);
      g_autofree char *cli = g_strdup_printf ("/conformance/cli/%s", row->id);

      g_test_add_data_func (api, row, test_api);
      g_test_add_data_func (cli, row, test_cli);
    }
  return g_test_run ();
}
