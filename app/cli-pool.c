/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "engine/array-io.h"
#include "engine/file-io.h"
#include "engine/image.h"
#include "engine/npy.h"
#include "engine/plan.h"
#include "engine/pool.h"
#include "engine/tensor-print.h"
#include "engine/text-matrix.h"

#define WARNING_MAX 320

/* One encoded output, waiting to be written. */
typedef struct
{
  const char *path;     /* "-" prints to standard output */
  uint8_t *bytes;
  size_t size;
  pv_atomic_file file;
  bool opened;
  char warning[WARNING_MAX]; /* what encoding lost, or empty */
} pending_output;

/* The inputs every file of a run shares: fractional pooling's samples and
 * max_unpool2d's indices, read once. */
typedef struct
{
  pv_tensor samples;
  pv_tensor indices;
} shared_inputs;

/* What an output needs to know about the run that made it. */
typedef struct
{
  const cli_request *req;
  const pv_source_info *source;
  const char *call;     /* the operator in PyTorch's notation */
  bool float_input;     /* .npy floats or text, not samples */
} output_context;

/* The rounding and clamping to samples are documented and right for
 * samples, but they turn data normalised to [0, 1] into a nearly black
 * picture, and clamp other data, without a word: say what happened in
 * @buf (empty when nothing was lost). */
static void
describe_fit (const pv_sample_fit *fit, int depth, bool numbers, char *buf, size_t size)
{
  unsigned long top = depth == 16 ? 65535 : 255;
  size_t used;

  buf[0] = '\0';
  if (numbers && fit->min >= 0.0 && fit->max <= 1.0 && fit->max > 0.0)
    snprintf (buf, size,
              "all values lie in [0, 1], so they were written as 0 or 1 on PNG's 0-%lu scale; "
              "scale them to 0-%lu first (or write .npy to keep them)",
              top, top);
  else if (fit->below + fit->above > 0)
    {
      size_t clamped = fit->below + fit->above;

      /* Numbers meet PNG's scale; a picture's samples keep their own. */
      snprintf (buf, size, "%zu of %zu values %s clamped to %s 0-%lu (", clamped, fit->n,
                clamped == 1 ? "was" : "were", numbers ? "PNG's" : "the picture's", top);
      used = strlen (buf);
      if (fit->below > 0)
        snprintf (buf + used, size - used, "%zu below 0%s", fit->below,
                  fit->above > 0 ? ", " : ")");
      used = strlen (buf);
      if (fit->above > 0)
        snprintf (buf + used, size - used, "%zu above %lu)", fit->above, top);
    }
  if (fit->nan > 0)
    {
      used = strlen (buf);
      snprintf (buf + used, size - used, "%s%zu of %zu values %s NaN and %s written as 0",
                used > 0 ? "; " : "", fit->nan, fit->n, fit->nan == 1 ? "is" : "are",
                fit->nan == 1 ? "was" : "were");
    }
}

static pv_status
encode_png (const output_context *ctx, const pv_tensor *tensor, pending_output *out,
            pv_error *err)
{
  char software[64];
  pv_png_text texts[2] = { { "Software", software }, { "Description", ctx->call } };
  int depth = ctx->req->bit_depth ? ctx->req->bit_depth
                                  : ctx->source->bit_depth == 16 ? 16 : 8;
  pv_image image;
  pv_status status;

  snprintf (software, sizeof software, "PoolView %s", PACKAGE_VERSION);
  /* Samples of a picture keep their meaning at another depth (white stays
   * white); other numbers (bit_depth 0) are written as they are. */
  status = pv_image_from_picture_planes (tensor, ctx->source->bit_depth, depth,
                                         ctx->req->channel, &image, err);
  if (status != PV_OK)
    return status;
  {
    /* A picture's samples are counted on their own scale (before any
     * change of depth): LP pooling's sums, say, pass white. */
    bool numbers = ctx->float_input || ctx->source->bit_depth == 0;
    int scale = numbers ? depth : ctx->source->bit_depth;
    pv_sample_fit fit;

    pv_image_sample_fit (tensor, scale, ctx->req->channel, &fit);
    describe_fit (&fit, scale, numbers, out->warning, sizeof out->warning);
  }
  status = pv_png_encode (&image, texts, 2, &out->bytes, &out->size, err);
  pv_image_free (&image);
  return status;
}

/* Encodes @tensor for @path: .npy, .csv, .png, or PyTorch's printed form
 * for "-". */
