/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine/array-io.h"
#include "engine/file-io.h"
#include "engine/npy.h"
#include "engine/plan.h"
#include "engine/pool.h"
#include "engine/tensor-print.h"
#include "engine/text-matrix.h"

/* One encoded output, waiting to be written. */
typedef struct
{
  const char *path;     /* "-" prints to standard output */
  uint8_t *bytes;
  size_t size;
  pv_atomic_file file;
  bool opened;
} pending_output;

/* Encodes @tensor for @path: .npy, .csv, or PyTorch's printed form for "-". */
static pv_status
encode_output (const char *path, const pv_tensor *tensor, pending_output *out, pv_error *err)
{
  char *text;
  pv_status status;

  memset (out, 0, sizeof *out);
  out->path = path;
  if (strcmp (path, "-") == 0)
    {
      status = pv_tensor_format_torch (tensor, &text, err);
      if (status == PV_OK)
        {
          out->size = strlen (text);
          out->bytes = (uint8_t *) text;
        }
      return status;
    }
  switch (pv_format_from_extension (path))
    {
    case PV_FORMAT_NPY:
      return pv_npy_encode (tensor, &out->bytes, &out->size, err);
    case PV_FORMAT_CSV:
      status = pv_csv_encode (tensor, &text, &out->size, err);
      out->bytes = (uint8_t *) text;
      return status;
    default:
      return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                           "%s: cannot tell the output format (use .npy, .csv or - to print)",
                           path);
    }
}

static void
pending_free (pending_output *out)
{
  if (out->opened)
    pv_atomic_file_abort (&out->file);
  free (out->bytes);
  memset (out, 0, sizeof *out);
}

/* Writes every pending output to a temporary file first and renames them
 * only when all were written, so that an error leaves no output behind. */
static pv_status
write_outputs (pending_output *outs, int n, pv_error *err)
{
  pv_status status;

  for (int i = 0; i < n; i++)
    {
      if (outs[i].path == NULL || strcmp (outs[i].path, "-") == 0)
        continue;
      status = pv_atomic_file_open (&outs[i].file, outs[i].path, err);
      if (status != PV_OK)
        return status;
      outs[i].opened = true;
      status = pv_atomic_file_write (&outs[i].file, outs[i].bytes, outs[i].size, err);
      if (status != PV_OK)
        return status;
    }
  for (int i = 0; i < n; i++)
    {
      if (outs[i].path == NULL)
        continue;
      if (strcmp (outs[i].path, "-") == 0)
        {
          fwrite (outs[i].bytes, 1, outs[i].size, stdout);
          fputc ('\n', stdout);
          continue;
        }
      outs[i].opened = false;
      status = pv_atomic_file_commit (&outs[i].file, err);
      if (status != PV_OK)
        return status;
    }
  return PV_OK;
}

/* Refuses an output that would replace one of the inputs. */
static bool
overwrites_input (const cli_request *req, const char *input, const char *output)
{
  const char *inputs[] = { input, req->indices_path, req->samples_path };

  if (output == NULL || strcmp (output, "-") == 0)
    return false;
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
    if (inputs[i] != NULL && pv_file_same (inputs[i], output))
      {
        cli_error ("refusing to write %s over the input %s", output, inputs[i]);
        return true;
      }
  return false;
}

static int
fail (pv_error *err, pv_status status)
{
  cli_error ("%s", err->message);
  return cli_exit_for_status (status);
}

int
cli_run_pool (const cli_request *req)
{
  const char *input_path = req->positionals[0];
  const char *output_path = req->positionals[1];
  pv_tensor input = { 0 }, samples = { 0 }, unpool_indices = { 0 };
  pv_tensor output = { 0 }, indices = { 0 };
  pending_output outs[2] = { { 0 } };
  pv_plan plan = { 0 };
  pv_error err;
  pv_status status;
  int rc = CLI_EXIT_OK;
  bool want_indices = req->return_indices_path != NULL;

  if (overwrites_input (req, input_path, output_path)
      || overwrites_input (req, input_path, req->return_indices_path))
    return CLI_EXIT_USAGE;
  if (strcmp (output_path, "-") != 0 && pv_format_from_extension (output_path) != PV_FORMAT_NPY
      && pv_format_from_extension (output_path) != PV_FORMAT_CSV)
    {
      cli_error ("%s: cannot tell the output format (use .npy, .csv or - to print)",
                 output_path);
      return CLI_EXIT_USAGE;
    }
  if (want_indices && strcmp (req->return_indices_path, "-") != 0
      && pv_format_from_extension (req->return_indices_path) != PV_FORMAT_NPY
      && pv_format_from_extension (req->return_indices_path) != PV_FORMAT_CSV)
    {
      cli_error ("--return-indices %s: use a .npy or .csv file, or - to print",
                 req->return_indices_path);
      return CLI_EXIT_USAGE;
    }

  status = pv_array_read_file (input_path, &req->limits, &input, &err);
  if (status == PV_OK && req->samples_path != NULL)
    status = pv_npy_read_file (req->samples_path, &req->limits, &samples, &err);
  if (status == PV_OK && req->indices_path != NULL)
    status = pv_npy_read_file (req->indices_path, &req->limits, &unpool_indices, &err);
  if (status != PV_OK)
    {
      cli_error ("%s", err.message);
      rc = CLI_EXIT_FILE;
      goto out;
    }

  status = pv_plan_init (&plan, &req->params, &input, req->samples_path ? &samples : NULL, &err);
  if (status == PV_OK)
    status = pv_pool_alloc_outputs (&plan, &output, want_indices ? &indices : NULL, &err);
  if (status == PV_OK)
    status = pv_pool_run (&plan, &input, req->indices_path ? &unpool_indices : NULL, &output,
                          want_indices ? &indices : NULL, &err);
  if (status == PV_OK)
    status = encode_output (output_path, &output, &outs[0], &err);
  if (status == PV_OK && want_indices)
    status = encode_output (req->return_indices_path, &indices, &outs[1], &err);
  if (status == PV_OK)
    status = write_outputs (outs, 2, &err);
  if (status != PV_OK)
    rc = fail (&err, status);

out:
  pending_free (&outs[0]);
  pending_free (&outs[1]);
  pv_plan_clear (&plan);
  pv_tensor_free (&input);
  pv_tensor_free (&samples);
  pv_tensor_free (&unpool_indices);
  pv_tensor_free (&output);
  pv_tensor_free (&indices);
  return rc;
}
