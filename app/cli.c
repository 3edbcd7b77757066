/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

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