static pv_status
encode_output (const output_context *ctx, const char *path, const pv_tensor *tensor,
               bool is_indices, pending_output *out, pv_error *err)
{
  char *text = NULL;
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
      if (status == PV_OK)
        out->bytes = (uint8_t *) text;
      return status;
    case PV_FORMAT_PNG:
      if (!is_indices)
        return encode_png (ctx, tensor, out, err);
      break; /* indices are not a picture */
    default:
      break;
    }
  return pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                       "%s: cannot tell the output format (use %s)", path,
                       is_indices ? ".npy, .csv or - to print" : ".png, .npy, .csv or -");
}


static void
pending_free (pending_output *out)
{
  if (out->opened)
    pv_atomic_file_abort (&out->file);
  free (out->bytes);
  memset (out, 0, sizeof *out);
}

/* Writes every pending output to a temporary file and syncs it first, and
 * renames them only when all were written, so that an error leaves no
 * output behind and replaces none. */
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
      if (status == PV_OK)
        status = pv_atomic_file_sync (&outs[i].file, err);
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

/* Why one file failed, or what to warn about when it did not, kept for
 * the caller to print: batch mode clears its progress line first. */
typedef struct
{
  int rc;
  char message[PV_ERROR_MESSAGE_MAX + 128];
  char warning[PV_ERROR_MESSAGE_MAX + WARNING_MAX];
} failure;

static int
fail (failure *f, int rc, const char *format, ...) __attribute__ ((format (printf, 3, 4)));

static int
fail (failure *f, int rc, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vsnprintf (f->message, sizeof f->message, format, args);
  va_end (args);
  f->rc = rc;
  return rc;
}

/* Refuses an output that would replace one of the inputs: the same path, a
 * symbolic link or a hard link to it. */
static bool
overwrites_input (const cli_request *req, const char *input, const char *output, failure *f)
{
  const char *inputs[] = { input, req->indices_path, req->samples_path };

  if (output == NULL || strcmp (output, "-") == 0)
    return false;
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
    if (inputs[i] != NULL && pv_file_same (inputs[i], output))
      {
        fail (f, CLI_EXIT_USAGE, "refusing to write %s over the input %s", output, inputs[i]);
        return true;
      }
  return false;
}

static bool
known_output (const char *path, bool is_indices)
{
  pv_file_format f = pv_format_from_extension (path);

  return strcmp (path, "-") == 0 || f == PV_FORMAT_NPY || f == PV_FORMAT_CSV
         || (!is_indices && f == PV_FORMAT_PNG);
}

/* Whether @a and @b name the same file, existing or not: the same folder
 * (after links) and the same name, or the same existing file. */
static bool
same_target (const char *a, const char *b)
{
  char *ca, *cb, *da, *db;
  bool same;

  if (strcmp (a, b) == 0 || pv_file_same (a, b))
    return true;
  ca = strdup (a);
  cb = strdup (b);
  da = ca != NULL ? realpath (dirname (ca), NULL) : NULL;
  db = cb != NULL ? realpath (dirname (cb), NULL) : NULL;
  same = da != NULL && db != NULL && strcmp (da, db) == 0
         && strcmp (strrchr (a, '/') ? strrchr (a, '/') + 1 : a,
                    strrchr (b, '/') ? strrchr (b, '/') + 1 : b)
              == 0;
  free (da);
  free (db);
  free (ca);
  free (cb);
  return same;
}

/* An existing folder cannot take a file's place: said before any work. */
static bool
is_folder (const char *path)
{
  struct stat st;

  return path != NULL && strcmp (path, "-") != 0 && stat (path, &st) == 0
         && S_ISDIR (st.st_mode);
}

/* Checks what can be checked before reading anything. */
static int
check_outputs (const cli_request *req, const char *input_path, const char *output_path,
               failure *f)
{
  if (overwrites_input (req, input_path, output_path, f)
      || overwrites_input (req, input_path, req->return_indices_path, f))
    return f->rc;
  if (req->return_indices_path != NULL && strcmp (output_path, "-") != 0
      && same_target (output_path, req->return_indices_path))
    return fail (f, CLI_EXIT_USAGE,
                 "--return-indices %s: the result goes to that file already; give the "
                 "indices a file of their own",
                 req->return_indices_path);
  if (is_folder (output_path))
    return fail (f, CLI_EXIT_FILE, "cannot write %s: it is a folder", output_path);
  if (is_folder (req->return_indices_path))
    return fail (f, CLI_EXIT_FILE, "cannot write %s: it is a folder", req->return_indices_path);
  if (!known_output (output_path, false))
    return fail (f, CLI_EXIT_USAGE,
                 "%s: cannot tell the output format (use .png, .npy, .csv or - to print)",
                 output_path);
  if (req->return_indices_path != NULL && !known_output (req->return_indices_path, true))
    return fail (f, CLI_EXIT_USAGE, "--return-indices %s: use a .npy or .csv file, or - to print",
                 req->return_indices_path);
  return CLI_EXIT_OK;
}

