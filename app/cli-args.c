/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine/options.h"

/* Options of the command line itself (files, limits, batch), as opposed to
 * the pooling parameters that engine/options.c parses. */
static bool
cli_own_option (cli_request *req, const char *name, const char *value, bool *handled,
                pv_error *err)
{
  *handled = true;
  if (strcmp (name, "indices") == 0)
    req->indices_path = value;
  else if (strcmp (name, "samples") == 0)
    req->samples_path = value;
  else if (strcmp (name, "return-indices") == 0)
    req->return_indices_path = value;
  else if (strcmp (name, "input-size") == 0)
    req->input_size = value;
  else if (strcmp (name, "output-dir") == 0)
    req->output_dir = value;
  else if (strcmp (name, "bit-depth") == 0)
    {
      if (strcmp (value, "8") != 0 && strcmp (value, "16") != 0)
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "--bit-depth: '%s' is not 8 or 16",
                        value);
          return false;
        }
      req->bit_depth = atoi (value);
    }
  else if (strcmp (name, "channel") == 0)
    {
      static const char *const names[] = { "r", "g", "b", "a" };
      char *end;
      long v;

      req->channel = -1;
      for (int i = 0; i < 4; i++)
        if (strcmp (value, names[i]) == 0)
          req->channel = i;
      if (req->channel < 0)
        {
          errno = 0;
          v = strtol (value, &end, 10);
          if (end == value || *end != '\0' || v < 0 || v > 65535)
            {
              pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                            "--channel: '%s' is not a channel number (0, 1, ...) or r, g, b, a",
                            value);
              return false;
            }
          req->channel = (int) v;
        }
    }
  else if (strcmp (name, "ignore-orientation") == 0)
    req->limits.apply_orientation = 0;
  else if (strcmp (name, "max-pixels") == 0)
    {
      char *end;
      unsigned long long v;

      errno = 0;
      v = strtoull (value, &end, 10);
      if (end == value || *end != '\0' || errno == ERANGE || value[0] == '-' || v == 0)
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                        "--max-pixels: '%s' is not a positive integer", value);
          return false;
        }
      req->limits.max_pixels = v;
    }
  else
    *handled = false;

  /* --indices, --samples and --return-indices also concern the operator. */
  if (*handled && (strcmp (name, "indices") == 0 || strcmp (name, "samples") == 0
                   || strcmp (name, "return-indices") == 0))
    *handled = false;
  return true;
}

static bool
cli_option_takes_value (const char *name)
{
  static const char *const own[] = { "input-size", "output-dir", "max-pixels", "bit-depth",
                                     "channel" };

  for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
    if (strcmp (name, own[i]) == 0)
      return true;
  return pv_option_get_kind (name) == PV_OPTION_VALUE;
}

static bool
cli_option_known (const char *name)
{
  return cli_option_takes_value (name) || strcmp (name, "ignore-orientation") == 0
         || pv_option_get_kind (name) != PV_OPTION_UNKNOWN;
}

/* The options given so far. Only known options are recorded, and there
 * are fewer of them than the table holds. */
typedef struct
{
  int n;
  char names[32][64];
} given_options;

/* Records @name, and tells whether it was given before: a second value
 * would silently replace the first, which hides a mistake in a long
 * command line or a script. A repeated flag changes nothing, but is
 * refused alike so that the rule has no exceptions to remember. */
static bool
given_before (given_options *given, const char *name)
{
  for (int i = 0; i < given->n; i++)
    if (strcmp (given->names[i], name) == 0)
      return true;
  if (given->n < (int) (sizeof given->names / sizeof given->names[0]))
    snprintf (given->names[given->n++], sizeof given->names[0], "%s", name);
  return false;
}

