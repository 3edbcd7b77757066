/* SPDX-License-Identifier: GPL-3.0-or-later */

/* libFuzzer harness for poolview-cli's argument parser: the input is split
 * at NUL bytes into argv strings (argv[0] being the operator, as main()
 * passes argv + 1) and handed to cli_parse_args(), which must accept or
 * refuse it without crashing. The subcommands are not run: they read and
 * write files. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine/params.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* More arguments than this add nothing the mutator cannot reach with
 * fewer, and keep each run short. */
#define FUZZ_MAX_ARGS 64

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* Static, as in main(): the request holds 4096 positional pointers. */
  static cli_request req;
  char *argv[FUZZ_MAX_ARGS + 1];
  int argc = 0;
  size_t start = 0;
  pv_error err;

  /* Each argument gets its own allocation of exactly its length plus the
   * NUL, so that AddressSanitizer reports a read past the end of one
   * argument instead of letting it run into the next. The last piece
   * need not end with a NUL in the input; an empty input is argc == 0. */
  while (start < size && argc < FUZZ_MAX_ARGS)
    {
      const uint8_t *nul = memchr (data + start, '\0', size - start);
      size_t len = nul ? (size_t) (nul - (data + start)) : size - start;

      argv[argc] = malloc (len + 1);
      if (argv[argc] == NULL)
        abort ();
      memcpy (argv[argc], data + start, len);
      argv[argc][len] = '\0';
      argc++;
      start += len + 1;
    }
  argv[argc] = NULL;

  pv_error_clear (&err);
  if (cli_parse_args (argc, argv, &req, &err))
    {
      char call[512], module[512], cut[16];

      /* What the parser accepted must make sense to the rest of the
       * program: the operator is known, the positionals are within their
       * array, and the parameters can be written back as PyTorch code
       * (the text the CLI and the GUI show), NUL-terminated even when
       * the buffer is too small for it. */
      if (req.n_positionals < 0 || req.n_positionals > CLI_MAX_POSITIONALS
          || (unsigned) req.params.op >= PV_OP_COUNT)
        abort ();
      pv_params_format_call (&req.params, call, sizeof call);
      pv_params_format_module (&req.params, module, sizeof module);
      pv_params_format_call (&req.params, cut, sizeof cut);
      if (strnlen (call, sizeof call) == sizeof call
          || strnlen (module, sizeof module) == sizeof module
          || strnlen (cut, sizeof cut) == sizeof cut)
        abort ();
    }
  else if (err.status == PV_OK || err.message[0] == '\0')
    abort ();

  for (int i = 0; i < argc; i++)
    free (argv[i]);
  return 0;
}
