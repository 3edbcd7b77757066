/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

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
cli_exit_for_error (const pv_error *err)
{
  switch (err->status)
    {
    case PV_OK:
      return CLI_EXIT_OK;
    case PV_ERR_ARGUMENT:
    case PV_ERR_SHAPE:
    case PV_ERR_INDEX:
      return CLI_EXIT_USAGE;
    case PV_ERR_LIMIT:
      /* An output too large to pool comes of the parameters (an adaptive
       * --output-size of 100000, say); other limits are the files'. */
      return err->field == PV_FIELD_OUTPUT_SIZE ? CLI_EXIT_USAGE : CLI_EXIT_FILE;
    default:
      return CLI_EXIT_FILE;
    }
}