/* Pools one input into one output; returns an exit status, and on failure
 * the message in @f. Read errors name the file; with @name_input, so do
 * the others (a batch must say which input failed). */
static int
pool_file (const cli_request *req, const shared_inputs *shared, const char *input_path,
           const char *output_path, bool name_input, failure *f)
{
  pv_tensor input = { 0 };
  pv_tensor output = { 0 }, indices = { 0 };
  pending_output outs[2] = { { 0 } };
  pv_source_info source = { PV_FORMAT_UNKNOWN, 0 };
  pv_plan plan = { 0 };
  char call[256];
  output_context ctx = { req, &source, call };
  pv_error err;
  pv_status status;
  int rc;
  bool want_indices = req->return_indices_path != NULL;

  rc = check_outputs (req, input_path, output_path, f);
  if (rc != CLI_EXIT_OK)
    return rc;

  status = pv_array_read_file (input_path, &req->limits, &input, &source, &err);
  if (status != PV_OK)
    {
      rc = fail (f, CLI_EXIT_FILE, "%s", err.message);
      goto out;
    }
  ctx.float_input = input.dtype == PV_DTYPE_F32 || input.dtype == PV_DTYPE_F64;

  pv_params_format_call (&req->params, call, sizeof call);
  status = pv_plan_init (&plan, &req->params, &input,
                         req->samples_path ? &shared->samples : NULL, &err);
  if (status == PV_OK)
    status = pv_pool_alloc_outputs (&plan, &output, want_indices ? &indices : NULL, &err);
  if (status == PV_OK)
    status = pv_pool_run (&plan, &input, req->indices_path ? &shared->indices : NULL, &output,
                          want_indices ? &indices : NULL, &err);
  if (status == PV_OK)
    status = encode_output (&ctx, output_path, &output, false, &outs[0], &err);
  if (status == PV_OK && want_indices)
    status = encode_output (&ctx, req->return_indices_path, &indices, true, &outs[1], &err);
  if (status == PV_OK)
    status = write_outputs (outs, 2, &err);
  rc = status == PV_OK ? CLI_EXIT_OK : cli_exit_for_error (&err);
  if (status == PV_OK && outs[0].warning[0] != '\0')
    snprintf (f->warning, sizeof f->warning, "%s: %s", output_path, outs[0].warning);
  if (status != PV_OK && name_input)
    fail (f, rc, "%s: %s", input_path, err.message);
  else if (status != PV_OK)
    fail (f, rc, "%s", err.message);

out:
  pending_free (&outs[0]);
  pending_free (&outs[1]);
  pv_plan_clear (&plan);
  pv_tensor_free (&input);
  pv_tensor_free (&output);
  pv_tensor_free (&indices);
  return rc;
}

/* DIR/NAME.png for input .../NAME.EXT. */
static char *
batch_output_path (const char *dir, const char *input)
{
  const char *base = strrchr (input, '/') ? strrchr (input, '/') + 1 : input;
  const char *dot = strrchr (base, '.');
  size_t stem = dot && dot != base ? (size_t) (dot - base) : strlen (base);
  size_t len = strlen (dir) + 1 + stem + 5;
  char *path = malloc (len);

  if (path != NULL)
    snprintf (path, len, "%s/%.*s.png", dir, (int) stem, base);
  return path;
}

/* Two inputs of one name in different folders, or with different
 * extensions, would write one PNG: refused before any work, naming both. */
static bool
distinct_outputs (const cli_request *req)
{
  char **outs = calloc ((size_t) req->n_positionals, sizeof *outs);
  bool ok = outs != NULL;

  for (int i = 0; ok && i < req->n_positionals; i++)
    {
      outs[i] = batch_output_path (req->output_dir, req->positionals[i]);
      ok = outs[i] != NULL;
    }
  if (!ok)
    cli_error ("out of memory");
  for (int i = 0; ok && i < req->n_positionals; i++)
    for (int j = 0; ok && j < i; j++)
      if (strcmp (outs[i], outs[j]) == 0)
        {
          cli_error ("%s and %s would both be written to %s; pool them into different "
                     "--output-dir folders",
                     req->positionals[j], req->positionals[i], outs[i]);
          ok = false;
        }
  for (int i = 0; outs != NULL && i < req->n_positionals; i++)
    free (outs[i]);
  free (outs);
  return ok;
}

