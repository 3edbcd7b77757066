/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

void
cli_error (const char *format, ...)
{
  va_list args;

  fputs ("poolview-cli: ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
}

int
cli_exit_for_status (pv_status status)
{
  switch (status)
    {
    case PV_OK:
      return CLI_EXIT_OK;
    case PV_ERR_ARGUMENT:
    case PV_ERR_SHAPE:
    case PV_ERR_INDEX:
      return CLI_EXIT_USAGE;
    default:
      return CLI_EXIT_FILE;
    }
}

int
main (int argc, char **argv)
{
  static cli_request req;
  pv_error err;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        break;
      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          cli_print_help ();
          return CLI_EXIT_OK;
        }
      if (strcmp (argv[i], "--version") == 0)
        {
          printf ("poolview-cli %s\n", PACKAGE_VERSION);
          return CLI_EXIT_OK;
        }
    }

  if (!cli_parse_args (argc - 1, argv + 1, &req, &err))
    {
      cli_error ("%s", err.message);
      return CLI_EXIT_USAGE;
    }
  return req.shape_mode ? cli_run_shape (&req) : cli_run_pool (&req);
}