bool
cli_parse_args (int argc, char **argv, cli_request *req, pv_error *err)
{
  const char *op_name;
  pv_op op;
  int i = 0;
  bool options_done = false;
  given_options given = { 0 };

  memset (req, 0, sizeof *req);
  pv_limits_init (&req->limits);
  req->channel = -1;

  if (argc < 1)
    {
      pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                    "missing operator (try 'poolview-cli --help')");
      return false;
    }
  if (strcmp (argv[0], "shape") == 0)
    {
      req->shape_mode = true;
      i++;
      if (i >= argc)
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "shape: missing operator");
          return false;
        }
    }
  op_name = argv[i++];
  if (!pv_op_from_name (op_name, &op))
    {
      pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_OPERATOR,
                    "unknown operator '%s' (try 'poolview-cli --help')", op_name);
      return false;
    }
  pv_params_init (&req->params, op);

  for (; i < argc; i++)
    {
      const char *arg = argv[i];
      char name[64];
      const char *value = NULL;
      const char *eq;
      bool handled;

      if (options_done || arg[0] != '-' || strcmp (arg, "-") == 0)
        {
          if (req->n_positionals == CLI_MAX_POSITIONALS)
            {
              pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                            "too many files (at most %d at a time)", CLI_MAX_POSITIONALS);
              return false;
            }
          req->positionals[req->n_positionals++] = arg;
          continue;
        }
      if (strcmp (arg, "--") == 0)
        {
          options_done = true;
          continue;
        }
      if (arg[1] != '-')
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "unknown option %s", arg);
          return false;
        }

      /* "--name value" or "--name=value". */
      eq = strchr (arg + 2, '=');
      if (eq != NULL)
        {
          size_t len = (size_t) (eq - (arg + 2));

          if (len >= sizeof name)
            len = sizeof name - 1;
          memcpy (name, arg + 2, len);
          name[len] = '\0';
          value = eq + 1;
        }
      else
        {
          strncpy (name, arg + 2, sizeof name - 1);
          name[sizeof name - 1] = '\0';
        }

      if (!cli_option_known (name))
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                        "unknown option --%s (try 'poolview-cli --help')", name);
          return false;
        }
      if (given_before (&given, name))
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "--%s given twice", name);
          return false;
        }
      if (cli_option_takes_value (name) && value == NULL)
        {
          if (i + 1 >= argc)
            {
              pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "--%s needs a value", name);
              return false;
            }
          value = argv[++i];
        }
      else if (!cli_option_takes_value (name) && value != NULL)
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE, "--%s takes no value", name);
          return false;
        }

      if (!cli_own_option (req, name, value, &handled, err))
        return false;
      if (!handled && pv_params_set_option (&req->params, name, value, err) != PV_OK)
        return false;
    }

  if (req->shape_mode)
    {
      if (req->input_size == NULL)
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                        "shape: --input-size H,W (or L for 1-D operators) is required");
          return false;
        }
      if (req->n_positionals > 0)
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                        "shape takes no files, but got '%s'", req->positionals[0]);
          return false;
        }
      return true;
    }

  if (req->output_dir != NULL)
    {
      if (req->n_positionals < 1)
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                        "missing INPUT (with --output-dir, give one or more inputs)");
          return false;
        }
      if (req->return_indices_path != NULL)
        {
          pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                        "--return-indices names one file, so it cannot be used with "
                        "--output-dir");
          return false;
        }
    }
  else if (req->n_positionals < 2)
    {
      pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                    "missing %s (usage: poolview-cli OP [OPTIONS] INPUT OUTPUT)",
                    req->n_positionals == 0 ? "INPUT and OUTPUT" : "OUTPUT");
      return false;
    }
  else if (req->n_positionals > 2)
    {
      pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                    "too many files (usage: poolview-cli OP [OPTIONS] INPUT OUTPUT, or "
                    "INPUT... --output-dir DIR)");
      return false;
    }
  for (int n = 0; n < (req->output_dir != NULL ? req->n_positionals : 1); n++)
    if (strcmp (req->positionals[n], "-") == 0)
      {
        pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_NONE,
                      "INPUT cannot be '-': reading standard input is not supported ('-' as "
                      "OUTPUT prints the result)");
        return false;
      }
  if (pv_op_get_info (op)->windows == PV_WINDOWS_UNPOOL && req->indices_path == NULL)
    {
      pv_error_set (err, PV_ERR_ARGUMENT, PV_FIELD_INDICES,
                    "%s needs --indices FILE.npy (the indices max pooling returned)", op_name);
      return false;
    }
  return true;
}