/* Several inputs, one PNG each in --output-dir. Keeps going past a bad
 * file, counts the failures and shows progress on a terminal. */
static int
pool_batch (const cli_request *req, const shared_inputs *shared)
{
  struct stat st;
  pv_error err;
  bool progress = isatty (STDERR_FILENO);
  int failed = 0, worst = CLI_EXIT_OK;

  /* Parameters that no input can make valid would fail every file alike:
   * said once, before any file is read or the folder is made. */
  if (pv_plan_check_params (&req->params, &err) != PV_OK)
    {
      cli_error ("%s", err.message);
      return cli_exit_for_error (&err);
    }
  if (!distinct_outputs (req))
    return CLI_EXIT_USAGE;
  /* A missing folder is made, as a batch user expects; its parent must
   * exist, so that a mistyped path does not grow a tree of folders. */
  if (req->output_dir[0] == '\0')
    {
      cli_error ("--output-dir: give the name of a folder");
      return CLI_EXIT_USAGE;
    }
  if (stat (req->output_dir, &st) != 0)
    {
      bool missing = errno == ENOENT;

      if (missing && (mkdir (req->output_dir, 0777) != 0 || stat (req->output_dir, &st) != 0))
        {
          cli_error ("--output-dir %s: cannot create the folder: %s", req->output_dir,
                     errno == ENOENT ? "its parent folder does not exist" : strerror (errno));
          return CLI_EXIT_FILE;
        }
      if (!missing)
        {
          cli_error ("--output-dir %s: %s", req->output_dir, strerror (errno));
          return CLI_EXIT_FILE;
        }
    }
  if (!S_ISDIR (st.st_mode))
    {
      cli_error ("--output-dir %s: not a folder", req->output_dir);
      return CLI_EXIT_USAGE;
    }

  for (int i = 0; i < req->n_positionals; i++)
    {
      const char *input = req->positionals[i];
      char *output = batch_output_path (req->output_dir, input);
      failure f = { 0 };

      if (output == NULL)
        {
          cli_error ("out of memory");
          return CLI_EXIT_FILE;
        }
      if (progress)
        fprintf (stderr, "\r\033[K[%d/%d] %s", i + 1, req->n_positionals, input);
      if (pool_file (req, shared, input, output, true, &f) != CLI_EXIT_OK)
        {
          failed++;
          if (progress)
            fprintf (stderr, "\r\033[K");
          cli_error ("%s", f.message);
          worst = f.rc == CLI_EXIT_USAGE || worst == CLI_EXIT_USAGE ? CLI_EXIT_USAGE : f.rc;
        }
      else if (f.warning[0] != '\0')
        {
          if (progress)
            fprintf (stderr, "\r\033[K");
          cli_error ("warning: %s", f.warning);
        }
      free (output);
    }
  if (progress)
    fprintf (stderr, "\r\033[K");
  if (failed > 0)
    {
      cli_error ("%d of %d files failed", failed, req->n_positionals);
      return worst;
    }
  if (progress)
    fprintf (stderr, "%d files written to %s\n", req->n_positionals, req->output_dir);
  return CLI_EXIT_OK;
}

/* Reads --samples and --indices; false after saying what failed. */
static bool
read_shared_inputs (const cli_request *req, shared_inputs *shared, int *rc)
{
  pv_error err;
  pv_status status = PV_OK;

  if (req->samples_path != NULL)
    status = pv_npy_read_file (req->samples_path, &req->limits, &shared->samples, &err);
  if (status == PV_OK && req->indices_path != NULL)
    status = pv_npy_read_file (req->indices_path, &req->limits, &shared->indices, &err);
  if (status == PV_OK)
    return true;
  cli_error ("%s", err.message);
  *rc = CLI_EXIT_FILE;
  return false;
}

int
cli_run_pool (const cli_request *req)
{
  shared_inputs shared = { { 0 }, { 0 } };
  failure f = { 0 };
  int rc = CLI_EXIT_OK;

  /* Read once, before any input: in a batch, a bad one would otherwise
   * fail every file alike. */
  if (read_shared_inputs (req, &shared, &rc))
    {
      if (req->output_dir != NULL)
        rc = pool_batch (req, &shared);
      else if (pool_file (req, &shared, req->positionals[0], req->positionals[1], false, &f)
               != CLI_EXIT_OK)
        {
          cli_error ("%s", f.message);
          rc = f.rc;
        }
      else if (f.warning[0] != '\0')
        cli_error ("warning: %s", f.warning);
    }
  pv_tensor_free (&shared.samples);
  pv_tensor_free (&shared.indices);
  return rc;
}
